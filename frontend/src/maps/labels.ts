// Words for a map's codes, and its dates in the app's language.
import { t } from '../i18n/i18n.ts';
import { intlLocale } from '../i18n/locale.ts';
import type { ActionStatus, Johari } from './maps-types.ts';

/** A Johari quadrant from the customer's side: a short name and what it means. */
export function johariLabel(johari: Johari): { name: string; meaning: string } {
  return t.maps.johari[johari] ?? { name: johari, meaning: '' };
}

/** How an action's status reads. */
export function statusLabel(status: ActionStatus): string {
  return t.maps.status[status] ?? status;
}

/** A date (`YYYY-MM-DD`) as people read it, without time-zone shifts; "" stays "". */
export function formatDay(day: string, locale: string = intlLocale()): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return day;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(d);
}

/** A timestamp as a short local date and time. */
export function formatTime(iso: string, locale: string = intlLocale()): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(d);
}
