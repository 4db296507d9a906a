// The arithmetic of the upsell page's bar charts: a round top for the scale and each bar's length
// as a share of it, so the SVG components only place rectangles at percentages. Pure, unit-tested.

/** One bar: what it is, its value, and its length as a share of the scale (0..1). */
export interface Bar<K extends string | number = string | number> {
  key: K;
  label: string;
  value: number;
  share: number;
}

/**
 * The smallest "round" number (1, 2 or 5 times a power of ten) at or above `max`, so a scale ends
 * on a number people read at a glance; 1 for nothing to show (0, negative, not a number).
 */
export function niceCeiling(max: number): number {
  if (!Number.isFinite(max) || max <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(max));
  for (const step of [1, 2, 5, 10]) {
    // A small tolerance: 0.3 / 0.1 is 2.9999999999999996, which should not round up to 5.
    if (max <= step * power * (1 + 1e-9)) return step * power;
  }
  return 10 * power;
}

/** Bars for `items`, longest value at the scale's top (`scaleMax`, or the round ceiling of the largest). */
export function barsOf<T, K extends string | number>(
  items: readonly T[],
  key: (item: T) => K,
  label: (item: T) => string,
  value: (item: T) => number,
  scaleMax?: number,
): { bars: Bar<K>[]; max: number } {
  const values = items.map((i) => {
    const v = value(i);
    return Number.isFinite(v) && v > 0 ? v : 0;
  });
  const max = scaleMax !== undefined && scaleMax > 0 ? scaleMax : niceCeiling(Math.max(0, ...values));
  const bars = items.map((item, i) => ({
    key: key(item),
    label: label(item),
    value: values[i] ?? 0,
    share: Math.min(1, (values[i] ?? 0) / max),
  }));
  return { bars, max };
}

/** `share` as an SVG length: "37.5%"; a visible sliver for any value above zero. */
export function barWidth(share: number, value: number): string {
  const pct = Math.max(0, Math.min(100, share * 100));
  return `${value > 0 ? Math.max(pct, 0.75) : 0}%`;
}

/** A label cut to `max` characters with an ellipsis, so it cannot run into the value beside it. */
export function shortLabel(label: string, max: number): string {
  const chars = [...label.trim()];
  return chars.length <= max ? chars.join('') : chars.slice(0, Math.max(1, max - 1)).join('') + '…';
}

/** One row of a drawn chart: what it is, its value in words, its length (0..1 of the scale). */
export interface BarRow {
  key: string | number;
  label: string;
  /** The value as people read it ("67%", "3 wins"). */
  value: string;
  share: number;
  /** The value itself: above zero draws at least a sliver. */
  raw: number;
  /** A negative row is hatched and marked, not only coloured. */
  tone?: 'positive' | 'negative' | 'neutral';
  /** A second line of figures under the bar. */
  detail?: string;
}
