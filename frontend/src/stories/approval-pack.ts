// The approval pack's sums, pure and unit-tested: what each offering costs this account per month
// (the price proposed to it, else the list price) and the monthly total per currency.
import { LAYERS, type ColumnResults, type Layer } from '../lib/types.ts';
import type { Money } from '../maps/maps-types.ts';
import type { PackOffering } from './stories-types.ts';

/** The monthly amount the pack shows for an offering: what was proposed to the account, else the list price. */
export function packPrice(o: Pick<PackOffering, 'monthlyPrice' | 'monthlyDelta' | 'currency'>): Money {
  return { amount: o.monthlyDelta ?? o.monthlyPrice, currency: o.currency };
}

/** The monthly total of the pack's offerings, one sum per currency, in the order currencies first appear. */
export function packTotals(offerings: Pick<PackOffering, 'monthlyPrice' | 'monthlyDelta' | 'currency'>[]): Money[] {
  const sums = new Map<string, number>();
  for (const o of offerings) {
    const p = packPrice(o);
    sums.set(p.currency, (sums.get(p.currency) ?? 0) + p.amount);
  }
  return [...sums].map(([currency, amount]) => ({ amount, currency }));
}

/** One row of a votes-by-layer table. */
export interface LayerRow {
  text: string;
  total: number;
  byLayer: Record<Layer, number>;
}

/** The items of a voted column as table rows, most votes first; items nobody voted for are left out. */
export function layerRows(column: ColumnResults): LayerRow[] {
  return column.items
    .filter((i) => i.total > 0)
    .sort((a, b) => a.rank - b.rank || b.total - a.total)
    .map((i) => ({
      text: i.text,
      total: i.total,
      byLayer: Object.fromEntries(LAYERS.map((l) => [l, i.byLayer?.[l] ?? 0])) as Record<Layer, number>,
    }));
}
