import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError } from '../lib/api.ts';
import { inviteProblem } from './invite-problem.ts';

test('a spent or unknown invitation is told apart by its code', () => {
  assert.equal(inviteProblem(new ApiError(404, 'not_found', 'no invitation has this link')), 'unknown');
  assert.equal(inviteProblem(new ApiError(410, 'invitation_expired', 'expired')), 'expired');
  assert.equal(inviteProblem(new ApiError(410, 'invitation_revoked', 'revoked')), 'revoked');
  assert.equal(inviteProblem(new ApiError(410, 'invitation_used', 'used')), 'used');
  assert.equal(inviteProblem(new ApiError(410, 'invitation_accepted', 'used')), 'used');
  assert.equal(inviteProblem(new ApiError(410, 'gone', 'gone')), 'used');
});

test('other failures are not invitation problems', () => {
  assert.equal(inviteProblem(new ApiError(409, 'conflict', 'an account with this email exists')), null);
  assert.equal(inviteProblem(new ApiError(400, 'bad_request', 'password must be 8 to 72 bytes long')), null);
  assert.equal(inviteProblem(new ApiError(0, 'network', 'offline')), null);
  assert.equal(inviteProblem(new Error('boom')), null);
});
