import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fromSnapshot } from '../lib/board-state.ts';
import type { Idea, Layer, Snapshot } from '../lib/types.ts';
import { columnResults, consensusOf, totalsVisible, votesUsed } from './results.ts';

const layers = (executive = 0, manager = 0, frontline = 0, other = 0): Record<Layer, number> => ({ executive, manager, frontline, other });

function idea(id: number, column: Idea['column'], groupId: number | null = null): Idea {
  return {
    id, column, text: `idea ${id}`, authorId: null, authorName: '', authorRole: 'participant', groupId,
    source: 'participant', position: id, createdAt: '', updatedAt: '',
  };
}

function snap(role: 'facilitator' | 'participant'): Snapshot {
  return {
    workshop: {
      id: 1, accountId: 1, accountName: 'A', title: 'W', joinCode: 'X', joinUrl: '', joinLocked: false, phase: 'vote_ideal',
      settings: { anonymous: false, voteBudget: 3, voteCap: 3, hiddenUntilReveal: true }, createdAt: '', updatedAt: '',
    },
    participants: [
      { id: 1, name: 'E', layer: 'executive' },
      { id: 2, name: 'F', layer: 'frontline' },
    ],
    ideas: [idea(10, 'ideal'), idea(11, 'ideal'), idea(12, 'ideal'), idea(13, 'ideal', 12), idea(20, 'current')],
    votes: {
      mine: role === 'participant' ? [{ ideaId: 10, count: 2 }, { ideaId: 20, count: 1 }] : [],
      results: role === 'facilitator'
        ? [{ column: 'ideal', revealed: false, items: [
            { ideaId: 11, text: '', source: 'participant', rank: 1, total: 2, byLayer: layers(1, 0, 1), consensus: { score: 1, label: 'agreed' } },
            { ideaId: 12, text: '', source: 'group', rank: 2, total: 1, byLayer: layers(1), consensus: { score: 0, label: 'split' } },
          ] }]
        : [],
      revealed: { ideal: false, first_steps: false },
    },
    timer: { running: false, endsAt: null, remainingMs: 0, durationMs: 0, serverNow: '' },
    you: role === 'facilitator'
      ? { role, participantId: null, userId: 1, name: 'F' }
      : { role, participantId: 1, userId: null, name: 'E' },
  };
}

test('consensus follows the server rules', () => {
  const members = layers(1, 0, 1);
  assert.deepEqual(consensusOf(layers(1, 0, 1), members), { score: 1, label: 'agreed' });
  assert.deepEqual(consensusOf(layers(1), members), { score: 0, label: 'split' }, 'the frontline gave it nothing');
  assert.deepEqual(consensusOf(layers(), members), { score: 0, label: 'no_votes' });
  assert.deepEqual(consensusOf(layers(2, 0, 1), members), { score: 0.5, label: 'mixed' });
  assert.deepEqual(consensusOf(layers(3, 0, 2), members), { score: 0.67, label: 'agreed' });
  assert.deepEqual(consensusOf(layers(4, 0, 0, 5), layers(2, 0, 0, 0)), { score: 1, label: 'agreed' }, 'layers with no members are ignored');
});

test('results rank the top-level items; ties share a rank', () => {
  const items = columnResults(fromSnapshot(snap('facilitator'), 1), 'ideal');
  assert.deepEqual(items.map((i) => [i.ideaId, i.rank, i.total, i.consensus.label]), [
    [11, 1, 2, 'agreed'],
    [12, 2, 1, 'split'],
    [10, 3, 0, 'no_votes'],
  ]);
});

test('participants count their own votes per column and see totals only once revealed', () => {
  const b = fromSnapshot(snap('participant'), 1);
  assert.equal(votesUsed(b, 'ideal'), 2);
  assert.equal(totalsVisible(b, 'ideal'), false);
  assert.equal(totalsVisible(fromSnapshot(snap('facilitator'), 1), 'ideal'), true);
  const revealed = { ...b, votes: { ...b.votes, revealed: { ideal: true, first_steps: false } } };
  assert.equal(totalsVisible(revealed, 'ideal'), true);
});
