import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  blank,
  describeItemError,
  expansionOf,
  isDirty,
  itemErrorOf,
  keepKeys,
  move,
  progressOf,
  toDraft,
  toPatch,
} from './draft.ts';
import type { Offering, SuccessMap } from './maps-types.ts';

function offering(id: number, monthlyPrice: number, currency: string): Offering {
  return {
    id, name: `O${id}`, kind: 'addon', monthlyPrice, currency, tier: '', description: '', archived: false,
    caseStudies: [], createdAt: '', updatedAt: '',
  };
}

const saved: SuccessMap = {
  id: 1, accountId: 2, accountName: 'Acme', title: 'Plan', sourceWorkshopId: null, templateId: null, templateVersion: null,
  statements: [{ text: 'One truth', votes: 3 }],
  challenges: [{ text: 'Reports by hand', johari: 'open', offeringIds: [10] }],
  actions: [
    { text: 'Pilot', owner: 'Sato', team: 'Finance', due: '2027-01-31', status: 'done' },
    { text: 'Roll out', owner: '', team: '', due: '', status: 'todo' },
  ],
  offerings: [], expansion: [], progress: { done: 1, total: 2, share: 0.5 }, createdAt: '', updatedAt: '',
};

test('a draft saves back as whole lists in order, trimmed', () => {
  const d = toDraft(saved);
  assert.equal(isDirty(d, toDraft(saved)), false);
  d.actions = move(d.actions, 1, -1);
  d.statements.push({ ...blank.statement(), text: '  Faster quotes  ' });
  assert.equal(isDirty(d, toDraft(saved)), true);
  const patch = toPatch(d);
  assert.deepEqual(patch.actions.map((a) => a.text), ['Roll out', 'Pilot']);
  assert.deepEqual(patch.statements, [{ text: 'One truth', votes: 3 }, { text: 'Faster quotes', votes: 0 }]);
  assert.deepEqual(patch.challenges, [{ text: 'Reports by hand', johari: 'open', offeringIds: [10] }]);
  assert.equal(saved.challenges[0]?.offeringIds.length, 1, 'the saved map is not touched');
});

test('keys stay unique so reordered items keep their identity', () => {
  const d = toDraft(saved);
  const keys = [...d.statements, ...d.challenges, ...d.actions, blank.action()].map((x) => x.key);
  assert.equal(new Set(keys).size, keys.length);
});

test('moving past either end changes nothing', () => {
  assert.deepEqual(move(['a', 'b', 'c'], 0, -1), ['a', 'b', 'c']);
  assert.deepEqual(move(['a', 'b', 'c'], 2, 1), ['a', 'b', 'c']);
  assert.deepEqual(move(['a', 'b', 'c'], 0, 1), ['b', 'a', 'c']);
  assert.deepEqual(move(['a', 'b', 'c'], 2, -1), ['a', 'c', 'b']);
});

test('expansion counts each linked offering once, per currency', () => {
  const catalog = new Map([[1, offering(1, 50000, 'JPY')], [2, offering(2, 30000, 'JPY')], [3, offering(3, 900, 'USD')]]);
  const got = expansionOf([{ offeringIds: [1, 2] }, { offeringIds: [1, 3] }, { offeringIds: [404] }], catalog);
  assert.deepEqual(got, [{ amount: 80000, currency: 'JPY' }, { amount: 900, currency: 'USD' }]);
  assert.deepEqual(expansionOf([], catalog), []);
});

test('progress is the share of done actions', () => {
  assert.deepEqual(progressOf([{ status: 'done' }, { status: 'doing' }, { status: 'todo' }, { status: 'done' }]), {
    done: 2, total: 4, share: 0.5,
  });
  assert.deepEqual(progressOf([]), { done: 0, total: 0, share: 0 });
});

test('item-level refusals point at the item', () => {
  const e = itemErrorOf('actions[2].due must be a date like 2027-03-31');
  assert.deepEqual(e, { part: 'actions', index: 2, field: 'due', problem: 'must be a date like 2027-03-31' });
  assert.equal(describeItemError(e!), 'First step 3: the due date must be a date like 2027-03-31.');
  const unknown = itemErrorOf('challenges[0].offeringIds: unknown offering 7');
  assert.equal(describeItemError(unknown!), 'Challenge 1: the linked offerings: unknown offering 7.');
  const many = itemErrorOf('challenges[4] links too many offerings');
  assert.deepEqual(many, { part: 'challenges', index: 4, field: '', problem: 'links too many offerings' });
  assert.equal(describeItemError(many!), 'Challenge 5: links too many offerings.');
  assert.equal(describeItemError(itemErrorOf('statements[0].text is required')!), 'Ideal statement 1: the text is required.');
  assert.equal(itemErrorOf('title is required'), null);
});

test('a saved draft keeps its keys item by item', () => {
  const before = toDraft(saved);
  const after = keepKeys(toDraft(saved), before);
  assert.deepEqual(after.actions.map((a) => a.key), before.actions.map((a) => a.key));
  assert.deepEqual(after, before);
});
