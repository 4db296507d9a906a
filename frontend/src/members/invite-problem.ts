// Why an invitation link cannot be used, from the server's refusal.
import { ApiError } from '../lib/api.ts';

/** An invitation that is gone: unknown token, past its date, withdrawn, or already accepted. */
export type InviteProblem = 'unknown' | 'expired' | 'revoked' | 'used';

const BY_CODE: Record<string, InviteProblem> = {
  invitation_expired: 'expired',
  invitation_revoked: 'revoked',
  invitation_used: 'used',
  // The same, named after the invitation's status.
  invitation_accepted: 'used',
};

/** The problem a refusal of GET or accept means, or null for any other failure (network, bad input). */
export function inviteProblem(err: unknown): InviteProblem | null {
  if (!(err instanceof ApiError)) return null;
  const known = Object.hasOwn(BY_CODE, err.code) ? BY_CODE[err.code] : undefined;
  if (known) return known;
  if (err.status === 404) return 'unknown';
  // A 410 with a code this page does not know yet still means the link is spent.
  if (err.status === 410) return 'used';
  return null;
}
