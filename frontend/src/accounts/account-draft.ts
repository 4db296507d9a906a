// The account page's portfolio fields as typed (MRR in major units, seats as text) and the PATCH
// that saves only what changed. Pure, unit-tested; AccountDetailsForm.svelte binds the draft.
import { isCurrencyCode, minorToInput, parseMajor } from '../catalog/money.ts';
import { t } from '../i18n/i18n.ts';
import type { AccountPortfolioPatch } from '../portfolio/portfolio-api.ts';
import type { AccountPortfolio, Condition, Level } from '../portfolio/portfolio-types.ts';

/** The largest seat count the server takes. */
export const MAX_SEATS = 10_000_000;
/** Longest external (CRM) id and condition note the server takes. */
export const MAX_EXTERNAL_ID = 100;
export const MAX_CONDITION_NOTE = 1000;

/** The fields as the form holds them. */
export interface AccountDraft {
  usageX: Level;
  usageY: Level;
  stage: string;
  condition: Condition;
  conditionNote: string;
  ownerId: number | null;
  /** MRR in major units, as typed ("1,200.50"). */
  mrr: string;
  currency: string;
  seats: string;
  externalId: string;
}

/** The draft of an account as saved. */
export function toDraft(a: AccountPortfolio): AccountDraft {
  return {
    usageX: a.usageX,
    usageY: a.usageY,
    stage: a.stage,
    condition: a.condition,
    conditionNote: a.conditionNote,
    ownerId: a.ownerId,
    mrr: a.mrr > 0 && a.currency ? minorToInput(a.mrr, a.currency) : a.mrr > 0 ? String(a.mrr) : '',
    currency: a.currency,
    seats: a.seats > 0 ? String(a.seats) : '',
    externalId: a.externalId,
  };
}

/** The outcome of reading a draft: the changes to send, or the first field that is wrong. */
export type DraftResult =
  | { ok: true; patch: AccountPortfolioPatch }
  | { ok: false; field: keyof AccountDraft; error: string };

/** Reads the draft against the account as saved; only changed fields go into the patch. */
export function toPatch(d: AccountDraft, saved: AccountPortfolio): DraftResult {
  const patch: AccountPortfolioPatch = {};
  if (d.usageX !== saved.usageX) patch.usageX = d.usageX;
  if (d.usageY !== saved.usageY) patch.usageY = d.usageY;
  if (d.stage !== saved.stage) patch.stage = d.stage;
  if (d.ownerId !== saved.ownerId) patch.ownerId = d.ownerId;

  const note = d.conditionNote.trim();
  if (note.length > MAX_CONDITION_NOTE) return { ok: false, field: 'conditionNote', error: t.account.tooLong(MAX_CONDITION_NOTE) };
  // Saving a condition records a check now: send it only when it or its note changed.
  if (d.condition !== saved.condition || note !== saved.conditionNote) {
    patch.condition = d.condition;
    patch.conditionNote = note;
  }

  const currency = d.currency.trim().toUpperCase();
  const typed = d.mrr.trim();
  let mrr = 0;
  if (typed !== '') {
    if (!isCurrencyCode(currency)) return { ok: false, field: 'currency', error: t.account.currencyNeeded };
    const parsed = parseMajor(typed, currency);
    if (!parsed.ok) return { ok: false, field: 'mrr', error: parsed.error };
    mrr = parsed.minor;
  } else if (currency !== '' && !isCurrencyCode(currency)) {
    return { ok: false, field: 'currency', error: t.account.currencyNeeded };
  }
  if (mrr !== saved.mrr) patch.mrr = mrr;
  if (currency !== saved.currency && (currency !== '' || mrr === 0)) patch.currency = currency;

  const seatsText = d.seats.replace(/[\s,_]/g, '');
  if (seatsText !== '' && !/^\d+$/.test(seatsText)) return { ok: false, field: 'seats', error: t.account.seatsNumber };
  const seats = seatsText === '' ? 0 : Number(seatsText);
  if (seats > MAX_SEATS) return { ok: false, field: 'seats', error: t.account.seatsTooMany(MAX_SEATS) };
  if (seats !== saved.seats) patch.seats = seats;

  const externalId = d.externalId.trim();
  if (externalId.length > MAX_EXTERNAL_ID) return { ok: false, field: 'externalId', error: t.account.tooLong(MAX_EXTERNAL_ID) };
  if (externalId !== saved.externalId) patch.externalId = externalId;

  return { ok: true, patch };
}

/** True when saving would send something. */
export function hasChanges(result: DraftResult): boolean {
  return !result.ok || Object.keys(result.patch).length > 0;
}
