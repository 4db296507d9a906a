// The forms of an opportunity, as typed: proposing one (with the satisfied-first override) and
// recording its outcome (won with a monthly delta and one of the six reasons, or lost with a short
// reason). Each reads into the body the API takes, or the fields that are wrong, in words for people;
// the server's own refusals map onto the same fields. Pure, unit-tested.
import { minorToInput, parseMajor } from '../catalog/money.ts';
import { t } from '../i18n/i18n.ts';
import { ApiError } from '../lib/api.ts';
import { toFieldError, type FieldLabels } from '../lib/field-errors.ts';
import { isWinReason } from './reasons.ts';
import type { Opportunity, OpportunityInput, OpportunityPatch, WinReason } from './upsell-types.ts';

/** Longest override reason, lost reason and note the server takes, in characters. */
export const MAX_OVERRIDE_REASON = 500;
export const MAX_LOST_REASON = 200;
export const MAX_NOTE = 2000;

/** Errors by wire field name (`monthlyDelta`, `reason`, `note`, `overrideReason`, `offeringId`). */
export type FieldErrors = Partial<Record<string, string>>;

function length(s: string): number {
  return [...s].length;
}

/** The propose form as typed. */
export interface ProposalDraft {
  offeringId: number | null;
  note: string;
  /** Asked for, and needed, only when the account is not satisfied. */
  override: boolean;
  overrideReason: string;
}

/** A blank proposal, for one offering or none picked yet. */
export function blankProposal(offeringId: number | null = null): ProposalDraft {
  return { offeringId, note: '', override: false, overrideReason: '' };
}

/** Reads a proposal for an account (`succeedFirst` when it is not satisfied) into POST /api/opportunities. */
export function readProposal(
  d: ProposalDraft,
  where: { accountId: number; succeedFirst: boolean; mapId?: number; challengeId?: number },
): { ok: true; input: OpportunityInput } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  if (d.offeringId === null) errors.offeringId = t.upsell.form.offeringRequired;
  const note = d.note.trim();
  if (length(note) > MAX_NOTE) errors.note = t.upsell.form.tooLong(MAX_NOTE);
  const reason = d.overrideReason.trim();
  if (where.succeedFirst) {
    if (!d.override) errors.override = t.upsell.form.overrideRequired;
    else if (!reason) errors.overrideReason = t.upsell.form.overrideReasonRequired;
    else if (length(reason) > MAX_OVERRIDE_REASON) errors.overrideReason = t.upsell.form.tooLong(MAX_OVERRIDE_REASON);
  }
  if (Object.keys(errors).length > 0 || d.offeringId === null) return { ok: false, errors };
  // From a map the server takes the account from the map; by hand it needs the account.
  const input: OpportunityInput =
    where.mapId !== undefined ? { mapId: where.mapId, offeringId: d.offeringId } : { accountId: where.accountId, offeringId: d.offeringId };
  if (where.challengeId !== undefined) input.challengeId = where.challengeId;
  if (note) input.note = note;
  if (where.succeedFirst) {
    input.override = true;
    input.overrideReason = reason;
  }
  return { ok: true, input };
}

/** The outcome form as typed. */
export interface OutcomeDraft {
  status: 'won' | 'lost';
  /** Monthly delta in major units, as typed ("12,000", "19.99"). */
  delta: string;
  reason: WinReason | '';
  lostReason: string;
  note: string;
}

/** The outcome form for an opportunity, the delta starting at the offering's monthly price when known. */
export function outcomeDraft(o: Opportunity, status: 'won' | 'lost', monthlyPrice?: number): OutcomeDraft {
  const start = o.monthlyDelta > 0 ? o.monthlyDelta : (monthlyPrice ?? 0);
  return {
    status,
    delta: start > 0 && o.currency ? minorToInput(start, o.currency) : '',
    reason: o.status === 'won' && isWinReason(o.reason) ? o.reason : '',
    lostReason: o.status === 'lost' ? o.reason : '',
    note: o.note,
  };
}

/** Reads an outcome, amounts in `currency`, into PATCH /api/opportunities/:id. */
export function readOutcome(d: OutcomeDraft, currency: string): { ok: true; patch: OpportunityPatch } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const patch: OpportunityPatch = { status: d.status };
  const note = d.note.trim();
  if (length(note) > MAX_NOTE) errors.note = t.upsell.form.tooLong(MAX_NOTE);
  patch.note = note;
  if (d.status === 'won') {
    const delta = parseMajor(d.delta, currency);
    if (!delta.ok) errors.monthlyDelta = delta.error;
    else if (delta.minor <= 0) errors.monthlyDelta = t.upsell.form.deltaPositive;
    else patch.monthlyDelta = delta.minor;
    if (!isWinReason(d.reason)) errors.reason = t.upsell.form.reasonRequired;
    else patch.reason = d.reason;
  } else {
    const reason = d.lostReason.trim();
    if (!reason) errors.reason = t.upsell.form.lostReasonRequired;
    else if (length(reason) > MAX_LOST_REASON) errors.reason = t.upsell.form.tooLong(MAX_LOST_REASON);
    else patch.reason = reason;
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, patch };
}

/**
 * The server's refusal as errors by field: each field it names (`fields`), else the field its
 * message starts with; anything else under "" (the form's own line). A 409 succeed_first belongs
 * to the override.
 */
export function serverErrors(err: unknown, labels: FieldLabels): FieldErrors {
  if (err instanceof ApiError && err.code === 'succeed_first') return { override: toFieldError(err, labels).message };
  if (err instanceof ApiError && err.fields.length > 0) {
    const out: FieldErrors = {};
    for (const f of err.fields) {
      const key = Object.hasOwn(labels, f.field) ? f.field : '';
      const words = toFieldError(new ApiError(400, f.code, f.message), labels);
      out[key] ??= words.message;
    }
    return out;
  }
  const fe = toFieldError(err, labels);
  return { [fe.field ?? '']: fe.message };
}
