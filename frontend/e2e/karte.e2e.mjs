// End-to-end: the karte (issue 16). A template gets a checklist of challenge items with their owning
// team and standard action; a workshop cloned from it gives the CSM a link to copy; the customer fills
// it in on a phone, without an account and in Japanese, is told clearly what is still missing, and the
// items that apply appear at once as challenges on the live board. A second visit finds it answered.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  assertAccessible,
  assertNoSidewaysScroll,
  DESKTOP,
  expectCount,
  expectText,
  ideaCard,
  SMALL_PHONE,
  signUp,
  startHarness,
  tracked,
  callApi,
} from './helpers.mjs';

/** Whole-test cap, so a hang fails instead of blocking CI. */
const TEST_TIMEOUT_MS = 120_000;
const ITEMS = [
  { text: '請求書を毎晩手で打ち直している', team: 'Onboarding', action: '請求書の取り込みを設定する' },
  { text: 'Store managers cannot see yesterday’s sales', team: 'Customer success', action: 'Set up the daily report' },
];
const NOTE = '毎日 2 時間';

/** @type {Awaited<ReturnType<typeof startHarness>> | null} */
let h = null;

before(async () => {
  h = await startHarness('karte');
});

after(async () => {
  await h?.close();
});

test('a karte filled on a phone becomes challenges on the live board', { timeout: TEST_TIMEOUT_MS }, tracked(async () => {
  const fac = await h.newActor('facilitator', { viewport: DESKTOP });
  const f = fac.page;
  await signUp(f, h.baseUrl, 'Aiko CSM');
  const account = await callApi(f, 'POST', '/api/accounts', { name: 'Yamada Foods', industry: 'Retail', sizeBand: '51-200' });
  const map = await callApi(f, 'POST', '/api/maps', { accountId: account.body.id, title: 'Retail starter' });
  const template = await callApi(f, 'POST', `/api/maps/${map.body.id}/template`, {
    name: 'Retail starter', description: '', industry: 'Retail', size: '51-200', tags: [],
  });
  assert.equal(template.status, 201, JSON.stringify(template.body));

  // The template's checklist, written in its editor: an empty item is refused before saving.
  await f.goto(`${h.baseUrl}/templates/${template.body.id}`);
  const editor = f.getByTestId('karte-editor');
  await editor.waitFor();
  await editor.getByTestId('karte-add').click();
  await editor.getByTestId('karte-save').click();
  await editor.getByRole('alert').first().waitFor();
  for (let i = 0; i < ITEMS.length; i++) {
    if (i > 0) await editor.getByTestId('karte-add').click();
    const row = editor.getByTestId('karte-row').nth(i);
    await row.getByTestId('karte-text').fill(ITEMS[i].text);
    await row.getByTestId('karte-team').fill(ITEMS[i].team);
    await row.getByTestId('karte-action').fill(ITEMS[i].action);
  }
  await editor.getByTestId('karte-save').click();
  await editor.getByTestId('karte-saved').waitFor();
  const saved = await callApi(f, 'GET', `/api/templates/${template.body.id}`);
  assert.deepEqual(saved.body.karte.map((k) => [k.text, k.team, k.action]), ITEMS.map((k) => [k.text, k.team, k.action]));
  await assertAccessible(f, 'template with its karte');

  // A workshop from the template: the CSM makes the link and copies it.
  const workshop = await callApi(f, 'POST', `/api/templates/${template.body.id}/clone`, { accountId: account.body.id, as: 'workshop', title: 'Yamada kickoff' });
  assert.equal(workshop.status, 201, JSON.stringify(workshop.body));
  await f.goto(`${h.baseUrl}/workshops/${workshop.body.id}`);
  await expectText(f.getByTestId('connection-state'), 'connected', 'facilitator connection');
  const links = f.getByTestId('karte-links');
  await links.locator('summary').click();
  await links.getByTestId('karte-create').click();
  const url = await links.getByTestId('karte-url').inputValue();
  assert.match(url, /\/karte\/[^/]+$/);
  await expectCount(links.getByTestId('karte-link'), 1, 'the link listed');

  // The customer, on a small phone in Japanese, with no account.
  const customer = await h.newActor('customer (phone, ja)', { viewport: SMALL_PHONE, locale: 'ja-JP' });
  const c = customer.page;
  await c.goto(url);
  await c.getByRole('heading', { name: 'ワークショップの前に' }).waitFor();
  await expectCount(c.getByTestId('karte-item'), ITEMS.length, 'every item asked');
  // Sending nothing says what is missing, on each item.
  await c.getByTestId('karte-submit').click();
  await expectText(c.getByTestId('karte-submit-error'), /未回答の項目が 2 個/, 'what is missing');
  await expectCount(c.getByTestId('karte-item-error'), 2, 'each open item marked');
  await assertNoSidewaysScroll(c, 'karte on a 360-px phone');
  await assertAccessible(c, 'karte with errors');

  await c.getByTestId('karte-item').nth(0).getByTestId('karte-applies').check();
  await c.getByTestId('karte-item').nth(0).getByTestId('karte-note').fill(NOTE);
  await c.getByTestId('karte-item').nth(1).getByTestId('karte-not-applies').check();
  await expectText(c.getByTestId('karte-progress'), '2 問中 2 問回答済み', 'progress');
  await c.getByTestId('karte-submit').click();
  await c.getByTestId('karte-thanks').waitFor();

  // The item that applies is a challenge on the live board at once; the other is not.
  const card = ideaCard(f, 'challenges', `${ITEMS[0].text} — ${NOTE}`);
  await card.waitFor();
  await card.getByTestId('karte-idea').waitFor();
  assert.equal(await ideaCard(f, 'challenges', ITEMS[1].text).count(), 0);
  await expectText(links.getByTestId('karte-link').first(), /Answered/, 'the link shows it was answered');

  // The link answers once.
  await c.goto(url);
  await c.getByTestId('karte-already').waitFor();
  // A wrong link says so plainly.
  await c.goto(`${h.baseUrl}/karte/not-a-real-token`);
  await expectText(c.getByTestId('karte-error'), /このリンクは使えません/, 'unknown link');
  h.assertNoPageErrors();
}));
