import { test } from 'node:test';
import assert from 'node:assert/strict';
import { csmRows, moneyLine, offeringRows, percent, reasonRows } from './insight-rows.ts';
import type { CsmStats, Stats } from './upsell-types.ts';

const STATS: Stats = {
  proposed: 4, won: 2, lost: 1, winRate: 2 / 3, expansionMrr: [{ amount: 50000, currency: 'JPY' }, { amount: 1999, currency: 'USD' }],
  positiveWins: 1, negativeWins: 1, positiveShare: 0.5,
};

test('shares read as whole percents, and no share as a dash rather than 0 %', () => {
  assert.equal(percent(2 / 3), '67%');
  assert.equal(percent(0), '0%');
  assert.equal(percent(null), '—');
  assert.equal(moneyLine(STATS.expansionMrr), '¥50,000 · $19.99');
  assert.equal(moneyLine([{ amount: 0, currency: 'JPY' }]), '');
});

test('the reason chart has all six reasons, positive first, scaled to the most frequent, negatives hatched', () => {
  const rows = reasonRows([
    { reason: 'coercion', kind: 'negative', won: 1, expansionMrr: [{ amount: 9000, currency: 'JPY' }] },
    { reason: 'delight', kind: 'positive', won: 4, expansionMrr: [] },
  ]);
  assert.deepEqual(rows.map((r) => r.key), ['delight', 'empathy', 'expectation', 'pity', 'pleading', 'coercion']);
  assert.equal(rows[0]?.label, '＋ Delight (Positive)');
  assert.equal(rows[0]?.value, '4 wins');
  assert.equal(rows[0]?.share, 0.8);
  assert.equal(rows[5]?.label, '！ Coercion (Negative)');
  assert.equal(rows[5]?.tone, 'negative');
  assert.equal(rows[5]?.share, 0.2);
  assert.equal(rows[5]?.detail, '¥9,000');
  assert.equal(rows[1]?.value, '0 wins');
});

test('CSM and offering rows show the win rate out of 100 % with the counts beneath', () => {
  const csm: CsmStats[] = [{ ...STATS, userId: 4, name: 'Aiko' }, { ...STATS, won: 0, lost: 0, winRate: null, positiveShare: null, expansionMrr: [], userId: null, name: '' }];
  const rows = csmRows(csm);
  assert.equal(rows[0]?.value, '67%');
  assert.equal(rows[0]?.detail, '2 won · 1 lost · 1 open · ¥50,000 · $19.99 · Positive reasons 50%');
  assert.equal(rows[1]?.label, 'Former member');
  assert.equal(rows[1]?.value, '—');
  assert.equal(rows[1]?.share, 0);
  assert.equal(rows[1]?.key, 'none');
  assert.equal(offeringRows([{ ...STATS, offeringId: 2, name: 'Premium' }])[0]?.key, 2);
});
