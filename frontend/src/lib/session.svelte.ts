// Who is signed in, shared by the header and the pages.
import { api, ApiError, errorMessage } from './api.ts';
import type { User } from './types.ts';

/** The signed-in facilitator (null when signed out); `checked` once GET /api/me answered. */
export const session = $state<{ user: User | null; checked: boolean; error: string | null }>({
  user: null,
  checked: false,
  error: null,
});

let inFlight: Promise<void> | null = null;

/** Asks the server who we are (once at a time). A 401 simply means signed out. */
export function refreshSession(): Promise<void> {
  inFlight ??= askServer().finally(() => (inFlight = null));
  return inFlight;
}

async function askServer(): Promise<void> {
  try {
    session.user = await api.me();
    session.error = null;
  } catch (err) {
    session.user = null;
    session.error = err instanceof ApiError && err.status === 401 ? null : errorMessage(err);
  } finally {
    session.checked = true;
  }
}

/** Records a user that just signed in or up. */
export function signedIn(user: User): void {
  session.user = user;
  session.checked = true;
  session.error = null;
}

/** Ends the session on the server and here. */
export async function signOut(): Promise<void> {
  try {
    await api.logout();
  } finally {
    session.user = null;
  }
}
