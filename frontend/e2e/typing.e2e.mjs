// End-to-end: "who is typing". One participant types, the others see it under the column
// (never their own typing), and it goes away once the idea is added or the field is left.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { assertNoSidewaysScroll, createWorkshop, expectText, ideaCard, joinAs, signUp, sleep, SMALL_PHONE, startHarness, tracked } from './helpers.mjs';

/** Whole-test cap, so a hang fails instead of blocking CI. */
const TEST_TIMEOUT_MS = 120_000;

/** @type {Awaited<ReturnType<typeof startHarness>> | null} */
let h = null;

before(async () => {
  h = await startHarness('typing');
});

after(async () => {
  await h?.close();
});

test('participants see who else is typing until the idea is added', { timeout: TEST_TIMEOUT_MS }, tracked(async () => {
  assert.ok(h);
  const [fac, actorA, actorB] = await Promise.all([
    h.newActor('facilitator'),
    h.newActor('typist'),
    h.newActor('phone-ja', { viewport: SMALL_PHONE, locale: 'ja-JP' }),
  ]);
  const f = fac.page;
  await signUp(f, h.baseUrl, 'Aiko Facilitator');
  const { joinUrl } = await createWorkshop(f, { account: 'Acme KK', title: 'Typing workshop' });
  await f.getByTestId('phase-next').click();
  await expectText(f.getByTestId('phase'), 'current', 'facilitator phase');

  const a = await joinAs(actorA, joinUrl, 'Ken', 'executive', 'current');
  // The Japanese phone joins through its own (Japanese) form.
  const b = actorB.page;
  await b.goto(joinUrl);
  await b.getByLabel('お名前').fill('Mika');
  await b.getByLabel('あなたの立場').selectOption('frontline');
  await b.getByRole('button', { name: '参加する', exact: true }).click();
  await b.waitForURL(/\/board\/\d+$/);
  await b.locator('.conn[data-state="connected"]').waitFor();
  await expectText(f.getByTestId('presence'), '2 participants online', 'both participants online');

  const aIndicator = a.getByTestId('typing-current');
  const bIndicator = b.getByTestId('typing-current');
  assert.equal(await bIndicator.getAttribute('aria-live'), 'polite');
  await expectText(bIndicator, '', 'nobody types yet');

  // Ken types, key by key: Mika (in Japanese) and the facilitator see it; Ken does not see himself.
  const text = 'Quotes take two days';
  await a.getByTestId('idea-input-current').pressSequentially(text.slice(0, 6));
  await expectText(bIndicator, 'Ken さんが入力中…', 'Mika sees Ken typing');
  await expectText(f.getByTestId('typing-current'), 'Ken is typing…', 'the facilitator sees Ken typing');
  await a.getByTestId('idea-input-current').pressSequentially(text.slice(6));
  await sleep(400); // a presence interval or so, so a wrong "Ken is typing" would have arrived
  await expectText(aIndicator, '', 'Ken never sees himself typing');
  await assertNoSidewaysScroll(b, 'participant board with the typing indicator (ja, 360 px)');
  await h.screenshot(b, 'phone-ja-typing');
  await h.screenshot(f, 'facilitator-typing');

  // Adding the idea ends it.
  await a.getByTestId('idea-submit-current').click();
  await ideaCard(b, 'current', text).waitFor();
  await expectText(bIndicator, '', 'the indicator goes once the idea is added');
  await expectText(f.getByTestId('typing-current'), '', 'for the facilitator too');

  // Mika composes with a Japanese input method: that is typing too, and its Enter adds nothing.
  const ime = await actorB.context.newCDPSession(b);
  await b.getByTestId('idea-input-current').focus();
  await ime.send('Input.imeSetComposition', { text: 'みつもり', selectionStart: 4, selectionEnd: 4 });
  await expectText(aIndicator, 'Mika is typing…', 'Ken sees Mika composing');
  await expectText(bIndicator, '', 'Mika never sees herself typing');
  await b.keyboard.press('Enter');
  await ime.send('Input.insertText', { text: '見積もり' });
  await sleep(300);
  assert.equal(await ideaCard(a, 'current', '見積もり').count(), 0, 'the IME Enter added nothing');
  // Leaving the field stops it.
  await b.getByTestId('idea-input-current').blur();
  await expectText(aIndicator, '', 'the indicator goes when Mika leaves the field');

  h.assertNoPageErrors();
}));
