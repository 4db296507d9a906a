// What the projector shows: only what the whole room may see, in amounts that fit one screen.
import type { BoardData } from '../board/board-state.ts';
import { ideasIn } from '../board/board-state.ts';
import { columnForPhase } from '../lib/phases.ts';
import { VOTED_COLUMNS, type Idea, type Presence, type VotedColumn } from '../lib/types.ts';
import { voterCount, votedColumnForPhase } from '../voting/results.ts';

/** Ideas on one page of the wall (a grid of 4 × 3): more would not be readable from the back of the room. */
export const IDEAS_PER_PAGE = 12;
/** Ranked items one results chart shows on the wall; the rest are summed up as "top N of M". */
export const MAX_PROJECTED_RESULTS = 8;
/** How long the wall shows one page of ideas before turning to the next. */
export const PAGE_TURN_MS = 10_000;

/** One page of the column being written. */
export interface IdeaPage {
  ideas: Idea[];
  /** Ideas in the column. */
  total: number;
  /** Zero-based page shown, and how many pages there are (at least 1). */
  page: number;
  pages: number;
}

/** How many pages `total` ideas take. */
export function pageCount(total: number, perPage: number = IDEAS_PER_PAGE): number {
  return Math.max(1, Math.ceil(total / perPage));
}

/**
 * Page `page` (wrapped into range) of the column being written, in board order, or null outside
 * the writing phases. The wall turns the pages, so every idea gets its time on the screen.
 */
export function projectedIdeas(board: BoardData, page = 0, perPage: number = IDEAS_PER_PAGE): IdeaPage | null {
  const column = columnForPhase(board.workshop.phase);
  if (!column) return null;
  const all = ideasIn(board, column);
  const pages = pageCount(all.length, perPage);
  const p = ((Math.trunc(page) % pages) + pages) % pages;
  return { ideas: all.slice(p * perPage, (p + 1) * perPage), total: all.length, page: p, pages };
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

/**
 * "N of M have voted" in the round being voted on: N the round's voters (every layer), M the
 * participants online. Someone who voted and then went offline still voted, so M is never below N.
 * Null outside a vote, or before the server said who voted or who is here.
 */
export function turnout(board: BoardData, presence: Presence | null): { voted: number; of: number } | null {
  const column = votedColumnForPhase(board.workshop.phase);
  if (!column || !presence) return null;
  const voted = voterCount(board, column);
  if (voted === null) return null;
  return { voted, of: Math.max(presence.count, voted) };
}
