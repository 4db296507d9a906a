// The praise feed's words: what each entry says happened, and the kudos form read into the body
// the API takes. Pure, unit-tested.
import type { Praise } from './upsell-types.ts';
import { t } from '../i18n/i18n.ts';

/** Longest kudos text the server takes, in characters. */
export const MAX_KUDOS = 500;

/** The headline of a feed entry (the names as the server read them; "" once someone left). */
export function praiseHeadline(p: Praise): string {
  const gone = t.upsell.praise.formerMember;
  switch (p.kind) {
    case 'win':
      return p.toName
        ? t.upsell.praise.win(p.toName, p.offeringName, p.accountName || gone)
        : t.upsell.praise.winNoName(p.offeringName, p.accountName || gone);
    case 'action':
      return t.upsell.praise.action(p.accountName || p.mapTitle || gone);
    case 'kudos':
      return t.upsell.praise.kudos(p.fromName || gone, p.toName || gone);
  }
}

/** The kudos form read into POST /api/praise, or what is wrong, by field. */
export function readKudos(
  toUserId: number | null,
  text: string,
): { ok: true; toUserId: number; text: string } | { ok: false; errors: Partial<Record<'toUserId' | 'text', string>> } {
  const errors: Partial<Record<'toUserId' | 'text', string>> = {};
  const words = text.trim();
  if (toUserId === null) errors.toUserId = t.upsell.praise.toRequired;
  if (!words) errors.text = t.upsell.praise.textRequired;
  else if ([...words].length > MAX_KUDOS) errors.text = t.upsell.praise.tooLong(MAX_KUDOS);
  return toUserId !== null && Object.keys(errors).length === 0 ? { ok: true, toUserId, text: words } : { ok: false, errors };
}

/** Appends an older page to the feed, leaving out entries already shown (a new one pushed the pages along). */
export function appendPage(shown: readonly Praise[], page: readonly Praise[]): Praise[] {
  const seen = new Set(shown.map((p) => p.id));
  return [...shown, ...page.filter((p) => !seen.has(p.id))];
}
