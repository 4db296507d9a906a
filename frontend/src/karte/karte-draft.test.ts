import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  answeredCount,
  answerProblems,
  checklistProblems,
  emptyRow,
  moveRow,
  problemsByItem,
  toItems,
  toRows,
  toSubmission,
} from './karte-draft.ts';

test('a checklist item needs its challenge; team and action are optional but bounded', () => {
  const rows = [
    { text: 'Invoices typed by hand', team: 'Onboarding', action: 'Set up OCR' },
    { text: '  ', team: '', action: '' },
    { text: 'x'.repeat(201), team: 't'.repeat(101), action: '' },
  ];
  const p = checklistProblems(rows);
  assert.equal(p.rows.has(0), false);
  assert.deepEqual(p.rows.get(1), { text: 'required' });
  assert.deepEqual(p.rows.get(2), { text: 'too_long', team: 'too_long' });
  assert.equal(p.tooMany, false);
  assert.equal(checklistProblems(Array.from({ length: 51 }, () => ({ text: 'a', team: '', action: '' }))).tooMany, true);
});

test('rows keep their keys while they move, and are saved trimmed in order', () => {
  const rows = toRows([{ id: 1, text: ' a ', team: ' T ', action: '' }, { id: 2, text: 'b', team: '', action: 'do' }]);
  rows.push(emptyRow());
  assert.equal(new Set(rows.map((r) => r.key)).size, 3);
  const moved = moveRow(rows, 1, -1);
  assert.deepEqual(moved.map((r) => r.text), ['b', ' a ', '']);
  assert.equal(moveRow(rows, 0, -1), rows, 'the first row cannot go up');
  assert.equal(moveRow(rows, 2, 1), rows, 'the last row cannot go down');
  assert.deepEqual(toItems(moved.slice(0, 2)), [{ text: 'b', team: '', action: 'do' }, { text: 'a', team: 'T', action: '' }]);
});

test('every item needs an answer before sending, and a note stays within 280 characters', () => {
  const ids = [3, 4, 5];
  const answers = { 3: { applies: true, note: '' }, 4: { applies: null, note: 'hmm' }, 5: { applies: false, note: 'n'.repeat(281) } };
  assert.deepEqual([...answerProblems(ids, answers)], [[4, 'required'], [5, 'too_long']]);
  assert.equal(answeredCount(ids, answers), 2);
  assert.deepEqual([...answerProblems([6], {})], [[6, 'required']]);
});

test('the submission lists every item in order, with a note only where one was written', () => {
  const answers = { 3: { applies: true, note: ' weekly ' }, 4: { applies: false, note: '  ' } };
  assert.deepEqual(toSubmission([3, 4], answers), [
    { itemId: 3, applies: true, note: 'weekly' },
    { itemId: 4, applies: false },
  ]);
});

test('the server’s refusals land on the item of the answer they name', () => {
  const sent = [{ itemId: 3, applies: true }, { itemId: 9, applies: false, note: 'x' }];
  const fields = [
    { field: 'answers[1].note', code: 'too_long', message: 'note is too long' },
    { field: 'answers[0].itemId', code: 'not_found', message: 'no such item' },
    { field: 'answers', code: 'required', message: 'answers are required' },
    { field: 'answers[7].applies', code: 'required', message: 'out of range' },
  ];
  assert.deepEqual([...problemsByItem(fields, sent)], [[9, 'too_long'], [3, 'required']]);
});
