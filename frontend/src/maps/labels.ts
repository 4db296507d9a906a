// Words for a map's codes.
import type { ActionStatus, Johari } from '../lib/maps-types.ts';

/** Johari quadrants from the customer's side: a short name and what it means. */
export const JOHARI_LABELS: Record<Johari, { name: string; meaning: string }> = {
  open: { name: 'Open', meaning: 'known to both' },
  hidden: { name: 'Hidden', meaning: 'only the customer knows' },
  blind: { name: 'Blind spot', meaning: 'only we know — not noticed yet' },
  unknown: { name: 'Unknown', meaning: 'neither side knows yet' },
};

/** How an action's status reads. */
export const STATUS_LABELS: Record<ActionStatus, string> = {
  todo: 'To do',
  doing: 'Doing',
  done: 'Done',
};

/** A date (`YYYY-MM-DD`) as people read it, without time-zone shifts; "" stays "". */
export function formatDay(day: string, locale?: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return day;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(d);
}

/** A timestamp as a short local date and time. */
export function formatTime(iso: string, locale?: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(d);
}
