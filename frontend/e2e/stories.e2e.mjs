// End-to-end: customer stories (issue 16). A story made from another customer's map with their consent
// (refused without it; anonymizing previewed and done by the server) is shown to a live room: on a
// participant's 390-px phone, on the projector and to someone who joins after it was shown, collapsible
// on the phone, gone from every screen when hidden; it backs its offering up as a case study. The
// champion's approval pack prints to A4 PDFs in English and Japanese, without navigation and without
// anything wider than the paper. PDFs and screenshots go to a temporary folder, or docs/screenshots with
// KIZUKI_SCREENSHOTS=update.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  assertAccessible,
  assertNoSidewaysScroll,
  createWorkshop,
  DESKTOP,
  expectCount,
  expectText,
  joinAs,
  PHONE,
  shoot,
  signUp,
  startHarness,
  tracked,
  callApi,
} from './helpers.mjs';

/** Whole-test cap, so a hang fails instead of blocking CI. */
const TEST_TIMEOUT_MS = 150_000;
/** A4 less the print stylesheet's 15 mm margins, in CSS px (180 mm × 96 / 25.4). */
const PAPER_WIDTH = 680;
const OUT_DIR =
  process.env.KIZUKI_SCREENSHOTS === 'update'
    ? resolve(dirname(fileURLToPath(import.meta.url)), '../../docs/screenshots')
    : mkdtempSync(join(tmpdir(), 'kizuki-stories-'));

const ACCOUNT = 'Acme Retail';
const OTHER = 'Bento Market';
const OWNER = 'Hanako Sato';
const OFFERING = 'Ledger Pro';
const STORY_TITLE = 'Bento Market closes the month in two days';
const QUOTE = 'Hanako Sato: we finally stopped retyping every order.';
const OUTCOME = 'Month-end close went from 8 days to 2.';
const IDEAL = 'Every store sees the same numbers the same day';

/** @type {Awaited<ReturnType<typeof startHarness>> | null} */
let h = null;
/** The facilitator, signed in; shared by the tests of this file, which run in order. */
let fac = null;
let packMapId = 0;

before(async () => {
  h = await startHarness('stories');
});

after(async () => {
  await h?.close();
});

/** A map for `accountId` with an ideal, a challenge that `offeringId` closes and a first step. */
async function makeMap(page, accountId, title, owner) {
  const created = await callApi(page, 'POST', '/api/maps', { accountId, title });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const patched = await callApi(page, 'PATCH', `/api/maps/${created.body.id}`, {
    statements: [{ text: IDEAL, votes: 5 }, { text: 'Store managers decide with data, not gut feeling', votes: 2 }],
    challenges: [{ text: 'Orders are retyped from paper every evening', johari: 'open', offeringIds: [offering.id] }],
    actions: [
      { text: 'Pilot the ledger in two stores', owner, team: 'Finance', due: '2027-03-31', status: 'doing' },
      { text: 'Share the pilot at the managers’ meeting', owner: '', team: 'Store operations', due: '', status: 'todo' },
    ],
  });
  assert.equal(patched.status, 200, JSON.stringify(patched.body));
  return created.body.id;
}

let offering = null;

test('a story from a map needs consent, previews anonymizing, and is shown to the room live, late joiners and the projector', { timeout: TEST_TIMEOUT_MS }, tracked(async () => {
  fac = await h.newActor('facilitator', { viewport: DESKTOP });
  const f = fac.page;
  await signUp(f, h.baseUrl, 'Aiko CSM');
  const o = await callApi(f, 'POST', '/api/offerings', {
    name: OFFERING, kind: 'addon', monthlyPrice: 30000, currency: 'JPY', tier: '', description: 'One ledger for every store.',
  });
  assert.equal(o.status, 201);
  offering = o.body;

  // Another customer of the same segment, whose map becomes the story.
  const other = await callApi(f, 'POST', '/api/accounts', { name: OTHER, industry: 'Retail', sizeBand: '51-200' });
  const otherMap = await makeMap(f, other.body.id, 'Bento FY27', OWNER);
  await f.goto(`${h.baseUrl}/maps/${otherMap}`);
  await f.getByTestId('turn-into-story').click();
  await f.getByTestId('story-title').fill(STORY_TITLE);
  await f.getByTestId('story-quote').fill(QUOTE);
  await f.getByTestId('story-outcome').fill(OUTCOME);
  // Without the customer's yes, nothing is saved.
  await f.getByTestId('story-save').click();
  await f.getByTestId('story-consent-error').waitFor();
  assert.equal((await callApi(f, 'GET', '/api/stories')).body.stories.length, 0);
  // Anonymizing shows what goes before anything is sent.
  await f.getByTestId('story-anonymize').check();
  const preview = f.getByTestId('anonymize-preview');
  await preview.waitFor();
  const previewText = await preview.innerText();
  assert.ok(previewText.includes(OTHER) && previewText.includes(OWNER), 'the preview names the company and the step owner');
  assert.ok((await preview.getByTestId('anonymized-text').allInnerTexts()).some((s) => s.includes('[customer] closes the month')));
  await f.getByTestId('story-consent').check();
  await f.getByTestId('story-save').click();
  await f.getByTestId('story-created').waitFor();
  const stories = (await callApi(f, 'GET', '/api/stories')).body.stories;
  assert.equal(stories.length, 1);
  const story = stories[0];
  assert.equal(story.customer, '', 'anonymized: no customer name');
  assert.equal(story.title, '[customer] closes the month in two days');
  assert.ok(!story.quote.includes('Sato'), 'the owner’s name left the quote');
  assert.deepEqual(story.offerings.map((x) => x.name), [OFFERING]);

  // The story is a case study of its offering, and listed with the stories.
  await f.getByTestId('nav-offerings').click();
  await expectText(f.getByTestId('offering-story').first(), /closes the month in two days/, 'story on its offering');
  await f.getByTestId('nav-stories').click();
  await expectCount(f.getByTestId('story-card'), 1, 'stories list');
  await f.getByTestId('stories-industry').fill('Logistics');
  await f.getByTestId('stories-filter').click();
  await expectCount(f.getByTestId('story-card'), 0, 'filtered out by industry');

  // The live room: a workshop for a retailer of the same size.
  await f.locator('a.brand').click();
  const { joinUrl } = await createWorkshop(f, { account: ACCOUNT, industry: 'Retail', size: '51-200', title: 'Acme kickoff' });
  const workshopId = Number(/\/workshops\/(\d+)$/.exec(f.url())?.[1]);
  const ken = await h.newActor('Ken (phone)', { viewport: PHONE });
  const kp = await joinAs(ken, joinUrl, 'Ken', 'frontline', 'lobby');
  const projector = await fac.context.newPage();
  await projector.setViewportSize({ width: 1920, height: 1080 });
  await projector.goto(`${h.baseUrl}/workshops/${workshopId}/projector`);
  await projector.getByTestId('projector').waitFor();

  const option = f.getByTestId('story-option').filter({ hasText: 'closes the month' });
  await expectText(option.getByTestId('story-match'), 'Same industry and size', 'customers like you first');
  await option.getByTestId('story-show').click();
  await f.getByTestId('story-now-shown').waitFor();

  await expectText(kp.getByTestId('shown-story-title'), story.title, 'story on the phone');
  await expectText(projector.getByTestId('projector-story').getByTestId('shown-story-title'), story.title, 'story on the projector');
  assert.ok((await kp.getByTestId('shown-story').innerText()).includes(IDEAL), 'their ideal is shown');
  await assertNoSidewaysScroll(kp, 'phone with a story');
  // The wall still fits its screen, the story beside the board's work.
  const wall = await projector.evaluate(() => ({ h: document.documentElement.scrollHeight, vh: innerHeight, w: document.documentElement.scrollWidth, vw: innerWidth }));
  assert.ok(wall.h <= wall.vh && wall.w <= wall.vw, `projector fits: ${JSON.stringify(wall)}`);
  assert.ok(await projector.getByTestId('projector-code').isVisible(), 'the join code stays on the wall');
  await shoot(projector, 'projector-story-en');
  await shoot(kp, 'participant-phone-story');
  await assertAccessible(kp, 'participant phone with a story');

  // Collapsed to a line on the phone, the board's work is right there; expanding brings it back.
  await kp.getByTestId('story-collapse').click();
  await kp.getByTestId('story-expand').waitFor();
  assert.equal(await kp.getByTestId('shown-story-title').count(), 0);
  await kp.getByTestId('story-expand').click();
  await kp.getByTestId('shown-story-title').waitFor();

  // Someone who joins after it was shown sees it from the snapshot.
  const mika = await h.newActor('Mika (late phone)', { viewport: PHONE });
  const mp = await joinAs(mika, joinUrl, 'Mika', 'executive', 'lobby');
  await expectText(mp.getByTestId('shown-story-title'), story.title, 'story for the late joiner');

  // Hidden: gone from every screen.
  await f.getByTestId('story-hide').click();
  await expectCount(kp.getByTestId('shown-story'), 0, 'phone without the story');
  await expectCount(mp.getByTestId('shown-story'), 0, 'late phone without the story');
  await expectCount(projector.getByTestId('projector-story'), 0, 'projector without the story');
  await projector.close();

  // The workshop's own account gets a map too, for its approval pack.
  packMapId = await makeMap(f, (await callApi(f, 'GET', '/api/accounts')).body.accounts.find((a) => a.name === ACCOUNT).id, 'Acme success map', 'Taro Yamada');
  h.assertNoPageErrors();
}));

/** Prints the open page to an A4 PDF and returns its page count. */
async function printPdf(page, name) {
  await page.emulateMedia({ media: 'screen' });
  const pdf = await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
  mkdirSync(OUT_DIR, { recursive: true });
  writeFileSync(join(OUT_DIR, `${name}.pdf`), pdf);
  return (pdf.toString('latin1').match(/\/Type\s*\/Page(?![a-z])/g) ?? []).length;
}

/** With print styles at the paper's width: no navigation, and nothing wider than the paper. */
async function assertFitsPaper(page, what) {
  await page.setViewportSize({ width: PAPER_WIDTH, height: 960 });
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('.topbar').isVisible(), false, `${what}: no navigation on paper`);
  assert.equal(await page.getByTestId('pack-print').isVisible(), false, `${what}: no print button on paper`);
  const wide = await page.evaluate((limit) => {
    const out = [];
    for (const el of document.querySelectorAll('.pack-doc, .pack-doc *')) {
      const r = el.getBoundingClientRect();
      if (r.width === 0) continue;
      if (r.right > limit + 0.5 || el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX !== 'visible') {
        out.push(`${el.tagName.toLowerCase()}.${el.className} right=${Math.round(r.right)} scroll=${el.scrollWidth}/${el.clientWidth}`);
      }
    }
    return { out, doc: document.documentElement.scrollWidth };
  }, PAPER_WIDTH);
  assert.deepEqual(wide.out, [], `${what}: elements wider than A4`);
  assert.ok(wide.doc <= PAPER_WIDTH, `${what}: the page is ${wide.doc}px wide`);
  await page.emulateMedia({ media: 'screen' });
  await page.setViewportSize(DESKTOP);
}

test('the approval pack prints to A4 in English and Japanese: ideal, offerings with prices, matched stories, first steps', { timeout: TEST_TIMEOUT_MS }, tracked(async () => {
  const f = fac.page;
  await f.goto(`${h.baseUrl}/maps/${packMapId}`);
  await f.getByTestId('approval-pack-link').click();
  await f.waitForURL(/\/approval-pack$/);
  const pack = f.getByTestId('approval-pack');
  await pack.waitFor();
  const text = await pack.innerText();
  for (const part of [IDEAL, OFFERING, 'Pilot the ledger in two stores', 'Taro Yamada', 'closes the month in two days']) {
    assert.ok(text.includes(part), `the pack shows "${part}"`);
  }
  await expectText(f.getByTestId('pack-price').first(), /30,000/, 'the offering’s monthly price');
  await expectText(f.getByTestId('pack-total'), /30,000/, 'the monthly total');
  await expectCount(f.getByTestId('pack-story'), 1, 'the matched story');
  await assertAccessible(f, 'approval pack');
  await assertFitsPaper(f, 'approval pack (en)');
  const pagesEn = await printPdf(f, 'approval-pack-en');
  assert.ok(pagesEn >= 2 && pagesEn <= 4, `English pack prints on 2–4 A4 pages, got ${pagesEn}`);

  await f.getByTestId('lang-ja').click();
  await expectText(f.locator('#pack-offerings'), '提案するオファリング', 'Japanese headings');
  await assertFitsPaper(f, 'approval pack (ja)');
  const pagesJa = await printPdf(f, 'approval-pack-ja');
  assert.ok(pagesJa >= 2 && pagesJa <= 4, `Japanese pack prints on 2–4 A4 pages, got ${pagesJa}`);

  // On a phone, the pack reads without sideways scrolling.
  await f.setViewportSize({ width: 360, height: 740 });
  await assertNoSidewaysScroll(f, 'approval pack on a phone');
  await f.getByTestId('lang-en').click();
  await f.setViewportSize(DESKTOP);
  h.assertNoPageErrors();
}));
