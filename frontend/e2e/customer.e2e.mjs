// End-to-end: what a real room breaks. The customer's share link on a 390-px phone shows the plan and
// never our prices, expansion potential or Johari labels, with first steps as cards that fit the screen;
// the map offers a print for the customer and one for our team; unsaved edits are not lost silently;
// a deep link opened signed out comes back after signing in (and only to our own pages); a template
// cloned as a workshop takes the workshop's settings. Saves docs/screenshots/shared-map-phone.png with
// KIZUKI_SCREENSHOTS=update, else in a temporary folder.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  assertAccessible,
  assertNoSidewaysScroll,
  DESKTOP,
  expectCount,
  expectText,
  PHONE,
  shoot,
  sleep,
  startHarness,
  STEP_TIMEOUT_MS,
  tracked,
  callApi,
} from './helpers.mjs';

/** Whole-test cap, so a hang fails instead of blocking CI. */
const TEST_TIMEOUT_MS = 120_000;
const PASSWORD = 'correct horse battery';
/** A4 less 15 mm margins, in CSS px: how wide the print stylesheet lays the page out. */
const PAPER = { width: 680, height: 960 };
const EMAIL = `csm+${Date.now()}@example.com`;
const ACCOUNT = '山田食品株式会社';
const MAP_TITLE = 'FY27 サクセスマップ';
const OFFERING = 'Analytics add-on';
const CASE_CUSTOMER = 'Izakaya Co';
const IDEAL = '全店舗が同じ数字を見て、その日のうちに判断できる';
const BLIND = '月次レポートを毎月手作業で作り直していることに、経営陣はまだ気づいていない';
const STEPS = [
  {
    text: '経理部と営業企画部が共同で、全店舗の売上と在庫の数字を一つのダッシュボードにまとめる試験運用を二店舗で始める',
    owner: '佐藤花子（経営企画部 部長）',
    team: '経理部・営業企画部 合同プロジェクトチーム',
    due: '2027-03-31',
    status: 'doing',
  },
  {
    text: '試験運用の結果を全社の店長会議で共有し、残りの店舗に広げるかどうかを決める',
    owner: '鈴木一郎',
    team: '店舗運営本部',
    due: '2027-06-30',
    status: 'todo',
  },
];
/** Everything of ours that must never reach the customer, in both languages. */
const VENDOR_ONLY = [
  '1,200.50',
  '1200.50',
  '$',
  'USD',
  'Expansion',
  'expansion',
  'Blind spot',
  'only we know',
  'Johari',
  'per month',
  '拡大余地',
  '盲点',
  '私たちだけが知っている',
  'ジョハリ',
  '月額',
  'Internal',
  '社外秘',
];

/** @type {Awaited<ReturnType<typeof startHarness>> | null} */
let h = null;
/** The facilitator's page, signed in; shared by the tests of this file, which run in order. */
let f = null;
let mapId = 0;
let shareUrl = '';

before(async () => {
  h = await startHarness('customer');
});

after(async () => {
  await h?.close();
});

/**
 * Fails if what the customer reads holds any of our own business: the whole page (a share link, or
 * paper), or just the document (`docOnly`, the print page on screen, whose note for us names what is left out).
 */
async function assertCustomerOnly(page, what, { docOnly = false } = {}) {
  const doc = page.getByTestId('print-view');
  await doc.waitFor();
  assert.equal(await doc.getAttribute('data-view'), 'customer', `${what}: the customer's document`);
  const text = await (docOnly ? doc : page.locator('body')).innerText();
  for (const leak of VENDOR_ONLY) assert.ok(!text.includes(leak), `${what}: shows "${leak}"`);
  assert.equal(await page.getByTestId('johari-tag').count(), 0, `${what}: no Johari label`);
  assert.equal(await page.getByTestId('expansion').count(), 0, `${what}: no expansion potential`);
  assert.equal(await page.getByTestId('doc-price').count(), 0, `${what}: no price`);
}

/** The step cards are shown (not the table), one per step, each status readable inside the screen. */
async function assertStepCards(page, statuses, what) {
  await expectCount(page.getByTestId('step-card'), STEPS.length, `${what}: step cards`);
  assert.equal(await page.getByTestId('steps-table').isVisible(), false, `${what}: no table on a phone`);
  const viewport = page.viewportSize();
  for (let i = 0; i < STEPS.length; i++) {
    const card = page.getByTestId('step-card').nth(i);
    assert.ok(await card.isVisible(), `${what}: card ${i + 1} visible`);
    const status = card.getByTestId('step-card-status');
    await expectText(status, statuses[i], `${what}: status of step ${i + 1}`);
    const box = await status.boundingBox();
    assert.ok(box && box.x >= 0 && box.x + box.width <= (viewport?.width ?? 0), `${what}: status ${i + 1} inside the screen`);
    // The step's words get the card's width, not a column a letter wide.
    const textBox = await card.locator('.step-head .text').boundingBox();
    assert.ok(textBox && textBox.width > 220, `${what}: step ${i + 1} text is ${textBox?.width}px wide`);
    for (const part of [STEPS[i].owner, STEPS[i].team]) {
      assert.ok((await card.innerText()).includes(part), `${what}: card ${i + 1} shows "${part}"`);
    }
  }
}

/** Waits until the input `locator` holds `expected`. */
async function expectValue(locator, expected, what) {
  const deadline = Date.now() + STEP_TIMEOUT_MS;
  let last = '(not found)';
  while (Date.now() < deadline) {
    last = await locator.inputValue().catch(() => last);
    if (last === expected) return;
    await sleep(50);
  }
  assert.fail(`${what}: expected "${expected}", last saw "${last}"`);
}

/** Fills the login form and submits it. */
async function logIn(page) {
  await page.getByLabel('Email').fill(EMAIL);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Log in' }).click();
}

test('the share link on a phone shows the customer their plan, never our prices, expansion or Johari labels', { timeout: TEST_TIMEOUT_MS }, tracked(async () => {
  const fac = await h.newActor('facilitator', { viewport: DESKTOP });
  f = fac.page;
  const base = h.baseUrl;
  await f.goto(base + '/signup');
  await f.getByLabel('Name', { exact: true }).fill('Aiko CSM');
  await f.getByLabel('Email').fill(EMAIL);
  await f.getByLabel('Password').fill(PASSWORD);
  await f.getByRole('button', { name: 'Sign up' }).click();
  await f.getByRole('heading', { name: 'Accounts' }).waitFor();

  // An offering priced in dollars and cents, with a case study.
  await f.getByTestId('nav-offerings').click();
  const form = f.getByTestId('offering-form');
  await form.getByTestId('offering-name').fill(OFFERING);
  await form.getByTestId('offering-kind').selectOption('addon');
  await form.getByTestId('offering-currency').selectOption('USD');
  await form.getByTestId('offering-price').fill('1,200.50');
  await form.getByTestId('offering-save').click();
  const row = f.getByTestId('offering-row').filter({ hasText: OFFERING });
  await expectText(row.getByTestId('offering-price-shown'), /\$1,200\.50/, 'price shown in dollars');
  const offerings = await callApi(f, 'GET', '/api/offerings');
  const offering = offerings.body.offerings.find((o) => o.name === OFFERING);
  assert.equal(offering.monthlyPrice, 120050);
  assert.equal((await callApi(f, 'POST', `/api/offerings/${offering.id}/case-studies`, {
    customer: CASE_CUSTOMER, summary: 'Saw waste store by store.', outcome: 'Cut waste 12%',
  })).status, 201);

  // An empty map for the account, filled in the editor: an ideal, a blind-spot challenge, two long first steps.
  await f.locator('a.brand').click();
  await f.getByLabel('Account name').fill(ACCOUNT);
  await f.getByRole('button', { name: 'Create account' }).click();
  const card = f.getByTestId('account').filter({ has: f.getByRole('heading', { name: ACCOUNT }) });
  await card.getByTestId('new-map').click();
  await card.getByTestId('new-map-title').fill(MAP_TITLE);
  await card.getByTestId('new-map-create').click();
  await f.waitForURL(/\/maps\/\d+$/);
  mapId = Number(/\/maps\/(\d+)$/.exec(f.url())?.[1]);
  await f.getByTestId('statement-add').click();
  await f.getByTestId('statement-text').fill(IDEAL);
  await f.getByTestId('challenge-add').click();
  const challenge = f.getByTestId('challenge').first();
  await challenge.getByTestId('challenge-text').fill(BLIND);
  await challenge.getByTestId('johari').selectOption('blind');
  await challenge.getByTestId('challenge-offerings').getByLabel(OFFERING).check();
  for (const [i, step] of STEPS.entries()) {
    await f.getByTestId('action-add').click();
    const action = f.getByTestId('action').nth(i);
    await action.getByTestId('action-text').fill(step.text);
    await action.getByTestId('action-owner').fill(step.owner);
    await action.getByTestId('action-team').fill(step.team);
    await action.getByTestId('action-due').fill(step.due);
    await action.getByTestId('action-status').selectOption(step.status);
  }
  await f.getByTestId('map-save').click();
  await expectText(f.getByTestId('save-state'), 'Saved', 'map saved');
  await expectText(f.getByTestId('expansion'), /\$1,200\.50/, 'the team sees the expansion potential');
  await h.screenshot(f, 'editor');

  await f.getByTestId('share-create').click();
  shareUrl = await f.getByTestId('share-url').inputValue();
  assert.match(shareUrl, /\/shared\/[A-Za-z0-9_-]{20,}$/);

  // What the link answers holds none of it either.
  const token = shareUrl.split('/shared/')[1];
  const raw = JSON.stringify((await callApi(f, 'GET', `/api/shared/${token}`)).body);
  for (const leak of ['monthlyPrice', '120050', 'expansion', 'johari', 'blind', 'currency']) {
    assert.ok(!raw.includes(leak), `the share link's answer holds "${leak}"`);
  }

  // The customer opens it on a phone, in English and then in Japanese.
  const customer = await h.newActor('customer-phone', { viewport: PHONE });
  const c = customer.page;
  await c.goto(shareUrl);
  await expectText(c.getByTestId('doc-title'), MAP_TITLE, 'shared map title');
  await assertCustomerOnly(c, 'shared map (en)');
  const text = await c.locator('body').innerText();
  for (const want of [IDEAL, BLIND, OFFERING, CASE_CUSTOMER, 'How we help:', 'How we can help']) {
    assert.ok(text.includes(want), `the customer sees "${want}"`);
  }
  await assertStepCards(c, ['Doing', 'To do'], 'phone (en)');
  await assertNoSidewaysScroll(c, 'shared map on a 390-px phone (en)');

  await c.getByTestId('lang-ja').click();
  await expectText(c.getByTestId('step-card').first().getByTestId('step-card-status'), '進行中', 'Japanese status');
  await assertCustomerOnly(c, 'shared map (ja)');
  await assertStepCards(c, ['進行中', '未着手'], 'phone (ja)');
  await assertNoSidewaysScroll(c, 'shared map on a 390-px phone (ja)');
  await assertAccessible(c, 'shared map on a phone (ja)');
  await shoot(c, 'shared-map-phone', { fullPage: true });

  // Laptop and big screen: the table, and still nothing sideways.
  for (const size of [{ width: 1280, height: 720 }, { width: 1920, height: 1080 }]) {
    await c.setViewportSize(size);
    await c.getByTestId('steps-table').waitFor({ state: 'visible' });
    assert.equal(await c.getByTestId('step-cards').isVisible(), false, `${size.width}px: no cards on a wide screen`);
    assert.ok(await c.getByTestId('steps-table').getByText('進行中').isVisible(), `${size.width}px: status column visible`);
    await assertNoSidewaysScroll(c, `shared map at ${size.width}×${size.height}`);
    await assertCustomerOnly(c, `shared map at ${size.width}px`);
    await h.screenshot(c, `shared-${size.width}`);
  }
  h.assertNoPageErrors();
}));

test('the map prints for the customer without our business, and for our team with it', { timeout: TEST_TIMEOUT_MS }, tracked(async () => {
  await f.goto(`${h.baseUrl}/maps/${mapId}`);
  await f.getByTestId('print-customer').click();
  await f.waitForURL(new RegExp(`/maps/${mapId}/print\\?view=customer$`));
  await expectText(f.getByTestId('doc-title'), MAP_TITLE, 'customer print');
  await expectText(f.getByTestId('print-note'), /customer's view/, 'says which view');
  await assertCustomerOnly(f, 'customer print (screen)', { docOnly: true });
  // Paper: A4 less 15 mm margins is about 680 CSS px wide.
  await f.setViewportSize(PAPER);
  await f.emulateMedia({ media: 'print' });
  await assertCustomerOnly(f, 'customer print (paper)');
  assert.equal(await f.getByTestId('steps-table').isVisible(), true, 'a table on paper');
  assert.equal(await f.getByTestId('print-note').isVisible(), false, 'the note stays off paper');
  assert.equal(await f.locator('header.topbar').isVisible(), false, 'no navigation on paper');
  await h.screenshot(f, 'print-customer-paper');
  await f.emulateMedia({ media: 'screen' });
  await f.setViewportSize(DESKTOP);

  await f.getByTestId('print-switch').click();
  await f.waitForURL(new RegExp(`/maps/${mapId}/print\\?view=team$`));
  const doc = f.getByTestId('print-view');
  await expectText(doc.getByTestId('internal-mark'), 'Internal — for our team only', 'team print is marked internal');
  assert.equal(await doc.getAttribute('data-view'), 'team');
  await expectText(doc.getByTestId('expansion'), /\$1,200\.50/, 'team print: expansion potential');
  await expectText(doc.getByTestId('doc-price'), /\$1,200\.50/, 'team print: price');
  await expectText(doc.getByTestId('johari-tag'), /Blind spot/, 'team print: Johari label');
  await f.setViewportSize(PAPER);
  await f.emulateMedia({ media: 'print' });
  assert.ok(await doc.getByTestId('doc-price').isVisible(), 'prices on the team paper');
  assert.ok(await doc.getByTestId('internal-mark').isVisible(), 'the internal mark is printed');
  await h.screenshot(f, 'print-team-paper');
  await f.emulateMedia({ media: 'screen' });
  await f.setViewportSize(DESKTOP);
  h.assertNoPageErrors();
}));

test('unsaved map edits ask before they are dropped', { timeout: TEST_TIMEOUT_MS }, tracked(async () => {
  await f.goto(`${h.baseUrl}/maps/${mapId}`);
  const title = f.getByTestId('map-title');
  await expectValue(title, MAP_TITLE, 'map loaded');
  await title.click();
  await f.keyboard.press('End');
  await f.keyboard.type(' (draft)');
  await expectText(f.getByTestId('save-state'), 'Unsaved changes', 'edits pending');

  // An in-app link asks; "stay" keeps the page and the edit.
  const dialogs = [];
  let answer = false;
  const onDialog = async (d) => {
    dialogs.push({ type: d.type(), message: d.message() });
    if (answer) await d.accept();
    else await d.dismiss();
  };
  f.on('dialog', onDialog);
  await f.getByRole('link', { name: 'Print for our team' }).click();
  await sleep(200);
  assert.equal(dialogs.length, 1, 'a confirm for in-app navigation');
  assert.equal(dialogs[0].type, 'confirm');
  assert.match(dialogs[0].message, /unsaved changes/);
  assert.match(new URL(f.url()).pathname, new RegExp(`^/maps/${mapId}$`), 'stayed on the editor');
  await expectValue(title, `${MAP_TITLE} (draft)`, 'the edit is still there');

  // The back button asks too.
  await f.evaluate(() => history.back());
  await sleep(300);
  assert.equal(dialogs.length, 2, 'a confirm for back');
  assert.match(new URL(f.url()).pathname, new RegExp(`^/maps/${mapId}$`), 'stayed after back');
  await expectValue(title, `${MAP_TITLE} (draft)`, 'the edit survived back');

  // Closing the tab or reloading: the browser's own prompt (beforeunload), dismissed to stay.
  const unload = f.waitForEvent('dialog');
  await f.close({ runBeforeUnload: true });
  await unload;
  assert.equal(dialogs.at(-1)?.type, 'beforeunload', 'the browser asks before unloading');
  assert.equal(f.isClosed(), false, 'the tab stays open');
  await expectValue(title, `${MAP_TITLE} (draft)`, 'the edit survived the unload prompt');

  // Signing out asks as well.
  const before = dialogs.length;
  await f.getByRole('button', { name: 'Log out' }).click();
  await sleep(200);
  assert.equal(dialogs.length, before + 1, 'a confirm before signing out');
  assert.ok(await f.getByTestId('nav-offerings').isVisible(), 'still signed in');

  // Saved, nothing asks.
  await f.getByTestId('map-save').click();
  await expectText(f.getByTestId('save-state'), 'Saved', 'saved');
  const saved = dialogs.length;
  await f.getByRole('link', { name: 'Print for our team' }).click();
  await f.waitForURL(/\/print\?view=team$/);
  assert.equal(dialogs.length, saved, 'no question once saved');
  await expectText(f.getByTestId('doc-title'), `${MAP_TITLE} (draft)`, 'the saved title prints');

  // Leaving on purpose drops the edit.
  await f.goto(`${h.baseUrl}/maps/${mapId}`);
  await expectValue(title, `${MAP_TITLE} (draft)`, 'reloaded');
  await title.fill(MAP_TITLE);
  answer = true;
  await f.locator('.crumbs a', { hasText: 'Accounts' }).click();
  await f.getByRole('heading', { name: 'Accounts' }).waitFor();
  assert.equal(dialogs.at(-1)?.type, 'confirm');
  f.off('dialog', onDialog);
  const kept = await callApi(f, 'GET', `/api/maps/${mapId}`);
  assert.equal(kept.body.title, `${MAP_TITLE} (draft)`, 'the dropped edit was not saved');
  assert.equal((await callApi(f, 'PATCH', `/api/maps/${mapId}`, { title: MAP_TITLE })).status, 200);
  h.assertNoPageErrors();
}));

test('a deep link opened signed out comes back after signing in, and only to our own pages', { timeout: TEST_TIMEOUT_MS }, tracked(async () => {
  const base = h.baseUrl;
  const visitor = await h.newActor('deep-link', { viewport: PHONE });
  const v = visitor.page;
  await v.goto(`${base}/maps/${mapId}`);
  await v.waitForURL(`${base}/login?next=${encodeURIComponent(`/maps/${mapId}`)}`);
  await v.getByTestId('return-notice').waitFor();
  await logIn(v);
  await v.waitForURL(`${base}/maps/${mapId}`);
  await expectValue(v.getByTestId('map-title'), MAP_TITLE, 'landed on the map asked for');

  // A query survives the round trip (the team's print view).
  await callApi(v, 'POST', '/api/auth/logout');
  await v.goto(`${base}/maps/${mapId}/print?view=team`);
  await v.waitForURL(/\/login\?next=/);
  await logIn(v);
  await v.waitForURL(`${base}/maps/${mapId}/print?view=team`);
  await v.getByTestId('internal-mark').waitFor();

  // Signing up from the login page keeps the destination.
  const newcomer = await h.newActor('newcomer');
  const n = newcomer.page;
  await n.goto(`${base}/templates`);
  await n.waitForURL(`${base}/login?next=%2Ftemplates`);
  await n.getByRole('link', { name: 'Sign up' }).click();
  await n.waitForURL(`${base}/signup?next=%2Ftemplates`);
  await n.getByLabel('Name', { exact: true }).fill('Nao Newcomer');
  await n.getByLabel('Email').fill(`nao+${Date.now()}@example.com`);
  await n.getByLabel('Password').fill(PASSWORD);
  await n.getByRole('button', { name: 'Sign up' }).click();
  await n.waitForURL(`${base}/templates`);
  await n.getByTestId('template-search').waitFor();

  // Another site in ?next= is never followed: the dashboard instead.
  for (const next of ['https://evil.example/', '//evil.example/x', '/\\evil.example', 'javascript:alert(1)']) {
    const stranger = await h.newActor('open-redirect');
    const s = stranger.page;
    await s.goto(`${base}/login?next=${encodeURIComponent(next)}`);
    assert.equal(await s.getByTestId('return-notice').count(), 0, `${next}: no promise to return`);
    await logIn(s);
    await s.getByRole('heading', { name: 'Accounts' }).waitFor();
    const url = new URL(s.url());
    assert.equal(url.origin, base, `${next}: stayed on our site`);
    assert.equal(url.pathname, '/', `${next}: the dashboard`);
    await stranger.context.close();
  }
  h.assertNoPageErrors();
}));

test('a template cloned as a workshop takes the workshop settings chosen', { timeout: TEST_TIMEOUT_MS }, tracked(async () => {
  await f.goto(`${h.baseUrl}/maps/${mapId}`);
  await f.getByTestId('save-template').click();
  await f.getByTestId('template-name').fill('Retail reporting');
  await f.getByTestId('template-save').click();
  await expectText(f.getByTestId('template-saved'), /Saved as template/, 'template saved');
  await f.getByTestId('nav-templates').click();
  const tplRow = f.getByTestId('template-row').filter({ hasText: 'Retail reporting' });
  await tplRow.getByTestId('template-link').click();
  await f.waitForURL(/\/templates\/\d+$/);

  await f.getByTestId('clone-account').selectOption({ label: ACCOUNT });
  await f.getByTestId('clone-as').selectOption('map');
  assert.equal(await f.getByTestId('clone-settings').count(), 0, 'no workshop settings for a map');
  await f.getByTestId('clone-as').selectOption('workshop');
  const settings = f.getByTestId('clone-settings');
  await settings.waitFor();
  await f.getByTestId('clone-title').fill('店舗レポート ワークショップ');
  await settings.getByLabel('Anonymous (hide names from participants)').check();
  await settings.getByLabel('Hide vote totals until I reveal them').uncheck();
  await settings.getByLabel('Votes per person').fill('7');
  await settings.getByLabel('Max votes on one idea').fill('2');
  await h.screenshot(f, 'clone-workshop-settings');
  await f.getByTestId('clone-submit').click();
  await f.waitForURL(/\/workshops\/\d+$/);
  const workshopId = Number(/\/workshops\/(\d+)$/.exec(f.url())?.[1]);
  const snap = await callApi(f, 'GET', `/api/workshops/${workshopId}`);
  assert.equal(snap.status, 200);
  assert.equal(snap.body.workshop.title, '店舗レポート ワークショップ');
  assert.deepEqual(snap.body.workshop.settings, { anonymous: true, voteBudget: 7, voteCap: 2, hiddenUntilReveal: false });
  h.assertNoPageErrors();
}));
