// Pages of the portfolio and of one account; App.svelte asks here for paths its own router does not know.

/** A matched portfolio or account page. */
export type PortfolioMatch =
  | { page: 'portfolio' }
  | { page: 'accounts-import' }
  | { page: 'account'; accountId: number };

/** Maps a path to one of these pages, or null. */
export function matchPortfolioRoute(path: string): PortfolioMatch | null {
  const parts = path.split('/').filter(Boolean);
  const [a, b] = parts;
  if (parts.length === 1 && a === 'portfolio') return { page: 'portfolio' };
  if (parts.length === 2 && a === 'accounts' && b === 'import') return { page: 'accounts-import' };
  if (parts.length === 2 && a === 'accounts' && b !== undefined && /^[1-9]\d{0,15}$/.test(b)) {
    return { page: 'account', accountId: Number(b) };
  }
  return null;
}
