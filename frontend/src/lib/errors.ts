// Words for the server's refusals (docs/api.md error codes), in the current language.
import { currentLocale } from '../i18n/locale.ts';
import { t } from '../i18n/i18n.ts';
import type { ServerError } from './ws.ts';

/** Codes whose server message says more than our generic sentence (which field, which rule). */
const DETAILED_CODES = new Set([
  'bad_request', 'conflict', 'unauthorized', 'not_found', 'forbidden', 'rate_limited', 'weak_password', 'stage_in_use',
]);

/** The translation of a known server message, if we have one ("no workshop has this code"). */
function knownMessage(message: string): string | undefined {
  const key = message.trim().replace(/\.$/, '');
  return Object.hasOwn(t.errors.messages, key) ? t.errors.messages[key] : undefined;
}

/** A sentence for people about a refused WebSocket command. */
export function friendlyError(err: ServerError): string {
  const known = knownMessage(err.message);
  if (known) return known;
  const generic = Object.hasOwn(t.errors.codes, err.code) ? t.errors.codes[err.code] : undefined;
  if (currentLocale() === 'en') {
    // English speakers get the server's own words where they are more precise than ours.
    if (err.code === 'bad_request' && err.message) return capitalize(err.message) + '.';
    return generic ?? (err.message ? capitalize(err.message) + '.' : t.errors.refused);
  }
  return generic ?? t.errors.refused;
}

/** A sentence for people about a failed HTTP request (`code` and server `message` of an ApiError). */
export function describeApiError(status: number, code: string, message: string): string {
  const known = knownMessage(message);
  if (known) return known;
  if (code === 'network') return t.errors.codes.network ?? message;
  if (code.startsWith('http_')) return t.errors.requestFailed(status);
  const generic = Object.hasOwn(t.errors.codes, code) ? t.errors.codes[code] : undefined;
  if (currentLocale() === 'en' && message && (DETAILED_CODES.has(code) || !generic)) return capitalize(message) + '.';
  return generic ?? t.errors.refused;
}

function capitalize(s: string): string {
  const t = s.trim().replace(/\.$/, '');
  return t.charAt(0).toUpperCase() + t.slice(1);
}
