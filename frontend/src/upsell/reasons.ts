// Why customers bought: the six reasons a win may carry, split into the positive ones (they will
// stay) and the negative ones (a churn risk), and the figures the upsell page groups by them.
// Pure, unit-tested.
import {
  NEGATIVE_REASONS,
  POSITIVE_REASONS,
  WIN_REASONS,
  type ReasonStats,
  type WinReason,
} from './upsell-types.ts';
import type { Money } from '../maps/maps-types.ts';

/** Whether a reason makes a customer stay (positive) or a churn risk (negative). */
export type ReasonTone = 'positive' | 'negative';

/** True for one of the six reasons a win may carry. */
export function isWinReason(x: unknown): x is WinReason {
  return (WIN_REASONS as readonly unknown[]).includes(x);
}

/** The tone of a win reason; null for anything else (a lost opportunity's text, ""). */
export function reasonTone(reason: string): ReasonTone | null {
  if ((POSITIVE_REASONS as readonly string[]).includes(reason)) return 'positive';
  if ((NEGATIVE_REASONS as readonly string[]).includes(reason)) return 'negative';
  return null;
}

/** One reason's row of the chart: every reason is there, in order, zero when no win had it. */
export interface ReasonRow {
  reason: WinReason;
  tone: ReasonTone;
  count: number;
  expansion: Money[];
}

/** The wins of a period by reason, split by tone. */
export interface ReasonGroups {
  positive: ReasonRow[];
  negative: ReasonRow[];
  positiveCount: number;
  negativeCount: number;
  /** Positive wins of all wins with a reason, 0..1; null without any. */
  positiveShare: number | null;
}

/** Groups the server's by-reason figures; unknown reasons are left out, repeated ones added up. */
export function groupReasons(rows: readonly ReasonStats[]): ReasonGroups {
  const counts = new Map<WinReason, number>();
  const money = new Map<WinReason, Money[]>();
  for (const r of rows) {
    if (!isWinReason(r.reason) || !Number.isFinite(r.won) || r.won < 0) continue;
    counts.set(r.reason, (counts.get(r.reason) ?? 0) + r.won);
    money.set(r.reason, addMoney(money.get(r.reason) ?? [], r.expansionMrr ?? []));
  }
  const row = (reason: WinReason): ReasonRow => ({
    reason,
    tone: reasonTone(reason) as ReasonTone,
    count: counts.get(reason) ?? 0,
    expansion: money.get(reason) ?? [],
  });
  const positive = POSITIVE_REASONS.map(row);
  const negative = NEGATIVE_REASONS.map(row);
  const positiveCount = positive.reduce((n, r) => n + r.count, 0);
  const negativeCount = negative.reduce((n, r) => n + r.count, 0);
  const all = positiveCount + negativeCount;
  return { positive, negative, positiveCount, negativeCount, positiveShare: all > 0 ? positiveCount / all : null };
}

/** Sums two lists of money per currency, currencies in alphabetical order. */
export function addMoney(a: readonly Money[], b: readonly Money[]): Money[] {
  const sums = new Map<string, number>();
  for (const m of [...a, ...b]) {
    if (!m.currency || !Number.isFinite(m.amount)) continue;
    sums.set(m.currency, (sums.get(m.currency) ?? 0) + m.amount);
  }
  return [...sums].sort(([x], [y]) => x.localeCompare(y)).map(([currency, amount]) => ({ amount, currency }));
}
