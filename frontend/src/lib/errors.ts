// Words for the server's refusals (docs/api.md error codes), as shown on the board.
import type { ServerError } from './ws.ts';

const FRIENDLY: Record<string, string> = {
  vote_budget_exceeded: 'You have used all your votes in this round. Take one back to move it elsewhere.',
  vote_cap_exceeded: 'You have put the most votes allowed on this idea. Spread the rest over other ideas.',
  wrong_phase: 'The workshop has moved on: that is not possible in this phase.',
  forbidden: 'You are not allowed to do that.',
  not_found: 'That item is no longer on the board.',
  too_long: 'That text is too long (500 characters at most).',
  rate_limited: 'Too many changes at once. Wait a moment and try again.',
  internal: 'The change could not be saved. Please try again.',
  timeout: 'The server did not confirm in time. Please check the board and retry.',
};

/** A sentence for people; the server's own message where we have nothing better. */
export function friendlyError(err: ServerError): string {
  return FRIENDLY[err.code] ?? (err.message ? capitalize(err.message) + '.' : 'The server refused the request.');
}

function capitalize(s: string): string {
  const t = s.trim().replace(/\.$/, '');
  return t.charAt(0).toUpperCase() + t.slice(1);
}
