import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_KUDOS, appendPage, praiseHeadline, readKudos } from './praise.ts';
import type { Praise } from './upsell-types.ts';

const BASE: Praise = {
  id: 1, kind: 'kudos', text: 'Thanks!', fromUserId: 4, fromName: 'Aiko', toUserId: 5, toName: 'Ben', accountId: null, accountName: '',
  opportunityId: null, offeringName: '', reason: '', mapId: null, mapTitle: '', createdAt: '2027-03-01T00:00:00Z',
};

test('each kind of praise says what happened, with words for someone who left', () => {
  assert.equal(praiseHeadline(BASE), 'Aiko → Ben');
  assert.equal(praiseHeadline({ ...BASE, fromName: '' }), 'a former member → Ben');
  const win = { ...BASE, kind: 'win' as const, offeringName: 'Reservations', accountName: 'Sakura Foods', reason: 'delight' };
  assert.equal(praiseHeadline(win), 'Ben won Reservations with Sakura Foods');
  assert.equal(praiseHeadline({ ...win, toName: '' }), 'Reservations won with Sakura Foods');
  assert.equal(praiseHeadline({ ...BASE, kind: 'action', accountName: 'Sakura Foods', mapTitle: 'FY27' }), 'Sakura Foods completed a step');
});

test('kudos need a teammate and a text of at most 500 characters', () => {
  assert.deepEqual(readKudos(null, ' '), { ok: false, errors: { toUserId: 'Choose who the kudos are for.', text: 'Say what they did well.' } });
  assert.deepEqual(readKudos(5, ' Great call '), { ok: true, toUserId: 5, text: 'Great call' });
  const long = readKudos(5, 'x'.repeat(MAX_KUDOS + 1));
  assert.equal(long.ok ? '' : long.errors.text, 'At most 500 characters.');
  assert.equal(readKudos(5, '🎉'.repeat(MAX_KUDOS)).ok, true);
});

test('an older page leaves out entries already on screen', () => {
  assert.deepEqual(appendPage([BASE, { ...BASE, id: 2 }], [{ ...BASE, id: 2 }, { ...BASE, id: 3 }]).map((p) => p.id), [1, 2, 3]);
});
