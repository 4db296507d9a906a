// What a participant needs to vote in the current round, derived from the board.
import type { BoardData } from '../board/board-state.ts';
import type { VotedColumn } from '../lib/types.ts';
import { votedColumnForPhase, votesUsed } from './results.ts';

/** A participant's ballot for the column being voted on. */
export interface Ballot {
  column: VotedColumn;
  /** Own votes by idea id. */
  mine: Record<number, number>;
  budget: number;
  /** Most votes one person may put on one item. */
  cap: number;
  used: number;
  left: number;
}

/** The viewer's ballot, or null when they cannot vote now (not a participant, or not a voting phase). */
export function ballotOf(board: BoardData): Ballot | null {
  const column = votedColumnForPhase(board.workshop.phase);
  if (!column || board.you.role !== 'participant') return null;
  const { voteBudget: budget, voteCap: cap } = board.workshop.settings;
  const used = votesUsed(board, column);
  return { column, mine: board.votes.mine, budget, cap, used, left: Math.max(0, budget - used) };
}
