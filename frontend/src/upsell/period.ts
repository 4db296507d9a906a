// The period the upsell page looks at: two calendar days, from and to (both included), kept in the
// address (?from=&to=) so a view can be shared and survives a reload. Pure, unit-tested.

/** A calendar day, YYYY-MM-DD. */
export type Day = string;

/** A period, both ends included. */
export interface Period {
  from: Day;
  to: Day;
}

/** The quick picks beside the two dates. */
export const PRESETS = ['thisMonth', 'lastMonth', 'thisQuarter', 'last90', 'thisYear'] as const;
export type Preset = (typeof PRESETS)[number];

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** A local date as YYYY-MM-DD. */
export function dayOf(d: Date): Day {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** True for a real calendar day written YYYY-MM-DD. */
export function isDay(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const d = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return dayOf(d) === s;
}

/** The days a preset covers, seen from `today`. */
export function presetPeriod(p: Preset, today: Date): Period {
  const y = today.getFullYear();
  const m = today.getMonth();
  const to = dayOf(today);
  switch (p) {
    case 'thisMonth':
      return { from: dayOf(new Date(y, m, 1)), to };
    case 'lastMonth':
      return { from: dayOf(new Date(y, m - 1, 1)), to: dayOf(new Date(y, m, 0)) };
    case 'thisQuarter':
      return { from: dayOf(new Date(y, m - (m % 3), 1)), to };
    case 'last90':
      return { from: dayOf(new Date(y, m, today.getDate() - 89)), to };
    case 'thisYear':
      return { from: dayOf(new Date(y, 0, 1)), to };
  }
}

/** The preset a period is, if any (to light the matching quick pick). */
export function presetOf(period: Period, today: Date): Preset | null {
  return PRESETS.find((p) => {
    const q = presetPeriod(p, today);
    return q.from === period.from && q.to === period.to;
  }) ?? null;
}

/** What is wrong with a period: a missing or unreal day, or from after to; null when it is fine. */
export function periodProblem(p: Period): 'from' | 'to' | 'order' | null {
  if (!isDay(p.from)) return 'from';
  if (!isDay(p.to)) return 'to';
  return p.from > p.to ? 'order' : null;
}

/** The period in the address, or this quarter when it names none (or a broken one). */
export function periodFromSearch(search: string, today: Date): Period {
  const q = new URLSearchParams(search);
  const p = { from: q.get('from') ?? '', to: q.get('to') ?? '' };
  return periodProblem(p) === null ? p : presetPeriod('thisQuarter', today);
}

/** `?from=…&to=…` for the API and the address. */
export function periodQuery(p: Period): string {
  return '?' + new URLSearchParams({ from: p.from, to: p.to }).toString();
}
