// Ranked results of a voting round, computed in the browser from the totals the
// viewer may see, with the same ranking and consensus rules as the server
// (docs/api.md, Consensus), so live vote events keep the chart current.
import { ideasIn, layerCounts, type BoardData } from '../board/board-state.ts';
import { LAYERS, type Consensus, type Layer, type Phase, type ResultItem, type VotedColumn } from '../lib/types.ts';

/** The column voted on in each voting phase. */
const VOTE_PHASES: Partial<Record<Phase, VotedColumn>> = { vote_ideal: 'ideal', vote_steps: 'first_steps' };

/** Consensus thresholds on the score: agreed ≥ 2/3 > mixed ≥ 1/3 > split. */
const AGREED_MIN = 2 / 3;
const MIXED_MIN = 1 / 3;

/** The column being voted on in `phase`, or null outside the voting phases. */
export function votedColumnForPhase(phase: Phase): VotedColumn | null {
  return VOTE_PHASES[phase] ?? null;
}

/** The phase in which `column` is voted on. */
export function votingPhaseOf(column: VotedColumn): Phase {
  return column === 'ideal' ? 'vote_ideal' : 'vote_steps';
}

/** Whether the viewer may see the vote totals of a column. */
export function totalsVisible(board: BoardData, column: VotedColumn): boolean {
  return (
    board.you.role === 'facilitator' || !board.workshop.settings.hiddenUntilReveal || board.votes.revealed[column]
  );
}

/** How many of the viewer's votes sit on the ideas of a column. */
export function votesUsed(board: BoardData, column: VotedColumn): number {
  let used = 0;
  for (const idea of board.ideas) {
    if (idea.column === column) used += board.votes.mine[idea.id] ?? 0;
  }
  return used;
}

/**
 * The round's voters of a column by layer: who cast at least one vote there (not removed), as the
 * server last said. A server from before voters were sent leaves them out: then everyone in the
 * workshop stands in, as it used to.
 */
export function votersOf(board: BoardData, column: VotedColumn): Record<Layer, number> {
  return board.votes.voters[column] ?? layerCounts(board.participants);
}

/** How many people voted in a column's round (its voters summed over layers), or null when unknown. */
export function voterCount(board: BoardData, column: VotedColumn): number | null {
  const voters = board.votes.voters[column];
  if (!voters) return null;
  return LAYERS.reduce((n, l) => n + voters[l], 0);
}

/**
 * A layer's support is its votes on the item per voter of that layer in the round; the score is
 * the weakest voting layer's support over the strongest's. Layers nobody voted from are skipped.
 */
export function consensusOf(byLayer: Record<Layer, number>, voters: Record<Layer, number>): Consensus {
  let lo = 0;
  let hi = 0;
  let layers = 0;
  for (const l of LAYERS) {
    if (!(voters[l] > 0)) continue;
    const support = byLayer[l] / voters[l];
    if (layers === 0 || support < lo) lo = support;
    if (support > hi) hi = support;
    layers++;
  }
  if (hi === 0) return { score: 0, label: 'no_votes' };
  const score = lo / hi;
  const label = score >= AGREED_MIN ? 'agreed' : score >= MIXED_MIN ? 'mixed' : 'split';
  // Rounded half up to two places, as the server does.
  return { score: Math.floor(score * 100 + 0.5) / 100, label };
}

/** The votable items of a column ranked by total (ties share a rank, then oldest first). */
export function columnResults(board: BoardData, column: VotedColumn): ResultItem[] {
  const voters = votersOf(board, column);
  const items = ideasIn(board, column).map((idea): ResultItem => {
    const tally = board.votes.totals[idea.id] ?? { total: 0, byLayer: { executive: 0, manager: 0, frontline: 0, other: 0 } };
    return {
      ideaId: idea.id,
      text: idea.text,
      source: idea.source,
      rank: 0,
      total: tally.total,
      byLayer: tally.byLayer,
      consensus: consensusOf(tally.byLayer, voters),
    };
  });
  items.sort((a, b) => b.total - a.total || a.ideaId - b.ideaId);
  items.forEach((item, i) => {
    const prev = items[i - 1];
    item.rank = prev && prev.total === item.total ? prev.rank : i + 1;
  });
  return items;
}
