import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyEvent, fromSnapshot, ideasIn, joinUrlFor, membersOf, mergePresence, type BoardData } from './board-state.ts';
import type { Idea, Snapshot } from '../lib/types.ts';

function idea(id: number, column: Idea['column'], text: string, position = id): Idea {
  return {
    id, column, text, authorId: 1, authorName: 'Ken', authorRole: 'participant', groupId: null, source: 'participant',
    position, createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z',
  };
}

function snapshot(over: Partial<Snapshot> = {}): Snapshot {
  return {
    workshop: {
      id: 7, accountId: 3, accountName: 'Acme', title: 'W', joinCode: 'K7QMW2RX', joinUrl: 'http://x/join/K7QMW2RX', joinLocked: false,
      phase: 'current', settings: { anonymous: false, voteBudget: 3, voteCap: 3, hiddenUntilReveal: true },
      createdAt: '', updatedAt: '',
    },
    participants: [{ id: 1, name: 'Ken', layer: 'executive' }],
    ideas: [idea(2, 'current', 'b'), idea(1, 'current', 'a')],
    votes: { mine: [], results: [], revealed: { ideal: false, first_steps: false } },
    timer: { running: false, endsAt: null, remainingMs: 0, durationMs: 0, serverNow: '2026-01-01T00:00:00Z' },
    you: { role: 'participant', participantId: 1, userId: null, name: 'Ken' },
    ...over,
  };
}

function board(seq = 5, over: Partial<Snapshot> = {}): BoardData {
  return fromSnapshot(snapshot(over), seq);
}

function apply(b: BoardData, ...steps: { event: string; data: unknown }[]): BoardData {
  for (const s of steps) {
    const out = applyEvent(b, { seq: b.seq + 1, ...s });
    assert.equal(out.kind, 'applied');
    if (out.kind === 'applied') b = out.board;
  }
  return b;
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

test('a skipped seq is applied: hidden votes of others never reach this viewer', () => {
  const out = applyEvent(board(5), { seq: 8, event: 'phase.changed', data: { phase: 'ideal' } });
  assert.equal(out.kind, 'applied');
  if (out.kind === 'applied') assert.equal(out.board.seq, 8);
});

test('edit replaces, delete removes, phase changes', () => {
  const b = apply(
    board(5),
    { event: 'idea.edited', data: { idea: idea(1, 'current', 'a2') } },
    { event: 'idea.deleted', data: { ideaId: 2, ungrouped: [] } },
    { event: 'phase.changed', data: { phase: 'ideal' } },
    { event: 'something.new', data: { seconds: 60 } },
  );
  assert.equal(b.seq, 9);
  assert.deepEqual(b.ideas.map((i) => i.text), ['a2']);
  assert.equal(b.workshop.phase, 'ideal');
});

test('grouping nests members under the group; deleting the group ungroups them', () => {
  const group = { ...idea(9, 'current', 'Both'), source: 'group' as const, authorId: null, authorRole: 'facilitator' as const };
  let b = apply(board(), { event: 'idea.grouped', data: { group, memberIds: [1, 2] } });
  assert.deepEqual(ideasIn(b, 'current').map((i) => i.text), ['Both']);
  assert.deepEqual(membersOf(b, 9).map((i) => i.text), ['a', 'b']);
  b = apply(b, { event: 'idea.deleted', data: { ideaId: 9, ungrouped: [1, 2] } });
  assert.deepEqual(ideasIn(b, 'current').map((i) => i.text), ['a', 'b']);
});

test('own counts and visible totals follow vote events; a deleted idea takes its votes along', () => {
  let b = apply(
    board(),
    { event: 'vote.cast', data: { ideaId: 1, count: 1 } },
    { event: 'vote.cast', data: { ideaId: 1, count: 2 } },
    { event: 'vote.cast', data: { ideaId: 2, total: 4, byLayer: { executive: 3, frontline: 1 } } },
  );
  assert.deepEqual(b.votes.mine, { 1: 2 });
  assert.deepEqual(b.votes.totals[2], { total: 4, byLayer: { executive: 3, manager: 0, frontline: 1, other: 0 } });
  b = apply(b, { event: 'vote.retracted', data: { ideaId: 1, count: 0 } }, { event: 'idea.deleted', data: { ideaId: 2 } });
  assert.deepEqual(b.votes.mine, {});
  assert.equal(b.votes.totals[2], undefined);
});

test('a reveal makes the column public and seeds its totals', () => {
  const results = {
    column: 'ideal', revealed: true,
    items: [{ ideaId: 1, text: 'a', source: 'participant', rank: 1, total: 2, byLayer: { executive: 2 }, consensus: { score: 1, label: 'agreed' } }],
  };
  const b = apply(board(), { event: 'votes.revealed', data: { column: 'ideal', results } });
  assert.equal(b.votes.revealed.ideal, true);
  assert.equal(b.votes.revealed.first_steps, false);
  assert.equal(b.votes.totals[1]?.total, 2);
});

test('a kick drops the participant, and presence does not bring them back', () => {
  let b = mergePresence(board(), { online: [{ id: 1, name: 'Ken', layer: 'executive' }, { id: 4, name: 'Mika', layer: 'frontline' }], facilitators: 1, count: 2 });
  assert.deepEqual(b.participants.map((p) => p.id), [1, 4]);
  b = apply(b, { event: 'participant.kicked', data: { participantId: 4 } });
  assert.deepEqual(b.participants.map((p) => p.id), [1]);
  assert.equal(b.removed, false);
  b = mergePresence(b, { online: [{ id: 4, name: 'Mika', layer: 'frontline' }], facilitators: 1, count: 1 });
  assert.deepEqual(b.participants.map((p) => p.id), [1]);
  b = apply(b, { event: 'participant.kicked', data: { participantId: 1 } });
  assert.equal(b.removed, true, 'the viewer itself was removed');
});

test('a timer event is read with the clock offset at arrival', () => {
  const b = board();
  const out = applyEvent(
    b,
    {
      seq: 6, event: 'timer.changed',
      data: { timer: { running: true, endsAt: '2026-01-01T00:05:00Z', remainingMs: 300000, durationMs: 300000, serverNow: '2026-01-01T00:00:00Z' } },
    },
    Date.parse('2026-01-01T00:00:02Z'),
  );
  assert.equal(out.kind, 'applied');
  if (out.kind !== 'applied') return;
  assert.equal(out.board.timer.running, true);
  assert.equal(out.board.timer.offsetMs, -2000);
});

test('locking joining keeps the code and link; reopening opens the door again', () => {
  let b = apply(board(), { event: 'join.changed', data: { joinCode: 'K7QMW2RX', joinLocked: true } });
  assert.equal(b.workshop.joinLocked, true);
  assert.equal(b.workshop.joinCode, 'K7QMW2RX');
  assert.equal(b.workshop.joinUrl, 'http://x/join/K7QMW2RX');
  b = apply(b, { event: 'join.changed', data: { joinCode: 'K7QMW2RX', joinLocked: false } });
  assert.equal(b.workshop.joinLocked, false);
  assert.equal(b.seq, 7);
});

test('a new code replaces the code at the end of the join link and keeps the lock as sent', () => {
  const b = apply(board(), { event: 'join.changed', data: { joinCode: 'ZX9P4HTA', joinLocked: true } });
  assert.equal(b.workshop.joinCode, 'ZX9P4HTA');
  assert.equal(b.workshop.joinUrl, 'http://x/join/ZX9P4HTA');
  assert.equal(b.workshop.joinLocked, true);
  // The rest of the workshop is untouched.
  assert.equal(b.workshop.title, 'W');
  assert.equal(b.workshop.phase, 'current');
});

test('a malformed join.changed still advances seq but changes nothing', () => {
  const before = board();
  for (const data of [null, {}, { joinCode: '', joinLocked: true }, { joinCode: 'ZX9P4HTA' }, { joinCode: 7, joinLocked: false }]) {
    const b = apply(before, { event: 'join.changed', data });
    assert.equal(b.seq, 6);
    assert.deepEqual(b.workshop, before.workshop);
  }
});

test('a snapshot without joinLocked (an older server) reads as open', () => {
  const ws = { ...snapshot().workshop } as Partial<Snapshot['workshop']>;
  delete ws.joinLocked;
  const b = fromSnapshot(snapshot({ workshop: ws as Snapshot['workshop'] }), 1);
  assert.equal(b.workshop.joinLocked, false);
  assert.equal(board(1, { workshop: { ...snapshot().workshop, joinLocked: true } }).workshop.joinLocked, true);
});

test('the join link for a new code follows the old link, else this page’s origin', () => {
  assert.equal(joinUrlFor('https://kizuki.example/join/K7QMW2RX', 'ZX9P4HTA'), 'https://kizuki.example/join/ZX9P4HTA');
  assert.equal(joinUrlFor('http://10.0.0.5:8080/app/join/OLD', 'NEW23456'), 'http://10.0.0.5:8080/app/join/NEW23456');
  // No page in plain Node: a path on the same origin.
  assert.equal(joinUrlFor('', 'NEW23456'), '/join/NEW23456');
});

// The round's voters travel with the totals (docs/api.md, Consensus).
const L = (executive = 0, manager = 0, frontline = 0, other = 0) => ({ executive, manager, frontline, other });

function votingBoard(): BoardData {
  return board(5, {
    workshop: { ...snapshot().workshop, phase: 'vote_ideal' },
    ideas: [idea(1, 'ideal', 'a'), idea(2, 'ideal', 'b'), idea(3, 'first_steps', 'c')],
    you: { role: 'facilitator', participantId: null, userId: 1, name: 'Aiko' },
    votes: {
      mine: [],
      results: [
        { column: 'ideal', revealed: false, voters: L(1, 0, 2), items: [
          { ideaId: 1, text: 'a', source: 'participant', rank: 1, total: 3, byLayer: L(1, 0, 2), consensus: { score: 1, label: 'agreed' } },
          { ideaId: 2, text: 'b', source: 'participant', rank: 2, total: 0, byLayer: L(), consensus: { score: 0, label: 'no_votes' } },
        ] },
        { column: 'first_steps', revealed: false, voters: L(), items: [
          { ideaId: 3, text: 'c', source: 'participant', rank: 1, total: 0, byLayer: L(), consensus: { score: 0, label: 'no_votes' } },
        ] },
      ],
      revealed: { ideal: false, first_steps: false },
    },
  });
}

test('a snapshot seeds each column’s voters', () => {
  const b = votingBoard();
  assert.deepEqual(b.votes.voters.ideal, L(1, 0, 2));
  assert.deepEqual(b.votes.voters.first_steps, L());
  assert.deepEqual(board().votes.voters, {}, 'no visible totals, no voters');
});

test('a vote event’s voters replace those of the voted idea’s column', () => {
  const b = apply(votingBoard(), {
    event: 'vote.cast',
    data: { ideaId: 2, total: 1, byLayer: { manager: 1 }, voters: { executive: 1, manager: 1, frontline: 2, other: 0 } },
  });
  assert.deepEqual(b.votes.voters.ideal, L(1, 1, 2));
  assert.deepEqual(b.votes.voters.first_steps, L(), 'the other column is untouched');
  assert.deepEqual(b.votes.totals[2], { total: 1, byLayer: L(0, 1) });
  // A hidden vote seen only by its voter carries no voters: nothing changes.
  const own = apply(b, { event: 'vote.retracted', data: { ideaId: 2, count: 0 } });
  assert.deepEqual(own.votes.voters.ideal, L(1, 1, 2));
});

test('a reveal seeds the column’s voters', () => {
  const b = apply(board(), {
    event: 'votes.revealed',
    data: { column: 'ideal', results: { column: 'ideal', revealed: true, voters: { frontline: 3 }, items: [] } },
  });
  assert.deepEqual(b.votes.voters.ideal, L(0, 0, 3));
});

test('removing a participant with their votes applies the results the event carries', () => {
  const b = apply(votingBoard(), {
    event: 'participant.kicked',
    data: {
      participantId: 1, votesRemoved: true,
      results: [{ column: 'ideal', revealed: false, voters: L(0, 0, 2), items: [
        { ideaId: 1, text: 'a', source: 'participant', rank: 1, total: 2, byLayer: L(0, 0, 2), consensus: { score: 1, label: 'agreed' } },
        { ideaId: 2, text: 'b', source: 'participant', rank: 2, total: 0, byLayer: L(), consensus: { score: 0, label: 'no_votes' } },
      ] }],
    },
  });
  assert.deepEqual(b.votes.voters.ideal, L(0, 0, 2));
  assert.deepEqual(b.votes.totals[1], { total: 2, byLayer: L(0, 0, 2) });
  assert.deepEqual(b.votes.voters.first_steps, L(), 'columns not in the event stay');
  // Votes kept: the totals stand as they were.
  const kept = apply(votingBoard(), { event: 'participant.kicked', data: { participantId: 1, votesRemoved: false } });
  assert.deepEqual(kept.votes.totals[1], { total: 3, byLayer: L(1, 0, 2) });
});

test('a phase change that cleared the timer clears it here; one without a timer keeps it', () => {
  const running = {
    seq: 6, event: 'timer.changed',
    data: { timer: { running: true, endsAt: '2026-01-01T00:05:00Z', remainingMs: 300000, durationMs: 300000, serverNow: '2026-01-01T00:00:00Z' } },
  };
  const out = applyEvent(board(), running);
  assert.equal(out.kind, 'applied');
  if (out.kind !== 'applied') return;
  const kept = apply(out.board, { event: 'phase.changed', data: { phase: 'ideal' } });
  assert.equal(kept.timer.running, true);
  const cleared = apply(out.board, {
    event: 'phase.changed',
    data: { phase: 'ideal', timer: { running: false, endsAt: null, remainingMs: 0, durationMs: 0, serverNow: '2026-01-01T00:00:01Z' } },
  });
  assert.equal(cleared.workshop.phase, 'ideal');
  assert.equal(cleared.timer.running, false);
  assert.equal(cleared.timer.durationMs, 0, 'no timer is shown');
  // timer.clear: a timer.changed with an empty timer.
  const gone = apply(out.board, {
    event: 'timer.changed', data: { timer: { running: false, endsAt: null, remainingMs: 0, durationMs: 0, serverNow: '2026-01-01T00:00:01Z' } },
  });
  assert.equal(gone.timer.durationMs, 0);
});

test('settings.changed updates the title and settings', () => {
  const b = apply(board(), {
    event: 'settings.changed',
    data: { title: 'FY28', settings: { anonymous: true, voteBudget: 5, voteCap: 2, hiddenUntilReveal: false } },
  });
  assert.equal(b.workshop.title, 'FY28');
  assert.deepEqual(b.workshop.settings, { anonymous: true, voteBudget: 5, voteCap: 2, hiddenUntilReveal: false });
  const bad = apply(board(), { event: 'settings.changed', data: { title: 'X', settings: { anonymous: 'yes' } } });
  assert.equal(bad.workshop.title, 'W', 'a malformed change is ignored');
});

const story = {
  id: 4, title: 'From paper to one ledger', quote: 'We stopped retyping.', outcome: 'Month-end in 2 days',
  industry: 'Retail', sizeBand: '51-200', customer: 'Acme', anonymized: false,
  ideal: [{ text: 'One ledger', votes: 3 }, 'Close in a day'], offerings: [{ id: 9, name: 'Ledger Pro' }, { bad: true }],
};

test('a snapshot without a story shows none; one with a story shows it, read defensively', () => {
  assert.equal(board().story, null);
  const b = board(5, { story: story as never });
  assert.equal(b.story?.id, 4);
  assert.deepEqual(b.story?.ideal, ['One ledger', 'Close in a day']);
  assert.deepEqual(b.story?.offerings, [{ id: 9, name: 'Ledger Pro' }]);
  assert.equal(b.story?.customer, 'Acme');
});

test('story.shown puts the story on the board, story.hidden takes it off, and both advance seq', () => {
  const shown = apply(board(), { event: 'story.shown', data: { story } });
  assert.equal(shown.story?.title, 'From paper to one ledger');
  assert.equal(shown.seq, 6);
  const other = apply(shown, { event: 'story.shown', data: { story: { ...story, id: 5, title: 'Second' } } });
  assert.equal(other.story?.id, 5);
  const hidden = apply(other, { event: 'story.hidden', data: {} });
  assert.equal(hidden.story, null);
  assert.equal(hidden.seq, 8);
});

test('an anonymized story never shows an account name, and a malformed story.shown changes nothing', () => {
  const anon = apply(board(), { event: 'story.shown', data: { story: { ...story, anonymized: true } } });
  assert.equal(anon.story?.customer, '');
  const same = apply(anon, { event: 'story.shown', data: { story: { title: 'no id' } } });
  assert.equal(same.story?.id, 4);
  assert.equal(same.seq, 7);
});
