// End-to-end: the board people use in the room. Participants on 360-px phones in
// Japanese and English, the facilitator on a desktop, the projector view with the
// join QR code; keyboard-only joining, writing and voting; IME-safe Enter; undo;
// and axe-core checks of the main pages. Saves the screenshots in docs/screenshots/ with
// KIZUKI_SCREENSHOTS=update (make screenshots), else in a temporary folder.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { encode } from 'uqr';
import {
  addIdea,
  assertAccessible,
  assertNoSidewaysScroll,
  createWorkshop,
  DESKTOP,
  expectCount,
  expectText,
  ideaCard,
  shoot,
  signUp,
  sleep,
  SMALL_PHONE,
  startHarness,
  tracked,
} from './helpers.mjs';

/** Whole-test cap, so a hang fails instead of blocking CI. */
const TEST_TIMEOUT_MS = 180_000;
const PROJECTOR = { width: 1600, height: 900 };
/** @type {Awaited<ReturnType<typeof startHarness>> | null} */
let h = null;

before(async () => {
  h = await startHarness('experience');
});

after(async () => {
  await h?.close();
});

/** Every visible control is at least 44×44 CSS px (links inside running text excepted). */
async function assertTouchTargets(page, what) {
  const small = await page.evaluate(() => {
    const controls = document.querySelectorAll(
      'button, select, textarea, input:not([type=hidden]), summary, a.button, .topbar a, [role=button]',
    );
    const out = [];
    for (const el of controls) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0 || el.closest('[hidden]')) continue;
      if (r.width < 43.5 || r.height < 43.5) {
        out.push(`${el.tagName.toLowerCase()} "${(el.textContent || el.getAttribute('aria-label') || '').trim().slice(0, 30)}" ${Math.round(r.width)}×${Math.round(r.height)}`);
      }
    }
    return out;
  });
  assert.deepEqual(small, [], `${what}: touch targets under 44 px`);
}

/** The SVG path a QR code of `text` must have (same encoder and drawing as src/ui/qr.ts). */
function expectedQrPath(text) {
  const rows = encode(text, { ecc: 'M', border: 3 }).data;
  const parts = [];
  rows.forEach((row, y) => {
    for (let x = 0; x < row.length; ) {
      if (!row[x]) { x++; continue; }
      let run = 1;
      while (row[x + run]) run++;
      parts.push(`M${x} ${y}h${run}v1h-${run}z`);
      x += run;
    }
  });
  return parts.join('');
}

/** Presses Tab until the focused element matches `selector` (keyboard only, no clicks). */
async function tabTo(page, selector, what, { max = 60, shift = false } = {}) {
  for (let i = 0; i < max; i++) {
    if (await page.evaluate((sel) => document.activeElement?.matches(sel) ?? false, selector)) return;
    await page.keyboard.press(shift ? 'Shift+Tab' : 'Tab');
  }
  assert.fail(`${what}: Tab never reached ${selector}`);
}

/** Joins through the join page in the page's own language, by the labels it shows. */
async function joinIn(page, joinUrl, { name, layer, nameLabel, roleLabel, joinButton }) {
  await page.goto(joinUrl);
  await page.getByLabel(nameLabel).fill(name);
  await page.getByLabel(roleLabel).selectOption(layer);
  await page.getByRole('button', { name: joinButton, exact: true }).click();
  await page.waitForURL(/\/board\/\d+$/);
  await page.locator('[data-testid="connection-state"]').waitFor();
  await page.locator('.conn[data-state="connected"]').waitFor();
}

test('phones in two languages, the facilitator and the projector share one live board', { timeout: TEST_TIMEOUT_MS }, tracked(async () => {
  assert.ok(h);
  const [fac, ja, en] = await Promise.all([
    h.newActor('facilitator'),
    h.newActor('phone-ja', { viewport: SMALL_PHONE, locale: 'ja-JP' }),
    h.newActor('phone-en', { viewport: SMALL_PHONE, locale: 'en-US' }),
  ]);
  const f = fac.page;
  await signUp(f, h.baseUrl, 'Aiko Facilitator');
  const { joinCode, joinUrl } = await createWorkshop(f, { account: 'Acme KK', industry: 'Manufacturing', title: 'FY27 success workshop' });

  // The join QR code is made in the page and encodes the join link.
  const qrPath = await f.getByTestId('join-qr').locator('path').getAttribute('d');
  assert.equal(qrPath, expectedQrPath(joinUrl), 'the QR code on the board encodes the join link');
  assert.match((await f.getByTestId('join-qr').getAttribute('aria-label')) ?? '', /QR code/);

  // A Japanese phone gets the app in Japanese, chosen from navigator.language.
  const j = ja.page;
  await j.goto(joinUrl);
  await j.getByRole('heading', { name: 'ワークショップに参加' }).waitFor();
  assert.equal(await j.evaluate(() => document.documentElement.lang), 'ja');
  await assertNoSidewaysScroll(j, 'join page (ja, 360 px)');
  await assertTouchTargets(j, 'join page (ja, 360 px)');
  await assertAccessible(j, 'join page (ja, phone)');
  // Typing the name with a Japanese input method: the Enter that confirms the conversion does not join.
  const ime = await ja.context.newCDPSession(j);
  await j.getByLabel('あなたの立場').selectOption('executive');
  await j.getByLabel('お名前').focus();
  await ime.send('Input.imeSetComposition', { text: 'さとう', selectionStart: 3, selectionEnd: 3 });
  await j.keyboard.press('Enter');
  await sleep(500);
  assert.match(new URL(j.url()).pathname, /^\/join\//, 'an IME Enter does not submit the join form');
  await ime.send('Input.insertText', { text: '佐藤 健' });
  assert.equal(await j.getByLabel('お名前').inputValue(), '佐藤 健', 'the converted name is in the box');
  await j.keyboard.press('Enter');
  await j.waitForURL(/\/board\/\d+$/);
  await j.locator('.conn[data-state="connected"]').waitFor();
  await expectText(j.getByTestId('connection-state'), '接続済み', 'connection state in Japanese');
  await expectText(j.getByTestId('column-empty').first(), /ファシリテーター|アイデア/, 'empty state in Japanese');

  const e = en.page;
  await joinIn(e, joinUrl, { name: 'Mika Tanaka', layer: 'frontline', nameLabel: 'Your name', roleLabel: 'Your role', joinButton: 'Join' });
  await expectText(f.getByTestId('presence'), '2 participants online', 'facilitator presence');
  await expectText(f.getByTestId('layer-count-executive'), '1', 'executives online');
  await expectText(f.getByTestId('layer-count-frontline'), '1', 'frontline online');

  // Ideal phase: a timer, ideas from both phones.
  await f.getByTestId('phase-select').selectOption('ideal');
  await expectText(j.getByTestId('phase'), 'ideal', 'ja phase');
  await expectText(j.locator('#phase-heading .phase-name'), '理想の姿', 'phase name in Japanese');
  await f.getByTestId('timer-minutes').fill('5');
  await f.getByTestId('timer-start').click();
  await expectText(j.getByTestId('timer'), /^[45]:\d\d$/, 'ja phone sees the timer');

  // Japanese input: an Enter that confirms IME conversion never adds the idea, while composing
  // (isComposing) or just after it as Safari sends it (keyCode 229).
  const jaInput = j.getByTestId('idea-input-ideal');
  await jaInput.fill('見積もりを');
  await ime.send('Input.imeSetComposition', { text: 'とうじつちゅうに', selectionStart: 8, selectionEnd: 8 });
  await j.keyboard.press('Enter');
  await ime.send('Input.insertText', { text: '当日中に' });
  await jaInput.evaluate((el) => {
    el.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', code: 'Enter', keyCode: 229, bubbles: true, cancelable: true }));
  });
  await sleep(500);
  await expectCount(j.getByTestId('column-ideal').getByTestId('idea'), 0, 'no idea from an IME Enter');
  assert.equal(await jaInput.inputValue(), '見積もりを当日中に', 'the converted text stays in the box');
  // A plain Enter adds it.
  await jaInput.press('Enter');
  await ideaCard(j, 'ideal', '見積もりを当日中に').waitFor();
  await addIdea(j, 'ideal', '全員が同じ数字で判断できる');
  await addIdea(e, 'ideal', 'Self-serve dashboards for every team');
  await addIdea(e, 'ideal', 'One source of truth for customer data');
  await ideaCard(f, 'ideal', 'One source of truth for customer data').waitFor();

  // Deleting your own idea offers Undo; the text comes back as a new idea.
  await ideaCard(e, 'ideal', 'One source of truth for customer data').getByTestId('idea-delete').click();
  await ideaCard(f, 'ideal', 'One source of truth for customer data').waitFor({ state: 'detached' });
  await e.getByTestId('undo-toast').getByTestId('toast-action').click();
  await ideaCard(e, 'ideal', 'One source of truth for customer data').waitFor();
  await ideaCard(f, 'ideal', 'One source of truth for customer data').waitFor();

  for (const [page, what] of [[j, 'participant board (ja, 360 px)'], [e, 'participant board (en, 360 px)']]) {
    await assertNoSidewaysScroll(page, what);
    await assertTouchTargets(page, what);
  }
  await assertAccessible(j, 'participant board (ja, phone, writing)');
  await shoot(j, 'participant-phone-ja');
  await shoot(e, 'participant-phone-en');

  // The projector, opened from the facilitator's board, shows the ideas as they are written.
  const workshopPath = new URL(f.url()).pathname;
  assert.equal(await f.getByTestId('open-projector').getAttribute('href'), `${workshopPath}/projector`);
  const p = await fac.context.newPage();
  await p.setViewportSize(PROJECTOR);
  await p.goto(h.baseUrl + workshopPath + '/projector');
  await expectText(p.getByTestId('projector-ideas'), /全員が同じ数字で判断できる.*One source of truth/s, 'ideas on the wall');
  await expectText(p.getByTestId('projector-ideas'), /Mika Tanaka/, 'names shown when the workshop is not anonymous');
  await expectText(p.getByTestId('projector-count'), '2 people', 'people here');
  await shoot(p, 'projector-ideas-en');

  // An Undo that comes too late is refused by the server, and the refusal is told in Japanese.
  await addIdea(j, 'ideal', '書き間違い');
  await ideaCard(j, 'ideal', '書き間違い').getByTestId('idea-delete').click();
  await j.getByTestId('undo-toast').waitFor();

  // Voting on phones: the votes-left bar, + and − buttons.
  await f.getByTestId('phase-next').click();
  await expectText(j.getByTestId('phase'), 'vote_ideal', 'ja phase');
  // The new phase starts without the writing phase's timer; the facilitator gives the vote its own.
  await expectCount(j.getByTestId('timer'), 0, 'the ideal phase’s timer left the phone');
  await f.getByTestId('timer-minutes').fill('5');
  await f.getByTestId('timer-start').click();
  await expectText(j.getByTestId('timer'), /^[45]:\d\d$/, 'ja phone sees the vote’s timer');
  await j.getByTestId('undo-toast').getByTestId('toast-action').click();
  await expectText(j.getByTestId('board-error'), /その列のフェーズ中にだけ.*wrong_phase/s, 'refusal in Japanese, with its code');
  await j.getByTestId('board-error').getByRole('button', { name: 'お知らせを閉じる' }).click();
  await expectCount(j.getByTestId('board-error'), 0, 'the toast is dismissed');
  await expectText(e.getByTestId('votes-left'), '3 of 3 votes left', 'en budget');
  await expectText(j.getByTestId('votes-left'), '残り 3 票（全 3 票）', 'ja budget');
  for (const [page, text, n] of [
    [j, '全員が同じ数字で判断できる', 2],
    [j, 'Self-serve dashboards for every team', 1],
    [e, '全員が同じ数字で判断できる', 1],
    [e, 'Self-serve dashboards for every team', 1],
  ]) {
    const card = ideaCard(page, 'ideal', text);
    for (let i = 1; i <= n; i++) {
      await card.getByTestId('vote-plus').click();
      await expectText(card.getByTestId('my-votes'), String(i), 'own votes');
    }
  }
  await expectText(j.getByTestId('votes-left'), '残り 0 票（全 3 票）', 'ja spent the budget');
  await assertNoSidewaysScroll(j, 'voting (ja, 360 px)');
  await assertTouchTargets(j, 'voting (ja, 360 px)');
  await assertAccessible(e, 'participant board (en, phone, voting)');
  await shoot(j, 'participant-phone-ja-voting');

  // The projector follows live (it was opened while ideas were written): the join code and QR, who is here, the timer.
  await expectText(p.getByTestId('projector-phase'), 'Vote on the ideal', 'the projector follows the phase');
  await expectText(p.getByTestId('projector-code'), joinCode, 'join code on the wall');
  assert.equal(await p.getByTestId('projector-qr').locator('path').getAttribute('d'), expectedQrPath(joinUrl));
  await expectText(p.getByTestId('projector-count'), '2 people', 'people here');
  await expectText(p.getByTestId('layer-count-executive'), '1', 'executives on the wall');
  await expectText(p.getByTestId('projector-timer').getByTestId('timer'), /^[45]:\d\d$/, 'timer on the wall');
  await expectText(p.getByTestId('votes-cast'), '5 votes cast so far', 'a count, not the split, before the reveal');
  assert.equal(await p.getByTestId('results-ideal').count(), 0, 'hidden totals stay off the wall');
  await f.getByTestId('reveal-ideal').click();
  await p.getByTestId('results-ideal').waitFor();
  await expectText(p.getByTestId('results-ideal').getByTestId('result-total').first(), '3', 'top total on the wall');
  await assertNoSidewaysScroll(p, 'projector');
  await assertAccessible(p, 'projector (en)');
  await shoot(p, 'projector-en');

  // The facilitator's board on a desktop, in English and then in Japanese (the switch is remembered).
  await expectText(f.getByTestId('revealed-ideal'), 'Revealed to everyone', 'revealed');
  await assertAccessible(f, 'facilitator board (en, desktop)');
  await shoot(f, 'facilitator-desktop-en', { fullPage: true });
  await f.getByTestId('lang-ja').click();
  await expectText(f.getByTestId('revealed-ideal'), '全員に公開済み', 'switched to Japanese without a reload');
  assert.equal(await f.evaluate(() => document.documentElement.lang), 'ja');
  await f.reload();
  await expectText(f.getByTestId('revealed-ideal'), '全員に公開済み', 'the choice survives a reload');
  assert.equal(await f.evaluate(() => localStorage.getItem('kizuki.locale')), 'ja');
  await assertAccessible(f, 'facilitator board (ja, desktop)');
  await shoot(f, 'facilitator-desktop-ja', { fullPage: true });
  // The projector tab of the same browser follows the remembered language when reloaded.
  await p.reload();
  await expectText(p.getByTestId('projector-phase'), '理想への投票', 'projector in Japanese');
  await expectText(p.getByTestId('projector-count'), '2 名', 'people here in Japanese');
  await shoot(p, 'projector-ja');
  await f.getByTestId('lang-en').click();

  // Losing the network is shown at once, with what happens to what you do meanwhile; coming back reconnects.
  await en.context.setOffline(true);
  await e.locator('.conn[data-state="offline"]').waitFor();
  await expectText(e.getByTestId('connection-note'), /You are offline/, 'offline note');
  await en.context.setOffline(false);
  await e.locator('.conn[data-state="connected"]').waitFor({ timeout: 15_000 });
  await expectCount(e.getByTestId('connection-note'), 0, 'note gone once connected');

  // A participant's board on a desktop.
  await e.setViewportSize(DESKTOP);
  await assertNoSidewaysScroll(e, 'participant board (en, desktop)');
  await shoot(e, 'participant-desktop-en');

  h.assertNoPageErrors();
}));

test('keyboard only: join, add an idea, undo a delete, vote; the facilitator too', { timeout: TEST_TIMEOUT_MS }, tracked(async () => {
  assert.ok(h);
  const [fac, kb] = await Promise.all([h.newActor('kb-facilitator'), h.newActor('kb-participant', { viewport: SMALL_PHONE, reducedMotion: 'reduce' })]);
  const f = fac.page;
  await signUp(f, h.baseUrl, 'Ren Facilitator');
  const { joinUrl } = await createWorkshop(f, { account: 'Initech KK', title: 'Keyboard workshop' });

  // The facilitator moves to the ideal phase from the keyboard.
  await tabTo(f, '[data-testid="phase-select"]', 'facilitator');
  await f.keyboard.press('End'); // End jumps to the last phase, Closed: the board asks first.
  await expectText(f.getByTestId('close-confirm'), /Close workshop/, 'closing asks first');
  assert.equal(await f.evaluate(() => document.activeElement?.getAttribute('data-testid')), 'close-confirm', 'focus on the question');
  await f.keyboard.press('Escape');
  await expectCount(f.getByTestId('close-confirm'), 0, 'Escape keeps the workshop open');
  await expectText(f.getByTestId('phase'), 'lobby', 'still in the lobby');
  await tabTo(f, '[data-testid="phase-next"]', 'facilitator');
  await f.keyboard.press('Enter');
  await expectText(f.getByTestId('phase'), 'current', 'facilitator: current');
  // The button keeps focus while the change is acknowledged (aria-disabled, never disabled).
  await f.locator('[data-testid="phase-next"][aria-disabled="false"]:focus').waitFor();
  await f.keyboard.press('Enter');
  await expectText(f.getByTestId('phase'), 'ideal', 'facilitator: ideal');

  // The participant joins with the keyboard alone.
  const k = kb.page;
  await k.goto(joinUrl);
  await tabTo(k, 'input[name="name"]', 'join');
  await k.keyboard.type('Kei');
  await k.keyboard.press('Tab');
  await k.keyboard.press('ArrowDown'); // Executive
  assert.equal(await k.locator('select[name="layer"]').inputValue(), 'executive');
  await tabTo(k, 'button[type="submit"]', 'join');
  await k.keyboard.press('Enter');
  await k.waitForURL(/\/board\/\d+$/);
  await k.locator('.conn[data-state="connected"]').waitFor();

  // Write two ideas with Enter, delete one, and undo from the toast that takes the focus.
  await tabTo(k, '[data-testid="idea-input-ideal"]', 'composer');
  await k.keyboard.type('Fewer status meetings');
  await k.keyboard.press('Enter');
  await ideaCard(k, 'ideal', 'Fewer status meetings').waitFor();
  await k.keyboard.type('Typo idea');
  await k.keyboard.press('Enter');
  await ideaCard(k, 'ideal', 'Typo idea').waitFor();
  await tabTo(k, '[data-testid="idea-delete"][aria-label="Delete “Typo idea”"]', 'delete');
  await k.keyboard.press('Enter');
  await ideaCard(k, 'ideal', 'Typo idea').waitFor({ state: 'detached' });
  await expectText(k.getByTestId('undo-toast'), /Idea deleted/, 'undo offered');
  const motion = await k.getByTestId('undo-toast').evaluate((el) => parseFloat(getComputedStyle(el).animationDuration));
  assert.ok(motion < 0.001, `no slide-in when reduced motion is asked for (${motion}s)`);
  assert.equal(await k.evaluate(() => document.activeElement?.getAttribute('data-testid')), 'toast-action', 'focus on Undo');
  await k.keyboard.press('Enter');
  await ideaCard(k, 'ideal', 'Typo idea').waitFor();

  // The facilitator starts the vote; the participant's focus goes to the phase heading, and it is announced.
  await tabTo(k, '[data-testid="idea-input-ideal"]', 'composer again');
  await tabTo(f, '[data-testid="phase-next"]', 'facilitator');
  await f.keyboard.press('Enter');
  await expectText(k.getByTestId('phase'), 'vote_ideal', 'participant: voting');
  await expectText(k.getByTestId('announcer'), /Phase changed: Vote on the ideal/, 'phase change announced');
  const focused = async () => k.evaluate(() => document.activeElement?.id ?? '');
  for (let i = 0; i < 20 && (await focused()) !== 'phase-heading'; i++) await sleep(100);
  assert.equal(await focused(), 'phase-heading', 'focus moved to the phase heading when the idea box closed');

  // Vote with Enter and Space, take one back.
  await tabTo(k, '[data-testid="vote-plus"][aria-label^="Add a vote to “Fewer status meetings”"]', 'vote +');
  await k.keyboard.press('Enter');
  await expectText(ideaCard(k, 'ideal', 'Fewer status meetings').getByTestId('my-votes'), '1', 'one vote');
  await k.locator('[data-testid="vote-plus"][aria-disabled="false"]:focus').waitFor();
  await k.keyboard.press('Space');
  await expectText(ideaCard(k, 'ideal', 'Fewer status meetings').getByTestId('my-votes'), '2', 'two votes');
  await tabTo(k, '[data-testid="vote-minus"]', 'vote −', { shift: true });
  await k.locator('[data-testid="vote-minus"][aria-disabled="false"]:focus').waitFor();
  await k.keyboard.press('Enter');
  await expectText(ideaCard(k, 'ideal', 'Fewer status meetings').getByTestId('my-votes'), '1', 'one taken back');
  await expectText(k.getByTestId('votes-left'), '2 of 3 votes left', 'budget after keyboard votes');

  // The facilitator reveals from the keyboard; the participant sees the chart.
  await tabTo(f, '[data-testid="reveal-ideal"]', 'reveal');
  await f.keyboard.press('Enter');
  await k.getByTestId('results-ideal').waitFor();
  await assertAccessible(k, 'participant board (en, phone, revealed)');

  h.assertNoPageErrors();
}));

test('start, login and dashboard pages pass axe in both languages', { timeout: TEST_TIMEOUT_MS }, tracked(async () => {
  assert.ok(h);
  const [visitor, fac] = await Promise.all([
    h.newActor('a11y-visitor', { viewport: SMALL_PHONE, locale: 'ja-JP' }),
    h.newActor('a11y-facilitator', { locale: 'en-US' }),
  ]);
  const v = visitor.page;
  await v.goto(h.baseUrl + '/');
  await v.getByRole('heading', { name: 'ワークショップに参加' }).waitFor();
  await assertNoSidewaysScroll(v, 'start page (ja, 360 px)');
  await assertAccessible(v, 'start page (ja)');
  await v.goto(h.baseUrl + '/login');
  await v.getByRole('heading', { name: 'ログイン' }).waitFor();
  await assertAccessible(v, 'login (ja)');
  const f = fac.page;
  await signUp(f, h.baseUrl, 'Yui Facilitator');
  await assertAccessible(f, 'dashboard (en, empty)');
  await createWorkshop(f, { account: 'Globex KK', title: 'Axe workshop' });
  await f.goto(h.baseUrl + '/');
  await f.getByTestId('workshop-link').filter({ hasText: 'Axe workshop' }).waitFor();
  await assertAccessible(f, 'dashboard (en)');
  h.assertNoPageErrors();
}));
