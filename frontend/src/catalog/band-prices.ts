// Prices by company size: an offering may cost accounts of a size band something other than its
// list price. The editor keeps one optional text per band; blank means "the list price".
import { SIZE_BANDS, type SizeBand } from '../lib/types.ts';
import { minorToInput, parseMajor } from './money.ts';

/** The size bands an offering can be priced for (every band but "unknown"). */
export const PRICED_BANDS = SIZE_BANDS.filter((b) => b !== '') as Exclude<SizeBand, ''>[];
export type PricedBand = (typeof PRICED_BANDS)[number];

/** The typed text of each band's price, from an offering's band prices ('' where it has none). */
export function bandPriceTexts(prices: Partial<Record<string, number>> | undefined, currency: string): Record<PricedBand, string> {
  const out = {} as Record<PricedBand, string>;
  for (const b of PRICED_BANDS) {
    const p = prices?.[b];
    out[b] = typeof p === 'number' ? minorToInput(p, currency) : '';
  }
  return out;
}

/** The outcome of reading the typed band prices. */
export type ParsedBandPrices =
  | { ok: true; prices: Partial<Record<PricedBand, number>> }
  | { ok: false; errors: Partial<Record<PricedBand, string>> };

/** Reads the typed band prices into minor units; blank bands are left out, so {} when none is set. */
export function parseBandPrices(texts: Record<PricedBand, string>, currency: string): ParsedBandPrices {
  const prices: Partial<Record<PricedBand, number>> = {};
  const errors: Partial<Record<PricedBand, string>> = {};
  for (const b of PRICED_BANDS) {
    const text = texts[b]?.trim() ?? '';
    if (text === '') continue;
    const p = parseMajor(text, currency);
    if (p.ok) prices[b] = p.minor;
    else errors[b] = p.error;
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, prices };
}
