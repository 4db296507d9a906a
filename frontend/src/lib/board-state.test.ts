import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyEvent, fromSnapshot, ideasIn, type BoardData } from './board-state.ts';
import type { Idea, Snapshot } from './types.ts';

function idea(id: number, column: Idea['column'], text: string, position = id): Idea {
  return {
    id, column, text, authorId: 1, authorName: 'Ken', source: 'participant', position,
    createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z',
  };
}

function board(seq = 5): BoardData {
  const snap: Snapshot = {
    workshop: {
      id: 7, accountId: 3, accountName: 'Acme', title: 'W', joinCode: 'K7QMW2RX', joinUrl: 'http://x/join/K7QMW2RX',
      phase: 'current', settings: { anonymous: false, voteBudget: 3, voteCap: 3, hiddenUntilReveal: true },
      createdAt: '', updatedAt: '',
    },
    participants: [],
    ideas: [idea(2, 'current', 'b'), idea(1, 'current', 'a')],
    votes: [],
    timer: null,
    you: { role: 'participant', participantId: 1, userId: null, name: 'Ken' },
  };
  return fromSnapshot(snap, seq);
}

test('snapshot ideas are ordered by position', () => {
  assert.deepEqual(ideasIn(board(), 'current').map((i) => i.text), ['a', 'b']);
});

test('the next event is applied and advances seq', () => {
  const out = applyEvent(board(5), { seq: 6, event: 'idea.added', data: { idea: idea(3, 'current', 'c') } });
  assert.equal(out.kind, 'applied');
  if (out.kind !== 'applied') return;
  assert.equal(out.board.seq, 6);
  assert.deepEqual(ideasIn(out.board, 'current').map((i) => i.text), ['a', 'b', 'c']);
});

test('an event at or below the current seq is ignored', () => {
  assert.equal(applyEvent(board(5), { seq: 5, event: 'idea.deleted', data: { ideaId: 1 } }).kind, 'stale');
  assert.equal(applyEvent(board(5), { seq: 2, event: 'idea.deleted', data: { ideaId: 1 } }).kind, 'stale');
});

test('a skipped seq is reported as a gap', () => {
  assert.deepEqual(applyEvent(board(5), { seq: 8, event: 'phase.changed', data: { phase: 'ideal' } }), {
    kind: 'gap', expected: 6, got: 8,
  });
});

test('edit replaces, delete removes, phase changes', () => {
  let b = board(5);
  const steps = [
    { seq: 6, event: 'idea.edited', data: { idea: { ...idea(1, 'current', 'a2') } } },
    { seq: 7, event: 'idea.deleted', data: { ideaId: 2 } },
    { seq: 8, event: 'phase.changed', data: { phase: 'ideal' } },
    { seq: 9, event: 'timer.started', data: { seconds: 60 } },
  ];
  for (const s of steps) {
    const out = applyEvent(b, s);
    assert.equal(out.kind, 'applied');
    if (out.kind === 'applied') b = out.board;
  }
  assert.equal(b.seq, 9);
  assert.deepEqual(b.ideas.map((i) => i.text), ['a2']);
  assert.equal(b.workshop.phase, 'ideal');
});
