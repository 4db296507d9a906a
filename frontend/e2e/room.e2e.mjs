// End-to-end: what a real room breaks. A phone that reloads or goes back resumes its
// participant (same person, same votes left) instead of joining twice; a removed browser
// cannot come back; the facilitator edits settings live and clears the timer; the phone's
// status bar stays on one line at 360 px; the projector fits 1280×720, 1920×1080 and
// 3840×2160 with 17 ideas (one of 500 characters), pages them, fits the results, and hides
// the QR code once closed; consensus compares only the layers that voted.
// Saves docs/screenshots/projector-720p.png, projector-1080p.png and participant-phone-resume.png
// with KIZUKI_SCREENSHOTS=update, else in a temporary folder.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  addIdea,
  createWorkshop,
  DESKTOP,
  expectCount,
  expectText,
  ideaCard,
  joinAs,
  shoot,
  signUp,
  sleep,
  SMALL_PHONE,
  startHarness,
  tracked,
} from './helpers.mjs';

/** Whole-test cap, so a hang fails instead of blocking CI. */
const TEST_TIMEOUT_MS = 240_000;
const SCREENS = [
  { name: '720p', width: 1280, height: 720 },
  { name: '1080p', width: 1920, height: 1080 },
  { name: '4k', width: 3840, height: 2160 },
];
/** @type {Awaited<ReturnType<typeof startHarness>> | null} */
let h = null;

before(async () => {
  h = await startHarness('room');
});

after(async () => {
  await h?.close();
});

/** The page neither scrolls sideways nor down. */
async function assertNoPageOverflow(page, what, { vertical = true } = {}) {
  const m = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    scrollHeight: document.documentElement.scrollHeight,
    width: window.innerWidth,
    height: window.innerHeight,
  }));
  assert.ok(m.scrollWidth <= m.width, `${what}: scrolls sideways (${m.scrollWidth} > ${m.width})`);
  if (vertical) assert.ok(m.scrollHeight <= m.height, `${what}: scrolls down (${m.scrollHeight} > ${m.height})`);
}

/** Every element `locator` matches lies inside the viewport; returns their rectangles. */
async function assertInViewport(locator, what) {
  const boxes = await locator.evaluateAll((els) =>
    els.map((el) => {
      const r = el.getBoundingClientRect();
      return { top: r.top, left: r.left, bottom: r.bottom, right: r.right, height: r.height, w: window.innerWidth, h: window.innerHeight };
    }),
  );
  assert.ok(boxes.length > 0, `${what}: nothing to check`);
  boxes.forEach((b, i) => {
    const inside = b.top >= -0.5 && b.left >= -0.5 && b.bottom <= b.h + 0.5 && b.right <= b.w + 0.5;
    assert.ok(inside, `${what} #${i + 1} outside the viewport: ${JSON.stringify(b)}`);
  });
  return boxes;
}

/**
 * The phone's status strip is one line: its parts sit side by side in one row (their vertical
 * extents overlap), none wraps inside, and nothing spills out of the strip sideways.
 */
async function assertOneLineStrip(page, what) {
  const m = await page.getByTestId('participant-strip').evaluate((strip) => {
    const parts = [...strip.querySelectorAll(':scope > *')]
      .map((el) => ({ el, r: el.getBoundingClientRect() }))
      .filter(({ r }) => r.width > 0 && r.height > 0);
    const lineHeight = parseFloat(getComputedStyle(strip).fontSize) * 1.45;
    return {
      height: strip.getBoundingClientRect().height,
      scrollWidth: strip.scrollWidth,
      clientWidth: strip.clientWidth,
      maxTop: Math.max(...parts.map(({ r }) => r.top)),
      minBottom: Math.min(...parts.map(({ r }) => r.bottom)),
      wrapped: parts.filter(({ el, r }) => {
        // Any text part taller than about one line (1.6 × its own line) wrapped.
        const fs = parseFloat(getComputedStyle(el).fontSize);
        return r.height > Math.max(fs * 1.45 * 1.6, lineHeight * 1.6, 34);
      }).map(({ el }) => el.textContent?.trim()),
      text: strip.textContent?.replace(/\s+/g, ' ').trim(),
    };
  });
  assert.deepEqual(m.wrapped, [], `${what}: a part of the strip wrapped ("${m.text}")`);
  assert.ok(m.maxTop < m.minBottom, `${what}: the strip's parts are not on one line ("${m.text}")`);
  assert.ok(m.scrollWidth <= m.clientWidth, `${what}: the strip overflows (${m.scrollWidth} > ${m.clientWidth})`);
  assert.ok(m.height <= 60, `${what}: the strip is ${m.height}px tall`);
}

/** Polls `check` until it holds or `ms` pass. */
async function waitFor(check, ms, what) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return;
    await sleep(100);
  }
  assert.fail(`${what}: not within ${ms} ms`);
}

/** Votes `times` on the idea `text` from a participant's page. */
async function vote(page, text, times = 1) {
  const card = ideaCard(page, 'ideal', text);
  const before = Number((await card.getByTestId('my-votes').textContent())?.trim() ?? '0');
  for (let i = 1; i <= times; i++) {
    await card.getByTestId('vote-plus').click();
    await expectText(card.getByTestId('my-votes'), String(before + i), `votes on "${text.slice(0, 20)}"`);
  }
}

test('a phone resumes its participant; a removed browser cannot rejoin; settings and the timer from the board', { timeout: TEST_TIMEOUT_MS }, tracked(async () => {
  assert.ok(h);
  const [fac, kenActor, mikaActor] = await Promise.all([
    h.newActor('facilitator'),
    h.newActor('phone-ken', { viewport: SMALL_PHONE }),
    h.newActor('phone-mika', { viewport: SMALL_PHONE }),
  ]);
  const f = fac.page;
  await signUp(f, h.baseUrl, 'Aiko Facilitator');
  const { joinCode, joinUrl } = await createWorkshop(f, { account: 'Acme KK', title: 'Resume workshop' });

  // The test server's join link is 127.0.0.1: the facilitator is told phones cannot open it, and how to fix it.
  const warning = f.getByTestId('join-loopback-warning');
  await expectText(warning, /Phones cannot open this join link.*127\.0\.0\.1.*KIZUKI_ADDR=0\.0\.0\.0:8080.*KIZUKI_BASE_URL=http:\/\/<this computer’s LAN address>:8080/s, 'loopback warning');

  const ken = await joinAs(kenActor, joinUrl, 'Ken Sato', 'executive', 'lobby');
  const mika = await joinAs(mikaActor, joinUrl, 'Mika Ito', 'frontline', 'lobby');
  await expectCount(f.getByTestId('participant'), 2, 'two participants');

  // Settings of the live workshop: the title and the budget change on every screen.
  await f.getByTestId('settings-panel').locator('summary').click();
  await f.getByTestId('settings-title').fill('Resume workshop (FY27)');
  await f.getByTestId('settings-budget').fill('4');
  await f.getByTestId('settings-save').click();
  await expectText(f.getByTestId('settings-saved'), 'Settings saved.', 'saved');
  await expectText(f.getByTestId('workshop-settings'), /4 votes each, at most 3 per idea/, 'settings line follows');
  await expectText(ken.locator('.board-title h1'), 'Resume workshop (FY27)', 'the title on the phone');

  // Ken writes an idea, then the vote: one vote out of the new budget of 4.
  await f.getByTestId('phase-select').selectOption('ideal');
  await expectText(ken.getByTestId('phase'), 'ideal', 'ken phase');
  const idea = 'Everyone sees the same numbers';
  await addIdea(ken, 'ideal', idea);
  await f.getByTestId('phase-select').selectOption('vote_ideal');
  await expectText(ken.getByTestId('phase'), 'vote_ideal', 'ken phase');
  assert.equal(await f.getByTestId('settings-budget').isDisabled(), true, 'no budget change during a vote');
  await expectText(ken.getByTestId('votes-left'), '4 of 4 votes left', 'the new budget');
  await vote(ken, idea);
  await expectText(ken.getByTestId('votes-left'), '3 of 4 votes left', 'after one vote');

  // A reload keeps the participant: same votes, listed once.
  await ken.reload();
  await expectText(ken.getByTestId('connection-state'), 'connected', 'ken reconnected');
  await expectText(ken.getByTestId('votes-left'), '3 of 4 votes left', 'the budget survives a reload');
  await expectText(ideaCard(ken, 'ideal', idea).getByTestId('my-votes'), '1', 'own vote survives a reload');
  await expectCount(f.getByTestId('participant').filter({ hasText: 'Ken Sato' }), 1, 'Ken listed once after the reload');

  // The back button leads to the join page, which offers to continue as Ken.
  await ken.goBack();
  await ken.waitForURL(/\/join\//);
  await expectText(ken.getByTestId('join-continue'), 'Continue as Ken Sato', 'continue offered');
  await ken.getByTestId('join-someone-else').waitFor();
  assert.equal(await ken.getByLabel('Your name').count(), 0, 'no join form while continuing is offered');
  await assertNoPageOverflow(ken, 'resume offer (360 px)', { vertical: false });
  await shoot(ken, 'participant-phone-resume');
  await ken.getByTestId('join-continue').click();
  await ken.waitForURL(/\/board\/\d+$/);
  await expectText(ken.getByTestId('votes-left'), '3 of 4 votes left', 'continued with the same votes');

  // A code typed on the join page finds the kept participant too.
  await ken.goto(h.baseUrl + '/join');
  await ken.getByLabel('Join code').fill(joinCode.toLowerCase().replace(/^(.{4})/, '$1-'));
  await expectText(ken.getByTestId('join-continue'), 'Continue as Ken Sato', 'continue offered for a typed code');
  await ken.getByTestId('join-continue').click();
  await expectText(ken.getByTestId('votes-left'), '3 of 4 votes left', 'still the same votes');
  await expectCount(f.getByTestId('participant').filter({ hasText: 'Ken Sato' }), 1, 'Ken still listed once');
  await expectCount(f.getByTestId('participant'), 2, 'nobody joined twice');

  // The phone at 360 px: no sideways scroll, and the status bar on one line with a running timer.
  await f.getByTestId('timer-minutes').fill('12');
  await f.getByTestId('timer-start').click();
  await expectText(ken.getByTestId('participant-strip').getByTestId('timer'), /^1[12]:\d\d$/, 'the timer on the phone');
  await assertNoPageOverflow(ken, 'participant board (360 px)', { vertical: false });
  await assertOneLineStrip(ken, 'strip with a running timer');
  await h.screenshot(ken, 'phone-timer-running');
  await f.getByTestId('timer-pause').click();
  await expectText(ken.getByTestId('timer-status'), 'Paused', 'paused on the phone');
  await assertOneLineStrip(ken, 'strip with a paused timer');
  await h.screenshot(ken, 'phone-timer-paused');
  // Clear: the timer leaves every screen.
  await f.getByTestId('timer-clear').click();
  await expectCount(ken.getByTestId('timer'), 0, 'no timer on the phone');
  await expectCount(f.getByTestId('timer'), 0, 'no timer on the board');
  await expectText(f.getByTestId('timer-start'), 'Start timer', 'a fresh start');
  await assertOneLineStrip(ken, 'strip without a timer');
  await h.screenshot(ken, 'phone-timer-cleared');
  await assertNoPageOverflow(ken, 'participant board without a timer (360 px)', { vertical: false });
  // A new phase starts without the last one's timer.
  await f.getByTestId('timer-start').click();
  await expectText(ken.getByTestId('timer'), /^1[12]:\d\d$/, 'a timer again');
  await f.getByTestId('phase-select').selectOption('challenges');
  await expectText(ken.getByTestId('phase'), 'challenges', 'ken phase');
  await expectCount(ken.getByTestId('timer'), 0, 'the phase change cleared the timer on the phone');
  await expectCount(f.getByTestId('timer'), 0, 'and on the board');

  // Showing totals live: every screen gets the board under the new rule at once.
  await f.getByTestId('phase-select').selectOption('vote_ideal');
  await expectText(ken.getByTestId('phase'), 'vote_ideal', 'ken phase');
  assert.equal(await ken.getByTestId('results-ideal').count(), 0, 'totals hidden');
  await f.getByTestId('settings-hidden').uncheck();
  await f.getByTestId('settings-save').click();
  await expectText(f.getByTestId('settings-saved'), 'Settings saved.', 'saved');
  await ken.getByTestId('results-ideal').waitFor();
  await expectText(ken.getByTestId('results-ideal').getByTestId('result-total').first(), '1', 'the phone sees the totals');
  await expectText(ken.getByTestId('votes-left'), '3 of 4 votes left', 'own votes unchanged by the fresh board');
  await h.screenshot(f, 'facilitator-settings');

  // Removing Mika: her page ends, a reload does not bring the board back, and the join link says why.
  const row = f.getByTestId('participant').filter({ hasText: 'Mika Ito' });
  await row.getByTestId('participant-remove').click();
  await expectText(f.getByRole('group', { name: /Remove Mika Ito\?/ }), /votes leave the totals/, 'the question says what happens to votes');
  await f.getByTestId('participant-remove-confirm').click();
  await expectText(mika.getByTestId('removed-message'), /You were removed/, 'removed message');
  await expectCount(f.getByTestId('participant'), 1, 'Mika left the list');
  await mika.reload();
  await mika.getByTestId('removed-message').waitFor();
  assert.equal(await mika.getByTestId('column-ideal').count(), 0, 'no board after a reload');
  await mika.goto(joinUrl);
  await expectText(mika.getByTestId('join-removed'), /The facilitator removed you from this workshop/, 'the join page says so');
  assert.equal(await mika.getByLabel('Your name').count(), 0, 'no join form for a removed browser');
  await h.screenshot(mika, 'join-removed');

  // A browser that missed the removal (it was closed) tries the form: the server refuses its kept token.
  await mika.evaluate(() => {
    for (const key of Object.keys(localStorage)) {
      if (!key.startsWith('kizuki.participant.')) continue;
      const creds = JSON.parse(localStorage.getItem(key) ?? '{}');
      localStorage.setItem(key, JSON.stringify({ ...creds, status: 'ended' }));
    }
  });
  await mika.goto(joinUrl);
  await mika.getByLabel('Your name').fill('Mika again');
  await mika.getByLabel('Your role').selectOption('frontline');
  await mika.getByRole('button', { name: 'Join', exact: true }).click();
  await expectText(mika.getByTestId('join-removed'), /The facilitator removed you from this workshop/, 'refused by the server');
  await mika.reload();
  await mika.getByTestId('join-removed').waitFor();
  await sleep(300);
  await expectCount(f.getByTestId('participant'), 1, 'Mika did not come back as someone new');

  h.assertNoPageErrors();
}));

test('the projector fits 720p, 1080p and 4K; consensus compares the layers that voted', { timeout: TEST_TIMEOUT_MS }, tracked(async () => {
  assert.ok(h);
  const [fac, execActor, mgrActor, frontActor, quietActor] = await Promise.all([
    h.newActor('wall-facilitator', { viewport: DESKTOP }),
    h.newActor('wall-exec'),
    h.newActor('wall-manager'),
    h.newActor('wall-frontline'),
    h.newActor('wall-frontline-quiet'),
  ]);
  const f = fac.page;
  await signUp(f, h.baseUrl, 'Ren Facilitator');
  const { joinCode, joinUrl } = await createWorkshop(f, { account: 'Globex KK', title: 'FY27 success workshop for the whole Globex group' });
  const workshopPath = new URL(f.url()).pathname;
  const p = await fac.context.newPage();
  p.on('pageerror', (err) => fac.errors.push(`projector: ${err}`));

  /** Opens (or reloads) the wall at `screen` and waits for it. */
  async function wallAt(screen) {
    await p.setViewportSize({ width: screen.width, height: screen.height });
    if (!p.url().endsWith('/projector')) await p.goto(h.baseUrl + workshopPath + '/projector');
    else await p.reload();
    await p.getByTestId('projector').waitFor();
    await expectText(p.getByTestId('connection-state'), 'connected', 'projector connected');
    await expectText(p.getByTestId('projector-count'), /^\d+ (people|person)$/, 'who is here');
  }

  // The lobby: the join code and the QR code are whole on every screen.
  for (const screen of SCREENS) {
    await wallAt(screen);
    await expectText(p.getByTestId('projector-code'), joinCode, `code on the wall (${screen.name})`);
    await assertNoPageOverflow(p, `lobby ${screen.name}`);
    await assertInViewport(p.getByTestId('projector-code'), `join code (${screen.name})`);
    await assertInViewport(p.getByTestId('projector-qr'), `QR code (${screen.name})`);
    await h.screenshot(p, `lobby-${screen.name}`);
  }

  // Four people join; three will vote (one per layer), one frontline person will not.
  await f.getByTestId('phase-select').selectOption('ideal');
  await expectText(f.getByTestId('phase'), 'ideal', 'facilitator phase');
  const exec = await joinAs(execActor, joinUrl, 'Ken (exec)', 'executive', 'ideal');
  const mgr = await joinAs(mgrActor, joinUrl, 'Mika (manager)', 'manager', 'ideal');
  const front = await joinAs(frontActor, joinUrl, 'Ren (frontline)', 'frontline', 'ideal');
  await joinAs(quietActor, joinUrl, 'Sho (frontline)', 'frontline', 'ideal');

  // 17 ideas, the first one 500 characters long.
  const sentence = 'Every team, from the board to the front desk, sees the same customer numbers every morning and decides from them. ';
  const longIdea = sentence.repeat(5).slice(0, 500);
  assert.equal([...longIdea.trim()].length, 500);
  await addIdea(exec, 'ideal', longIdea);
  const shared = 'Shared dashboards for every team';
  const others = [
    shared,
    'Quotes the same day',
    'One source of truth for customer data, kept up to date by the people who talk to customers every day',
    'Fewer status meetings',
    'Onboarding in a week',
    'Self-serve reports',
    'A monthly review with the vendor',
    'Clear owners for every account',
    'Renewals discussed three months early, with the numbers on the table and the decision makers in the room',
    'Training for new managers',
    'Support answers within an hour',
    'A roadmap we can see',
    'Feedback loops from the frontline',
    'Less copy and paste between tools',
    'Goals everyone can repeat',
    'Celebrate the wins',
  ];
  for (const text of others) await addIdea(f, 'ideal', text);

  // Every screen: nothing scrolls, every shown idea is whole on the screen, "N of 17 shown" is said,
  // and the 500-character idea is clamped to a few lines.
  for (const screen of SCREENS) {
    await wallAt(screen);
    await expectText(p.getByTestId('projector-shown'), /^12 of 17 shown · page 1 of 2$/, `shown count (${screen.name})`);
    await expectCount(p.getByTestId('projector-idea'), 12, `a page of ideas (${screen.name})`);
    await assertNoPageOverflow(p, `ideas ${screen.name}`);
    const boxes = await assertInViewport(p.getByTestId('projector-idea'), `ideas (${screen.name})`);
    const longBox = await p.getByTestId('projector-idea').filter({ hasText: sentence.slice(0, 40) }).evaluate((el) => {
      const r = el.getBoundingClientRect();
      const text = el.querySelector('.pj-idea-text');
      return { height: r.height, clamped: text ? text.scrollHeight > text.clientHeight : false };
    });
    assert.ok(longBox.clamped, `the long idea is clamped (${screen.name})`);
    assert.ok(longBox.height <= screen.height * 0.3, `the long idea stays small (${Math.round(longBox.height)}px at ${screen.name})`);
    assert.ok(Math.max(...boxes.map((b) => b.height)) <= screen.height * 0.3, `no idea stretches its row (${screen.name})`);
    await assertInViewport(p.getByTestId('projector-code'), `join code beside the ideas (${screen.name})`);
    if (screen.name === '720p') await shoot(p, 'projector-720p');
    if (screen.name === '1080p') await shoot(p, 'projector-1080p');
    await h.screenshot(p, `ideas-${screen.name}`);
  }
  // The second page comes by itself (every 10 s).
  await waitFor(async () => /^5 of 17 shown · page 2 of 2$/.test((await p.getByTestId('projector-shown').textContent())?.trim() ?? ''), 15_000, 'the page turns');
  await expectCount(p.getByTestId('projector-idea'), 5, 'the rest of the ideas');

  // The vote: each voting layer gives the shared idea one vote (one voter each), plus votes elsewhere.
  // Sho (frontline) does not vote: dividing by everyone would make the frontline's support ½ and the
  // label "mixed"; by the round's voters every layer backs it fully: "agreed".
  await f.getByTestId('phase-select').selectOption('vote_ideal');
  for (const page of [exec, mgr, front]) await expectText(page.getByTestId('phase'), 'vote_ideal', 'voting');
  await vote(exec, shared);
  await vote(exec, 'Quotes the same day', 2);
  await vote(mgr, shared);
  await vote(mgr, 'Fewer status meetings');
  await vote(mgr, 'Onboarding in a week');
  await vote(front, shared);
  await vote(front, 'Self-serve reports');
  await vote(front, 'Celebrate the wins');
  const live = f.getByTestId('results-ideal').getByTestId('result-item').filter({ hasText: shared });
  await expectText(live.getByTestId('result-total'), '3', 'three votes on the shared idea');
  assert.equal(await live.getByTestId('consensus').getAttribute('data-consensus'), 'agreed', 'agreed on the facilitator’s board');
  await f.getByTestId('consensus-help').locator('summary').click();
  await expectText(f.getByTestId('consensus-help'), /compares the layers that voted in this round/, 'the label is explained');

  // Before the reveal the wall shows how many voted, not the split.
  for (const screen of SCREENS) {
    await wallAt(screen);
    await expectText(p.getByTestId('votes-cast'), '9 votes cast so far', `votes cast (${screen.name})`);
    await expectText(p.getByTestId('projector-turnout'), '3 of 4 have voted', `turnout (${screen.name})`);
    assert.equal(await p.getByTestId('results-ideal').count(), 0, 'no totals before the reveal');
    await assertNoPageOverflow(p, `voting ${screen.name}`);
    await h.screenshot(p, `voting-${screen.name}`);
  }

  // Revealed: 17 ranked items, the top 8 fit every screen with their consensus.
  await f.getByTestId('reveal-ideal').click();
  for (const screen of SCREENS) {
    await wallAt(screen);
    await p.getByTestId('results-ideal').waitFor();
    await expectText(p.getByTestId('projector-results-shown'), 'Top 8 of 17 shown', `results shown (${screen.name})`);
    await expectCount(p.getByTestId('results-ideal').getByTestId('result-item'), 8, `eight results (${screen.name})`);
    await assertNoPageOverflow(p, `results ${screen.name}`);
    await assertInViewport(p.getByTestId('results-ideal').getByTestId('result-item'), `results (${screen.name})`);
    const top = p.getByTestId('results-ideal').getByTestId('result-item').filter({ hasText: shared });
    assert.equal(await top.getByTestId('consensus').getAttribute('data-consensus'), 'agreed', `agreed on the wall (${screen.name})`);
    await expectText(p.getByTestId('projector-turnout'), '3 of 4 have voted', `turnout with the results (${screen.name})`);
    await expectText(p.getByTestId('consensus-key'), /compares the layers that voted/, `the wall explains consensus (${screen.name})`);
    await h.screenshot(p, `results-${screen.name}`);
  }
  const onPhone = exec.getByTestId('results-ideal').getByTestId('result-item').filter({ hasText: shared });
  assert.equal(await onPhone.getByTestId('consensus').getAttribute('data-consensus'), 'agreed', 'agreed on a phone');

  // The facilitator may remove someone and keep their votes: the totals stay as they are.
  const ren = f.getByTestId('participant').filter({ hasText: 'Ren (frontline)' });
  await ren.getByTestId('participant-remove').click();
  await f.getByTestId('participant-remove-keep-votes').click();
  await expectText(front.getByTestId('removed-message'), /You were removed/, 'Ren is removed');
  await expectText(live.getByTestId('result-total'), '3', 'Ren’s vote on the shared idea stays, by the facilitator’s choice');

  // Closed: nobody joins any more, so the code and the QR code leave the wall.
  await f.getByTestId('phase-select').selectOption('closed');
  await f.getByTestId('close-confirm').click();
  await expectText(p.getByTestId('projector-phase'), 'Closed', 'closed on the wall');
  for (const screen of SCREENS) {
    await wallAt(screen);
    await expectCount(p.getByTestId('projector-qr'), 0, `no QR code once closed (${screen.name})`);
    await expectCount(p.getByTestId('projector-code'), 0, `no join code once closed (${screen.name})`);
    await assertNoPageOverflow(p, `closed ${screen.name}`);
    await h.screenshot(p, `closed-${screen.name}`);
  }

  h.assertNoPageErrors();
}));
