// The API names the offending field at the start of a 400's message ("name is required",
// "currency must be an ISO 4217 code…"); this puts such a message next to its input.
import { currentLocale } from '../i18n/locale.ts';
import { t } from '../i18n/i18n.ts';
import { ApiError, errorMessage } from './api.ts';

/** A refusal split into the field it concerns (if any) and a sentence for people. */
export interface FieldError {
  field: string | null;
  message: string;
}

/** The wire name of a field and the words people know it by, e.g. monthlyPrice → "Monthly price". */
export type FieldLabels = Readonly<Record<string, string>>;

/** Finds which field a server message is about; null when it names none of them. */
export function fieldOf(message: string, labels: FieldLabels): string | null {
  const first = /^[A-Za-z][A-Za-z0-9_]*/.exec(message.trim())?.[0] ?? '';
  return Object.hasOwn(labels, first) ? first : null;
}

/** Turns a thrown value into a field error, the wire name replaced by the field's label. */
export function toFieldError(err: unknown, labels: FieldLabels): FieldError {
  if (err instanceof ApiError && err.status === 400) {
    const field = fieldOf(err.message, labels);
    if (field) {
      const rest = err.message.trim().slice(field.length);
      const label = labels[field] ?? field;
      return { field, message: currentLocale() === 'en' ? sentence(label + rest) : t.errors.field(label, rest) };
    }
  }
  return { field: null, message: sentence(errorMessage(err)) };
}

/** Capitalised, with a full stop. */
export function sentence(s: string): string {
  const t = s.trim();
  if (!t) return t;
  const c = t.charAt(0).toUpperCase() + t.slice(1);
  return /[.!?。！？]$/.test(c) ? c : c + '.';
}
