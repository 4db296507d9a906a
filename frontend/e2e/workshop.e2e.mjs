// End-to-end: a facilitator and two participants run a workshop against the real
// server binary in headless Chromium. Run with `npm run e2e` after building the
// binary (`go build -o bin/kizuki ./cmd/kizuki`) and the frontend it embeds.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { PHONE, createWorkshop, expectText, ideaCard, joinAs, signUp, startHarness, tracked } from './helpers.mjs';

/** Whole-test cap, so a hang fails instead of blocking CI. */
const TEST_TIMEOUT_MS = 150_000;

/** @type {Awaited<ReturnType<typeof startHarness>> | null} */
let h = null;

before(async () => {
  h = await startHarness('workshop');
});

after(async () => {
  await h?.close();
});

test('facilitator and two participants run a workshop live', { timeout: TEST_TIMEOUT_MS }, tracked(async () => {
  assert.ok(h);
  const { baseUrl } = h;
  // Three separate browsers (fresh profiles), started together to save time.
  const [fac, actorA, actorB] = await Promise.all([
    h.newActor('facilitator'),
    h.newActor('participant-a'),
    h.newActor('participant-b', { viewport: PHONE }),
  ]);

  // Facilitator signs up, creates an account and a workshop.
  const f = fac.page;
  await signUp(f, baseUrl, 'Aiko Facilitator');
  const { joinCode, joinUrl } = await createWorkshop(f, {
    account: 'Acme KK',
    industry: 'Manufacturing',
    size: '201-1000',
    title: 'FY27 success workshop',
  });

  // The board shows the join code and link.
  assert.match(joinCode, /^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{8}$/);
  assert.equal(joinUrl, `${baseUrl}/join/${joinCode}`);
  await expectText(f.getByTestId('phase'), 'lobby', 'initial phase');

  await f.getByTestId('phase-next').click();
  await expectText(f.getByTestId('phase'), 'current', 'facilitator phase after Next');

  // Two participants join through the link, each in its own browser profile.
  await actorA.page.goto(joinUrl);
  assert.equal(await actorA.page.getByLabel('Join code').inputValue(), joinCode, 'the link fills in the code');
  const a = await joinAs(actorA, joinUrl, 'Ken (exec)', 'executive', 'current');
  const b = await joinAs(actorB, joinUrl, 'Mika (frontline)', 'frontline', 'current');
  await expectText(f.getByTestId('presence'), '2 participants online', 'facilitator presence');

  // A adds an idea in the current column; B and the facilitator see it live.
  const firstIdea = 'Quotes are still built in spreadsheets';
  await a.getByTestId('idea-input-current').fill(firstIdea);
  await a.getByTestId('idea-submit-current').click();
  await ideaCard(a, 'current', firstIdea).waitFor();
  await ideaCard(b, 'current', firstIdea).waitFor();
  await ideaCard(f, 'current', firstIdea).waitFor();
  assert.equal(await ideaCard(b, 'current', firstIdea).getByTestId('idea-edit').count(), 0, 'B cannot edit A\'s idea');
  assert.equal(await ideaCard(a, 'current', firstIdea).getByTestId('idea-edit').count(), 1, 'A can edit own idea');

  // Markup typed into an idea shows as text on every page and never runs.
  const markup = '<img src=x onerror="window.__pwned=1"><b>bold</b>';
  await a.getByTestId('idea-input-current').fill(markup);
  await a.getByTestId('idea-submit-current').click();
  await ideaCard(b, 'current', markup).waitFor();
  const shown = ideaCard(b, 'current', markup).getByTestId('idea-text');
  assert.equal(await shown.locator('b, img').count(), 0, 'no element was created from user text');
  assert.equal(await b.evaluate(() => /** @type {any} */ (window).__pwned), undefined, 'no script ran');

  // The facilitator moves on to `ideal`; both participants follow.
  await f.getByTestId('phase-next').click();
  await expectText(f.getByTestId('phase'), 'ideal', 'facilitator phase');
  await expectText(a.getByTestId('phase'), 'ideal', 'participant A phase');
  await expectText(b.getByTestId('phase'), 'ideal', 'participant B phase');
  // The current column is closed to participants now.
  assert.equal(await ideaCard(a, 'current', firstIdea).getByTestId('idea-edit').count(), 0, 'old column locked');
  assert.equal(await a.getByTestId('idea-input-current').count(), 0, 'no input for a closed column');

  // A adds an idea in `ideal`, edits it, then deletes it; B sees each change.
  const draft = 'One quote tool for all sales teams';
  const edited = 'One quote tool for every sales and partner team';
  await a.getByTestId('idea-input-ideal').fill(draft);
  await a.getByTestId('idea-submit-ideal').click();
  await ideaCard(b, 'ideal', draft).waitFor();

  const mine = ideaCard(a, 'ideal', draft);
  await mine.getByTestId('idea-edit').click();
  await a.getByLabel('Edit idea').fill(edited);
  await a.getByTestId('idea-save').click();
  await ideaCard(b, 'ideal', edited).waitFor();
  await ideaCard(b, 'ideal', draft).waitFor({ state: 'detached' });
  await ideaCard(f, 'ideal', edited).waitFor();

  await ideaCard(a, 'ideal', edited).getByTestId('idea-delete').click();
  await ideaCard(b, 'ideal', edited).waitFor({ state: 'detached' });
  await ideaCard(f, 'ideal', edited).waitFor({ state: 'detached' });
  await ideaCard(a, 'ideal', edited).waitFor({ state: 'detached' });
  // The first idea is untouched.
  await ideaCard(b, 'current', firstIdea).waitFor();

  h.assertNoPageErrors();
}));
