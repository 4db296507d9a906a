import { afterEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_LOST_REASON, MAX_OVERRIDE_REASON, blankProposal, outcomeDraft, readOutcome, readProposal, serverErrors } from './outcome-draft.ts';
import type { Opportunity } from './upsell-types.ts';
import { ApiError } from '../lib/api.ts';
import { setLocale } from '../i18n/locale.ts';

afterEach(() => setLocale('en'));

const OPP: Opportunity = {
  id: 9, accountId: 3, accountName: 'Sakura Foods', mapId: 4, challengeId: 41, challengeText: 'Phone bookings',
  offeringId: 2, offeringName: 'Reservations', status: 'proposed', monthlyDelta: 0, currency: 'USD', reason: '', reasonKind: null, note: '',
  ownerId: 1, ownerName: 'Aiko', override: false, overrideReason: '', proposedAt: '2027-03-01T00:00:00Z', closedAt: null,
  churnClearedAt: null, churnClearedBy: null, churnClearedNote: '', createdBy: 1, createdAt: '2027-03-01T00:00:00Z', updatedAt: '2027-03-01T00:00:00Z',
};

test('a proposal to a satisfied account needs only the offering', () => {
  assert.deepEqual(readProposal(blankProposal(), { accountId: 3, succeedFirst: false }), {
    ok: false,
    errors: { offeringId: 'Choose the offering to propose.' },
  });
  assert.deepEqual(readProposal({ ...blankProposal(2), note: '  asked by their COO ' }, { accountId: 3, succeedFirst: false, mapId: 4, challengeId: 41 }), {
    ok: true,
    input: { mapId: 4, offeringId: 2, challengeId: 41, note: 'asked by their COO' },
  });
});

test('a proposal to an account that is not satisfied needs the override and its reason', () => {
  const where = { accountId: 3, succeedFirst: true };
  const no = readProposal(blankProposal(2), where);
  assert.equal(no.ok, false);
  assert.match(no.ok ? '' : (no.errors.override ?? ''), /not satisfied/);
  const noReason = readProposal({ ...blankProposal(2), override: true, overrideReason: '   ' }, where);
  assert.deepEqual(noReason.ok ? null : Object.keys(noReason.errors), ['overrideReason']);
  const long = readProposal({ ...blankProposal(2), override: true, overrideReason: 'x'.repeat(MAX_OVERRIDE_REASON + 1) }, where);
  assert.match(long.ok ? '' : (long.errors.overrideReason ?? ''), /At most 500/);
  assert.deepEqual(readProposal({ ...blankProposal(2), override: true, overrideReason: ' They asked ' }, where), {
    ok: true,
    input: { accountId: 3, offeringId: 2, override: true, overrideReason: 'They asked' },
  });
  // A satisfied account never sends an override, even if the box was ticked before it became satisfied.
  const sat = readProposal({ ...blankProposal(2), override: true, overrideReason: 'x' }, { accountId: 3, succeedFirst: false });
  assert.deepEqual(sat, { ok: true, input: { accountId: 3, offeringId: 2 } });
});

test('a win needs a monthly delta above zero in the currency and one of the six reasons', () => {
  const d = outcomeDraft(OPP, 'won', 1999);
  assert.equal(d.delta, '19.99');
  assert.deepEqual(readOutcome({ ...d, reason: 'empathy', note: ' great call ' }, 'USD'), {
    ok: true,
    patch: { status: 'won', monthlyDelta: 1999, reason: 'empathy', note: 'great call' },
  });
  const bad = readOutcome({ ...d, delta: '19.999', reason: '' }, 'USD');
  assert.equal(bad.ok, false);
  assert.match(bad.ok ? '' : (bad.errors.monthlyDelta ?? ''), /USD/);
  assert.equal(bad.ok ? '' : bad.errors.reason, 'Choose why they bought.');
  const zero = readOutcome({ ...d, delta: '0', reason: 'pity' }, 'USD');
  assert.equal(zero.ok ? '' : zero.errors.monthlyDelta, 'The monthly revenue added is more than zero.');
  assert.deepEqual(readOutcome({ ...d, delta: '12,000', reason: 'coercion' }, 'JPY'), {
    ok: true,
    patch: { status: 'won', monthlyDelta: 12000, reason: 'coercion', note: '' },
  });
});

test('a loss needs a short reason text and no delta', () => {
  const d = outcomeDraft(OPP, 'lost');
  assert.equal(readOutcome(d, 'USD').ok, false);
  assert.deepEqual(readOutcome({ ...d, delta: 'ignored', lostReason: ' No budget ' }, 'USD'), {
    ok: true,
    patch: { status: 'lost', reason: 'No budget', note: '' },
  });
  const long = readOutcome({ ...d, lostReason: 'x'.repeat(MAX_LOST_REASON + 1) }, 'USD');
  assert.match(long.ok ? '' : (long.errors.reason ?? ''), /At most 200/);
});

test('an outcome already recorded fills the form again', () => {
  const won = outcomeDraft({ ...OPP, status: 'won', monthlyDelta: 500, reason: 'delight', note: 'n' }, 'won', 1999);
  assert.deepEqual(won, { status: 'won', delta: '5', reason: 'delight', lostReason: '', note: 'n' });
  const lost = outcomeDraft({ ...OPP, status: 'lost', reason: 'No budget' }, 'won');
  assert.equal(lost.reason, '');
});

test('the server’s refusals land on their fields, in the person’s language', () => {
  const labels = { monthlyDelta: 'Monthly revenue added', reason: 'Why did they buy?', overrideReason: 'Why propose now' };
  const byFields = new ApiError(400, 'bad_request', 'invalid', [
    { field: 'reason', code: 'invalid', message: 'reason must be one of delight, empathy, expectation, pity, pleading, coercion' },
    { field: 'weird', code: 'invalid', message: 'weird is off' },
  ]);
  const e = serverErrors(byFields, labels);
  assert.match(e.reason ?? '', /^Why did they buy\? must be one of/);
  assert.equal(e[''], 'Weird is off.');
  assert.deepEqual(Object.keys(serverErrors(new ApiError(400, 'bad_request', 'monthlyDelta must be more than 0'), labels)), ['monthlyDelta']);
  const first = serverErrors(new ApiError(409, 'succeed_first', 'the account is not satisfied'), labels);
  assert.deepEqual(Object.keys(first), ['override']);
  setLocale('ja');
  assert.match(serverErrors(new ApiError(409, 'succeed_first', 'the account is not satisfied'), labels).override ?? '', /満足|成功/);
});
