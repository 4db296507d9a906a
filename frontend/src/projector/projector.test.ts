import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fromSnapshot } from '../board/board-state.ts';
import type { Idea, Phase, Presence, Snapshot } from '../lib/types.ts';
import { IDEAS_PER_PAGE, pageCount, projectedIdeas, turnout } from './projector.ts';

function idea(id: number, column: Idea['column'], groupId: number | null = null): Idea {
  return {
    id, column, text: `idea ${id}`, authorId: null, authorName: '', authorRole: 'participant', groupId,
    source: 'participant', position: id, createdAt: '', updatedAt: '',
  };
}

function snap(phase: Phase, ideas: Idea[], voters?: Snapshot['votes']['results'][number]['voters']): Snapshot {
  return {
    workshop: {
      id: 1, accountId: 1, accountName: 'A', title: 'W', joinCode: 'X', joinUrl: '', joinLocked: false, phase,
      settings: { anonymous: false, voteBudget: 3, voteCap: 3, hiddenUntilReveal: true }, createdAt: '', updatedAt: '',
    },
    participants: [],
    ideas,
    votes: {
      mine: [],
      results: voters ? [{ column: 'ideal', revealed: false, voters, items: [] }] : [],
      revealed: { ideal: false, first_steps: false },
    },
    timer: { running: false, endsAt: null, remainingMs: 0, durationMs: 0, serverNow: '' },
    you: { role: 'facilitator', participantId: null, userId: 1, name: 'F' },
  };
}

const seventeen = Array.from({ length: 17 }, (_, i) => idea(i + 1, 'ideal'));

test('17 ideas take two pages of 12: every idea is shown, page by page', () => {
  const b = fromSnapshot(snap('ideal', [...seventeen, idea(99, 'current'), idea(50, 'ideal', 3)]), 1);
  const first = projectedIdeas(b, 0);
  assert.equal(IDEAS_PER_PAGE, 12);
  assert.deepEqual(first && { n: first.ideas.length, total: first.total, page: first.page, pages: first.pages }, { n: 12, total: 17, page: 0, pages: 2 });
  assert.deepEqual(first?.ideas.map((i) => i.id), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], 'board order; grouped members and other columns left out');
  const second = projectedIdeas(b, 1);
  assert.deepEqual(second?.ideas.map((i) => i.id), [13, 14, 15, 16, 17]);
  assert.equal(projectedIdeas(b, 2)?.page, 0, 'turning past the last page starts again');
  assert.equal(projectedIdeas(b, -1)?.page, 1);
});

test('a few ideas fit one page; outside a writing phase there are none', () => {
  const b = fromSnapshot(snap('ideal', seventeen.slice(0, 5)), 1);
  assert.deepEqual(projectedIdeas(b, 3) && { n: projectedIdeas(b, 3)!.ideas.length, pages: projectedIdeas(b, 3)!.pages }, { n: 5, pages: 1 });
  assert.equal(projectedIdeas(fromSnapshot(snap('vote_ideal', seventeen), 1)), null);
  assert.equal(pageCount(0), 1);
  assert.equal(pageCount(12), 1);
  assert.equal(pageCount(13), 2);
  assert.equal(pageCount(25), 3);
});

function presence(count: number): Presence {
  return { online: [], facilitators: 1, count };
}

test('turnout: the round’s voters of every layer, out of the participants online', () => {
  const b = fromSnapshot(snap('vote_ideal', seventeen, { executive: 1, manager: 2, frontline: 0, other: 1 }), 1);
  assert.deepEqual(turnout(b, presence(6)), { voted: 4, of: 6 });
  // Someone who voted and left still voted: never "5 of 4".
  assert.deepEqual(turnout(b, presence(3)), { voted: 4, of: 4 });
  assert.equal(turnout(b, null), null, 'unknown until presence arrives');
  assert.equal(turnout(fromSnapshot(snap('ideal', seventeen, { executive: 1, manager: 0, frontline: 0, other: 0 }), 1), presence(3)), null, 'not a vote');
  assert.equal(turnout(fromSnapshot(snap('vote_ideal', seventeen), 1), presence(3)), null, 'voters not known');
});
