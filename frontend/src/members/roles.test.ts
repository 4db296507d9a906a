import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assignableRoles, canAdminister, canManage, canRemove } from './roles.ts';

test('owners manage everyone, admins everyone but owners, CSMs nobody', () => {
  assert.equal(canManage('owner', 'owner'), true);
  assert.equal(canManage('owner', 'admin'), true);
  assert.equal(canManage('owner', 'csm'), true);
  assert.equal(canManage('admin', 'owner'), false);
  assert.equal(canManage('admin', 'admin'), true);
  assert.equal(canManage('admin', 'csm'), true);
  assert.equal(canManage('csm', 'owner'), false);
  assert.equal(canManage('csm', 'admin'), false);
  assert.equal(canManage('csm', 'csm'), false);
});

test('only owners and admins administer the organization', () => {
  assert.equal(canAdminister('owner'), true);
  assert.equal(canAdminister('admin'), true);
  assert.equal(canAdminister('csm'), false);
});

test('only owners make owners', () => {
  assert.deepEqual(assignableRoles('owner'), ['owner', 'admin', 'csm']);
  assert.deepEqual(assignableRoles('admin'), ['admin', 'csm']);
  assert.deepEqual(assignableRoles('csm'), []);
});

test('nobody removes themselves, and removal follows canManage', () => {
  assert.equal(canRemove('owner', 'owner', true), false);
  assert.equal(canRemove('owner', 'owner', false), true);
  assert.equal(canRemove('admin', 'owner', false), false);
  assert.equal(canRemove('admin', 'csm', false), true);
  assert.equal(canRemove('csm', 'csm', false), false);
});
