// Pure board state: built from a snapshot, advanced by events in seq order.
// Kept free of the socket and of Svelte so it can be unit-tested in plain Node.
import { PHASES, type Column, type Idea, type ParticipantSummary, type Phase, type Snapshot, type Workshop, type You } from './types.ts';

/** Everything the board shows, as of event `seq`. */
export interface BoardData {
  seq: number;
  workshop: Workshop;
  participants: ParticipantSummary[];
  ideas: Idea[];
  you: You;
}

/** A server `event` frame. */
export interface EventFrame {
  seq: number;
  event: string;
  data: unknown;
}

/** What applying an event did: a new board, nothing (already seen), or a hole in the sequence. */
export type EventOutcome =
  | { kind: 'applied'; board: BoardData }
  | { kind: 'stale' }
  | { kind: 'gap'; expected: number; got: number };

/** Builds the board from a snapshot taken at `seq`. */
export function fromSnapshot(snapshot: Snapshot, seq: number): BoardData {
  return {
    seq,
    workshop: snapshot.workshop,
    participants: snapshot.participants ?? [],
    ideas: sortIdeas(snapshot.ideas ?? []),
    you: snapshot.you,
  };
}

/** Applies one event if it is the next in sequence; older ones are ignored, a skipped seq is reported. */
export function applyEvent(board: BoardData, frame: EventFrame): EventOutcome {
  if (frame.seq <= board.seq) return { kind: 'stale' };
  if (frame.seq !== board.seq + 1) return { kind: 'gap', expected: board.seq + 1, got: frame.seq };
  return { kind: 'applied', board: { ...reduce(board, frame.event, frame.data), seq: frame.seq } };
}

function reduce(board: BoardData, event: string, data: unknown): BoardData {
  switch (event) {
    case 'idea.added':
    case 'idea.edited': {
      const idea = ideaOf(data);
      return idea ? { ...board, ideas: upsertIdea(board.ideas, idea) } : board;
    }
    case 'idea.deleted': {
      const id = numberField(data, 'ideaId');
      return id === null ? board : { ...board, ideas: board.ideas.filter((i) => i.id !== id) };
    }
    case 'phase.changed': {
      const phase = phaseOf(data);
      return phase ? { ...board, workshop: { ...board.workshop, phase } } : board;
    }
    default:
      // Events this client does not show yet (votes, timer, ...) still advance seq.
      return board;
  }
}

/** The ideas of one column, in board order. */
export function ideasIn(board: BoardData, column: Column): Idea[] {
  return board.ideas.filter((i) => i.column === column);
}

function upsertIdea(ideas: Idea[], idea: Idea): Idea[] {
  const rest = ideas.filter((i) => i.id !== idea.id);
  return sortIdeas([...rest, idea]);
}

function sortIdeas(ideas: Idea[]): Idea[] {
  return [...ideas].sort((a, b) => a.position - b.position || a.id - b.id);
}

function ideaOf(data: unknown): Idea | null {
  if (typeof data !== 'object' || data === null) return null;
  const idea = (data as { idea?: unknown }).idea;
  if (typeof idea !== 'object' || idea === null) return null;
  const i = idea as Partial<Idea>;
  return typeof i.id === 'number' && typeof i.column === 'string' && typeof i.text === 'string'
    ? (idea as Idea)
    : null;
}

function numberField(data: unknown, key: string): number | null {
  if (typeof data !== 'object' || data === null) return null;
  const v = (data as Record<string, unknown>)[key];
  return typeof v === 'number' ? v : null;
}

function phaseOf(data: unknown): Phase | null {
  if (typeof data !== 'object' || data === null) return null;
  const p = (data as { phase?: unknown }).phase;
  return (PHASES as readonly unknown[]).includes(p) ? (p as Phase) : null;
}
