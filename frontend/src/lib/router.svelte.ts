// A tiny history-API router: the Go server answers index.html for every non-API path.

/** The current location, reactive. */
export const route = $state({ path: location.pathname, search: location.search });

/**
 * Asked before in-app navigation leaves the current page: false keeps the person where they are
 * (e.g. a page with unsaved edits that asked "leave without saving?" and heard no).
 */
export type LeaveGuard = () => boolean;

const guards = new Set<LeaveGuard>();

/** Registers a guard while a page has something to lose; call the returned function to drop it. */
export function guardLeaving(guard: LeaveGuard): () => void {
  guards.add(guard);
  return () => {
    guards.delete(guard);
  };
}

/** True when every guard lets the current page go (each may ask the person first). */
export function mayLeave(): boolean {
  for (const guard of guards) if (!guard()) return false;
  return true;
}

/**
 * Goes to `to` inside the app without reloading the page; false when a leave guard kept the
 * person on the current page. `force` skips the guards (the caller already asked).
 */
export function navigate(to: string, opts: { replace?: boolean; force?: boolean } = {}): boolean {
  const url = new URL(to, location.href);
  const leaving = url.pathname !== route.path || url.search !== route.search;
  if (leaving && !opts.force && !mayLeave()) return false;
  if (opts.replace) history.replaceState(null, '', to);
  else history.pushState(null, '', to);
  route.path = url.pathname;
  route.search = url.search;
  window.scrollTo(0, 0);
  return true;
}

window.addEventListener('popstate', () => {
  const leaving = location.pathname !== route.path || location.search !== route.search;
  if (leaving && !mayLeave()) {
    // Back or forward already changed the address: put the page the person stays on back in front.
    history.pushState(null, '', route.path + route.search);
    return;
  }
  route.path = location.pathname;
  route.search = location.search;
});

/** Turns plain same-origin link clicks into in-app navigation. */
export function interceptLinks(ev: MouseEvent): void {
  if (ev.defaultPrevented || ev.button !== 0 || ev.metaKey || ev.ctrlKey || ev.shiftKey || ev.altKey) return;
  const a = (ev.target as Element | null)?.closest?.('a');
  if (!a || a.target || a.hasAttribute('download')) return;
  const url = new URL(a.href, location.href);
  if (url.origin !== location.origin || url.pathname.startsWith('/api/')) return;
  ev.preventDefault();
  navigate(url.pathname + url.search + url.hash);
}

/** A matched route. */
export type Match =
  | { page: 'home' }
  | { page: 'login' }
  | { page: 'signup' }
  | { page: 'facilitator'; workshopId: number }
  | { page: 'projector'; workshopId: number }
  | { page: 'join'; code: string }
  | { page: 'participant'; workshopId: number }
  | { page: 'members' }
  | { page: 'invite'; token: string }
  | { page: 'not-found' };

/** Maps a path to a page. */
export function matchRoute(path: string): Match {
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  const [a, b] = parts;
  const id = b !== undefined && /^\d+$/.test(b) ? Number(b) : null;
  if (parts.length === 0) return { page: 'home' };
  if (parts.length === 1 && a === 'login') return { page: 'login' };
  if (parts.length === 1 && a === 'signup') return { page: 'signup' };
  if (parts.length === 1 && a === 'join') return { page: 'join', code: '' };
  if (parts.length === 2 && a === 'join') return { page: 'join', code: b ?? '' };
  if (parts.length === 2 && a === 'workshops' && id !== null) return { page: 'facilitator', workshopId: id };
  if (parts.length === 3 && a === 'workshops' && id !== null && parts[2] === 'projector') {
    return { page: 'projector', workshopId: id };
  }
  if (parts.length === 2 && a === 'board' && id !== null) return { page: 'participant', workshopId: id };
  if (parts.length === 1 && a === 'members') return { page: 'members' };
  if (parts.length === 2 && a === 'invite' && b) return { page: 'invite', token: b };
  return { page: 'not-found' };
}
