import { COLUMNS, PHASES, type Column, type Phase } from './types.ts';

/** Human titles for each phase. */
export const PHASE_LABELS: Record<Phase, string> = {
  lobby: 'Lobby',
  current: 'Current state',
  ideal: 'Ideal state',
  vote_ideal: 'Vote on the ideal',
  challenges: 'Challenges',
  first_steps: 'First steps',
  vote_steps: 'Vote on first steps',
  map: 'Success map',
  closed: 'Closed',
};

/** Column headings and the question each column answers. */
export const COLUMN_INFO: Record<Column, { title: string; prompt: string }> = {
  current: { title: 'Current state', prompt: 'Where are we today?' },
  ideal: { title: 'Ideal state', prompt: 'Where do we want to be?' },
  challenges: { title: 'Challenges', prompt: 'What stands in the way?' },
  first_steps: { title: 'First steps', prompt: 'What can we do first?' },
};

/** The column participants write in during a phase, or null outside idea phases. */
export function columnForPhase(phase: Phase): Column | null {
  return (COLUMNS as readonly string[]).includes(phase) ? (phase as Column) : null;
}

/** The phase after `phase`, or null at the end. */
export function nextPhase(phase: Phase): Phase | null {
  return PHASES[PHASES.indexOf(phase) + 1] ?? null;
}

/** The phase before `phase`, or null at the start. */
export function previousPhase(phase: Phase): Phase | null {
  const i = PHASES.indexOf(phase);
  return i > 0 ? (PHASES[i - 1] ?? null) : null;
}
