// Prices: the API keeps integers in the currency's minor unit (yen for JPY, cents for USD);
// people type and read major units. The number of decimals comes from Intl, per currency.
import { t } from '../i18n/i18n.ts';
import { intlLocale } from '../i18n/locale.ts';

/** Common ISO 4217 codes offered in the currency picker; any other valid code can be typed. */
export const COMMON_CURRENCIES = [
  'JPY', 'USD', 'EUR', 'GBP', 'AUD', 'CAD', 'CHF', 'CNY', 'HKD', 'SGD', 'KRW', 'TWD', 'INR', 'THB',
  'SEK', 'NOK', 'DKK', 'NZD', 'BRL', 'MXN',
] as const;

/** The largest price the API accepts, in minor units. */
export const MAX_MINOR_PRICE = 1_000_000_000_000;

/** True for a well-formed three-letter code (the server checks it is a real one). */
export function isCurrencyCode(code: string): boolean {
  return /^[A-Z]{3}$/.test(code);
}

/** Decimals of `currency`'s major unit (JPY 0, USD 2, BHD 3); 2 when Intl does not know it. */
export function currencyDigits(currency: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

/** A minor-unit amount as a plain decimal string for an input: 1999 USD → "19.99", 50000 JPY → "50000". */
export function minorToInput(amount: number, currency: string): string {
  const digits = currencyDigits(currency);
  if (digits === 0) return String(amount);
  const s = String(Math.abs(Math.trunc(amount))).padStart(digits + 1, '0');
  const whole = s.slice(0, -digits);
  const frac = s.slice(-digits).replace(/0+$/, '');
  return (amount < 0 ? '-' : '') + (frac ? `${whole}.${frac}` : whole);
}

/** The outcome of reading a typed price. */
export type ParsedPrice = { ok: true; minor: number } | { ok: false; error: string };

/**
 * Reads a price typed in major units ("1,234.5", "50000") into minor units without
 * floating-point rounding. Grouping commas and spaces are ignored; the decimal mark is a dot.
 */
export function parseMajor(input: string, currency: string): ParsedPrice {
  const cleaned = input.replace(/[\s,_]/g, '');
  if (cleaned === '') return { ok: false, error: t.catalog.priceRequired };
  const m = /^(\d+)(?:\.(\d*))?$/.exec(cleaned);
  if (!m) return { ok: false, error: t.catalog.priceNotNumber };
  const digits = currencyDigits(currency);
  const whole = m[1] ?? '0';
  const frac = (m[2] ?? '').replace(/0+$/, '');
  if (frac.length > digits) {
    return {
      ok: false,
      error: digits === 0 ? t.catalog.noDecimals(currency) : t.catalog.maxDecimals(currency, digits),
    };
  }
  const minor = Number(whole + frac.padEnd(digits, '0'));
  if (!Number.isSafeInteger(minor) || minor > MAX_MINOR_PRICE) return { ok: false, error: t.catalog.priceTooLarge };
  return { ok: true, minor };
}

/** A minor-unit amount formatted for people in the app's language, e.g. "¥50,000" or "$19.99". */
export function formatMoney(amount: number, currency: string, locale: string = intlLocale()): string {
  const digits = currencyDigits(currency);
  try {
    return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(amount / 10 ** digits);
  } catch {
    return `${minorToInput(amount, currency)} ${currency}`;
  }
}
