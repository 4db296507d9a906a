// Vote state as the board holds it, advanced by vote events. What a viewer gets
// depends on who they are (docs/api.md, Visibility): a voter's own `count`,
// and `total`/`byLayer` only where totals are visible to them.
import { LAYERS, VOTED_COLUMNS, type Layer, type Tally, type VotedColumn, type VotesSnapshot } from '../lib/types.ts';

/** The votes a viewer knows about. */
export interface VoteState {
  /** The viewer's own votes by idea id (participants only). */
  mine: Record<number, number>;
  /** Totals by idea id, for the items whose totals the viewer may see. */
  totals: Record<number, Tally>;
  revealed: Record<VotedColumn, boolean>;
}

/** No votes yet, nothing revealed. */
export function emptyVotes(): VoteState {
  return { mine: {}, totals: {}, revealed: { ideal: false, first_steps: false } };
}

/** Reads the votes part of a snapshot. */
export function votesFromSnapshot(votes: VotesSnapshot | undefined): VoteState {
  const state = emptyVotes();
  if (!votes) return state;
  for (const m of votes.mine ?? []) {
    if (m.count > 0) state.mine[m.ideaId] = m.count;
  }
  for (const column of votes.results ?? []) {
    for (const item of column.items ?? []) {
      state.totals[item.ideaId] = { total: item.total, byLayer: normalizeLayers(item.byLayer) };
    }
  }
  for (const c of VOTED_COLUMNS) state.revealed[c] = votes.revealed?.[c] === true;
  return state;
}

/** Applies a `vote.cast` / `vote.retracted` event: own count and/or totals, whichever it carries. */
export function applyVoteEvent(state: VoteState, data: unknown): VoteState {
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
  return next;
}

/** Applies `votes.revealed`: the column is public and its results seed the totals. */
export function applyReveal(state: VoteState, data: unknown): VoteState {
  const d = record(data);
  const column = d?.column;
  if (column !== 'ideal' && column !== 'first_steps') return state;
  const totals = { ...state.totals };
  const items = record(d?.results)?.items;
  if (Array.isArray(items)) {
    for (const raw of items) {
      const item = record(raw);
      if (item && typeof item.ideaId === 'number' && typeof item.total === 'number') {
        totals[item.ideaId] = { total: item.total, byLayer: normalizeLayers(item.byLayer) };
      }
    }
  }
  return { ...state, totals, revealed: { ...state.revealed, [column]: true } };
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
