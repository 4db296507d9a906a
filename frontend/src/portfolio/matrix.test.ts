import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  MAX_DOT_PX,
  MIN_DOT_PX,
  NO_FILTER,
  buildGrid,
  cellKey,
  conditionCounts,
  dotSize,
  evenShare,
  filterQuery,
  goalProgress,
  industriesOf,
  isFiltered,
  mrrScale,
  pageOf,
  parseCellKey,
  searchAccounts,
  topOf,
  weight,
} from './matrix.ts';
import type { AccountCard, Cell } from './portfolio-types.ts';

function card(id: number, mrr: number, extra: Partial<AccountCard> = {}): AccountCard {
  return {
    id, name: `Account ${id}`, stage: 'adoption', condition: 'satisfied', conditionCheckedAt: null, mrr, currency: 'JPY',
    ownerId: null, industry: '', sizeBand: '', seats: 0, externalId: '', usageX: 0, usageY: 0, succeedFirst: false, ...extra,
  };
}

function cell(x: Cell['x'], y: Cell['y'], accounts: AccountCard[], play: Cell['play'] = null): Cell {
  return { x, y, count: accounts.length, mrr: [], accounts, play };
}

test('the grid has sixteen cells, top row first, each cell’s accounts biggest first', () => {
  const grid = buildGrid([
    cell(0, 0, [card(1, 100), card(2, 300), card(3, 300, { name: 'Aardvark' })]),
    cell(3, 3, [card(4, 5)], { action: 'Ask for a story', templateId: 7, templateName: 'Advocacy' }),
  ]);
  assert.equal(grid.length, 16);
  assert.deepEqual(grid.map((c) => cellKey(c.x, c.y)).slice(0, 5), ['0:3', '1:3', '2:3', '3:3', '0:2']);
  assert.equal(grid[3]?.play?.templateId, 7);
  const bottomLeft = grid[12];
  assert.equal(cellKey(bottomLeft?.x ?? -1, bottomLeft?.y ?? -1), '0:0');
  assert.deepEqual(bottomLeft?.accounts.map((a) => a.id), [3, 2, 1], 'biggest first, ties by name');
  assert.equal(grid[5]?.count, 0, 'a cell the server left out is empty');
});

test('MRR in different currencies is sized against the biggest of its own currency', () => {
  const yen = card(1, 1_000_000, { currency: 'JPY' });
  const dollars = card(2, 50_000, { currency: 'USD' });
  const smallDollars = card(3, 12_500, { currency: 'USD' });
  const scale = mrrScale([cell(0, 0, [yen, dollars]), cell(1, 0, [smallDollars])]);
  assert.equal(weight(yen, scale), 1);
  assert.equal(weight(dollars, scale), 1, '$500 is the biggest dollar account, though fewer minor units than ¥1,000,000');
  assert.equal(weight(smallDollars, scale), 0.25);
  assert.equal(weight(card(4, 0, { currency: '' }), scale), 0);
});

test('a dot’s area grows with MRR, between the smallest and the largest size', () => {
  assert.equal(dotSize(0), MIN_DOT_PX);
  assert.equal(dotSize(-1), MIN_DOT_PX);
  assert.equal(dotSize(Number.NaN), MIN_DOT_PX);
  assert.equal(dotSize(1), MAX_DOT_PX);
  assert.equal(dotSize(4), MAX_DOT_PX, 'capped at the biggest');
  assert.equal(dotSize(0.25), Math.round(MIN_DOT_PX + (MAX_DOT_PX - MIN_DOT_PX) / 2), 'a quarter of the MRR is half the way');
  assert.ok(dotSize(0.1) < dotSize(0.25));
});

test('filters become the portfolio query, and clearing them asks for everything', () => {
  assert.equal(filterQuery(NO_FILTER), '');
  assert.equal(isFiltered(NO_FILTER), false);
  const f = { ...NO_FILTER, stage: 'expansion', owner: 'none', industry: 'Food & drink', size: '51-200', condition: 'unsatisfied' };
  assert.equal(filterQuery(f), '?stage=expansion&ownerId=none&industry=Food+%26+drink&size=51-200&condition=unsatisfied');
  assert.equal(isFiltered({ ...NO_FILTER, owner: '4' }), true);
});

test('a closed cell shows its top accounts and counts the rest', () => {
  const list = Array.from({ length: 12 }, (_, i) => card(i, 12 - i));
  assert.deepEqual(topOf(list, 8).shown.map((a) => a.id), [0, 1, 2, 3, 4, 5, 6, 7]);
  assert.equal(topOf(list, 8).more, 4);
  assert.equal(topOf(list.slice(0, 3), 8).more, 0);
});

test('conditions are counted per cell', () => {
  const list = [card(1, 1), card(2, 1, { condition: 'unsatisfied' }), card(3, 1, { condition: 'unsatisfied' })];
  assert.deepEqual(conditionCounts(list), { satisfied: 1, neutral: 0, unsatisfied: 2 });
});

test('an opened cell of 5,000 accounts is paged, the page clamped to the ones there are', () => {
  const list = Array.from({ length: 5000 }, (_, i) => i);
  assert.deepEqual(pageOf(list, 1, 50).items.slice(0, 2), [0, 1]);
  assert.equal(pageOf(list, 1, 50).items.length, 50);
  assert.equal(pageOf(list, 1, 50).pages, 100);
  assert.deepEqual(pageOf(list, 100, 50).items.at(-1), 4999);
  assert.equal(pageOf(list, 101, 50).page, 100);
  assert.equal(pageOf(list, 0, 50).page, 1);
  assert.deepEqual(pageOf([], 3, 50), { items: [], page: 1, pages: 1 });
});

test('cell keys round-trip and refuse levels outside 0-3', () => {
  assert.deepEqual(parseCellKey(cellKey(2, 3)), { x: 2, y: 3 });
  assert.equal(parseCellKey('4:1'), null);
  assert.equal(parseCellKey(null), null);
});

test('searching a cell finds names and CRM ids, ignoring case and full-width letters', () => {
  const list = [card(1, 1, { name: 'Acme KK' }), card(2, 1, { name: 'Globex', externalId: 'CRM-9' })];
  assert.deepEqual(searchAccounts(list, 'ａｃｍｅ').map((a) => a.id), [1]);
  assert.deepEqual(searchAccounts(list, 'crm-9').map((a) => a.id), [2]);
  assert.equal(searchAccounts(list, '  ').length, 2);
});

test('industries are offered once each, sorted, keeping those seen before', () => {
  const cells = [
    cell(0, 0, [card(1, 1, { industry: 'Retail' }), card(2, 1, { industry: 'retail' })]),
    cell(1, 0, [card(3, 1, { industry: 'Banking' }), card(4, 1)]),
  ];
  assert.deepEqual(industriesOf(cells), ['Banking', 'Retail']);
  assert.deepEqual(industriesOf([], ['Retail']), ['Retail'], 'a filtered matrix still offers the other industries');
});

test('progress toward the contact goal is capped, and a member’s share adds up to the goal', () => {
  assert.deepEqual(goalProgress(25, 100), { share: 0.25, reached: false });
  assert.deepEqual(goalProgress(130, 100), { share: 1, reached: true });
  assert.deepEqual(goalProgress(0, 0), { share: 0, reached: true });
  assert.equal(evenShare(100, 3), 34);
  assert.equal(evenShare(100, 0), 100);
});
