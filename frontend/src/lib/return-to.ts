// Where to go after signing in: a signed-out visitor of a page that needs an account goes to
// `/login?next=<that page>` and comes back there. `next` is only ever a path of this app, never
// another site (an open redirect would let a phishing link borrow our login page). Pure, unit-tested.

/** A base no real request uses: resolving against it tells a path of ours from another origin. */
const BASE = 'https://kizuki.invalid';
/** Pages it makes no sense to come back to after signing in. */
const AUTH_PATHS = new Set(['/login', '/signup']);
/** Longest `next` we keep; a real path of the app is far shorter. */
const MAX_LENGTH = 2000;

/** Pages that need a signed-in facilitator (route names of router.svelte.ts, maps-routes.ts, portfolio-routes.ts and upsell-routes.ts and stories-routes.ts). */
const SIGNED_IN_PAGES = new Set([
  'facilitator',
  'projector',
  'members',
  'offerings',
  'templates',
  'template',
  'map',
  'map-print',
  'portfolio',
  'accounts-import',
  'account',
  'upsell',
  'praise',
  'stories',
  'story',
  'approval-pack',
]);

/** True when the page of that route name needs a signed-in facilitator. */
export function needsSignIn(page: string): boolean {
  return SIGNED_IN_PAGES.has(page);
}

/**
 * `raw` as a path of this app (path, query and fragment) if it is one, else null. Refused: anything
 * not starting with exactly one `/` (absolute and protocol-relative URLs), backslashes and control
 * characters (browsers read `/\evil.example` and `/\t/evil.example` as another host), API paths,
 * the login and signup pages themselves, and paths that normalize to `//…`.
 */
export function safeReturnPath(raw: unknown): string | null {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > MAX_LENGTH) return null;
  if (!raw.startsWith('/') || raw.startsWith('//')) return null;
  if (/[\\\u0000-\u001f\u007f]/.test(raw)) return null;
  let url: URL;
  try {
    url = new URL(raw, BASE);
  } catch {
    return null;
  }
  if (url.origin !== BASE) return null;
  const path = url.pathname + url.search + url.hash;
  if (!path.startsWith('/') || path.startsWith('//')) return null;
  if (AUTH_PATHS.has(url.pathname) || url.pathname === '/api' || url.pathname.startsWith('/api/')) return null;
  return path;
}

/** The login (or signup) page that returns to `current` afterwards; plain `/login` when there is nowhere to return to. */
export function loginPath(current: string, page: 'login' | 'signup' = 'login'): string {
  const next = safeReturnPath(current);
  return next && next !== '/' ? `/${page}?next=${encodeURIComponent(next)}` : `/${page}`;
}

/** Where to go after signing in, read from the login page's query (`?next=`): a safe path, else the dashboard. */
export function returnPathFrom(search: string): string {
  return safeReturnPath(new URLSearchParams(search).get('next')) ?? '/';
}
