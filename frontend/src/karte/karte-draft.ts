// Pure karte logic, unit-tested: checking a template's checklist before it is saved, and the
// customer's answers before they are sent, with the server's per-answer refusals put back on the
// item they concern.
import type { FieldProblem } from '../lib/api.ts';
import type { KarteAnswer, KarteItem } from '../stories/stories-types.ts';

/** Limits of docs/api.md (the server checks again). */
export const KARTE_LIMITS = { items: 50, text: 200, team: 100, action: 500, note: 280 } as const;

/** A checklist item being edited; `key` keeps its inputs while items move. */
export interface KarteRow extends KarteItem {
  key: number;
}

let nextKey = 1;

/** Rows to edit from a template's checklist. */
export function toRows(items: KarteItem[]): KarteRow[] {
  return items.map((i) => ({ key: nextKey++, text: i.text, team: i.team, action: i.action }));
}

/** An empty row to add. */
export function emptyRow(): KarteRow {
  return { key: nextKey++, text: '', team: '', action: '' };
}

/** What is wrong with one row, by field. */
export type RowProblems = Partial<Record<'text' | 'team' | 'action', 'required' | 'too_long'>>;

/** The problems of each row (by index, only rows with any), and whether there are too many rows. */
export function checklistProblems(rows: KarteItem[]): { rows: Map<number, RowProblems>; tooMany: boolean } {
  const out = new Map<number, RowProblems>();
  rows.forEach((r, i) => {
    const p: RowProblems = {};
    const text = r.text.trim();
    if (text === '') p.text = 'required';
    else if (length(text) > KARTE_LIMITS.text) p.text = 'too_long';
    if (length(r.team.trim()) > KARTE_LIMITS.team) p.team = 'too_long';
    if (length(r.action.trim()) > KARTE_LIMITS.action) p.action = 'too_long';
    if (Object.keys(p).length > 0) out.set(i, p);
  });
  return { rows: out, tooMany: rows.length > KARTE_LIMITS.items };
}

/** The checklist as it is saved: trimmed texts, in order. */
export function toItems(rows: KarteItem[]): KarteItem[] {
  return rows.map((r) => ({ text: r.text.trim(), team: r.team.trim(), action: r.action.trim() }));
}

/** Moves row `from` one place up (-1) or down (+1); out of range changes nothing. */
export function moveRow<T>(rows: T[], from: number, by: -1 | 1): T[] {
  const to = from + by;
  if (from < 0 || from >= rows.length || to < 0 || to >= rows.length) return rows;
  const out = [...rows];
  [out[from], out[to]] = [out[to]!, out[from]!];
  return out;
}

/** The customer's answer to one item as they give it: undecided until they choose. */
export interface AnswerDraft {
  applies: boolean | null;
  note: string;
}

/** Why an answer cannot be sent yet. */
export type AnswerProblem = 'required' | 'too_long';

/** The problems of the answers, by item id; empty when they may be sent. */
export function answerProblems(itemIds: number[], answers: Record<number, AnswerDraft>): Map<number, AnswerProblem> {
  const out = new Map<number, AnswerProblem>();
  for (const id of itemIds) {
    const a = answers[id];
    if (!a || a.applies === null) out.set(id, 'required');
    else if (length(a.note.trim()) > KARTE_LIMITS.note) out.set(id, 'too_long');
  }
  return out;
}

/** The body of POST /api/karte/:token, in the items' order; a note only where one was written. */
export function toSubmission(itemIds: number[], answers: Record<number, AnswerDraft>): KarteAnswer[] {
  return itemIds.map((itemId) => {
    const a = answers[itemId];
    const note = a?.note.trim() ?? '';
    return note ? { itemId, applies: a?.applies === true, note } : { itemId, applies: a?.applies === true };
  });
}

/** How many items have an answer. */
export function answeredCount(itemIds: number[], answers: Record<number, AnswerDraft>): number {
  return itemIds.filter((id) => typeof answers[id]?.applies === 'boolean').length;
}

/**
 * The server's refusals (`answers[i].applies` required, `answers[i].note` too_long, …) by the item
 * id of the answer they name; refusals that name no answer are left out.
 */
export function problemsByItem(fields: FieldProblem[], sent: KarteAnswer[]): Map<number, AnswerProblem> {
  const out = new Map<number, AnswerProblem>();
  for (const f of fields) {
    const m = /^answers\[(\d+)\]\.(\w+)$/.exec(f.field);
    const answer = m ? sent[Number(m[1])] : undefined;
    if (!m || !answer) continue;
    out.set(answer.itemId, m[2] === 'note' && f.code === 'too_long' ? 'too_long' : 'required');
  }
  return out;
}

function length(s: string): number {
  return [...s].length;
}
