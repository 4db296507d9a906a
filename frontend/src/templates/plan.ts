// "Plan a workshop" from the portfolio: the template's page with its clone form already set to a
// workshop, for an account when we know which. The query carries the choice; the form reads it.
import type { CloneAs } from '../maps/maps-api.ts';

/** What the clone form starts with, from the template page's query. */
export interface ClonePreset {
  accountId: number | null;
  as: CloneAs | null;
}

/** The template page that plans a workshop from `templateId`, for `accountId` if given. */
export function planWorkshopPath(templateId: number, accountId: number | null = null): string {
  const q = new URLSearchParams({ as: 'workshop' });
  if (accountId !== null) q.set('account', String(accountId));
  return `/templates/${templateId}?${q.toString()}`;
}

/** Reads `?as=workshop&account=12`; anything else in it is ignored. */
export function clonePresetFrom(search: string): ClonePreset {
  const q = new URLSearchParams(search);
  const as = q.get('as');
  const account = q.get('account') ?? '';
  return {
    as: as === 'workshop' || as === 'map' ? as : null,
    accountId: /^[1-9]\d{0,15}$/.test(account) ? Number(account) : null,
  };
}
