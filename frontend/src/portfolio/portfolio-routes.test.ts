import { test } from 'node:test';
import assert from 'node:assert/strict';
import { matchPortfolioRoute } from './portfolio-routes.ts';
import { needsSignIn } from '../lib/return-to.ts';

test('the portfolio, the import and an account have their own pages, all behind sign-in', () => {
  assert.deepEqual(matchPortfolioRoute('/portfolio'), { page: 'portfolio' });
  assert.deepEqual(matchPortfolioRoute('/portfolio/'), { page: 'portfolio' });
  assert.deepEqual(matchPortfolioRoute('/accounts/import'), { page: 'accounts-import' });
  assert.deepEqual(matchPortfolioRoute('/accounts/31'), { page: 'account', accountId: 31 });
  for (const path of ['/portfolio', '/accounts/import', '/accounts/31']) {
    assert.equal(needsSignIn(matchPortfolioRoute(path)?.page ?? ''), true, path);
  }
});

test('other paths are not portfolio pages', () => {
  assert.equal(matchPortfolioRoute('/accounts'), null);
  assert.equal(matchPortfolioRoute('/accounts/0'), null);
  assert.equal(matchPortfolioRoute('/accounts/abc'), null);
  assert.equal(matchPortfolioRoute('/portfolio/extra'), null);
});
