// The utilization matrix as the page draws it: sixteen cells (usage X × usage Y, levels 0-3), each
// showing a handful of accounts as dots sized by MRR. The server filters; this orders, sizes and
// pages. Pure, so it is unit-tested; the components only lay the result out.
import type { AccountCard, Cell, Condition, Level } from './portfolio-types.ts';
import { LEVELS } from './portfolio-types.ts';

/** Dots a closed cell shows at most; the rest read "+N more" (a 5,000-account book stays light). */
export const TOP_IN_CELL = 8;
/** Names a closed cell lists under its dots on a wide screen. */
export const NAMES_IN_CELL = 3;
/** Accounts per page of an opened cell's list. */
export const CELL_PAGE_SIZE = 50;
/** Smallest and largest dot, in CSS pixels: small enough for eight in a phone's cell, big enough to see. */
export const MIN_DOT_PX = 10;
export const MAX_DOT_PX = 30;

/** "x:y", the key of a cell in maps and URLs. */
export function cellKey(x: number, y: number): string {
  return `${x}:${y}`;
}

/** A "x:y" key back to its levels, or null when it is not one. */
export function parseCellKey(key: string | null | undefined): { x: Level; y: Level } | null {
  const m = /^([0-3]):([0-3])$/.exec(key ?? '');
  return m ? { x: Number(m[1]) as Level, y: Number(m[2]) as Level } : null;
}

/** Which accounts to show (the server filters); an empty value lets every account through. */
export interface MatrixFilter {
  stage: string;
  /** A member id as text (select values are strings), or NO_OWNER. */
  owner: string;
  industry: string;
  size: string;
  condition: string;
}

/** No filter at all. */
export const NO_FILTER: Readonly<MatrixFilter> = { stage: '', owner: '', industry: '', size: '', condition: '' };

/** Owner filter value for accounts nobody owns yet. */
export const NO_OWNER = 'none';

/** True when any filter is set. */
export function isFiltered(f: MatrixFilter): boolean {
  return Boolean(f.stage || f.owner || f.industry || f.size || f.condition);
}

/** The query string of GET /api/portfolio for these filters ("" for none). */
export function filterQuery(f: MatrixFilter): string {
  const q = new URLSearchParams();
  if (f.stage) q.set('stage', f.stage);
  if (f.owner) q.set('ownerId', f.owner);
  if (f.industry) q.set('industry', f.industry);
  if (f.size) q.set('size', f.size);
  if (f.condition) q.set('condition', f.condition);
  const s = q.toString();
  return s ? '?' + s : '';
}

/** The biggest MRR of each currency on the matrix: MRR in yen and in cents are not one scale. */
export type MrrScale = ReadonlyMap<string, number>;

/** The scale of the accounts in `cells`. */
export function mrrScale(cells: readonly Cell[]): MrrScale {
  const max = new Map<string, number>();
  for (const c of cells) {
    for (const a of c.accounts) if (a.mrr > (max.get(a.currency) ?? 0)) max.set(a.currency, a.mrr);
  }
  return max;
}

/** An account's MRR as a share (0..1) of the biggest in its currency. */
export function weight(a: AccountCard, scale: MrrScale): number {
  const max = scale.get(a.currency) ?? 0;
  return max > 0 && a.mrr > 0 ? Math.min(1, a.mrr / max) : 0;
}

/**
 * All sixteen cells, top row first (usage Y 3 down to 0), left to right (usage X 0 to 3), so a
 * CSS grid lays them out in order. A cell the server left out is empty; accounts come biggest
 * first (by their share of their currency's biggest MRR), ties by name.
 */
export function buildGrid(cells: readonly Cell[], scale: MrrScale = mrrScale(cells)): Cell[] {
  const byKey = new Map(cells.map((c) => [cellKey(c.x, c.y), c]));
  const grid: Cell[] = [];
  for (const y of [...LEVELS].reverse()) {
    for (const x of LEVELS) {
      const c = byKey.get(cellKey(x, y));
      const accounts = [...(c?.accounts ?? [])].sort(
        (a, b) => weight(b, scale) - weight(a, scale) || a.name.localeCompare(b.name) || a.id - b.id,
      );
      grid.push({ x, y, count: c?.count ?? accounts.length, mrr: c?.mrr ?? [], accounts, play: c?.play ?? null });
    }
  }
  return grid;
}

/**
 * A dot's diameter for an account of `weight` (its share of the biggest MRR in its currency): its
 * area grows with MRR (the eye compares areas, not widths), from MIN_DOT_PX for none to MAX_DOT_PX.
 */
export function dotSize(weight: number): number {
  if (!(weight > 0)) return MIN_DOT_PX;
  return Math.round(MIN_DOT_PX + (MAX_DOT_PX - MIN_DOT_PX) * Math.sqrt(Math.min(1, weight)));
}

/** The top `n` accounts of a cell (already sorted) and how many more there are. */
export function topOf(accounts: readonly AccountCard[], n: number = TOP_IN_CELL): { shown: AccountCard[]; more: number } {
  return { shown: accounts.slice(0, n), more: Math.max(0, accounts.length - n) };
}

/** How many accounts of a cell are in each condition. */
export function conditionCounts(accounts: readonly AccountCard[]): Record<Condition, number> {
  const counts: Record<Condition, number> = { satisfied: 0, neutral: 0, unsatisfied: 0 };
  for (const a of accounts) if (Object.hasOwn(counts, a.condition)) counts[a.condition]++;
  return counts;
}

/** One page of a list: its items, the page actually shown (clamped) and how many pages there are. */
export function pageOf<T>(items: readonly T[], page: number, size: number = CELL_PAGE_SIZE): { items: T[]; page: number; pages: number } {
  const pages = Math.max(1, Math.ceil(items.length / size));
  const p = Math.min(Math.max(1, Math.floor(page) || 1), pages);
  return { items: items.slice((p - 1) * size, p * size), page: p, pages };
}

/** Accounts whose name or external id contains `q` (case and full-width letters ignored). */
export function searchAccounts(accounts: readonly AccountCard[], q: string): AccountCard[] {
  const needle = q.normalize('NFKC').trim().toLowerCase();
  if (!needle) return [...accounts];
  const has = (s: string) => s.normalize('NFKC').toLowerCase().includes(needle);
  return accounts.filter((a) => has(a.name) || has(a.externalId ?? ''));
}

/** The distinct industries of `cells` added to those already known, for the filter's choices, sorted. */
export function industriesOf(cells: readonly Cell[], known: readonly string[] = []): string[] {
  const seen = new Map<string, string>(known.map((v) => [v.toLowerCase(), v]));
  for (const c of cells) {
    for (const a of c.accounts) {
      const v = (a.industry ?? '').trim();
      if (v && !seen.has(v.toLowerCase())) seen.set(v.toLowerCase(), v);
    }
  }
  return [...seen.values()].sort((a, b) => a.localeCompare(b));
}

/** Progress toward a goal: the share (0..1, capped) and whether it is reached. */
export function goalProgress(done: number, goal: number): { share: number; reached: boolean } {
  if (!(goal > 0)) return { share: done > 0 ? 1 : 0, reached: true };
  return { share: Math.min(1, Math.max(0, done / goal)), reached: done >= goal };
}

/** A member's even share of the team's goal, rounded up so the shares add up to at least the goal. */
export function evenShare(goal: number, people: number): number {
  return people > 0 && goal > 0 ? Math.ceil(goal / people) : goal;
}
