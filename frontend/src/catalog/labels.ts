// Words for the catalog's codes.
import type { OfferingKind } from '../lib/maps-types.ts';

/** How each kind of offering is named in the app. */
export const KIND_LABELS: Record<OfferingKind, string> = {
  plan: 'Plan',
  addon: 'Add-on',
  seats: 'Seats',
  service: 'Service',
};

/** The offering fields the API may name in a refusal, and their labels. */
export const OFFERING_FIELDS = {
  name: 'Name',
  kind: 'Kind',
  monthlyPrice: 'Monthly price',
  currency: 'Currency',
  tier: 'Tier',
  description: 'Description',
} as const;

/** The case study fields the API may name in a refusal, and their labels. */
export const CASE_STUDY_FIELDS = { customer: 'Customer', summary: 'Summary', outcome: 'Outcome' } as const;
