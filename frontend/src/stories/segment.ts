// "Retail · 51-200 employees": who a story's customer is, in the current language.
import { t } from '../i18n/i18n.ts';

/** The industry and size of a story's customer, either possibly unknown. */
export function segmentLine(industry: string, size: string): string {
  const parts = [industry.trim() || t.stories.anyIndustry];
  if (size) parts.push(t.stories.sizeEmployees(size));
  return parts.join(' · ');
}
