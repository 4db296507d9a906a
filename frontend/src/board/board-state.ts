// Pure board state: built from a snapshot, advanced by events in seq order.
// Kept free of the socket and of Svelte so it can be unit-tested in plain Node. It folds in
// the timer and the votes, so it is board feature code and lives here, not in lib/.
import { IDLE_TIMER, timerFromPayload, type TimerState } from '../timer/clock.ts';
import { applyResults, applyReveal, applyVoteEvent, forgetIdea, votesFromSnapshot, type VoteState } from '../voting/tally.ts';
import {
  LAYERS,
  PHASES,
  VOTED_COLUMNS,
  type Column,
  type Idea,
  type JoinChange,
  type Layer,
  type ParticipantSummary,
  type Phase,
  type Presence,
  type SettingsChange,
  type Snapshot,
  type VotedColumn,
  type Workshop,
  type You,
} from '../lib/types.ts';
import { shownStoryOf } from '../stories/shown-story.ts';
import type { ShownStory } from '../stories/stories-types.ts';

/** Everything the board shows, as of event `seq`. */
export interface BoardData {
  seq: number;
  workshop: Workshop;
  /** Participants known to be in the workshop (not removed): the snapshot's plus those seen online since. */
  participants: ParticipantSummary[];
  ideas: Idea[];
  votes: VoteState;
  timer: TimerState;
  you: You;
  /** Participants removed by the facilitator since the snapshot, so presence never brings them back. */
  removedIds: number[];
  /** This viewer was removed from the workshop. */
  removed: boolean;
  /** The customer story shown to the room ("customers like you"), or null. */
  story: ShownStory | null;
}

/** A server `event` frame. */
export interface EventFrame {
  seq: number;
  event: string;
  data: unknown;
}

/** What applying an event did: a new board, or nothing because it was already seen. */
export type EventOutcome = { kind: 'applied'; board: BoardData } | { kind: 'stale' };

/** Builds the board from a snapshot taken at `seq`, received at local time `now`. */
export function fromSnapshot(snapshot: Snapshot, seq: number, now: number = Date.now()): BoardData {
  return {
    seq,
    // A server from before join locking leaves the field out: the door is open.
    workshop: { ...snapshot.workshop, joinLocked: snapshot.workshop.joinLocked === true },
    participants: snapshot.participants ?? [],
    ideas: sortIdeas(snapshot.ideas ?? []),
    votes: votesFromSnapshot(snapshot.votes),
    timer: snapshot.timer ? timerFromPayload(snapshot.timer, now) : IDLE_TIMER,
    you: snapshot.you,
    removedIds: [],
    removed: false,
    story: shownStoryOf(snapshot.story),
  };
}

/**
 * Applies an event newer than the board. Seqs may skip: events a viewer may not
 * see (others' hidden votes) are never sent to it, so a gap is not a loss.
 */
export function applyEvent(board: BoardData, frame: EventFrame, now: number = Date.now()): EventOutcome {
  if (frame.seq <= board.seq) return { kind: 'stale' };
  return { kind: 'applied', board: { ...reduce(board, frame.event, frame.data, now), seq: frame.seq } };
}

function reduce(board: BoardData, event: string, data: unknown, now: number): BoardData {
  switch (event) {
    case 'idea.added':
    case 'idea.edited': {
      const idea = ideaOf(record(data)?.idea);
      return idea ? { ...board, ideas: upsertIdea(board.ideas, idea) } : board;
    }
    case 'idea.deleted':
      return deleteIdea(board, data);
    case 'idea.grouped':
      return groupIdeas(board, data);
    case 'phase.changed': {
      const phase = phaseOf(data);
      if (!phase) return board;
      // A change to another phase clears a set timer; the event then carries the cleared timer.
      const timer = record(data)?.timer;
      return { ...board, workshop: { ...board.workshop, phase }, ...(timer ? { timer: timerFromPayload(timer, now) } : {}) };
    }
    case 'settings.changed': {
      const change = settingsChangeOf(data);
      return change ? { ...board, workshop: { ...board.workshop, title: change.title, settings: change.settings } } : board;
    }
    case 'vote.cast':
    case 'vote.retracted':
      return { ...board, votes: applyVoteEvent(board.votes, data, votedColumnOf(board, numberField(data, 'ideaId'))) };
    case 'votes.revealed':
      return { ...board, votes: applyReveal(board.votes, data) };
    case 'timer.changed': {
      const timer = record(data)?.timer;
      return timer ? { ...board, timer: timerFromPayload(timer, now) } : board;
    }
    case 'join.changed': {
      const change = joinChangeOf(data);
      return change ? { ...board, workshop: withJoin(board.workshop, change) } : board;
    }
    case 'participant.kicked': {
      const id = numberField(data, 'participantId');
      if (id === null) return board;
      // With the removed person's votes taken out, the event carries the totals as they are now.
      const results = record(data)?.results;
      return {
        ...board,
        votes: record(data)?.votesRemoved === true ? applyResults(board.votes, results) : board.votes,
        participants: board.participants.filter((p) => p.id !== id),
        removedIds: [...board.removedIds, id],
        removed: board.removed || (board.you.role === 'participant' && board.you.participantId === id),
      };
    }
    case 'story.shown': {
      const story = shownStoryOf(record(data)?.story);
      return story ? { ...board, story } : board;
    }
    case 'story.hidden':
      return { ...board, story: null };
    default:
      // Events this client does not show still advance seq.
      return board;
  }
}

/** Adds participants seen online that the snapshot did not list (they joined later). */
export function mergePresence(board: BoardData, presence: Presence): BoardData {
  const known = new Set(board.participants.map((p) => p.id));
  const fresh = (presence.online ?? []).filter(
    (p) => typeof p.id === 'number' && !known.has(p.id) && !board.removedIds.includes(p.id),
  );
  if (fresh.length === 0) return board;
  return { ...board, participants: [...board.participants, ...fresh].sort((a, b) => a.id - b.id) };
}

/**
 * Presence without removed participants: a removal closes their sockets, but the
 * server does not send fresh presence for it, so the count would stay stale.
 */
export function prunePresence(presence: Presence | null, removedIds: number[]): Presence | null {
  if (!presence || !presence.online.some((p) => removedIds.includes(p.id))) return presence;
  const online = presence.online.filter((p) => !removedIds.includes(p.id));
  return { ...presence, online, count: online.length };
}

/** The top-level ideas of one column (groups and ungrouped ideas), in board order. */
export function ideasIn(board: BoardData, column: Column): Idea[] {
  return board.ideas.filter((i) => i.column === column && i.groupId === null);
}

/** The ideas merged into group `groupId`, in board order. */
export function membersOf(board: BoardData, groupId: number): Idea[] {
  return board.ideas.filter((i) => i.groupId === groupId);
}

/** How many participants of each layer are in the workshop. */
export function layerCounts(participants: ParticipantSummary[]): Record<Layer, number> {
  const out = { executive: 0, manager: 0, frontline: 0, other: 0 };
  for (const p of participants) if ((LAYERS as readonly string[]).includes(p.layer)) out[p.layer]++;
  return out;
}

/**
 * The join link for `code`: the old link with its code replaced (the server builds it from its
 * base URL), or this page's origin when the old link does not end in a code.
 */
export function joinUrlFor(oldUrl: string, code: string): string {
  const tail = '/join/' + encodeURIComponent(code);
  const m = /^(.*)\/join\/[^/?#]*$/.exec(oldUrl);
  if (m) return m[1] + tail;
  const origin = typeof location === 'undefined' ? '' : location.origin;
  return origin + tail;
}

function withJoin(workshop: Workshop, change: JoinChange): Workshop {
  return {
    ...workshop,
    joinCode: change.joinCode,
    joinUrl: joinUrlFor(workshop.joinUrl, change.joinCode),
    joinLocked: change.joinLocked,
  };
}

/** The voted column an idea (or group) belongs to, or null. */
function votedColumnOf(board: BoardData, ideaId: number | null): VotedColumn | null {
  if (ideaId === null) return null;
  const column = board.ideas.find((i) => i.id === ideaId)?.column;
  return (VOTED_COLUMNS as readonly string[]).includes(column ?? '') ? (column as VotedColumn) : null;
}

function settingsChangeOf(data: unknown): SettingsChange | null {
  const d = record(data);
  const s = record(d?.settings);
  if (!d || typeof d.title !== 'string' || !s) return null;
  if (typeof s.anonymous !== 'boolean' || typeof s.hiddenUntilReveal !== 'boolean') return null;
  if (typeof s.voteBudget !== 'number' || typeof s.voteCap !== 'number') return null;
  return {
    title: d.title,
    settings: { anonymous: s.anonymous, hiddenUntilReveal: s.hiddenUntilReveal, voteBudget: s.voteBudget, voteCap: s.voteCap },
  };
}

function joinChangeOf(data: unknown): JoinChange | null {
  const d = record(data);
  if (!d || typeof d.joinCode !== 'string' || d.joinCode === '' || typeof d.joinLocked !== 'boolean') return null;
  return { joinCode: d.joinCode, joinLocked: d.joinLocked };
}

function deleteIdea(board: BoardData, data: unknown): BoardData {
  const id = numberField(data, 'ideaId');
  if (id === null) return board;
  const raw = record(data)?.ungrouped;
  const ungrouped = new Set(Array.isArray(raw) ? raw.filter((v): v is number => typeof v === 'number') : []);
  const ideas = board.ideas
    .filter((i) => i.id !== id)
    .map((i) => (ungrouped.has(i.id) || i.groupId === id ? { ...i, groupId: null } : i));
  return { ...board, ideas, votes: forgetIdea(board.votes, id) };
}

function groupIdeas(board: BoardData, data: unknown): BoardData {
  const d = record(data);
  const group = ideaOf(d?.group);
  if (!group) return board;
  const members = new Set(Array.isArray(d?.memberIds) ? d.memberIds.filter((v) => typeof v === 'number') : []);
  const ideas = upsertIdea(board.ideas, group).map((i) => (members.has(i.id) ? { ...i, groupId: group.id } : i));
  return { ...board, ideas };
}

function upsertIdea(ideas: Idea[], idea: Idea): Idea[] {
  const rest = ideas.filter((i) => i.id !== idea.id);
  return sortIdeas([...rest, { ...idea, groupId: idea.groupId ?? null }]);
}

function sortIdeas(ideas: Idea[]): Idea[] {
  return ideas.map((i) => (i.groupId === undefined ? { ...i, groupId: null } : i)).sort((a, b) => a.position - b.position || a.id - b.id);
}

function ideaOf(idea: unknown): Idea | null {
  const i = record(idea) as Partial<Idea> | null;
  return i && typeof i.id === 'number' && typeof i.column === 'string' && typeof i.text === 'string'
    ? (i as Idea)
    : null;
}

function record(v: unknown): Record<string, unknown> | null {
  return typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : null;
}

function numberField(data: unknown, key: string): number | null {
  const v = record(data)?.[key];
  return typeof v === 'number' ? v : null;
}

function phaseOf(data: unknown): Phase | null {
  const p = record(data)?.phase;
  return (PHASES as readonly unknown[]).includes(p) ? (p as Phase) : null;
}
