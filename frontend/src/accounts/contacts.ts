// The contact log's dates: people pick a day; the API takes an RFC 3339 time. Pure, unit-tested.

/** A local day as `YYYY-MM-DD` (what a date input holds). */
export function localDay(d: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/**
 * The time to record for a contact on `day`: now for today (so it sorts after this morning's
 * call), noon local time for another day (so no time zone moves it to the day before or after).
 * Null for something that is not a date.
 */
export function contactTime(day: string, now: Date = new Date()): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return null;
  if (day === localDay(now)) return now.toISOString();
  const d = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]), 12, 0, 0);
  if (Number.isNaN(d.getTime()) || localDay(d) !== day) return null;
  return d.toISOString();
}
