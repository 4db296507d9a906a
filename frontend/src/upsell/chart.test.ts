import { test } from 'node:test';
import assert from 'node:assert/strict';
import { barWidth, barsOf, niceCeiling, shortLabel } from './chart.ts';

test('a scale ends on 1, 2 or 5 times a power of ten at or above the largest value', () => {
  assert.equal(niceCeiling(1), 1);
  assert.equal(niceCeiling(3), 5);
  assert.equal(niceCeiling(7), 10);
  assert.equal(niceCeiling(10), 10);
  assert.equal(niceCeiling(11), 20);
  assert.equal(niceCeiling(240_000), 500_000);
  assert.equal(niceCeiling(0.3), 0.5);
  assert.equal(niceCeiling(0.2), 0.2);
  // Nothing to show still gives a scale, so no bar divides by zero.
  assert.equal(niceCeiling(0), 1);
  assert.equal(niceCeiling(-4), 1);
  assert.equal(niceCeiling(Number.NaN), 1);
});

test('bars are shares of the scale; bad values count as zero', () => {
  const items = [{ n: 'a', v: 4 }, { n: 'b', v: 10 }, { n: 'c', v: -3 }, { n: 'd', v: Number.POSITIVE_INFINITY }];
  const { bars, max } = barsOf(items, (i) => i.n, (i) => i.n.toUpperCase(), (i) => i.v);
  assert.equal(max, 10);
  assert.deepEqual(bars.map((b) => [b.key, b.label, b.value, b.share]), [['a', 'A', 4, 0.4], ['b', 'B', 10, 1], ['c', 'C', 0, 0], ['d', 'D', 0, 0]]);
});

test('a fixed scale (a rate out of 1) is kept, and no bar runs past it', () => {
  const { bars, max } = barsOf([0.25, 1.2], (v) => v, String, (v) => v, 1);
  assert.equal(max, 1);
  assert.deepEqual(bars.map((b) => b.share), [0.25, 1]);
});

test('bar widths are percentages, with a sliver for a small non-zero value', () => {
  assert.equal(barWidth(0.375, 3), '37.5%');
  assert.equal(barWidth(0, 0), '0%');
  assert.equal(barWidth(0.001, 1), '0.75%');
  assert.equal(barWidth(2, 5), '100%');
});

test('long labels are cut by characters, not bytes', () => {
  assert.equal(shortLabel('Reservations add-on', 30), 'Reservations add-on');
  assert.equal(shortLabel('Reservations add-on', 8), 'Reserva…');
  assert.equal(shortLabel('予約オプションプレミアム', 5), '予約オプ…');
});
