import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isDay, periodFromSearch, periodProblem, periodQuery, presetOf, presetPeriod } from './period.ts';
import { matchUpsellRoute } from './upsell-routes.ts';
import { needsSignIn } from '../lib/return-to.ts';

const TODAY = new Date(2027, 4, 20); // 20 May 2027, local time

test('quick picks cover whole calendar periods up to today', () => {
  assert.deepEqual(presetPeriod('thisMonth', TODAY), { from: '2027-05-01', to: '2027-05-20' });
  assert.deepEqual(presetPeriod('lastMonth', TODAY), { from: '2027-04-01', to: '2027-04-30' });
  assert.deepEqual(presetPeriod('thisQuarter', TODAY), { from: '2027-04-01', to: '2027-05-20' });
  assert.deepEqual(presetPeriod('last90', TODAY), { from: '2027-02-20', to: '2027-05-20' });
  assert.deepEqual(presetPeriod('thisYear', TODAY), { from: '2027-01-01', to: '2027-05-20' });
  // January's "last month" is December of the year before.
  assert.deepEqual(presetPeriod('lastMonth', new Date(2027, 0, 9)), { from: '2026-12-01', to: '2026-12-31' });
  assert.equal(presetOf({ from: '2027-04-01', to: '2027-04-30' }, TODAY), 'lastMonth');
  assert.equal(presetOf({ from: '2027-04-02', to: '2027-04-30' }, TODAY), null);
});

test('a period is two real days in order', () => {
  assert.equal(isDay('2027-02-29'), false);
  assert.equal(isDay('2028-02-29'), true);
  assert.equal(isDay('2027-5-1'), false);
  assert.equal(periodProblem({ from: '', to: '2027-05-01' }), 'from');
  assert.equal(periodProblem({ from: '2027-05-01', to: '2027-13-01' }), 'to');
  assert.equal(periodProblem({ from: '2027-05-02', to: '2027-05-01' }), 'order');
  assert.equal(periodProblem({ from: '2027-05-01', to: '2027-05-01' }), null);
});

test('the period comes from the address, this quarter when it names none or a broken one', () => {
  assert.deepEqual(periodFromSearch('?from=2027-01-01&to=2027-03-31', TODAY), { from: '2027-01-01', to: '2027-03-31' });
  assert.deepEqual(periodFromSearch('', TODAY), { from: '2027-04-01', to: '2027-05-20' });
  assert.deepEqual(periodFromSearch('?from=2027-04-01&to=2027-03-01', TODAY), { from: '2027-04-01', to: '2027-05-20' });
  assert.equal(periodQuery({ from: '2027-01-01', to: '2027-03-31' }), '?from=2027-01-01&to=2027-03-31');
});

test('the upsell and praise pages have their own paths, behind sign-in', () => {
  assert.deepEqual(matchUpsellRoute('/upsell'), { page: 'upsell' });
  assert.deepEqual(matchUpsellRoute('/praise/'), { page: 'praise' });
  assert.equal(matchUpsellRoute('/upsell/3'), null);
  assert.equal(matchUpsellRoute('/praises'), null);
  assert.equal(needsSignIn('upsell'), true);
  assert.equal(needsSignIn('praise'), true);
});
