import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clonePresetFrom, planWorkshopPath } from './plan.ts';

test('planning a workshop opens the template set to a workshop, for the account when known', () => {
  assert.equal(planWorkshopPath(9), '/templates/9?as=workshop');
  assert.equal(planWorkshopPath(9, 31), '/templates/9?as=workshop&account=31');
  assert.deepEqual(clonePresetFrom('?as=workshop&account=31'), { as: 'workshop', accountId: 31 });
  assert.deepEqual(clonePresetFrom(new URL('http://x' + planWorkshopPath(9)).search), { as: 'workshop', accountId: null });
});

test('a query the clone form does not understand presets nothing', () => {
  assert.deepEqual(clonePresetFrom(''), { as: null, accountId: null });
  assert.deepEqual(clonePresetFrom('?as=poster&account=abc'), { as: null, accountId: null });
  assert.deepEqual(clonePresetFrom('?account=0'), { as: null, accountId: null });
  assert.deepEqual(clonePresetFrom('?account=-3'), { as: null, accountId: null });
});
