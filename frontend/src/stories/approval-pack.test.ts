import { test } from 'node:test';
import assert from 'node:assert/strict';
import { layerRows, packPrice, packTotals, priceSource } from './approval-pack.ts';
import type { ColumnResults } from '../lib/types.ts';

test('an offering costs what was proposed to the account, else its list price', () => {
  assert.deepEqual(packPrice({ monthlyPrice: 50000, monthlyDelta: 42000, currency: 'JPY' }), { amount: 42000, currency: 'JPY' });
  assert.deepEqual(packPrice({ monthlyPrice: 50000, monthlyDelta: null, currency: 'JPY' }), { amount: 50000, currency: 'JPY' });
});

test("an offering not proposed costs its price for the account's size band, and says which", () => {
  const banded = { monthlyPrice: 50000, monthlyDelta: null, currency: 'JPY', price: 20000, priceBand: '201-1000' };
  assert.deepEqual(packPrice(banded), { amount: 20000, currency: 'JPY' });
  assert.deepEqual(priceSource(banded), { kind: 'band', band: '201-1000' });
  const list = { monthlyPrice: 50000, monthlyDelta: null, currency: 'JPY', price: 50000, priceBand: '' };
  assert.deepEqual(packPrice(list), { amount: 50000, currency: 'JPY' });
  assert.deepEqual(priceSource(list), { kind: 'list' });
  assert.deepEqual(priceSource({ monthlyPrice: 50000, monthlyDelta: null, currency: 'JPY' }), { kind: 'list' }, 'an older server');
  const proposed = { ...banded, monthlyDelta: 18000 };
  assert.deepEqual(packPrice(proposed), { amount: 18000, currency: 'JPY' });
  assert.deepEqual(priceSource(proposed), { kind: 'proposed' });
  assert.deepEqual(packTotals([banded, list]), [{ amount: 70000, currency: 'JPY' }]);
});

test('the monthly total is summed per currency', () => {
  const total = packTotals([
    { monthlyPrice: 50000, monthlyDelta: null, currency: 'JPY' },
    { monthlyPrice: 1999, monthlyDelta: null, currency: 'USD' },
    { monthlyPrice: 30000, monthlyDelta: 25000, currency: 'JPY' },
  ]);
  assert.deepEqual(total, [{ amount: 75000, currency: 'JPY' }, { amount: 1999, currency: 'USD' }]);
  assert.deepEqual(packTotals([]), []);
});

test('votes by layer: ranked, unvoted items left out, missing layers as zero', () => {
  const column: ColumnResults = {
    column: 'ideal',
    revealed: true,
    items: [
      { ideaId: 1, text: 'B', source: 'participant', rank: 2, total: 2, byLayer: { executive: 0, manager: 2, frontline: 0, other: 0 }, consensus: { score: 0, label: 'split' } },
      { ideaId: 2, text: 'A', source: 'participant', rank: 1, total: 5, byLayer: { executive: 3, frontline: 2 } as never, consensus: { score: 1, label: 'agreed' } },
      { ideaId: 3, text: 'C', source: 'participant', rank: 3, total: 0, byLayer: { executive: 0, manager: 0, frontline: 0, other: 0 }, consensus: { score: 0, label: 'no_votes' } },
    ],
  };
  assert.deepEqual(layerRows(column), [
    { text: 'A', total: 5, byLayer: { executive: 3, manager: 0, frontline: 2, other: 0 } },
    { text: 'B', total: 2, byLayer: { executive: 0, manager: 2, frontline: 0, other: 0 } },
  ]);
});
