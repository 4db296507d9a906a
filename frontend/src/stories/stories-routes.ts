// Pages of customer stories, the approval pack and the karte; App.svelte asks here for paths its
// own router and the other feature routers do not know.

/** A matched story, approval pack or karte page. */
export type StoriesMatch =
  | { page: 'stories' }
  | { page: 'story'; storyId: number }
  | { page: 'approval-pack'; mapId: number }
  | { page: 'karte'; token: string };

/** Maps a path to one of these pages, or null. */
export function matchStoriesRoute(path: string): StoriesMatch | null {
  const parts = path.split('/').filter(Boolean);
  const [a, b, c] = parts;
  const id = b !== undefined && /^\d+$/.test(b) ? Number(b) : null;
  if (parts.length === 1 && a === 'stories') return { page: 'stories' };
  if (parts.length === 2 && a === 'stories' && id !== null) return { page: 'story', storyId: id };
  if (parts.length === 3 && a === 'maps' && id !== null && c === 'approval-pack') return { page: 'approval-pack', mapId: id };
  if (parts.length === 2 && a === 'karte' && b) return { page: 'karte', token: decodeURIComponent(b) };
  return null;
}

/** Pages anyone may open without signing in: the customer's karte. */
export function isPublicStoriesPath(path: string): boolean {
  return matchStoriesRoute(path)?.page === 'karte';
}
