import { t } from '../i18n/i18n.ts';
import { COLUMNS, PHASES, type Column, type Phase } from './types.ts';

/** A phase's title in the current language. */
export function phaseLabel(phase: Phase): string {
  return t.board.phases[phase] ?? phase;
}

/** A column's heading and the question it answers, in the current language. */
export function columnInfo(column: Column): { title: string; prompt: string } {
  return t.board.columns[column];
}

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
