// Vote state as the board holds it, advanced by vote events. What a viewer gets
// depends on who they are (docs/api.md, Visibility): a voter's own `count`,
// and `total`/`byLayer`/`voters` only where totals are visible to them.
import { LAYERS, VOTED_COLUMNS, type Layer, type Tally, type VotedColumn, type VotesSnapshot } from '../lib/types.ts';

/** The votes a viewer knows about. */
export interface VoteState {
  /** The viewer's own votes by idea id (participants only). */
  mine: Record<number, number>;
  /** Totals by idea id, for the items whose totals the viewer may see. */
  totals: Record<number, Tally>;
  revealed: Record<VotedColumn, boolean>;
  /**
   * The round's voters by layer, per column whose totals the viewer may see: the
   * denominators of consensus (docs/api.md, Consensus). Absent until the server said.
   */
  voters: Partial<Record<VotedColumn, Record<Layer, number>>>;
}

/** No votes yet, nothing revealed. */
export function emptyVotes(): VoteState {
  return { mine: {}, totals: {}, revealed: { ideal: false, first_steps: false }, voters: {} };
}

/** Reads the votes part of a snapshot. */
export function votesFromSnapshot(votes: VotesSnapshot | undefined): VoteState {
  const state = emptyVotes();
  if (!votes) return state;
  for (const m of votes.mine ?? []) {
    if (m.count > 0) state.mine[m.ideaId] = m.count;
  }
  const seeded = applyResults(state, votes.results);
  for (const c of VOTED_COLUMNS) seeded.revealed[c] = votes.revealed?.[c] === true;
  return seeded;
}

/**
 * Seeds totals and voters from ColumnResults (snapshots, reveals, and the results a
 * `participant.kicked` event carries once the removed person's votes left the totals).
 */
export function applyResults(state: VoteState, results: unknown): VoteState {
  if (!Array.isArray(results)) return state;
  const totals = { ...state.totals };
  const voters = { ...state.voters };
  for (const raw of results) {
    const r = record(raw);
    const column = r?.column;
    if (column !== 'ideal' && column !== 'first_steps') continue;
    if (record(r?.voters)) voters[column] = normalizeLayers(r?.voters);
    if (!Array.isArray(r?.items)) continue;
    for (const rawItem of r.items) {
      const item = record(rawItem);
      if (item && typeof item.ideaId === 'number' && typeof item.total === 'number') {
        totals[item.ideaId] = { total: item.total, byLayer: normalizeLayers(item.byLayer) };
      }
    }
  }
  return { ...state, totals, voters, revealed: { ...state.revealed } };
}

/**
 * Applies a `vote.cast` / `vote.retracted` event: own count and/or totals, whichever it carries.
 * `column` is the voted idea's column (the event does not name it); the event's `voters` are that
 * column's voters after the vote.
 */
export function applyVoteEvent(state: VoteState, data: unknown, column: VotedColumn | null = null): VoteState {
  const d = record(data);
  if (!d || typeof d.ideaId !== 'number') return state;
  const id = d.ideaId;
  let next = state;
  if (typeof d.count === 'number') {
    const mine = { ...state.mine };
    if (d.count > 0) mine[id] = d.count;
    else delete mine[id];
    next = { ...next, mine };
  }
  if (typeof d.total === 'number') {
    next = { ...next, totals: { ...next.totals, [id]: { total: d.total, byLayer: normalizeLayers(d.byLayer) } } };
  }
  if (column && record(d.voters)) {
    next = { ...next, voters: { ...next.voters, [column]: normalizeLayers(d.voters) } };
  }
  return next;
}

/** Applies `votes.revealed`: the column is public and its results seed the totals. */
export function applyReveal(state: VoteState, data: unknown): VoteState {
  const d = record(data);
  const column = d?.column;
  if (column !== 'ideal' && column !== 'first_steps') return state;
  const results = record(d?.results);
  const seeded = results ? applyResults(state, [{ ...results, column }]) : state;
  return { ...seeded, revealed: { ...seeded.revealed, [column]: true } };
}

/** Forgets the votes on a deleted idea (the server gives them back to the voters). */
export function forgetIdea(state: VoteState, ideaId: number): VoteState {
  if (!(ideaId in state.mine) && !(ideaId in state.totals)) return state;
  const mine = { ...state.mine };
  const totals = { ...state.totals };
  delete mine[ideaId];
  delete totals[ideaId];
  return { ...state, mine, totals };
}

/** Votes by layer with every layer present (missing or bad values count as 0). */
export function normalizeLayers(raw: unknown): Record<Layer, number> {
  const r = record(raw);
  const out = { executive: 0, manager: 0, frontline: 0, other: 0 };
  for (const l of LAYERS) {
    const v = r?.[l];
    out[l] = typeof v === 'number' && v > 0 ? v : 0;
  }
  return out;
}

function record(v: unknown): Record<string, unknown> | null {
  return typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : null;
}
