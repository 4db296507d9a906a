// End-to-end: from a short live workshop to a success map, a template and a clone for
// another account, with the offering catalog, a share link and the print view, all
// through the browser against the real server binary (server and Chromium from helpers.mjs).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  PHONE,
  STEP_TIMEOUT_MS,
  addIdea,
  createWorkshop,
  expectText,
  ideaCard,
  joinAs,
  signUp,
  sleep,
  startHarness,
  tracked,
} from './helpers.mjs';

/** Whole-test cap, so a hang fails instead of blocking CI. */
const TEST_TIMEOUT_MS = 180_000;

const OFFERING = 'Analytics add-on';
const CUSTOMER = 'Initech Manufacturing';
const IDEAL = 'Everyone decides with the same numbers';
const CHALLENGE = 'Reports are rebuilt by hand every month';
const STEP = 'Pilot a shared dashboard with finance';
const SECOND_IDEAL = 'Quotes go out the same day';
const TEMPLATE = 'Manufacturing reporting';

/** @type {Awaited<ReturnType<typeof startHarness>> | null} */
let h = null;

before(async () => {
  h = await startHarness('maps');
});

after(async () => {
  await h?.close();
});

/** Moves the workshop to `phase` from the facilitator's phase picker and waits until the participant follows. */
async function setPhase(f, p, phase) {
  await f.getByTestId('phase-select').selectOption(phase);
  await expectText(f.getByTestId('phase'), phase, 'facilitator phase');
  await expectText(p.getByTestId('phase'), phase, 'participant phase');
}

/** Waits until the value of the input `locator` equals `expected`. */
async function expectValue(locator, expected, what) {
  const deadline = Date.now() + STEP_TIMEOUT_MS;
  let last = '(not found)';
  while (Date.now() < deadline) {
    try {
      last = await locator.inputValue({ timeout: 500 });
      if (last === expected) return;
    } catch {
      // Not rendered yet.
    }
    await sleep(50);
  }
  assert.fail(`${what}: expected value "${expected}", last saw "${last}"`);
}

/** The id in a /maps/:id URL. */
function mapIdOf(page) {
  const m = /\/maps\/(\d+)$/.exec(new URL(page.url()).pathname);
  assert.ok(m, `not on a map page: ${page.url()}`);
  return Number(m[1]);
}

test('a workshop becomes a success map, a template and a clone for another account', { timeout: TEST_TIMEOUT_MS }, tracked(async () => {
  const started = Date.now();
  const [fac, part, customer] = await Promise.all([
    h.newActor('facilitator'),
    h.newActor('participant', { viewport: PHONE }),
    h.newActor('customer'),
  ]);
  const f = fac.page;
  const base = h.baseUrl;
  await signUp(f, base, 'Aiko Facilitator');

  // --- Offering catalog: a field error from the API, then a real offering with a case study.
  await f.getByTestId('nav-offerings').click();
  await f.getByRole('heading', { name: 'Offering catalog' }).waitFor();
  const form = f.getByTestId('offering-form');
  await form.getByTestId('offering-name').fill(OFFERING);
  await form.getByTestId('offering-kind').selectOption('addon');
  await form.getByTestId('offering-currency').selectOption('other');
  await form.getByTestId('offering-currency-other').fill('ZZZ');
  await form.getByTestId('offering-price').fill('10');
  await form.getByTestId('offering-save').click();
  await expectText(form.locator('.field-error'), /^Currency must be an ISO 4217 code/, 'API field error at the currency');

  await form.getByTestId('offering-currency').selectOption('JPY');
  await form.getByTestId('offering-price').fill('50.5');
  await form.getByTestId('offering-save').click();
  await expectText(form.locator('.field-error'), 'JPY has no decimals.', 'decimals checked per currency');
  await form.getByTestId('offering-price').fill('50,000');
  await form.getByTestId('offering-save').click();
  const row = f.getByTestId('offering-row').filter({ hasText: OFFERING });
  await expectText(row.getByTestId('offering-price-shown'), /¥50,000/, 'price shown in yen');
  assert.equal(await form.getByTestId('offering-name').inputValue(), '', 'the create form is cleared');

  await row.getByRole('button', { name: '+ Add a case study' }).click();
  await row.getByLabel('Customer').fill(CUSTOMER);
  await row.getByLabel('Summary').fill('Replaced monthly spreadsheet reports with live dashboards.');
  await row.getByLabel('Outcome').fill('Month-end close three days faster');
  await row.getByRole('button', { name: 'Add case study' }).click();
  await expectText(row.getByTestId('case-study').locator('strong'), CUSTOMER, 'case study listed');
  await h.screenshot(f, 'catalog');

  // --- A short workshop for Acme: one participant adds an ideal, a challenge and a first step.
  await f.locator('a.brand').click();
  await f.getByRole('heading', { name: 'Accounts' }).waitFor();
  const { joinUrl } = await createWorkshop(f, {
    account: 'Acme',
    industry: 'Manufacturing',
    size: '201-1000',
    title: 'FY27 success workshop',
  });
  await f.getByTestId('phase-select').selectOption('ideal');
  await expectText(f.getByTestId('phase'), 'ideal', 'facilitator phase');
  const p = await joinAs(part, joinUrl, 'Ken (exec)', 'executive', 'ideal');
  await addIdea(p, 'ideal', IDEAL);
  await setPhase(f, p, 'challenges');
  await addIdea(p, 'challenges', CHALLENGE);
  await setPhase(f, p, 'first_steps');
  await addIdea(p, 'first_steps', STEP);
  assert.equal(await f.getByTestId('build-map').count(), 0, 'no map before the map phase');
  const exportHref = await f.getByTestId('export-md').getAttribute('href');
  assert.match(exportHref ?? '', /^\/api\/workshops\/\d+\/export\?format=md$/);
  await setPhase(f, p, 'map');

  // --- Build the map and edit it.
  await f.getByTestId('build-map').click();
  await f.waitForURL(/\/maps\/\d+$/);
  const mapId = mapIdOf(f);
  assert.equal(await f.getByTestId('map-title').inputValue(), 'Success map: FY27 success workshop');
  await expectValue(f.getByTestId('statement').first().getByTestId('statement-text'), IDEAL, 'ideal statement');
  const challenge = f.getByTestId('challenge').first();
  assert.equal(await challenge.getByTestId('challenge-text').inputValue(), CHALLENGE);
  assert.equal(await challenge.getByTestId('johari').inputValue(), 'open');
  await challenge.getByTestId('challenge-offerings').getByLabel(OFFERING).check();
  const action = f.getByTestId('action').first();
  assert.equal(await action.getByTestId('action-text').inputValue(), STEP);
  await action.getByTestId('action-owner').fill('Sato');
  await action.getByTestId('action-due').fill('2027-03-31');
  // A second ideal statement, moved to the top.
  await f.getByTestId('statement-add').click();
  await f.getByTestId('statement').nth(1).getByTestId('statement-text').fill(SECOND_IDEAL);
  await f.getByRole('button', { name: 'Move ideal statement 2 up' }).click();
  await expectText(f.getByTestId('save-state'), 'Unsaved changes', 'edits are pending');
  await f.getByTestId('map-save').click();
  await expectText(f.getByTestId('save-state'), 'Saved', 'map saved');
  await expectText(f.getByTestId('expansion'), /¥50,000/, 'expansion potential');
  await expectText(f.getByTestId('progress-count'), '0/1', 'progress');
  await expectText(f.getByTestId('case-study').locator('strong'), CUSTOMER, 'case study next to the map');
  await h.screenshot(f, 'editor');
  // The saved map is what the server has.
  await f.reload();
  assert.equal(await f.getByTestId('action').first().getByTestId('action-owner').inputValue(), 'Sato');
  assert.equal(await f.getByTestId('action').first().getByTestId('action-due').inputValue(), '2027-03-31');
  assert.ok(await f.getByTestId('challenge').first().getByTestId('challenge-offerings').getByLabel(OFFERING).isChecked());
  await expectValue(f.getByTestId('statement').first().getByTestId('statement-text'), SECOND_IDEAL, 'reordered statements');
  await expectValue(f.getByTestId('statement').nth(1).getByTestId('statement-text'), IDEAL, 'reordered statements');
  assert.equal(await f.getByTestId('export-csv').getAttribute('href'), `/api/maps/${mapId}/export?format=csv`);
  const md = await fac.context.request.get(base + (await f.getByTestId('export-md').getAttribute('href')));
  assert.equal(md.status(), 200);
  assert.match(md.headers()['content-disposition'] ?? '', /attachment/);
  assert.match(await md.text(), /\| Sato \|/, 'the Markdown export has the owner');

  // --- Save it as a template.
  await f.getByTestId('save-template').click();
  await f.getByTestId('template-name').fill(TEMPLATE);
  await f.getByTestId('template-industry').fill('Manufacturing');
  await f.getByTestId('template-size').selectOption('201-1000');
  await f.getByTestId('template-tags').fill('Reporting, analytics');
  await f.getByTestId('template-save').click();
  await expectText(f.getByTestId('template-saved'), /^Saved as template “Manufacturing reporting” \(version 1\)/, 'template saved');

  // --- Share it read-only; a customer without an account opens it, then the link is revoked.
  await f.getByTestId('share-create').click();
  const shareUrl = await f.getByTestId('share-url').inputValue();
  assert.match(shareUrl, new RegExp(`^${base}/shared/[A-Za-z0-9_-]{20,}$`));
  const c = customer.page;
  await c.goto(shareUrl);
  await expectText(c.getByTestId('print-view').getByTestId('doc-title'), 'Success map: FY27 success workshop', 'shared map');
  await h.screenshot(c, 'shared');
  await expectText(c.getByTestId('print-view'), new RegExp(CUSTOMER), 'shared map shows the evidence');
  assert.equal(await c.getByTestId('nav-offerings').count(), 0, 'no app navigation for a visitor');
  await f.getByTestId('share-revoke').click();
  await f.locator('[data-testid="share-row"][data-status="revoked"]').waitFor();
  await c.reload();
  await expectText(c.getByTestId('shared-gone'), /expired or revoked/, 'revoked link explained');
  await h.screenshot(c, 'shared-gone');

  // --- The print view.
  await f.getByRole('link', { name: 'Print for our team' }).click();
  await f.waitForURL(new RegExp(`/maps/${mapId}/print\\?view=team$`));
  await expectText(f.getByTestId('print-view').locator('td.text'), STEP, 'print view lists the first step');
  await f.getByTestId('print-button').waitFor();
  await h.screenshot(f, 'print');
  await f.emulateMedia({ media: 'print' });
  await h.screenshot(f, 'print-media');
  assert.equal(await f.locator('header.topbar').isVisible(), false, 'no navigation on paper');
  assert.equal(await f.getByTestId('print-button').isVisible(), false, 'no buttons on paper');
  await f.emulateMedia({ media: 'screen' });

  // --- A linked offering cannot be deleted, only archived.
  await f.getByTestId('nav-offerings').click();
  await row.getByTestId('offering-delete').click();
  await row.getByTestId('offering-delete-confirm').click();
  await expectText(row.getByTestId('offering-linked'), /can't be deleted.*Archive it instead/s, '409 explained');

  // --- A second account clones the template from the library.
  await f.locator('a.brand').click();
  await f.getByLabel('Account name').fill('Globex');
  await f.getByRole('button', { name: 'Create account' }).click();
  const globex = f.getByTestId('account').filter({ has: f.getByRole('heading', { name: 'Globex' }) });
  await expectText(globex.getByTestId('account-maps'), /No success maps yet/, 'Globex has no maps');
  await globex.getByTestId('new-map').click();
  await globex.getByTestId('new-map-title').fill('Globex kickoff');
  await globex.getByTestId('new-map-create').click();
  await f.waitForURL(/\/maps\/\d+$/);
  await expectValue(f.getByTestId('map-title'), 'Globex kickoff', 'empty map');
  await expectText(f.getByTestId('progress'), /No first steps yet/, 'empty map progress');
  await f.locator('a.brand').click();
  const acme = f.getByTestId('account').filter({ has: f.getByRole('heading', { name: 'Acme' }) });
  await acme.getByTestId('map-link').filter({ hasText: 'Success map: FY27 success workshop' }).waitFor();
  await h.screenshot(f, 'dashboard');

  await f.getByTestId('nav-templates').click();
  await f.getByTestId('template-search').fill('REPORT');
  const tplRow = f.getByTestId('template-row').filter({ hasText: TEMPLATE });
  await tplRow.waitFor();
  await expectText(tplRow.getByTestId('template-usage'), 'Used 0 times', 'not used yet');
  await f.getByTestId('template-search').fill('no such template');
  await f.getByText('No template matches these filters.').waitFor();
  await f.getByTestId('template-search').fill('reporting');
  await tplRow.getByTestId('template-link').click();
  await f.waitForURL(/\/templates\/\d+$/);
  await h.screenshot(f, 'template-detail');
  await f.getByTestId('clone-account').selectOption({ label: 'Globex' });
  await f.getByTestId('clone-as').selectOption('map');
  await f.getByTestId('clone-submit').click();
  await f.waitForURL(/\/maps\/\d+$/);
  assert.notEqual(mapIdOf(f), mapId, 'a new map');
  await f.getByText('from template version 1').waitFor();
  const cloned = f.getByTestId('challenge').first();
  assert.equal(await cloned.getByTestId('challenge-text').inputValue(), CHALLENGE);
  assert.ok(await cloned.getByTestId('challenge-offerings').getByLabel(OFFERING).isChecked(), 'offering link kept');
  const clonedAction = f.getByTestId('action').first();
  assert.equal(await clonedAction.getByTestId('action-owner').inputValue(), '', 'owner stripped');
  assert.equal(await clonedAction.getByTestId('action-due').inputValue(), '', 'due date stripped');
  await expectText(f.getByTestId('expansion'), /¥50,000/, 'clone keeps the expansion potential');

  // A refused save points at the item.
  await f.getByTestId('action-add').click();
  await f.getByTestId('map-save').click();
  await expectText(f.getByTestId('map-error'), 'First step 2: the text is required.', 'item error');
  await f.getByRole('button', { name: 'Remove first step 2' }).click();

  // Saving the clone as a template makes version 2 of the same template.
  await clonedAction.getByTestId('action-status').selectOption('done');
  await f.getByTestId('save-template').click();
  await expectValue(f.getByTestId('template-name'), TEMPLATE, 'dialog filled from the template');
  await f.getByTestId('template-save').click();
  await expectText(f.getByTestId('template-saved'), /^Saved as version 2 of “Manufacturing reporting”/, 'new version');
  await expectText(f.getByTestId('progress-count'), '1/1', 'the unsaved status was saved first');

  await f.getByTestId('nav-templates').click();
  await expectText(tplRow.getByTestId('template-usage'), 'Used 1 time', 'usage counted');
  await expectText(tplRow.locator('.pill').first(), 'v2', 'newest version listed');
  await h.screenshot(f, 'library');

  // Cloned as a workshop, the template's ideal and challenge are prompts on the board.
  await tplRow.getByTestId('template-link').click();
  await f.getByTestId('clone-account').selectOption({ label: 'Globex' });
  await f.getByTestId('clone-as').selectOption('workshop');
  await f.getByTestId('clone-submit').click();
  await f.waitForURL(/\/workshops\/\d+$/);
  await ideaCard(f, 'ideal', IDEAL).getByTestId('template-prompt').waitFor();
  await ideaCard(f, 'challenges', CHALLENGE).getByTestId('template-prompt').waitFor();
  await h.screenshot(f, 'workshop-prompts');

  h.assertNoPageErrors();
  console.log(`maps e2e scenario took ${Date.now() - started} ms`);
}));
