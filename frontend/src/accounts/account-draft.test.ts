import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hasChanges, toDraft, toPatch } from './account-draft.ts';
import { contactTime, localDay } from './contacts.ts';
import type { AccountPortfolio } from '../portfolio/portfolio-types.ts';

const saved: AccountPortfolio = {
  usageX: 1, usageY: 2, stage: 'adoption', condition: 'neutral', conditionNote: '', conditionCheckedAt: null,
  ownerId: 4, mrr: 120050, currency: 'USD', seats: 40, externalId: 'CRM-1', succeedFirst: true,
};

test('an untouched draft saves nothing', () => {
  const r = toPatch(toDraft(saved), saved);
  assert.deepEqual(r, { ok: true, patch: {} });
  assert.equal(hasChanges(r), false);
  assert.equal(toDraft(saved).mrr, '1200.5', 'MRR is shown in major units');
});

test('only the changed fields are sent, MRR back in minor units', () => {
  const d = { ...toDraft(saved), usageX: 3 as const, mrr: '1,500', seats: '45', ownerId: null, externalId: ' CRM-2 ' };
  assert.deepEqual(toPatch(d, saved), { ok: true, patch: { usageX: 3, ownerId: null, mrr: 150000, seats: 45, externalId: 'CRM-2' } });
});

test('a condition is sent with its note, and only when one of them changed', () => {
  const d = { ...toDraft(saved), condition: 'unsatisfied' as const, conditionNote: ' Support is slow ' };
  assert.deepEqual(toPatch(d, saved), { ok: true, patch: { condition: 'unsatisfied', conditionNote: 'Support is slow' } });
  const noteOnly = { ...toDraft(saved), conditionNote: 'Checked in' };
  assert.deepEqual(toPatch(noteOnly, saved), { ok: true, patch: { condition: 'neutral', conditionNote: 'Checked in' } });
});

test('an MRR needs a currency and a number the currency allows', () => {
  const none: AccountPortfolio = { ...saved, mrr: 0, currency: '' };
  assert.deepEqual(toDraft(none).mrr, '');
  const r = toPatch({ ...toDraft(none), mrr: '5000' }, none);
  assert.equal(r.ok ? '' : r.field, 'currency');
  const yen = toPatch({ ...toDraft(none), mrr: '5000', currency: 'jpy' }, none);
  assert.deepEqual(yen, { ok: true, patch: { mrr: 5000, currency: 'JPY' } });
  const cents = toPatch({ ...toDraft(none), mrr: '5000.5', currency: 'JPY' }, none);
  assert.equal(cents.ok ? '' : cents.field, 'mrr', 'yen have no decimals');
  const cleared = toPatch({ ...toDraft(saved), mrr: '' }, saved);
  assert.deepEqual(cleared, { ok: true, patch: { mrr: 0 } }, 'clearing the MRR keeps the currency');
});

test('seats are a whole number within the server’s limit', () => {
  const bad = toPatch({ ...toDraft(saved), seats: '12.5' }, saved);
  assert.equal(bad.ok ? '' : bad.field, 'seats');
  const many = toPatch({ ...toDraft(saved), seats: '20,000,000' }, saved);
  assert.equal(many.ok ? '' : many.field, 'seats');
  assert.deepEqual(toPatch({ ...toDraft(saved), seats: '' }, saved), { ok: true, patch: { seats: 0 } });
});

test('a contact today is recorded now, another day at noon local time', () => {
  const now = new Date(2027, 2, 15, 9, 30);
  assert.equal(localDay(now), '2027-03-15');
  assert.equal(contactTime('2027-03-15', now), now.toISOString());
  assert.equal(contactTime('2027-03-01', now), new Date(2027, 2, 1, 12).toISOString());
  assert.equal(contactTime('2027-02-30', now), null, 'no such day');
  assert.equal(contactTime('', now), null);
});
