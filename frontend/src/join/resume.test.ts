import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  forgetParticipant,
  loadParticipant,
  markParticipant,
  previousToken,
  saveParticipant,
  type KeyValueStore,
} from '../lib/participant-token.ts';
import { joinOffer, lookupWorthy, normalizeCode } from './resume.ts';

function memoryStore(): KeyValueStore & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    data,
    getItem: (k) => data.get(k) ?? null,
    setItem: (k, v) => void data.set(k, v),
    removeItem: (k) => void data.delete(k),
  };
}

const ken = { token: 'tok-ken', participantId: 12, name: 'Ken', layer: 'executive' as const };

test('a joined browser keeps an active token under kizuki.participant.<workshopId>', () => {
  const store = memoryStore();
  saveParticipant(7, ken, store);
  assert.ok(store.data.has('kizuki.participant.7'));
  assert.deepEqual(loadParticipant(7, store), { ...ken, status: 'active' });
  assert.equal(loadParticipant(8, store), null, 'another workshop has nothing kept');
});

test('tokens kept before statuses existed read as active', () => {
  const store = memoryStore();
  store.setItem('kizuki.participant.7', JSON.stringify(ken));
  assert.equal(loadParticipant(7, store)?.status, 'active');
  store.setItem('kizuki.participant.8', '{not json');
  assert.equal(loadParticipant(8, store), null);
  store.setItem('kizuki.participant.9', JSON.stringify({ name: 'x' }));
  assert.equal(loadParticipant(9, store), null, 'no token, nothing to resume');
});

test('a removal is remembered and final; the token is kept to be sent as previousToken', () => {
  const store = memoryStore();
  saveParticipant(7, ken, store);
  markParticipant(7, 'removed', store);
  const creds = loadParticipant(7, store);
  assert.equal(creds?.status, 'removed');
  assert.equal(previousToken(creds), 'tok-ken');
  markParticipant(7, 'ended', store);
  assert.equal(loadParticipant(7, store)?.status, 'removed', 'ended does not soften a removal');
});

test('a token the server ended for another reason is kept but does not resume', () => {
  const store = memoryStore();
  saveParticipant(7, ken, store);
  markParticipant(7, 'ended', store);
  const creds = loadParticipant(7, store);
  assert.equal(creds?.status, 'ended');
  assert.deepEqual(joinOffer(creds), { kind: 'join' });
  assert.equal(previousToken(creds), 'tok-ken');
  // Joining again stores the new participant as active.
  saveParticipant(7, { ...ken, token: 'tok-new', participantId: 13 }, store);
  assert.deepEqual(joinOffer(loadParticipant(7, store)), { kind: 'resume', name: 'Ken' });
});

test('a removal the server reported without a kept token is still remembered', () => {
  const store = memoryStore();
  markParticipant(7, 'removed', store);
  const creds = loadParticipant(7, store);
  assert.deepEqual(joinOffer(creds), { kind: 'removed' });
  assert.equal(previousToken(creds), undefined, 'no real token to send');
  markParticipant(8, 'ended', store);
  assert.equal(loadParticipant(8, store), null, 'nothing to mark');
  forgetParticipant(7, store);
  assert.equal(loadParticipant(7, store), null);
});

test('without storage nothing is kept and nothing breaks', () => {
  saveParticipant(7, ken, null);
  assert.equal(loadParticipant(7, null), null);
  markParticipant(7, 'removed', null);
  forgetParticipant(7, null);
});

test('the join page offers: continue, removed, or the form', () => {
  assert.deepEqual(joinOffer(null), { kind: 'join' });
  assert.deepEqual(joinOffer({ ...ken, status: 'active' }), { kind: 'resume', name: 'Ken' });
  assert.deepEqual(joinOffer({ ...ken, status: 'removed' }), { kind: 'removed' });
});

test('codes are normalized like the server does, and only plausible ones are looked up', () => {
  assert.equal(normalizeCode(' k7qm-w2rx '), 'K7QMW2RX');
  assert.equal(normalizeCode('K7QM W2RX'), 'K7QMW2RX');
  assert.equal(lookupWorthy('K7QMW2RX'), true);
  assert.equal(lookupWorthy('K7QMW2R'), false, 'half typed');
  assert.equal(lookupWorthy('K7QMW2RX9'), false, 'too long');
  assert.equal(lookupWorthy('K7QMW0RX'), false, '0 is never in a code');
  assert.equal(lookupWorthy('K7QMWIRX'), false, 'I is never in a code');
});
