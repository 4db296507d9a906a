import { afterEach, beforeEach, mock, test } from 'node:test';
import assert from 'node:assert/strict';
import { setLocale } from '../i18n/locale.ts';
import { othersTyping, typingText, TypingSignal, TYPING_IDLE_MS, TYPING_REFRESH_MS } from './typing.ts';
import type { Column } from '../lib/types.ts';

beforeEach(() => mock.timers.enable({ apis: ['setTimeout'] }));
afterEach(() => {
  mock.timers.reset();
  setLocale('en');
});

const none = new Set<Column>();

test('others typing leaves this viewer out only where the room counts it', () => {
  const typing = { current: { count: 2, names: ['Ken', 'Mika'] }, ideal: { count: 1, names: ['Ken'] } };
  assert.deepEqual(othersTyping(typing, none, 'Ken'), typing, 'a namesake typing elsewhere is someone else');
  assert.deepEqual(othersTyping(typing, new Set<Column>(['current']), 'Ken'), {
    current: { count: 1, names: ['Mika'] },
    ideal: { count: 1, names: ['Ken'] },
  });
  assert.deepEqual(othersTyping({ current: { count: 1, names: ['Ken'] } }, new Set<Column>(['current']), 'Ken'), {}, 'only me: nothing');
});

test('anonymous counts lose one for the viewer; names past the cap still count', () => {
  assert.deepEqual(othersTyping({ ideal: { count: 3 } }, new Set<Column>(['ideal']), 'Ken'), { ideal: { count: 2 } });
  const many = { ideal: { count: 8, names: ['A', 'B', 'C', 'D', 'E'] } };
  assert.deepEqual(othersTyping(many, new Set<Column>(['ideal']), 'Ken'), { ideal: { count: 7, names: ['A', 'B', 'C', 'D', 'E'] } });
});

test('unknown columns and malformed entries are ignored', () => {
  const odd = { wishes: { count: 2 }, current: { count: 'x' }, ideal: null } as never;
  assert.deepEqual(othersTyping(odd, none, null), {});
  assert.deepEqual(othersTyping(undefined, none, null), {});
});

test('the indicator names a few people, else counts them, in both languages', () => {
  assert.equal(typingText(undefined), '');
  assert.equal(typingText({ count: 1, names: ['Aiko'] }), 'Aiko is typing…');
  assert.equal(typingText({ count: 2, names: ['Aiko', 'Ben'] }), 'Aiko and Ben are typing…');
  assert.equal(typingText({ count: 4, names: ['A', 'B', 'C', 'D'] }), '4 people are typing…', 'many: a count');
  assert.equal(typingText({ count: 6, names: ['A', 'B'] }), '6 people are typing…', 'not everyone named: a count');
  assert.equal(typingText({ count: 1 }), 'Someone is typing…');
  assert.equal(typingText({ count: 3 }), '3 people are typing…');
  setLocale('ja');
  assert.equal(typingText({ count: 2, names: ['Aiko', 'Ben'] }), 'Aiko さん、Ben さんが入力中…');
  assert.equal(typingText({ count: 1 }), '誰かが入力中…');
  assert.equal(typingText({ count: 3 }), '3 人が入力中…');
});

test('a composer says typing once, refreshes every 3 s while input goes on, and stops', () => {
  const sent: boolean[] = [];
  const signal = new TypingSignal((active) => sent.push(active));
  signal.input('H');
  signal.input('He');
  signal.input('Hel');
  assert.deepEqual(sent, [true], 'one message, not one per keystroke');
  mock.timers.tick(TYPING_REFRESH_MS);
  assert.deepEqual(sent, [true], 'no refresh without input');
  signal.input('Hell');
  assert.deepEqual(sent, [true, true], 'input after 3 s refreshes');
  signal.stop();
  signal.stop();
  assert.deepEqual(sent, [true, true, false], 'stopped once');
});

test('emptying the field or pausing stops typing; blank input never starts it', () => {
  const sent: boolean[] = [];
  const signal = new TypingSignal((active) => sent.push(active));
  signal.input('   ');
  assert.deepEqual(sent, []);
  signal.input('a');
  signal.input('');
  assert.deepEqual(sent, [true, false]);
  signal.input('b');
  mock.timers.tick(TYPING_IDLE_MS - 1);
  signal.input('bc');
  assert.deepEqual(sent, [true, false, true, true], 'input keeps it going, refreshed after 3 s');
  mock.timers.tick(TYPING_IDLE_MS - 1);
  assert.deepEqual(sent, [true, false, true, true]);
  mock.timers.tick(1);
  assert.deepEqual(sent, [true, false, true, true, false], 'idle: stopped');
});
