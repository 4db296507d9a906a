import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseTags } from './tags.ts';

test('a comma-separated line becomes a clean tag list', () => {
  assert.deepEqual(parseTags('Reporting, analytics,, reporting '), { ok: true, tags: ['reporting', 'analytics'] });
  assert.deepEqual(parseTags(''), { ok: true, tags: [] });
  assert.deepEqual(parseTags(' , '), { ok: true, tags: [] });
});

test('tags the server would refuse are caught first', () => {
  assert.equal(parseTags('x'.repeat(41)).ok, false);
  assert.equal(parseTags('界'.repeat(40)).ok, true, 'the limit counts characters, not bytes');
  assert.equal(parseTags(Array.from({ length: 21 }, (_, i) => `t${i}`).join(',')).ok, false);
});
