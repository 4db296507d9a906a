import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isEmptyPatch, settingsPatch } from './settings.ts';
import { isLoopbackUrl } from './join-host.ts';

const current = { title: 'FY27', anonymous: false, voteBudget: 3, voteCap: 3, hiddenUntilReveal: true };

test('settings.set sends only what changed, the title trimmed', () => {
  assert.deepEqual(settingsPatch(current, { ...current }), {});
  assert.ok(isEmptyPatch(settingsPatch(current, { ...current, title: '  FY27 ' })));
  assert.deepEqual(settingsPatch(current, { ...current, title: ' FY28 kickoff ', hiddenUntilReveal: false }), {
    title: 'FY28 kickoff',
    hiddenUntilReveal: false,
  });
  assert.deepEqual(settingsPatch(current, { ...current, voteBudget: 5, voteCap: 2, anonymous: true }), {
    anonymous: true,
    voteBudget: 5,
    voteCap: 2,
  });
  // A number input may hand over a string: it is sent as a number.
  assert.deepEqual(settingsPatch(current, { ...current, voteBudget: '4' as unknown as number }), { voteBudget: 4 });
});

test('loopback join links are told apart from ones phones can open', () => {
  for (const url of [
    'http://127.0.0.1:8080/join/K7QMW2RX',
    'http://127.1.2.3/join/X',
    'http://localhost:8080/join/X',
    'http://LOCALHOST./join/X',
    'http://app.localhost/join/X',
    'http://[::1]:8080/join/X',
    'http://[::ffff:127.0.0.1]/join/X',
  ]) {
    assert.equal(isLoopbackUrl(url), true, url);
  }
  for (const url of [
    'http://192.168.1.20:8080/join/K7QMW2RX',
    'https://kizuki.example/join/X',
    'http://10.0.0.5/join/X',
    'http://[fe80::1]/join/X',
    'http://localhost.example.com/join/X',
    'not a url',
    '',
  ]) {
    assert.equal(isLoopbackUrl(url), false, url);
  }
});
