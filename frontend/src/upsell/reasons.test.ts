import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addMoney, groupReasons, isWinReason, reasonTone } from './reasons.ts';

test('the six win reasons split into three positive and three negative', () => {
  for (const r of ['delight', 'empathy', 'expectation']) assert.equal(reasonTone(r), 'positive', r);
  for (const r of ['pity', 'pleading', 'coercion']) assert.equal(reasonTone(r), 'negative', r);
  // A lost opportunity's free text, or nothing, has no tone.
  assert.equal(reasonTone('no budget this year'), null);
  assert.equal(reasonTone(''), null);
  assert.equal(isWinReason('Delight'), false);
});

test('reasons are grouped by tone in a fixed order, missing ones at zero, with the positive share', () => {
  const g = groupReasons([
    { reason: 'pity', kind: 'negative', won: 1, expansionMrr: [{ amount: 5000, currency: 'JPY' }] },
    { reason: 'delight', kind: 'positive', won: 3, expansionMrr: [{ amount: 30000, currency: 'JPY' }, { amount: 1999, currency: 'USD' }] },
  ]);
  assert.deepEqual(g.positive.map((r) => [r.reason, r.count]), [['delight', 3], ['empathy', 0], ['expectation', 0]]);
  assert.deepEqual(g.negative.map((r) => [r.reason, r.count]), [['pity', 1], ['pleading', 0], ['coercion', 0]]);
  assert.equal(g.positiveCount, 3);
  assert.equal(g.negativeCount, 1);
  assert.equal(g.positiveShare, 0.75);
  assert.deepEqual(g.positive[0]?.expansion, [{ amount: 30000, currency: 'JPY' }, { amount: 1999, currency: 'USD' }]);
});

test('no wins means no share rather than 0 %; unknown and broken rows are left out, repeats added', () => {
  assert.equal(groupReasons([]).positiveShare, null);
  const g = groupReasons([
    { reason: 'bribery' as never, kind: 'positive', won: 4, expansionMrr: [] },
    { reason: 'empathy', kind: 'positive', won: Number.NaN, expansionMrr: [] },
    { reason: 'empathy', kind: 'positive', won: 2, expansionMrr: [] },
    { reason: 'empathy', kind: 'positive', won: 1, expansionMrr: [] },
  ]);
  assert.equal(g.positive[1]?.count, 3);
  assert.equal(g.positiveCount + g.negativeCount, 3);
  assert.equal(g.positiveShare, 1);
});

test('money adds up per currency, never across currencies', () => {
  assert.deepEqual(
    addMoney([{ amount: 100, currency: 'USD' }, { amount: 5, currency: 'JPY' }], [{ amount: 50, currency: 'USD' }, { amount: 1, currency: '' }]),
    [{ amount: 5, currency: 'JPY' }, { amount: 150, currency: 'USD' }],
  );
});
