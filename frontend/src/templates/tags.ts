// Template tags are typed as one comma-separated line and sent as a list.
import { t } from '../i18n/i18n.ts';
import type { FieldLabels } from '../lib/field-errors.ts';

/** The server's limits on tags. */
export const MAX_TAGS = 20;
export const MAX_TAG_LENGTH = 40;

/** The template fields the API may name in a refusal, and their labels. */
export function templateFields(): FieldLabels {
  return t.templates.fields;
}

/** Wire names of the template fields. */
export type TemplateField = keyof typeof t.templates.fields;

/** The outcome of reading the tags line. */
export type ParsedTags = { ok: true; tags: string[] } | { ok: false; error: string };

/** "Reporting, analytics,, reporting " → ["reporting", "analytics"] (lower-cased and de-duplicated, as the server stores them). */
export function parseTags(text: string): ParsedTags {
  const tags: string[] = [];
  for (const raw of text.split(',')) {
    const tag = raw.trim().toLowerCase();
    if (!tag || tags.includes(tag)) continue;
    if ([...tag].length > MAX_TAG_LENGTH) return { ok: false, error: t.templates.tagTooLong(tag, MAX_TAG_LENGTH) };
    tags.push(tag);
  }
  if (tags.length > MAX_TAGS) return { ok: false, error: t.templates.tooManyTags(MAX_TAGS) };
  return { ok: true, tags };
}
