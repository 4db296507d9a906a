import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fromSnapshot } from '../board/board-state.ts';
import type { Idea, Layer, Snapshot } from '../lib/types.ts';
import { columnResults, consensusOf, totalsVisible, voterCount, votesUsed } from './results.ts';

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

// Hand-computed fixtures for consensus by the round's voters (docs/api.md, Consensus):
// a layer's support = its votes on the item / its voters in the round; score = weakest / strongest.
test('consensus divides by the round’s voters, not by everyone in the workshop', () => {
  // The reported bug: one executive, one manager and one frontline person voted 1 each on an idea.
  // The workshop also holds a second manager and three more frontline people who did not vote.
  // Dividing by everyone: exec 1/1 = 1, manager 1/2 = 0.5, frontline 1/4 = 0.25 → 0.25 / 1 = 0.25 "split".
  assert.deepEqual(consensusOf(layers(1, 1, 1), layers(1, 2, 4)), { score: 0.25, label: 'split' }, 'the old denominators');
  // Dividing by the voters: 1/1 for every layer → 1 "agreed".
  assert.deepEqual(consensusOf(layers(1, 1, 1), layers(1, 1, 1)), { score: 1, label: 'agreed' });
});

test('consensus by voters: hand-computed scores and labels', () => {
  // Voters: 2 executives, 1 manager, 3 frontline, nobody from "other".
  const voters = layers(2, 1, 3, 0);
  // exec 2/2 = 1, manager 1/1 = 1, frontline 2/3 ≈ 0.667 → 0.667 / 1: exactly ⅔ is agreed, shown 0.67.
  assert.deepEqual(consensusOf(layers(2, 1, 2), voters), { score: 0.67, label: 'agreed' });
  // exec 1/2 = 0.5, manager 1/1 = 1, frontline 3/3 = 1 → 0.5 "mixed".
  assert.deepEqual(consensusOf(layers(1, 1, 3), voters), { score: 0.5, label: 'mixed' });
  // exec 2/2 = 1, manager 1/1 = 1, frontline 1/3 ≈ 0.333 → exactly ⅓ is still mixed, shown 0.33.
  assert.deepEqual(consensusOf(layers(2, 1, 1), voters), { score: 0.33, label: 'mixed' });
  // exec 1/2 = 0.5, manager 0/1 = 0, frontline 3/3 = 1 → 0 "split": the manager gave it nothing.
  assert.deepEqual(consensusOf(layers(1, 0, 3), voters), { score: 0, label: 'split' });
  // exec 1/2 = 0.5, manager 1/1 = 1, frontline 1/3 ≈ 0.333 → 0.333 / 1 → "mixed"; and 0.5 / 2 below ⅓ → split.
  assert.deepEqual(consensusOf(layers(1, 1, 1), voters), { score: 0.33, label: 'mixed' });
  assert.deepEqual(consensusOf(layers(1, 4, 3), layers(2, 2, 3)), { score: 0.25, label: 'split' });
  // No votes on the item → no_votes, whatever the voters.
  assert.deepEqual(consensusOf(layers(), voters), { score: 0, label: 'no_votes' });
  // Only one layer voted in the round: it agrees with itself.
  assert.deepEqual(consensusOf(layers(0, 0, 2), layers(0, 0, 4)), { score: 1, label: 'agreed' });
});

test('results use the voters the server sent for the column', () => {
  const s = snap('facilitator');
  // Everyone in the workshop: 1 executive, 1 frontline. Voters of the round: the executive only.
  s.votes.results = [{
    column: 'ideal', revealed: false, voters: layers(1, 0, 0),
    items: [
      { ideaId: 11, text: '', source: 'participant', rank: 1, total: 1, byLayer: layers(1), consensus: { score: 1, label: 'agreed' } },
    ],
  }];
  const b = fromSnapshot(s, 1);
  assert.equal(voterCount(b, 'ideal'), 1);
  assert.equal(voterCount(b, 'first_steps'), null, 'unknown until the server says');
  const items = columnResults(b, 'ideal');
  assert.deepEqual(items.map((i) => [i.ideaId, i.consensus.label, i.consensus.score]), [
    [11, 'agreed', 1],
    [10, 'no_votes', 0],
    [12, 'no_votes', 0],
  ]);
});
