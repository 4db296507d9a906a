// Numbers, dates and money formatted for the current language with Intl.
import { intlLocale } from './locale.ts';

/** 1234 → "1,234". */
export function formatNumber(n: number): string {
  return new Intl.NumberFormat(intlLocale()).format(n);
}

/** A decimal with exactly `digits` fraction digits: 0.5 → "0.50". */
export function formatDecimal(n: number, digits: number): string {
  return new Intl.NumberFormat(intlLocale(), { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(n);
}

/** An ISO timestamp as a date: "Mar 31, 2027" / "2027/03/31". */
export function formatDate(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(intlLocale(), { dateStyle: 'medium' }).format(d);
}

/** Names joined the way the language lists them: "Ken, Mika and Ren" / "Ken、Mika、Ren". */
export function formatList(items: string[]): string {
  return new Intl.ListFormat(intlLocale(), { style: 'long', type: 'conjunction' }).format(items);
}
