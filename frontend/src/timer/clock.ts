// The phase timer as every browser shows it: the server sends the end time and
// its own clock, so each browser corrects for its clock offset and all count
// down in step. Pure functions, unit-tested in plain Node.
import type { TimerPayload } from '../lib/types.ts';

/** The timer with the clock correction measured when it arrived. */
export interface TimerState {
  running: boolean;
  /** Server time (ms since epoch) at which a running timer reaches 0; null when not running. */
  endsAtMs: number | null;
  /** Time left when paused (and as of serverNow when running). */
  remainingMs: number;
  durationMs: number;
  /** Server clock minus this browser's clock, in ms. */
  offsetMs: number;
}

/** A timer that was never started. */
export const IDLE_TIMER: TimerState = { running: false, endsAtMs: null, remainingMs: 0, durationMs: 0, offsetMs: 0 };

/** Reads a timer payload received at local time `now` (ms); a malformed one becomes idle. */
export function timerFromPayload(payload: unknown, now: number): TimerState {
  if (typeof payload !== 'object' || payload === null) return IDLE_TIMER;
  const t = payload as Partial<TimerPayload>;
  const serverNow = typeof t.serverNow === 'string' ? Date.parse(t.serverNow) : NaN;
  const endsAt = typeof t.endsAt === 'string' ? Date.parse(t.endsAt) : NaN;
  const running = t.running === true && Number.isFinite(endsAt);
  return {
    running,
    endsAtMs: running ? endsAt : null,
    remainingMs: typeof t.remainingMs === 'number' ? Math.max(0, t.remainingMs) : 0,
    durationMs: typeof t.durationMs === 'number' ? t.durationMs : 0,
    offsetMs: Number.isFinite(serverNow) ? serverNow - now : 0,
  };
}

/** Milliseconds left at local time `now`, never below 0. */
export function remainingAt(timer: TimerState, now: number): number {
  if (timer.running && timer.endsAtMs !== null) return Math.max(0, timer.endsAtMs - (now + timer.offsetMs));
  return Math.max(0, timer.remainingMs);
}

/** Whether a timer has been started at all (running, paused, or run out). */
export function timerStarted(timer: TimerState): boolean {
  return timer.running || timer.durationMs > 0;
}

/** `m:ss` (or `h:mm:ss` from an hour), rounding up so 0:00 shows only when time is really up. */
export function formatClock(ms: number): string {
  const total = Math.ceil(Math.max(0, ms) / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}
