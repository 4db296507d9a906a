// Words for the catalog's codes and fields, in the current language.
import { t } from '../i18n/i18n.ts';
import type { OfferingKind } from '../maps/maps-types.ts';
import type { FieldLabels } from '../lib/field-errors.ts';

/** How a kind of offering is named in the app. */
export function kindLabel(kind: OfferingKind): string {
  return t.catalog.kinds[kind] ?? kind;
}

/** The offering fields the API may name in a refusal, and their labels. */
export function offeringFields(): FieldLabels {
  return t.catalog.fields;
}

/** The case study fields the API may name in a refusal, and their labels. */
export function caseStudyFields(): FieldLabels {
  return t.catalog.caseFields;
}

/** Wire names of the offering fields (for typed error maps). */
export type OfferingField = keyof typeof t.catalog.fields;
/** Wire names of the case study fields. */
export type CaseStudyField = keyof typeof t.catalog.caseFields;
