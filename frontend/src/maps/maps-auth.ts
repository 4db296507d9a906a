// A 401 on a signed-in page means the session ended: go to the login page instead of showing an error,
// and come back to this page after signing in again.
import { ApiError } from '../lib/api.ts';
import { loginPath } from '../lib/return-to.ts';
import { navigate, route } from '../lib/router.svelte.ts';
import { session } from '../lib/session.svelte.ts';

/**
 * Sends the browser to the login page when `err` says the session is gone; true if it says so.
 * A page with unsaved edits may ask first; if the person stays, the session is left as it was so
 * the page (and what they typed) stays on screen.
 */
export function redirectIfSignedOut(err: unknown): boolean {
  if (!(err instanceof ApiError) || err.status !== 401) return false;
  if (navigate(loginPath(route.path + route.search), { replace: true })) session.user = null;
  return true;
}
