// What the projector shows: only what the whole room may see.
import type { BoardData } from '../lib/board-state.ts';
import { ideasIn } from '../lib/board-state.ts';
import { columnForPhase } from '../lib/phases.ts';
import { VOTED_COLUMNS, type Idea, type VotedColumn } from '../lib/types.ts';
import { votedColumnForPhase } from '../voting/results.ts';

/** Most ideas shown at once: more would not be readable from the back of the room. */
export const MAX_PROJECTED_IDEAS = 12;

/** The newest ideas of the column being written, oldest of them first (null outside writing phases). */
export function projectedIdeas(board: BoardData): { ideas: Idea[]; total: number } | null {
  const column = columnForPhase(board.workshop.phase);
  if (!column) return null;
  const all = ideasIn(board, column);
  return { ideas: all.slice(-MAX_PROJECTED_IDEAS), total: all.length };
}

/**
 * The voted columns whose totals the room may see: revealed ones, or all of them when the
 * workshop does not hide totals. The facilitator's live totals stay off the wall until then.
 */
export function publicResultColumns(board: BoardData): VotedColumn[] {
  return VOTED_COLUMNS.filter((c) => board.votes.revealed[c] || !board.workshop.settings.hiddenUntilReveal);
}

/** Votes cast so far in the round being voted on (a count, never the split). */
export function votesCast(board: BoardData): number {
  const column = votedColumnForPhase(board.workshop.phase);
  if (!column) return 0;
  let n = 0;
  for (const idea of ideasIn(board, column)) n += board.votes.totals[idea.id]?.total ?? 0;
  return n;
}
