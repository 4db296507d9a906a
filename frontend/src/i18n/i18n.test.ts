import { afterEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { messagesFor, t } from './i18n.ts';
import { currentLocale, localeFromLanguages, setLocale } from './locale.ts';
import { describeApiError, friendlyError } from '../lib/errors.ts';
import { isImeEnter } from '../lib/ime.ts';

afterEach(() => setLocale('en'));

test('the language comes from the browser’s preferred languages, English otherwise', () => {
  assert.equal(localeFromLanguages(['ja-JP', 'en-US']), 'ja');
  assert.equal(localeFromLanguages(['fr-FR', 'en-GB']), 'en');
  assert.equal(localeFromLanguages(['JA']), 'ja');
  assert.equal(localeFromLanguages(['de']), 'en');
  assert.equal(localeFromLanguages([]), 'en');
});

/** Every leaf of a dictionary as [path, value], functions called with sample arguments. */
function leaves(obj: unknown, path = ''): [string, unknown][] {
  if (typeof obj === 'function') return [[path, (obj as (...a: unknown[]) => unknown)('2', '3', 'x')]];
  if (typeof obj !== 'object' || obj === null) return [[path, obj]];
  return Object.entries(obj).flatMap(([k, v]) => leaves(v, path ? `${path}.${k}` : k));
}

test('Japanese has every English message, and none is empty', () => {
  const en = new Map(leaves(messagesFor('en')));
  const ja = new Map(leaves(messagesFor('ja')));
  // errors.messages is a lookup of server sentences that only Japanese needs.
  const keys = (m: Map<string, unknown>) => [...m.keys()].filter((k) => !k.startsWith('errors.messages.')).sort();
  assert.deepEqual(keys(ja), keys(en));
  for (const [path, value] of [...en, ...ja]) {
    assert.equal(typeof value, 'string', path);
    assert.notEqual(value, '', path);
  }
});

test('switching the language switches every message', () => {
  assert.equal(currentLocale(), 'en');
  assert.equal(t.board.phases.vote_ideal, 'Vote on the ideal');
  setLocale('ja');
  assert.equal(currentLocale(), 'ja');
  assert.equal(t.board.phases.vote_ideal, '理想への投票');
  assert.equal(t.voting.votesLeft(1, 3), '残り 1 票（全 3 票）');
});

test('server refusals are told in the person’s language', () => {
  const budget = { code: 'vote_budget_exceeded', message: 'you have no votes left in this round' };
  const grouped = { code: 'bad_request', message: 'ideas that have votes cannot be grouped' };
  const odd = { code: 'bad_request', message: 'data object is required' };
  assert.match(friendlyError(budget), /used all your votes/);
  assert.equal(friendlyError(grouped), 'Ideas that have votes cannot be grouped.');
  assert.equal(friendlyError({ code: 'brand_new', message: '' }), 'The server refused the request.');
  setLocale('ja');
  assert.match(friendlyError(budget), /持ち票をすべて使いました/);
  assert.equal(friendlyError(grouped), '投票済みのアイデアはグループにできません。');
  assert.match(friendlyError(odd), /サーバーが受け付けませんでした/);
  assert.match(friendlyError({ code: 'rate_limited', message: 'slow down: too many commands' }), /操作が多すぎます/);
});

test('HTTP errors: the server’s precise words in English, a translation in Japanese', () => {
  assert.equal(describeApiError(401, 'unauthorized', 'wrong email or password'), 'Wrong email or password.');
  assert.equal(describeApiError(0, 'network', 'offline'), 'Could not reach the server. Check your connection.');
  assert.equal(describeApiError(502, 'http_502', ''), 'Request failed (502).');
  setLocale('ja');
  assert.equal(describeApiError(401, 'unauthorized', 'wrong email or password'), 'メールアドレスまたはパスワードが正しくありません。');
  assert.equal(describeApiError(404, 'not_found', 'no workshop has this code'), 'このコードのワークショップはありません。コードを確認してください。');
  assert.equal(describeApiError(403, 'forbidden', 'something new'), 'この操作は許可されていません。');
});

test('a closed door, a full workshop and a full board are told plainly in both languages', () => {
  const locked = () => describeApiError(403, 'joining_locked', 'the facilitator has closed this workshop to newcomers');
  const full = () => describeApiError(409, 'workshop_full', 'this workshop has as many participants as it can take');
  const boardFull = { code: 'too_many_ideas', message: 'this board is full; the facilitator can group or delete ideas' };
  const mine = { code: 'too_many_ideas', message: 'you have added as many ideas as one person may' };
  assert.match(locked(), /closed this workshop to newcomers.*reopen joining/);
  assert.match(full(), /as many participants as it can take/);
  assert.match(friendlyError(boardFull), /^The board is full \(2,000 ideas\)/);
  assert.match(friendlyError(mine), /100 ideas/);
  assert.match(friendlyError({ code: 'too_many_ideas', message: 'something new' }), /No more ideas fit/);
  setLocale('ja');
  assert.match(locked(), /新しい参加を締め切りました/);
  assert.match(full(), /人数の上限/);
  assert.match(friendlyError(boardFull), /上限（2,000件）/);
  assert.match(friendlyError(mine), /100件/);
  assert.match(friendlyError({ code: 'too_many_ideas', message: 'something new' }), /これ以上アイデアを追加できません/);
});

test('an Enter that confirms input-method conversion is recognised', () => {
  assert.equal(isImeEnter({ key: 'Enter', isComposing: true, keyCode: 13 }), true);
  assert.equal(isImeEnter({ key: 'Enter', isComposing: false, keyCode: 229 }), true, 'Safari, just after compositionend');
  assert.equal(isImeEnter({ key: 'Enter', isComposing: false, keyCode: 13 }), false);
  assert.equal(isImeEnter({ key: 'a', isComposing: true, keyCode: 229 }), false);
});
