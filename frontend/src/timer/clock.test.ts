import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatClock, remainingAt, timerFromPayload, timerStarted } from './clock.ts';

const serverNow = '2026-01-01T00:00:00.000Z';
const t0 = Date.parse(serverNow);

test('a running timer counts down on the server clock, whatever this browser clock says', () => {
  // This browser's clock is 90 s behind the server's.
  const local = t0 - 90_000;
  const timer = timerFromPayload({ running: true, endsAt: '2026-01-01T00:05:00Z', remainingMs: 300_000, durationMs: 300_000, serverNow }, local);
  assert.equal(remainingAt(timer, local), 300_000);
  assert.equal(remainingAt(timer, local + 60_000), 240_000);
  assert.equal(remainingAt(timer, local + 999_000), 0, 'never negative');
});

test('a paused timer shows its remaining time', () => {
  const timer = timerFromPayload({ running: false, endsAt: null, remainingMs: 61_500, durationMs: 120_000, serverNow }, t0);
  assert.equal(remainingAt(timer, t0 + 10_000), 61_500);
  assert.equal(timerStarted(timer), true);
  assert.equal(timerStarted(timerFromPayload({ running: false, endsAt: null, remainingMs: 0, durationMs: 0, serverNow }, t0)), false);
});

test('clock format rounds up to whole seconds', () => {
  assert.equal(formatClock(0), '0:00');
  assert.equal(formatClock(1), '0:01');
  assert.equal(formatClock(59_001), '1:00');
  assert.equal(formatClock(300_000), '5:00');
  assert.equal(formatClock(3_725_000), '1:02:05');
});
