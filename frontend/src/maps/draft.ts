// The map editor's working copy: the saved map's lists with stable keys for rendering,
// turned back into a whole-list PATCH on save. Pure functions, unit-tested.
import { t } from '../i18n/i18n.ts';
import type {
  ActionStatus,
  Johari,
  MapAction,
  MapPatch,
  MapProgress,
  Money,
  Offering,
  SuccessMap,
} from './maps-types.ts';

/** An ideal statement being edited. */
export interface DraftStatement {
  key: number;
  text: string;
  votes: number;
}

/** A challenge being edited. */
export interface DraftChallenge {
  key: number;
  text: string;
  johari: Johari;
  offeringIds: number[];
}

/** A first step being edited. */
export interface DraftAction extends MapAction {
  key: number;
}

/** Everything the editor can change on a map. */
export interface MapDraft {
  title: string;
  statements: DraftStatement[];
  challenges: DraftChallenge[];
  actions: DraftAction[];
}

let lastKey = 0;
/** A key unique within this page, so reordering keeps each item's DOM and focus. */
export function newKey(): number {
  lastKey += 1;
  return lastKey;
}

/** The editable copy of a saved map. */
export function toDraft(map: SuccessMap): MapDraft {
  return {
    title: map.title,
    statements: map.statements.map((s) => ({ key: newKey(), text: s.text, votes: s.votes })),
    challenges: map.challenges.map((c) => ({
      key: newKey(),
      text: c.text,
      johari: c.johari,
      offeringIds: [...c.offeringIds],
    })),
    actions: map.actions.map((a) => ({ key: newKey(), ...a })),
  };
}

/**
 * The draft of a freshly saved map, keeping the keys of `prev` item by item: the server answers
 * the lists in the order they were sent, so each item keeps its DOM (and focus) across a save.
 */
export function keepKeys(next: MapDraft, prev: MapDraft): MapDraft {
  const carry = <T extends { key: number }>(to: T[], from: T[]): T[] =>
    to.map((item, i) => ({ ...item, key: from[i]?.key ?? item.key }));
  return {
    title: next.title,
    statements: carry(next.statements, prev.statements),
    challenges: carry(next.challenges, prev.challenges),
    actions: carry(next.actions, prev.actions),
  };
}

/** A blank item of each list. */
export const blank = {
  statement: (): DraftStatement => ({ key: newKey(), text: '', votes: 0 }),
  challenge: (): DraftChallenge => ({ key: newKey(), text: '', johari: 'open', offeringIds: [] }),
  action: (status: ActionStatus = 'todo'): DraftAction => ({
    key: newKey(),
    text: '',
    owner: '',
    team: '',
    due: '',
    status,
  }),
};

/** The PATCH that saves the whole draft (every list, in its order). */
export function toPatch(d: MapDraft): Required<MapPatch> {
  return {
    title: d.title.trim(),
    statements: d.statements.map((s) => ({ text: s.text.trim(), votes: s.votes })),
    challenges: d.challenges.map((c) => ({ text: c.text.trim(), johari: c.johari, offeringIds: [...c.offeringIds] })),
    actions: d.actions.map((a) => ({
      text: a.text.trim(),
      owner: a.owner.trim(),
      team: a.team.trim(),
      due: a.due,
      status: a.status,
    })),
  };
}

/** True when the draft would change the saved map. */
export function isDirty(d: MapDraft, saved: MapDraft): boolean {
  return JSON.stringify(toPatch(d)) !== JSON.stringify(toPatch(saved));
}

/** A copy of `list` with the item at `index` moved by `delta` places; unchanged at the ends. */
export function move<T>(list: readonly T[], index: number, delta: -1 | 1): T[] {
  const to = index + delta;
  const out = [...list];
  if (index < 0 || index >= list.length || to < 0 || to >= list.length) return out;
  const [item] = out.splice(index, 1);
  out.splice(to, 0, item as T);
  return out;
}

/** Every offering the challenges link, once each, in the order first linked. */
export function linkedOfferingIds(challenges: readonly { offeringIds: readonly number[] }[]): number[] {
  const seen = new Set<number>();
  for (const c of challenges) for (const id of c.offeringIds) seen.add(id);
  return [...seen];
}

/**
 * The expansion potential: the monthly prices of the linked offerings, each counted once,
 * summed per currency and sorted by currency code (the server's rule, applied to the draft).
 */
export function expansionOf(
  challenges: readonly { offeringIds: readonly number[] }[],
  offerings: ReadonlyMap<number, Offering>,
): Money[] {
  const sums = new Map<string, number>();
  for (const id of linkedOfferingIds(challenges)) {
    const o = offerings.get(id);
    if (o) sums.set(o.currency, (sums.get(o.currency) ?? 0) + o.monthlyPrice);
  }
  return [...sums]
    .map(([currency, amount]) => ({ amount, currency }))
    .sort((a, b) => (a.currency < b.currency ? -1 : a.currency > b.currency ? 1 : 0));
}

/** Done actions out of all. */
export function progressOf(actions: readonly { status: ActionStatus }[]): MapProgress {
  const done = actions.filter((a) => a.status === 'done').length;
  return { done, total: actions.length, share: actions.length ? done / actions.length : 0 };
}

/** Which item of a map a refused PATCH was about, read from messages like `actions[2].due must be…`. */
export interface ItemError {
  part: 'statements' | 'challenges' | 'actions';
  index: number;
  /** The field named, e.g. "due"; empty when the message is about the whole item. */
  field: string;
  /** The rest of the message, e.g. "must be a date like 2027-03-31" or ": unknown offering 7". */
  problem: string;
}

/** Parses the server's item-level 400 messages; null for anything else. */
export function itemErrorOf(message: string): ItemError | null {
  const m = /^(statements|challenges|actions)\[(\d+)\](?:\.(\w+))?(.*)$/.exec(message.trim());
  if (!m) return null;
  return {
    part: m[1] as ItemError['part'],
    index: Number(m[2]),
    field: m[3] ?? '',
    problem: (m[4] ?? '').trim(),
  };
}

/** "First step 3: the due date must be a date like 2027-03-31." */
export function describeItemError(e: ItemError): string {
  const names = t.maps.itemFields;
  const field = e.field ? (Object.hasOwn(names, e.field) ? names[e.field] : e.field) : '';
  const problem = e.problem.replace(/\.$/, '');
  const detail = field ? `${field}${problem.startsWith(':') ? '' : ' '}${problem}` : problem;
  return t.maps.itemError(t.maps.parts[e.part], e.index + 1, detail);
}
