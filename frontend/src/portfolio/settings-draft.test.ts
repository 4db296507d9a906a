import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newStage, problemsFrom, toDraft, toInput } from './settings-draft.ts';
import type { Settings } from './portfolio-types.ts';

const defaults: Settings = {
  axes: { x: { name: 'Usage X' }, y: { name: 'Usage Y' } },
  stages: [
    { key: 'onboarding', label: 'Onboarding' }, { key: 'adoption', label: 'Adoption' },
    { key: 'expansion', label: 'Expansion' }, { key: 'advocacy', label: 'Advocacy' },
  ],
  contactGoal: 100,
};

test('renamed stages keep their keys, new ones are sent without one', () => {
  const d = toDraft(defaults);
  d.x = ' Customer ledger ';
  d.y = 'Reservations';
  d.stages[1]!.label = 'Getting value';
  d.stages.push(newStage('Renewal'));
  d.goal = '1,200';
  const r = toInput(d);
  assert.ok(r.ok);
  assert.deepEqual(r.input, {
    axes: { x: { name: 'Customer ledger' }, y: { name: 'Reservations' } },
    stages: [
      { key: 'onboarding', label: 'Onboarding' }, { key: 'adoption', label: 'Getting value' },
      { key: 'expansion', label: 'Expansion' }, { key: 'advocacy', label: 'Advocacy' }, { label: 'Renewal' },
    ],
    contactGoal: 1200,
  });
});

test('every problem is found at once, named like the server names its fields', () => {
  const d = toDraft(defaults);
  d.x = '';
  d.stages[2]!.label = 'onboarding';
  d.goal = '0';
  const r = toInput(d);
  assert.ok(!r.ok);
  assert.deepEqual([...r.problems.keys()].sort(), ['axes.x.name', 'contactGoal', 'stages[2].label']);
});

test('there is at least one stage and at most eight', () => {
  const none = { ...toDraft(defaults), stages: [] };
  const r = toInput(none);
  assert.ok(!r.ok && r.problems.has('stages'));
  const nine = { ...toDraft(defaults), stages: Array.from({ length: 9 }, (_, i) => newStage(`S${i}`)) };
  const r9 = toInput(nine);
  assert.ok(!r9.ok && r9.problems.has('stages'));
});

test('the server’s field problems are kept by path, the first one of each', () => {
  const p = problemsFrom([
    { field: 'stages', code: 'in_use', message: '3 accounts are at adoption' },
    { field: 'stages', code: 'in_use', message: 'second' },
  ]);
  assert.equal(p.get('stages'), '3 accounts are at adoption');
});
