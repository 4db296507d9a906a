// End-to-end: upsell outcomes (DESIGN §9.3). A CSM proposes an offering from a success map's
// challenge → offering link, marks it won for a positive reason: it reaches the praise feed and the
// upsell page's figures. A second win, for a negative reason, flags the account as a churn risk on the
// portfolio and the account page until it is cleared with a note. Also: the satisfied-first override,
// kudos to a teammate, a completed step celebrated on the customer's shared map, the template's
// statistics, phone widths without sideways scroll, Japanese, and axe on the new pages.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { PHONE, assertAccessible, assertNoSidewaysScroll, expectCount, expectText, signUp, startHarness, tracked, callApi } from './helpers.mjs';

/** Whole-test cap, so a hang fails instead of blocking CI. */
const TEST_TIMEOUT_MS = 180_000;

const ACCOUNT = 'Sakura Foods';
const UNHAPPY = 'Kaede Logistics';
const MAP_TITLE = 'FY27 success map';
const RESERVATIONS = 'Reservations add-on';
const REPORTS = 'Reports pack';
const PHONE_BOOKINGS = 'Staff still take bookings by phone';
const MONTH_END = 'Month-end reports take a week';
const STEP = 'Train the floor staff on online bookings';
const TEAMMATE = 'Ben Sato';
const KUDOS = 'Thanks for covering the Sakura call!';
const CLEAR_NOTE = 'Ran a reports training; they use it weekly now';

/** Calls the API and fails unless it answered `want`. */
async function mustCall(page, method, path, body, want) {
  const res = await callApi(page, method, path, body);
  assert.equal(res.status, want, `${method} ${path}: ${res.text}`);
  return res.body;
}

/** The proposal row of a challenge → offering link on the map editor. */
function link(page, challenge, offering) {
  return page.getByTestId('proposal-link').filter({ hasText: challenge }).filter({ hasText: offering });
}

/** The opportunity of an offering on the account page. */
function opportunity(page, offering) {
  return page.getByTestId('opportunity').filter({ hasText: offering });
}

/** Marks the proposed opportunity of `offering` won for `reason`, the monthly delta typed in yen. */
async function markWon(page, offering, delta, reason) {
  const item = opportunity(page, offering);
  await item.getByTestId('mark-won').click();
  const form = item.getByTestId('outcome-form');
  await form.getByTestId('outcome-delta').fill(delta);
  await form.getByTestId(`reason-${reason}`).check();
  await form.getByTestId('outcome-save').click();
  await expectText(item.getByTestId('opportunity-status'), 'Won', `${offering} won`);
}

/** @type {Awaited<ReturnType<typeof startHarness>> | null} */
let h = null;

before(async () => {
  h = await startHarness('upsell');
});

after(async () => {
  await h?.close();
});

test('a win for the right reason is praised and counted; one for the wrong reason is a churn risk until cleared', { timeout: TEST_TIMEOUT_MS }, tracked(async () => {
  const csm = await h.newActor('csm');
  const f = csm.page;
  const base = h.baseUrl;
  await signUp(f, base, 'Aiko Tanaka');

  // --- Set-up through the API (the catalog, accounts and maps have their own tests).
  const reservations = await mustCall(f, 'POST', '/api/offerings', { name: RESERVATIONS, kind: 'addon', monthlyPrice: 30000, currency: 'JPY' }, 201);
  const reports = await mustCall(f, 'POST', '/api/offerings', { name: REPORTS, kind: 'addon', monthlyPrice: 12000, currency: 'JPY' }, 201);
  const account = await mustCall(f, 'POST', '/api/accounts', { name: ACCOUNT, condition: 'satisfied', usageX: 1, usageY: 2, mrr: 100000, currency: 'JPY' }, 201);
  const map = await mustCall(f, 'POST', '/api/maps', { accountId: account.id, title: MAP_TITLE }, 201);
  await mustCall(f, 'PATCH', `/api/maps/${map.id}`, {
    challenges: [
      { text: PHONE_BOOKINGS, johari: 'open', offeringIds: [reservations.id] },
      { text: MONTH_END, johari: 'hidden', offeringIds: [reports.id] },
    ],
    actions: [{ text: STEP, owner: 'Mika', team: 'Floor', status: 'doing' }],
  }, 200);
  const template = await mustCall(f, 'POST', `/api/maps/${map.id}/template`, { name: 'Reservations kickoff', description: '', industry: '', size: '', tags: [] }, 201);

  // --- Propose from the map: a satisfied account needs no override.
  await f.goto(`${base}/maps/${map.id}`);
  await expectCount(f.getByTestId('proposal-link'), 2, 'one proposal per challenge → offering link');
  await link(f, PHONE_BOOKINGS, RESERVATIONS).getByTestId('propose').click();
  await expectText(link(f, PHONE_BOOKINGS, RESERVATIONS).getByTestId('proposal-status'), 'Proposed', 'proposed from the map');
  assert.equal(await link(f, PHONE_BOOKINGS, RESERVATIONS).getByTestId('propose').count(), 0, 'no second proposal while one is open');
  await h.screenshot(f, 'map-proposals');

  // --- Mark it won on the account page: the reason is asked for, positive and negative explained.
  await link(f, PHONE_BOOKINGS, RESERVATIONS).getByRole('link', { name: 'See it on the account page' }).click();
  await f.waitForURL(/\/accounts\/\d+$/);
  const item = opportunity(f, RESERVATIONS);
  await expectText(item.getByTestId('opportunity-status'), 'Proposed', 'listed on the account page');
  await item.getByTestId('mark-won').click();
  const form = item.getByTestId('outcome-form');
  assert.equal(await form.getByTestId('outcome-delta').inputValue(), '30000', 'the delta starts at the offering’s price');
  for (const words of ['Positive', 'Negative', 'They loved what it did for them', 'They felt they had no choice']) {
    await form.getByText(words, { exact: false }).first().waitFor();
  }
  await form.getByTestId('outcome-delta').fill('0');
  await form.getByTestId('outcome-save').click();
  await expectText(form.getByTestId('delta-error'), 'The monthly revenue added is more than zero.', 'a zero delta is refused');
  await expectText(form.getByTestId('reason-error'), 'Choose why they bought.', 'a win needs its reason');
  await h.screenshot(f, 'outcome-form');
  await form.getByTestId('outcome-delta').fill('25,000');
  await form.getByTestId('reason-delight').check();
  await form.getByTestId('outcome-save').click();
  await expectText(item.getByTestId('opportunity-status'), 'Won', 'won');
  await expectText(item.getByTestId('reason-label'), /Delight \(Positive\)/, 'the reason and its tone in words');
  await expectText(item.getByTestId('opportunity-delta'), /¥25,000/, 'the monthly delta');
  assert.equal(await f.getByTestId('churn-panel').count(), 0, 'a positive win is no churn risk');

  // --- The praise feed has the win.
  await f.getByTestId('nav-praise').click();
  await f.getByRole('heading', { name: 'Praise', level: 1 }).waitFor();
  const win = f.locator('[data-testid="praise-entry"][data-kind="win"]');
  await expectText(win.first().getByTestId('praise-headline'), `Aiko Tanaka won ${RESERVATIONS} with ${ACCOUNT}`, 'the win in the praise feed');

  // --- The upsell page's figures.
  await f.getByTestId('nav-upsell').click();
  await f.getByRole('heading', { name: 'Upsell outcomes', level: 1 }).waitFor();
  await expectText(f.getByTestId('figure-win-rate'), '100%', 'win rate');
  await expectText(f.getByTestId('figure-expansion'), '¥25,000', 'expansion MRR');
  await expectText(f.getByTestId('figure-positive'), '100%', 'share of positive reasons');
  const delight = f.getByTestId('chart-reasons').locator('[data-key="delight"]');
  await expectText(delight.getByTestId('bar-value'), '1 win', 'the delight bar');
  await expectText(f.getByTestId('chart-csm').getByTestId('bar-value'), '100%', 'the CSM’s win rate');
  await expectCount(f.getByTestId('opportunity-row'), 1, 'the period’s opportunities');
  const csvHref = await f.getByTestId('upsell-csv').getAttribute('href');
  assert.match(csvHref ?? '', /^\/api\/opportunities\.csv\?from=\d{4}-\d{2}-\d{2}&to=\d{4}-\d{2}-\d{2}$/);
  const csv = await callApi(f, 'GET', csvHref);
  assert.equal(csv.status, 200);
  assert.ok(csv.text.includes(ACCOUNT) && csv.text.includes('delight'), 'the CSV holds the win');
  // A period without it: nothing.
  await f.getByTestId('period-from').fill('2020-01-01');
  await f.getByTestId('period-to').fill('2020-01-31');
  await f.getByTestId('period-apply').click();
  await f.getByTestId('upsell-none').waitFor();
  await expectText(f.getByTestId('figure-win-rate'), '—', 'nothing decided in 2020');
  assert.match(new URL(f.url()).search, /from=2020-01-01&to=2020-01-31/, 'the period is in the address');
  await f.getByTestId('preset-thisQuarter').click();
  await expectText(f.getByTestId('figure-win-rate'), '100%', 'back to this quarter');

  // --- A second win, for a negative reason: the account becomes a churn risk.
  await f.goto(`${base}/maps/${map.id}`);
  await link(f, MONTH_END, REPORTS).getByTestId('propose').click();
  await expectText(link(f, MONTH_END, REPORTS).getByTestId('proposal-status'), 'Proposed', 'second proposal');
  await f.goto(`${base}/accounts/${account.id}`);
  await markWon(f, REPORTS, '12,000', 'coercion');
  await expectText(opportunity(f, REPORTS).getByTestId('reason-label'), /Coercion \(Negative\)/, 'negative tone in words');
  const panel = f.getByTestId('churn-panel');
  await expectText(panel.getByTestId('churn-flag'), /Churn risk/, 'the account page flags the churn risk');
  await panel.getByText(/negative reason \(Coercion\)/).waitFor();
  await h.screenshot(f, 'account-churn');

  // On the portfolio: the cell says it in words, the opened cell's list flags the account.
  await f.getByTestId('nav-portfolio').click();
  const cell = f.locator('[data-testid="matrix-cell"][data-cell="1:2"]');
  await expectText(cell.getByTestId('cell-churn'), /1 at churn risk/, 'the matrix cell counts the churn risk');
  await cell.click();
  const row = f.getByTestId('cell-account').filter({ hasText: ACCOUNT });
  await row.getByTestId('churn-flag').waitFor();
  await h.screenshot(f, 'portfolio-churn');
  await assertNoSidewaysScroll(f, 'portfolio with a churn risk');

  // Cleared with a note (a note is required).
  await row.getByRole('link', { name: new RegExp(ACCOUNT) }).click();
  await f.waitForURL(/\/accounts\/\d+$/);
  await f.getByTestId('churn-clear').click();
  await expectText(f.getByTestId('churn-error'), 'Say what changed before clearing the flag.', 'clearing needs a note');
  await f.getByTestId('churn-note').fill(CLEAR_NOTE);
  await f.getByTestId('churn-clear').click();
  await f.getByText('Churn risk cleared.').waitFor();
  await expectCount(f.getByTestId('churn-panel'), 0, 'the flag is gone from the account page');
  const cleared = await mustCall(f, 'GET', `/api/accounts/${account.id}`, undefined, 200);
  assert.equal(cleared.churnRisk, false);
  await f.getByTestId('nav-portfolio').click();
  await expectText(f.locator('[data-testid="matrix-cell"][data-cell="1:2"]').getByTestId('cell-count'), '1', 'the account is still in its cell');
  await expectCount(f.getByTestId('cell-churn'), 0, 'and no longer flagged on the matrix');

  // The upsell page now counts one positive win of two.
  await f.getByTestId('nav-upsell').click();
  await expectText(f.getByTestId('figure-positive'), '50%', 'half the wins were for a positive reason');
  await expectText(f.getByTestId('figure-expansion'), '¥37,000', 'both wins’ monthly deltas');
  await expectText(f.getByTestId('chart-reasons').locator('[data-key="coercion"]').getByTestId('bar-value'), '1 win', 'the coercion bar');
  await expectCount(f.getByTestId('opportunity-row'), 2, 'both opportunities in the table');
  await assertAccessible(f, 'upsell page');
  await h.screenshot(f, 'upsell-page');

  // --- The satisfied-first override: proposing to an account that is not satisfied asks why.
  const unhappy = await mustCall(f, 'POST', '/api/accounts', { name: UNHAPPY, condition: 'unsatisfied' }, 201);
  await f.goto(`${base}/accounts/${unhappy.id}`);
  await f.getByTestId('opportunity-add').click();
  const propose = f.getByTestId('propose-form');
  await propose.getByTestId('propose-offering').selectOption(String(reports.id));
  await propose.getByTestId('propose-submit').click();
  await expectText(propose.getByTestId('override-error'), /not satisfied/, 'the override is asked for');
  await propose.getByTestId('override-check').check();
  await propose.getByTestId('propose-submit').click();
  await propose.getByTestId('override-reason-error').waitFor();
  await propose.getByTestId('override-reason').fill('They asked for the reports pack to fix what they dislike');
  await propose.getByTestId('propose-submit').click();
  const overridden = opportunity(f, REPORTS);
  await expectText(overridden.getByTestId('opportunity-status'), 'Proposed', 'proposed with the override');
  await overridden.getByText(/Proposed while not satisfied: They asked/).waitFor();
  // Lost needs a reason text.
  await overridden.getByTestId('mark-lost').click();
  await overridden.getByTestId('outcome-save').click();
  await overridden.getByTestId('reason-error').waitFor();
  await overridden.getByTestId('outcome-lost-reason').fill('No budget this year');
  await overridden.getByTestId('outcome-save').click();
  await expectText(overridden.getByTestId('opportunity-status'), 'Lost', 'lost');
  await overridden.getByText('No budget this year').waitFor();

  // --- Kudos to a teammate.
  const invite = await mustCall(f, 'POST', '/api/invitations', { email: `ben+${Date.now()}@example.com`, role: 'csm' }, 201);
  const ben = await h.newActor('teammate');
  await ben.page.goto(base + '/');
  await mustCall(ben.page, 'POST', `/api/invitations/${invite.token}/accept`, { name: TEAMMATE, password: 'correct horse battery' }, 201);
  await f.getByTestId('nav-praise').click();
  await f.getByTestId('kudos-send').click();
  await f.getByText('Choose who the kudos are for.').waitFor();
  await f.getByTestId('kudos-to').selectOption({ label: TEAMMATE });
  await f.getByTestId('kudos-text').fill(KUDOS);
  await f.getByTestId('kudos-send').click();
  const kudos = f.locator('[data-testid="praise-entry"][data-kind="kudos"]').first();
  await expectText(kudos.getByTestId('praise-headline'), `Aiko Tanaka → ${TEAMMATE}`, 'kudos in the feed');
  await expectText(kudos.getByTestId('praise-text'), KUDOS, 'the kudos text');
  await assertAccessible(f, 'praise page');
  await h.screenshot(f, 'praise');

  // --- A completed step: praised, and celebrated on the customer's shared map.
  await f.goto(`${base}/maps/${map.id}`);
  await f.getByTestId('action').first().getByTestId('action-status').selectOption('done');
  await f.getByTestId('map-save').click();
  await expectText(f.getByTestId('save-state'), 'Saved', 'map saved');
  const share = await mustCall(f, 'POST', `/api/maps/${map.id}/shares`, { expiresInDays: 7 }, 201);
  await f.getByTestId('nav-praise').click();
  await f.locator('[data-testid="praise-entry"][data-kind="action"]').filter({ hasText: STEP }).waitFor();

  const customer = await h.newActor('customer-phone', { viewport: PHONE });
  const c = customer.page;
  await c.goto(share.url);
  const celebrate = c.getByTestId('celebrate');
  await expectText(celebrate.getByTestId('celebrated-step'), new RegExp(`${STEP}.*Completed`), 'the completed step, with when');
  await expectText(celebrate.getByTestId('celebrate-count'), /1 of 1 steps done/, 'how far they came');
  const seen = await c.locator('body').innerText();
  for (const leak of ['¥', 'Coercion', 'Delight', 'Churn']) assert.ok(!seen.includes(leak), `the customer sees "${leak}"`);
  await assertNoSidewaysScroll(c, 'shared map with a celebration on a phone');
  await assertAccessible(c, 'shared map with a celebration');
  await h.screenshot(c, 'shared-celebrate');

  // --- Template statistics: a map cloned from the template, proposed and won for a positive reason.
  const clone = await mustCall(f, 'POST', `/api/templates/${template.id}/clone`, { accountId: account.id, as: 'map', title: 'From the template' }, 201);
  const first = clone.challenges[0];
  const opp = await mustCall(f, 'POST', '/api/opportunities', { mapId: clone.id, challengeId: first.id, offeringId: first.offeringIds[0] }, 201);
  await mustCall(f, 'PATCH', `/api/opportunities/${opp.id}`, { status: 'won', reason: 'empathy', monthlyDelta: 30000 }, 200);
  await f.getByTestId('nav-templates').click();
  const tplRow = f.getByTestId('template-row').filter({ hasText: 'Reservations kickoff' });
  await expectText(tplRow.getByTestId('template-wins'), '1 win', 'the template’s wins');
  await expectText(tplRow.getByTestId('template-positive-wins'), '1 for positive reasons', 'of them for a positive reason');

  // --- Phones and Japanese.
  await f.setViewportSize(PHONE);
  for (const [path, what] of [['/upsell', 'upsell page'], ['/praise', 'praise page'], [`/accounts/${account.id}`, 'account page'], [`/maps/${map.id}`, 'map editor']]) {
    await f.goto(base + path);
    await f.getByTestId(path === '/upsell' ? 'upsell-figures' : path === '/praise' ? 'praise-feed' : path.startsWith('/maps') ? 'map-proposals' : 'account-opportunities').waitFor();
    await assertNoSidewaysScroll(f, `${what} on a 390-px phone`);
    await h.screenshot(f, `phone-${what.replaceAll(' ', '-')}`);
  }
  await f.goto(base + '/upsell');
  await f.getByTestId('lang-ja').click();
  await f.getByRole('heading', { name: 'アップセルの結果', level: 1 }).waitFor();
  await expectText(f.getByTestId('chart-reasons').locator('[data-key="delight"]').locator('.label'), /感動.*ポジティブ/, 'reasons in Japanese');
  await assertNoSidewaysScroll(f, 'upsell page on a phone (ja)');
  h.assertNoPageErrors();
}));
