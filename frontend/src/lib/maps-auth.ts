// A 401 on a signed-in page means the session ended: go to the login page instead of showing an error.
import { ApiError } from './api.ts';
import { navigate } from './router.svelte.ts';
import { session } from './session.svelte.ts';

/** Sends the browser to the login page when `err` says the session is gone; true if it did. */
export function redirectIfSignedOut(err: unknown): boolean {
  if (!(err instanceof ApiError) || err.status !== 401) return false;
  session.user = null;
  navigate('/login', { replace: true });
  return true;
}
