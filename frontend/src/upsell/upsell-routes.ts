// Pages of upsell outcomes and praise; App.svelte asks here for paths its own router does not know.

/** A matched upsell or praise page. */
export type UpsellMatch = { page: 'upsell' } | { page: 'praise' };

/** Maps a path to one of these pages, or null. */
export function matchUpsellRoute(path: string): UpsellMatch | null {
  const parts = path.split('/').filter(Boolean);
  if (parts.length !== 1) return null;
  if (parts[0] === 'upsell') return { page: 'upsell' };
  if (parts[0] === 'praise') return { page: 'praise' };
  return null;
}
