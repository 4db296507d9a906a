// The customer's view of a success map, read defensively from whatever the server answered
// (a share link, ?view=customer, or the team's full map): only the parts the customer's document
// shows are kept, and a missing part is empty rather than a crash. Pure functions, unit-tested.
import { progressOf } from './draft.ts';
import {
  ACTION_STATUSES,
  OFFERING_KINDS,
  type ActionStatus,
  type CaseStudy,
  type CompletedStep,
  type CustomerMap,
  type CustomerOffering,
  type MapAction,
  type MapProgress,
  type MapView,
  type OfferingKind,
} from './maps-types.ts';

type Loose = Record<string, unknown>;

function obj(x: unknown): Loose {
  return typeof x === 'object' && x !== null && !Array.isArray(x) ? (x as Loose) : {};
}
function list(x: unknown): Loose[] {
  return Array.isArray(x) ? x.map(obj) : [];
}
function str(x: unknown): string {
  return typeof x === 'string' ? x : '';
}
function num(x: unknown): number {
  return typeof x === 'number' && Number.isFinite(x) ? x : 0;
}
function ids(x: unknown): number[] {
  return Array.isArray(x) ? x.filter((id): id is number => typeof id === 'number' && Number.isFinite(id)) : [];
}

function status(x: unknown): ActionStatus {
  return (ACTION_STATUSES as readonly unknown[]).includes(x) ? (x as ActionStatus) : 'todo';
}
function kind(x: unknown): OfferingKind {
  return (OFFERING_KINDS as readonly unknown[]).includes(x) ? (x as OfferingKind) : 'service';
}

function caseStudy(c: Loose): CaseStudy {
  return { id: num(c.id), customer: str(c.customer), summary: str(c.summary), outcome: str(c.outcome) };
}

function offering(o: Loose): CustomerOffering {
  return {
    id: num(o.id),
    name: str(o.name),
    kind: kind(o.kind),
    description: str(o.description),
    caseStudies: list(o.caseStudies).map(caseStudy),
  };
}

function action(a: Loose): MapAction {
  const s = status(a.status);
  const done = s === 'done' && str(a.completedAt) ? { completedAt: str(a.completedAt) } : {};
  return { text: str(a.text), owner: str(a.owner), team: str(a.team), due: str(a.due), status: s, ...done };
}

/**
 * The completed steps to celebrate, newest first: the server's list when it sent one, else the done
 * steps that say when they were completed.
 */
function completed(raw: unknown, actions: MapAction[]): CompletedStep[] {
  const listed = Array.isArray(raw)
    ? list(raw).map((c) => ({ text: str(c.text), completedAt: str(c.completedAt) }))
    : actions.filter((a) => a.status === 'done').map((a) => ({ text: a.text, completedAt: a.completedAt ?? '' }));
  return listed.filter((c) => c.text && c.completedAt).sort((a, b) => b.completedAt.localeCompare(a.completedAt));
}

function progress(p: unknown, actions: MapAction[]): MapProgress {
  const o = obj(p);
  if (typeof o.done === 'number' && typeof o.total === 'number' && typeof o.share === 'number') {
    return { done: o.done, total: o.total, share: Math.min(1, Math.max(0, o.share)) };
  }
  return progressOf(actions);
}

/** The customer's view of `raw`: the plan and the offerings as benefits, nothing of the vendor's business. */
export function customerView(raw: unknown): CustomerMap {
  const m = obj(raw);
  const actions = list(m.actions).map(action);
  return {
    view: 'customer',
    id: num(m.id),
    accountName: str(m.accountName),
    title: str(m.title),
    statements: list(m.statements).map((s) => ({ text: str(s.text), votes: num(s.votes) })),
    challenges: list(m.challenges).map((c) => ({ text: str(c.text), offeringIds: ids(c.offeringIds) })),
    actions,
    offerings: list(m.offerings).map(offering),
    progress: progress(m.progress, actions),
    completed: completed(m.completed, actions),
    updatedAt: str(m.updatedAt),
  };
}

/** The print view a query asks for (`?view=team` or `?view=customer`); the customer's unless the team's is named. */
export function printViewOf(search: string): MapView {
  return new URLSearchParams(search).get('view') === 'team' ? 'team' : 'customer';
}

/** The address of a map's print view. */
export function printPath(mapId: number, view: MapView): string {
  return `/maps/${mapId}/print?view=${view}`;
}
