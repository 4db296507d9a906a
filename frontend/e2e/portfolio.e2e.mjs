// End-to-end: the portfolio. A CSM signs up, names the two usage axes, imports a book of accounts
// from CSV (a malformed file is refused with nothing written; a good one is previewed before it is
// imported), sees them on the utilization matrix, logs a contact, saves a map as a template, sets a
// cell's play with that template and plans a workshop from it: the new workshop holds the
// template's prompts. Also: phone widths without sideways scroll, Japanese, and axe on the matrix.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  PHONE,
  SMALL_PHONE,
  assertAccessible,
  assertNoSidewaysScroll,
  expectCount,
  expectText,
  ideaCard,
  shoot,
  signUp,
  startHarness,
  tracked,
} from './helpers.mjs';

/** Whole-test cap, so a hang fails instead of blocking CI. */
const TEST_TIMEOUT_MS = 180_000;

const AXIS_X = 'Customer ledger';
const AXIS_Y = 'Reservations';
const TEMPLATE = 'Reservations kickoff';
const IDEAL = 'Every table is booked online';
const CHALLENGE = 'Staff still take bookings by phone';
const PLAY = 'Run a reservations workshop to show the second use';
const PLACES = ['Sakura', 'Kaede', 'Hinode', 'Mizuho', 'Aozora', 'Tsubaki', 'Kawa', 'Yama', 'Hoshi', 'Umi', 'Midori', 'Kumo'];
const TRADES = ['Foods', 'Logistics', 'Retail', 'Hotels', 'Clinics', 'Brewing'];
const INDUSTRIES = ['Food & drink', 'Logistics', 'Retail', 'Hospitality', 'Healthcare', 'Food & drink'];
const SIZES = ['1-50', '51-200', '201-1000', '1001-5000'];
const STAGES = ['onboarding', 'adoption', 'expansion', 'advocacy'];

/**
 * A book of 60 accounts the way a CRM would export it, made the same way every run: most use the
 * products a little, the heavy users are mostly satisfied, MRR in yen from ¥20,000 to about ¥1.6M.
 */
const BOOK = (() => {
  let seed = 20270301;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const level = () => Math.min(3, Math.floor(next() * 2.3 + next() * 1.9));
  return Array.from({ length: 60 }, (_, i) => {
    const name = `${PLACES[i % PLACES.length]} ${TRADES[Math.floor(i / PLACES.length) % TRADES.length]}`;
    // The followed account uses the ledger a little and reservations not at all.
    const [x, y] = i === 0 ? [1, 0] : [level(), level()];
    const happy = next() + (x + y) * 0.05;
    const condition = i === 0 ? 'neutral' : happy > 0.75 ? 'satisfied' : happy > 0.4 ? 'neutral' : 'unsatisfied';
    const mrr = 20_000 + Math.round(next() ** 3 * 1_600) * 1_000;
    const industry = INDUSTRIES[Math.floor(i / PLACES.length) % INDUSTRIES.length];
    return { externalId: `CRM-${100 + i}`, name, industry, size: SIZES[i % 4], stage: STAGES[(x + y + i) % 4], x, y, condition, mrr };
  });
})();
/** The account we follow from the import to the workshop; it lands in cell x=1, y=0. */
const FOLLOWED = BOOK[0].name;

/** The book as CSV, with two rows the import refuses without refusing the file. */
function bookCsv() {
  const rows = ['externalId,name,industry,sizeBand,stage,usageX,usageY,condition,mrr,currency,seats'];
  for (const a of BOOK) {
    rows.push([a.externalId, a.name, a.industry, a.size, a.stage, a.x, a.y, a.condition, a.mrr, 'JPY', 5 + (a.mrr % 97)].join(','));
  }
  rows.push('CRM-900,"=HYPERLINK(""http://evil.example"")",Retail,1-50,adoption,1,1,neutral,1000,JPY,1');
  rows.push('CRM-901,Broken Levels,Retail,1-50,adoption,7,1,neutral,1000,JPY,1');
  return rows.join('\n') + '\n';
}

/** Calls the API from inside the page (same origin, its cookies). */
function callApi(page, method, path) {
  return page.evaluate(async ({ method, path }) => {
    const res = await fetch(path, { method });
    return { status: res.status, body: await res.json().catch(() => null) };
  }, { method, path });
}

/** Sets the file input to a CSV built in memory. */
async function pickCsv(page, name, text) {
  await page.getByTestId('import-file').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(text, 'utf8') });
}

/** Closes every toast on screen (they would cover the screenshot). */
async function dismissToasts(page) {
  const close = page.getByRole('button', { name: 'Dismiss notification' });
  while ((await close.count()) > 0) await close.first().click({ timeout: 1_000 }).catch(() => {});
}

/** The matrix cell at usage levels x, y. */
function cell(page, x, y) {
  return page.locator(`[data-testid="matrix-cell"][data-cell="${x}:${y}"]`);
}

/** @type {Awaited<ReturnType<typeof startHarness>> | null} */
let h = null;

before(async () => {
  h = await startHarness('portfolio');
});

after(async () => {
  await h?.close();
});

test('a CSV book lands on the matrix, and a cell’s play plans a workshop from its template', { timeout: TEST_TIMEOUT_MS }, tracked(async () => {
  const csm = await h.newActor('csm');
  const f = csm.page;
  const base = h.baseUrl;
  await signUp(f, base, 'Aiko Tanaka');

  // --- Name the usage axes (members page, portfolio settings).
  await f.getByTestId('nav-members').click();
  await f.getByTestId('axis-x').fill(AXIS_X);
  await f.getByTestId('axis-y').fill(AXIS_Y);
  await expectCount(f.getByTestId('stage-label'), 4, 'the four default stages');
  await f.getByTestId('settings-save').click();
  await f.getByText('Portfolio settings saved.').waitFor();
  await h.screenshot(f, 'settings');

  // --- An empty matrix.
  await f.getByTestId('nav-portfolio').click();
  await f.getByRole('heading', { name: 'Portfolio', level: 1 }).waitFor();
  await expectCount(f.getByTestId('matrix-cell'), 16, 'sixteen cells');
  await expectText(f.getByTestId('portfolio-total'), '0 accounts', 'nothing imported yet');
  await f.getByTestId('portfolio-empty').waitFor();
  await f.getByText(`↑ ${AXIS_Y}`).waitFor();

  // --- The sample file downloads, and a malformed file is refused as a whole with nothing written.
  await f.getByTestId('import-link').click();
  await f.waitForURL(/\/accounts\/import$/);
  const [sample] = await Promise.all([f.waitForEvent('download'), f.getByRole('link', { name: 'Download a sample file' }).click()]);
  assert.equal(sample.suggestedFilename(), 'kizuki-accounts-sample.csv');
  await pickCsv(f, 'wrong.csv', 'name,colour\nAcme,blue\n');
  await f.getByTestId('import-preview').click();
  await expectText(f.getByTestId('import-error'), /^This file cannot be read \(line 1\): .*colour.*Nothing was imported\.$/, 'unknown column refused');
  await pickCsv(f, 'quotes.csv', 'name,industry\n"Acme,Retail\n');
  await f.getByTestId('import-preview').click();
  await expectText(f.getByTestId('import-error'), /^This file cannot be read.*Nothing was imported\.$/, 'bad quoting refused');

  // --- A good file: the preview says what each row would do, and still nothing is written.
  await pickCsv(f, 'book.csv', bookCsv());
  await f.getByTestId('import-preview').click();
  await expectText(f.getByTestId('import-summary'), `${BOOK.length} to create, 0 to update, 2 refused`, 'preview summary');
  await expectCount(f.getByTestId('import-row'), BOOK.length + 2, 'every row listed');
  const refused = f.locator('[data-testid="import-row"][data-action="refused"]');
  await expectCount(refused, 2, 'two refused rows');
  await expectText(refused.first().locator('td').first(), String(BOOK.length + 2), 'the formula row is numbered as a spreadsheet shows it');
  await expectText(refused.first().locator('td').nth(3), /^Starts like a spreadsheet formula/, 'its reason');
  const before = await callApi(f, 'GET', '/api/portfolio');
  assert.equal(before.body?.total, 0, 'a preview writes nothing');
  await assertNoSidewaysScroll(f, 'import preview (desktop)');
  await h.screenshot(f, 'import-preview');

  await f.getByTestId('import-confirm').click();
  await expectText(f.getByTestId('import-summary'), `${BOOK.length} created, 0 updated, 2 refused`, 'import result');
  await f.getByTestId('import-to-portfolio').click();

  // --- The book on the matrix.
  await expectText(f.getByTestId('portfolio-total'), `${BOOK.length} accounts`, 'all imported accounts counted');
  const counts = (await callApi(f, 'GET', '/api/portfolio')).body.cells.map((c) => c.count);
  assert.equal(counts.reduce((a, b) => a + b, 0), BOOK.length);
  const followedCell = cell(f, 1, 0);
  await expectText(followedCell.getByTestId('cell-count'), String(counts[1]), 'the followed account’s cell');
  await f.getByRole('button', { name: new RegExp(`^${AXIS_X} 1 · ${AXIS_Y} 0: ${counts[1]} accounts?[,.]`) }).waitFor();

  // Filters ask the server again: by condition, then cleared.
  await f.getByTestId('filter-condition').selectOption('unsatisfied');
  await expectText(f.getByTestId('portfolio-total'), /^Showing \d+ accounts? that match the filters\.$/, 'filtered');
  const unsatisfied = BOOK.filter((a) => a.condition === 'unsatisfied').length;
  await expectText(f.getByTestId('portfolio-total'), `Showing ${unsatisfied} accounts that match the filters.`, 'unsatisfied only');
  await f.getByTestId('filter-clear').click();
  await expectText(f.getByTestId('portfolio-total'), `${BOOK.length} accounts`, 'filters cleared');

  // --- Arrow keys walk the grid; open the followed account's cell, and from it the account's page.
  await cell(f, 0, 0).focus();
  await f.keyboard.press('ArrowRight');
  assert.equal(await f.evaluate(() => document.activeElement?.getAttribute('data-cell')), '1:0', 'Right moves one cell across');
  await f.keyboard.press('ArrowUp');
  assert.equal(await f.evaluate(() => document.activeElement?.getAttribute('data-cell')), '1:1', 'Up moves to more usage of Y');
  await f.keyboard.press('ArrowDown');
  await f.keyboard.press('Enter');
  const panel = f.getByTestId('cell-panel');
  await expectText(panel.getByRole('heading', { level: 2 }), `${AXIS_X} 1 · ${AXIS_Y} 0`, 'opened cell');
  await panel.getByRole('link', { name: `Open ${FOLLOWED}` }).click();
  await f.waitForURL(/\/accounts\/\d+$/);
  const accountId = Number(/\/accounts\/(\d+)$/.exec(new URL(f.url()).pathname)?.[1]);
  await f.getByRole('heading', { name: FOLLOWED, level: 1 }).waitFor();
  await expectText(f.getByTestId('usage-x').locator('option:checked'), '1 · a little', 'usage from the file');

  // A contact that checks the condition changes the account's.
  await f.getByTestId('contact-kind').selectOption('meeting');
  await f.getByTestId('contact-note').fill('Quarterly review: happy with the ledger');
  await f.getByTestId('contact-check').check();
  await f.getByTestId('contact-condition-unsatisfied').check();
  await f.getByTestId('contact-add').click();
  await expectCount(f.getByTestId('contact'), 1, 'contact listed');
  await expectText(f.getByTestId('account-condition'), /^Unsatisfied\s*Succeed first$/, 'condition from the contact');

  // Edit a field and save.
  await f.getByTestId('account-seats').fill('42');
  await f.getByTestId('details-save').click();
  await f.getByText('Account details saved.').waitFor();
  await h.screenshot(f, 'account');

  // --- A map of this account, saved as a template.
  await f.getByTestId('new-map').click();
  await f.getByTestId('new-map-title').fill('Reservations plan');
  await f.getByTestId('new-map-create').click();
  await f.waitForURL(/\/maps\/\d+$/);
  await f.getByTestId('statement-add').click();
  await f.getByTestId('statement-text').last().fill(IDEAL);
  await f.getByTestId('challenge-add').click();
  await f.getByTestId('challenge-text').last().fill(CHALLENGE);
  await f.getByTestId('map-save').click();
  await expectText(f.getByTestId('save-state'), 'Saved', 'map saved');
  await f.getByTestId('succeed-first-notice').waitFor();
  await f.getByTestId('save-template').click();
  await f.getByTestId('template-name').fill(TEMPLATE);
  await f.getByTestId('template-save').click();
  await expectText(f.getByTestId('template-saved'), /^Saved as template “Reservations kickoff”/, 'template saved');

  // --- The cell's play, with that template.
  await f.getByTestId('nav-portfolio').click();
  await expectText(f.getByTestId('contacts-team'), '1 of 100', 'the contact counts toward the goal');
  await cell(f, 1, 0).click();
  await f.getByTestId('play-action').fill(PLAY);
  await f.getByTestId('play-template').selectOption({ label: TEMPLATE });
  await f.getByTestId('play-save').click();
  await f.getByText('Play saved.').waitFor();
  await cell(f, 1, 0).getByText('Play set').waitFor();
  assert.equal(await f.getByTestId('play-action').inputValue(), PLAY, 'the play as saved');

  // The picture for the README: the matrix with the cell open, without the toasts of the way here.
  await f.setViewportSize({ width: 1280, height: 1000 });
  await dismissToasts(f);
  await shoot(f, 'portfolio-matrix', { fullPage: true });
  await h.screenshot(f, 'matrix');
  await assertAccessible(f, 'portfolio matrix');

  // --- Plan a workshop for the followed account: the template's clone form, set up for it.
  await f.getByRole('link', { name: `Plan a workshop for ${FOLLOWED}` }).click();
  await f.waitForURL(/\/templates\/\d+\?/);
  await expectText(f.getByTestId('clone-as').locator('option:checked'), 'as a workshop (ideals and challenges as prompts)', 'cloned as a workshop');
  assert.equal(await f.getByTestId('clone-account').inputValue(), String(accountId), 'for the followed account');
  await f.getByTestId('clone-submit').click();
  await f.waitForURL(/\/workshops\/\d+$/);
  await ideaCard(f, 'ideal', IDEAL).getByTestId('template-prompt').waitFor();
  await ideaCard(f, 'challenges', CHALLENGE).getByTestId('template-prompt').waitFor();

  // Back: the cell is open again (it lives in the address).
  await f.goBack();
  await f.goBack();
  await f.waitForURL(/\/portfolio\?cell=1:0$/);
  await f.getByTestId('cell-panel').waitFor();

  // --- A phone, in English and in Japanese: nothing scrolls sideways.
  await f.setViewportSize(PHONE);
  await f.goto(base + '/portfolio?cell=1:0');
  await f.getByTestId('cell-panel').waitFor();
  await assertNoSidewaysScroll(f, 'portfolio on a phone');
  await f.setViewportSize(SMALL_PHONE);
  await assertNoSidewaysScroll(f, 'portfolio on a 360-px phone');
  await f.setViewportSize(PHONE);
  await h.screenshot(f, 'phone');
  await f.goto(`${base}/accounts/${accountId}`);
  await f.getByTestId('contact-log').waitFor();
  // The account's page offers its cell's play too.
  await f.getByTestId('account-play').getByText(PLAY).waitFor();
  assert.match((await f.getByTestId('account-plan').getAttribute('href')) ?? '', new RegExp(`^/templates/\\d+\\?as=workshop&account=${accountId}$`));
  await assertNoSidewaysScroll(f, 'account page on a phone');
  await h.screenshot(f, 'account-phone');
  await f.goto(base + '/accounts/import');
  await pickCsv(f, 'book.csv', bookCsv());
  await f.getByTestId('import-preview').click();
  await expectText(f.getByTestId('import-summary'), `0 to create, ${BOOK.length} to update, 2 refused`, 'a second import updates');
  await assertNoSidewaysScroll(f, 'import preview on a phone');
  await h.screenshot(f, 'import-phone');
  await f.evaluate(() => localStorage.setItem('kizuki.locale', 'ja'));
  await f.goto(base + '/portfolio');
  await f.getByRole('heading', { name: 'ポートフォリオ', level: 1 }).waitFor();
  await expectText(f.getByTestId('portfolio-total'), `アカウント ${BOOK.length} 件`, 'Japanese total');
  await assertNoSidewaysScroll(f, 'portfolio on a phone (ja)');
  await h.screenshot(f, 'phone-ja');
  h.assertNoPageErrors();
}));

test('a book of 5,000 accounts stays light: at most eight dots a cell, fifty rows an opened cell', { timeout: TEST_TIMEOUT_MS }, tracked(async () => {
  const big = await h.newActor('big book');
  const p = big.page;
  await signUp(p, h.baseUrl, 'Ren Big');
  const rows = ['externalId,name,industry,usageX,usageY,condition,mrr,currency'];
  for (let i = 0; i < 5000; i++) {
    // Skewed like a real book: a quarter of it sits in one cell.
    const [x, y] = i % 4 === 0 ? [0, 0] : [i % 4, (i >> 2) % 4];
    rows.push(`B-${i},Account ${String(i).padStart(4, '0')},${INDUSTRIES[i % 6]},${x},${y},${['satisfied', 'neutral', 'unsatisfied'][i % 3]},${1000 + ((i * 7919) % 500_000)},JPY`);
  }
  const started = Date.now();
  const imported = await p.evaluate(async (csv) => {
    const res = await fetch('/api/accounts/import', { method: 'POST', headers: { 'Content-Type': 'text/csv' }, body: csv });
    return { status: res.status, body: await res.json() };
  }, rows.join('\n'));
  assert.equal(imported.status, 200, JSON.stringify(imported.body).slice(0, 300));
  assert.equal(imported.body.created, 5000);
  console.log(`imported 5,000 accounts in ${Date.now() - started} ms`);

  const shown = Date.now();
  await p.goto(h.baseUrl + '/portfolio');
  await expectText(p.getByTestId('portfolio-total'), '5,000 accounts', 'the whole book');
  console.log(`matrix of 5,000 accounts shown in ${Date.now() - shown} ms`);
  const dots = await p.locator('[data-testid="matrix"] svg').count();
  assert.ok(dots <= 16 * 8, `at most eight dots a cell, saw ${dots}`);
  await expectText(cell(p, 0, 0).getByTestId('cell-count'), '1,250', 'the big cell counts all its accounts');
  await expectText(cell(p, 0, 0).getByTestId('cell-more'), '+1,242 more', 'and says how many it does not draw');

  await cell(p, 0, 0).click();
  await expectCount(p.getByTestId('cell-account'), 50, 'an opened cell lists fifty at a time');
  await expectText(p.getByTestId('cell-page'), 'Page 1 of 25', 'pages');
  await p.getByTestId('cell-next').click();
  await expectText(p.getByTestId('cell-page'), 'Page 2 of 25', 'next page');
  await p.getByTestId('cell-search').fill('Account 0004');
  await expectCount(p.getByTestId('cell-account'), 1, 'search within the cell');
  const nodes = await p.evaluate(() => document.getElementsByTagName('*').length);
  assert.ok(nodes < 3000, `the page stays small: ${nodes} elements`);

  await p.goto(h.baseUrl + '/');
  await expectCount(p.getByTestId('account'), 30, 'the dashboard shows thirty cards at first');
  await p.getByTestId('accounts-more').click();
  await expectCount(p.getByTestId('account'), 60, 'and thirty more on request');
  h.assertNoPageErrors();
}));

