// What the join page offers a browser that may have joined before: continue as the participant it
// kept, say it was removed, or the plain join form. Pure, unit-tested in plain Node.
import type { ParticipantCredentials } from '../lib/participant-token.ts';

/** Characters of a join code (docs/api.md): no 0, 1, I, L, O. */
const CODE_ALPHABET = /^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]+$/;
/** Length of every join code. */
export const JOIN_CODE_LENGTH = 8;

/** A code as the server matches it: upper-cased, spaces and dashes ignored. */
export function normalizeCode(code: string): string {
  return code.replace(/[\s-]/g, '').toUpperCase();
}

/**
 * Whether a (normalized) code could be a real one, so it is worth looking up. Lookups of wrong
 * codes count against the address like failed joins, so half-typed codes are never sent.
 */
export function lookupWorthy(code: string): boolean {
  return code.length === JOIN_CODE_LENGTH && CODE_ALPHABET.test(code);
}

/** What the join page shows for a workshop, given what this browser kept for it. */
export type JoinOffer =
  | { kind: 'resume'; name: string }
  | { kind: 'removed' }
  | { kind: 'join' };

/** Continue with an active kept token; a removed browser is told so; otherwise the form. */
export function joinOffer(creds: ParticipantCredentials | null): JoinOffer {
  if (!creds) return { kind: 'join' };
  if (creds.status === 'removed') return { kind: 'removed' };
  if (creds.status === 'active') return { kind: 'resume', name: creds.name };
  return { kind: 'join' };
}
