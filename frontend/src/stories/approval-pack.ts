// The approval pack's sums, pure and unit-tested: what each offering costs this account per month
// (the price proposed to it, else its size band's price, else the list price) and the monthly total per currency.
import { LAYERS, type ColumnResults, type Layer } from '../lib/types.ts';
import type { Money } from '../maps/maps-types.ts';
import type { PackOffering } from './stories-types.ts';

type Priced = Pick<PackOffering, 'monthlyPrice' | 'monthlyDelta' | 'currency' | 'price' | 'priceBand'>;

/**
 * The monthly amount the pack shows for an offering: what was proposed to the account, else the price
 * for its size band, else the list price.
 */
export function packPrice(o: Priced): Money {
  return { amount: o.monthlyDelta ?? o.price ?? o.monthlyPrice, currency: o.currency };
}

/** What the shown price is: proposed to the account, its size band's price (and which band), or the list price. */
export type PriceSource = { kind: 'proposed' } | { kind: 'band'; band: string } | { kind: 'list' };

/** Where an offering's pack price comes from. */
export function priceSource(o: Priced): PriceSource {
  if (o.monthlyDelta != null) return { kind: 'proposed' };
  if (o.priceBand && o.price != null) return { kind: 'band', band: o.priceBand };
  return { kind: 'list' };
}

/** The monthly total of the pack's offerings, one sum per currency, in the order currencies first appear. */
export function packTotals(offerings: Priced[]): Money[] {
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
