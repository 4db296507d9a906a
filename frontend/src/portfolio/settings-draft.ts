// The organization's portfolio settings as the form edits them, checked the way the server checks
// them (docs/api.md) so most mistakes show before saving. Pure, unit-tested.
import { t } from '../i18n/i18n.ts';
import type { FieldProblem } from '../lib/api.ts';
import type { Settings, SettingsInput } from './portfolio-types.ts';

/** Limits of the settings (docs/api.md). */
export const MAX_NAME = 50;
export const MAX_STAGES = 8;
export const MAX_GOAL = 100_000;

/** A stage row of the form; `key` is absent for a stage added here (the server makes one). */
export interface DraftStage {
  /** Stable identity for the list while editing. */
  id: number;
  key?: string;
  label: string;
}

/** The settings as typed. */
export interface SettingsDraft {
  x: string;
  y: string;
  stages: DraftStage[];
  goal: string;
}

let nextId = 1;

/** A new stage row. */
export function newStage(label = ''): DraftStage {
  return { id: nextId++, label };
}

/** The draft of the settings as saved. */
export function toDraft(s: Settings): SettingsDraft {
  return {
    x: s.axes.x.name,
    y: s.axes.y.name,
    stages: s.stages.map((st) => ({ id: nextId++, key: st.key, label: st.label })),
    goal: String(s.contactGoal),
  };
}

/** Problems by field path as the server names them (`axes.x.name`, `stages[1].label`, `stages`, `contactGoal`). */
export type SettingsProblems = Map<string, string>;

/** Checks the draft; the problems found, or the body to PUT. */
export function toInput(d: SettingsDraft): { ok: true; input: SettingsInput } | { ok: false; problems: SettingsProblems } {
  const problems: SettingsProblems = new Map();
  const name = (v: string, field: string) => {
    const s = v.trim();
    if (s === '') problems.set(field, t.portfolio.settings.required);
    else if ([...s].length > MAX_NAME) problems.set(field, t.portfolio.settings.tooLong(MAX_NAME));
    return s;
  };
  const x = name(d.x, 'axes.x.name');
  const y = name(d.y, 'axes.y.name');
  const seen = new Set<string>();
  const stages = d.stages.map((st, i) => {
    const label = name(st.label, `stages[${i}].label`);
    const folded = label.toLowerCase();
    if (label && seen.has(folded)) problems.set(`stages[${i}].label`, t.portfolio.settings.duplicateStage);
    seen.add(folded);
    return st.key ? { key: st.key, label } : { label };
  });
  if (stages.length === 0 || stages.length > MAX_STAGES) problems.set('stages', t.portfolio.settings.stageCount(MAX_STAGES));
  const goalText = d.goal.replace(/[\s,_]/g, '');
  const goal = /^\d+$/.test(goalText) ? Number(goalText) : NaN;
  if (!(goal >= 1 && goal <= MAX_GOAL)) problems.set('contactGoal', t.portfolio.settings.goalRange(MAX_GOAL));
  if (problems.size > 0) return { ok: false, problems };
  return { ok: true, input: { axes: { x: { name: x }, y: { name: y } }, stages, contactGoal: goal } };
}

/** The server's field problems, by field path. */
export function problemsFrom(fields: readonly FieldProblem[]): SettingsProblems {
  const problems: SettingsProblems = new Map();
  for (const f of fields) if (!problems.has(f.field)) problems.set(f.field, f.message);
  return problems;
}
