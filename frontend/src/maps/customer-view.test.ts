import { test } from 'node:test';
import assert from 'node:assert/strict';
import { customerView, printPath, printViewOf } from './customer-view.ts';
import type { SuccessMap } from './maps-types.ts';

const team: SuccessMap = {
  id: 4, accountId: 2, accountName: 'Acme', title: 'Plan', sourceWorkshopId: 9, templateId: 3, templateVersion: 2,
  statements: [{ text: 'One truth', votes: 3 }],
  challenges: [{ text: 'Reports by hand', johari: 'blind', offeringIds: [10] }],
  actions: [{ text: 'Pilot', owner: 'Sato', team: 'Finance', due: '2027-01-31', status: 'doing' }],
  offerings: [{
    id: 10, name: 'Analytics', kind: 'addon', monthlyPrice: 120050, currency: 'USD', tier: 'Gold', description: 'Dashboards',
    archived: false, caseStudies: [{ id: 1, customer: 'Izakaya Co', summary: 'Saw waste', outcome: 'Cut 12%' }],
    createdAt: '', updatedAt: '',
  }],
  expansion: [{ amount: 120050, currency: 'USD' }],
  progress: { done: 0, total: 1, share: 0 },
  createdAt: '2027-01-01T00:00:00Z', updatedAt: '2027-01-02T00:00:00Z',
};

test("the customer's view keeps the plan and the offerings as benefits", () => {
  assert.deepEqual(customerView(team), {
    view: 'customer', id: 4, accountName: 'Acme', title: 'Plan',
    statements: [{ text: 'One truth', votes: 3 }],
    challenges: [{ text: 'Reports by hand', offeringIds: [10] }],
    actions: [{ text: 'Pilot', owner: 'Sato', team: 'Finance', due: '2027-01-31', status: 'doing' }],
    offerings: [{
      id: 10, name: 'Analytics', kind: 'addon', description: 'Dashboards',
      caseStudies: [{ id: 1, customer: 'Izakaya Co', summary: 'Saw waste', outcome: 'Cut 12%' }],
    }],
    progress: { done: 0, total: 1, share: 0 },
    completed: [],
    updatedAt: '2027-01-02T00:00:00Z',
  });
});

test('completed steps are kept with when they were done, newest first, to celebrate', () => {
  const v = customerView({
    actions: [
      { text: 'Pilot', status: 'done', completedAt: '2027-02-01T09:00:00Z' },
      { text: 'Train', status: 'doing', completedAt: '2027-02-03T09:00:00Z' },
      { text: 'Launch', status: 'done', completedAt: '2027-02-05T09:00:00Z' },
    ],
  });
  assert.deepEqual(v.actions.map((a) => a.completedAt), ['2027-02-01T09:00:00Z', undefined, '2027-02-05T09:00:00Z']);
  assert.deepEqual(v.completed, [
    { text: 'Launch', completedAt: '2027-02-05T09:00:00Z' },
    { text: 'Pilot', completedAt: '2027-02-01T09:00:00Z' },
  ]);
  // The server's own list wins; entries without a time are left out.
  const listed = customerView({ completed: [{ text: 'Pilot', completedAt: '2027-02-01T09:00:00Z' }, { text: 'Odd' }, 'x'] });
  assert.deepEqual(listed.completed, [{ text: 'Pilot', completedAt: '2027-02-01T09:00:00Z' }]);
});

test('nothing of the vendor’s business survives, even from the team’s full map', () => {
  const text = JSON.stringify(customerView(team));
  for (const leak of ['monthlyPrice', '120050', 'USD', 'currency', 'expansion', 'johari', 'blind', 'Gold', 'tier', 'templateVersion', 'sourceWorkshopId']) {
    assert.ok(!text.includes(leak), leak);
  }
});

test('missing or odd parts become empty instead of breaking the page', () => {
  const v = customerView({ view: 'customer', id: 1, title: 'Bare', actions: [{ text: 'Call', status: 'weird' }, null], offerings: [{ id: 2, name: 'X' }] });
  assert.equal(v.accountName, '');
  assert.deepEqual(v.statements, []);
  assert.deepEqual(v.challenges, []);
  assert.deepEqual(v.actions, [
    { text: 'Call', owner: '', team: '', due: '', status: 'todo' },
    { text: '', owner: '', team: '', due: '', status: 'todo' },
  ]);
  assert.deepEqual(v.offerings, [{ id: 2, name: 'X', kind: 'service', description: '', caseStudies: [] }]);
  assert.deepEqual(v.progress, { done: 0, total: 2, share: 0 }, 'progress counted from the steps when missing');
  assert.deepEqual(customerView(null).actions, []);
  assert.deepEqual(customerView({ challenges: [{ text: 'a', offeringIds: null }] }).challenges, [{ text: 'a', offeringIds: [] }]);
});

test('print views: the customer’s unless the team’s is asked for', () => {
  assert.equal(printViewOf('?view=team'), 'team');
  assert.equal(printViewOf('?view=customer'), 'customer');
  assert.equal(printViewOf(''), 'customer');
  assert.equal(printViewOf('?view=everything'), 'customer');
  assert.equal(printPath(7, 'team'), '/maps/7/print?view=team');
  assert.equal(printPath(7, 'customer'), '/maps/7/print?view=customer');
});
