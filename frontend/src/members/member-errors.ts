// Refusals of member changes in words that say what to do next.
import { t } from '../i18n/i18n.ts';
import { ApiError, errorMessage } from '../lib/api.ts';

/** A sentence for a refused role change or removal; `self` when the member is the one signed in. */
export function memberError(err: unknown, action: 'role' | 'remove', self: boolean): string {
  if (err instanceof ApiError && err.status === 409) {
    return action === 'remove' && self ? t.members.cannotRemoveSelf : t.members.needsOwner;
  }
  return errorMessage(err);
}
