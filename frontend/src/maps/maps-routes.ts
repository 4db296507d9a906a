// Pages of the catalog, success maps and templates; App.svelte asks here for paths its own router does not know.

/** A matched catalog, map or template page. */
export type MapsMatch =
  | { page: 'offerings' }
  | { page: 'templates' }
  | { page: 'template'; templateId: number }
  | { page: 'map'; mapId: number }
  | { page: 'map-print'; mapId: number }
  | { page: 'shared'; token: string };

/** Maps a path to one of these pages, or null. */
export function matchMapsRoute(path: string): MapsMatch | null {
  const parts = path.split('/').filter(Boolean);
  const [a, b, c] = parts;
  const id = b !== undefined && /^\d+$/.test(b) ? Number(b) : null;
  if (parts.length === 1 && a === 'offerings') return { page: 'offerings' };
  if (parts.length === 1 && a === 'templates') return { page: 'templates' };
  if (parts.length === 2 && a === 'templates' && id !== null) return { page: 'template', templateId: id };
  if (parts.length === 2 && a === 'maps' && id !== null) return { page: 'map', mapId: id };
  if (parts.length === 3 && a === 'maps' && id !== null && c === 'print') return { page: 'map-print', mapId: id };
  if (parts.length === 2 && a === 'shared' && b) return { page: 'shared', token: b };
  return null;
}

/** Pages anyone may open without signing in (no need to ask the server who we are). */
export function isPublicMapsPath(path: string): boolean {
  return matchMapsRoute(path)?.page === 'shared';
}
