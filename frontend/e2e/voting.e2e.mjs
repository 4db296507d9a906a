// End-to-end: a voting round with three layers of the customer's organisation,
// hidden totals until the reveal, the results chart on every page, plus grouping,
// a vendor insight, the phase timer and removing a participant.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  PHONE,
  tracked,
  addIdea,
  createWorkshop,
  expectCount,
  expectText,
  ideaCard,
  joinAs,
  signUp,
  sleep,
  startHarness,
} from './helpers.mjs';

/** Whole-test cap, so a hang fails instead of blocking CI. */
const TEST_TIMEOUT_MS = 240_000;
const LAYERS = ['executive', 'manager', 'frontline', 'other'];

/** @type {Awaited<ReturnType<typeof startHarness>> | null} */
let h = null;

before(async () => {
  h = await startHarness('voting');
});

after(async () => {
  await h?.close();
});

/** Clicks + (or −) on an idea in `column` and waits until the own count shows `expected`. */
async function vote(page, who, column, text, button, expected) {
  const card = ideaCard(page, column, text);
  await card.getByTestId(button).click();
  await expectText(card.getByTestId('my-votes'), String(expected), `${who}: own votes on "${text}"`);
}

/** Reads the ranked rows of a results chart: text, total, per-layer counts, consensus. */
async function readResults(page, column) {
  const rows = page.getByTestId(`results-${column}`).getByTestId('result-item');
  const out = [];
  for (let i = 0; i < (await rows.count()); i++) {
    const row = rows.nth(i);
    const text = async (id) => ((await row.getByTestId(id).textContent()) ?? '').trim();
    const byLayer = {};
    for (const layer of LAYERS) {
      const seg = row.getByTestId(`result-layer-${layer}`);
      byLayer[layer] = Number(((await seg.textContent()) ?? '').trim());
      const label = (await seg.getAttribute('aria-label')) ?? '';
      assert.ok(label.endsWith(`: ${byLayer[layer]}`), `segment label "${label}" carries the number`);
    }
    // The consensus label is read from its attribute: its words depend on the page's language.
    const consensus = (await row.getByTestId('consensus').getAttribute('data-consensus')) ?? '';
    out.push({ text: await text('result-text'), total: Number(await text('result-total')), byLayer, consensus });
  }
  return out;
}

/** Waits until a page's results chart for `column` shows exactly `expected` (in rank order). */
async function expectResults(page, who, column, expected) {
  await page.getByTestId(`results-${column}`).waitFor();
  const deadline = Date.now() + 10_000;
  let last = null;
  while (Date.now() < deadline) {
    try {
      last = await readResults(page, column);
      assert.deepEqual(last, expected);
      return;
    } catch {
      await sleep(100);
    }
  }
  assert.deepEqual(last, expected, `${who}: results of ${column}`);
}

/** Parses m:ss into seconds. */
function clockSeconds(text) {
  const m = /^(\d+):(\d\d)$/.exec(text);
  assert.ok(m, `"${text}" looks like m:ss`);
  return Number(m[1]) * 60 + Number(m[2]);
}

test('three layers vote; totals stay hidden until the reveal; everyone sees the split', { timeout: TEST_TIMEOUT_MS }, tracked(async () => {
  assert.ok(h);
  const { baseUrl } = h;
  const [fac, exec, mgr, front] = await Promise.all([
    h.newActor('facilitator'),
    h.newActor('executive'),
    h.newActor('manager'),
    h.newActor('frontline', { viewport: PHONE }),
  ]);
  const f = fac.page;
  await signUp(f, baseUrl, 'Sora Facilitator');
  const { joinUrl } = await createWorkshop(f, { account: 'Globex KK', title: 'Voting workshop' });
  await f.getByTestId('phase-select').selectOption('ideal');
  await expectText(f.getByTestId('phase'), 'ideal', 'facilitator phase');

  const e = await joinAs(exec, joinUrl, 'Haruto (exec)', 'executive', 'ideal');
  const m = await joinAs(mgr, joinUrl, 'Yui (manager)', 'manager', 'ideal');
  const fr = await joinAs(front, joinUrl, 'Ren (frontline)', 'frontline', 'ideal');
  const participants = [
    ['executive', e],
    ['manager', m],
    ['frontline', fr],
  ];
  await expectText(f.getByTestId('presence'), '3 participants online', 'facilitator presence');
  await expectCount(f.getByTestId('participant'), 3, 'facilitator participant list');

  // Ideas in `ideal`: three from participants, one from the facilitator.
  const A = 'Self-serve dashboards for every team';
  const B = 'One source of truth for customer data';
  const C = 'Weekly review of adoption metrics';
  const D = 'Quarterly roadmap session with the vendor';
  await addIdea(e, 'ideal', A);
  await addIdea(m, 'ideal', B);
  await addIdea(f, 'ideal', C);
  await addIdea(fr, 'ideal', D);
  for (const [who, p] of participants) {
    for (const text of [A, B, C, D]) await ideaCard(p, 'ideal', text).waitFor();
    // Not anonymous: names are shown.
    await expectText(ideaCard(p, 'ideal', A).getByTestId('idea-author'), 'Haruto (exec)', `${who} sees the author`);
  }

  // Grouping: the facilitator merges two duplicates in `current`, then ungroups them.
  const dup1 = 'Exports are done by hand';
  const dup2 = 'Manual CSV exports every Friday';
  await addIdea(f, 'current', dup1);
  await addIdea(f, 'current', dup2);
  await ideaCard(f, 'current', dup1).getByTestId('group-select').check();
  await ideaCard(f, 'current', dup2).getByTestId('group-select').check();
  await f.getByTestId('group-label').fill('Manual exports');
  await f.getByTestId('group-submit').click();
  for (const p of [f, m]) {
    const group = ideaCard(p, 'current', 'Manual exports');
    await group.waitFor();
    await expectCount(group.getByTestId('group-member'), 2, 'group members');
    await expectCount(ideaCard(p, 'current', dup1), 0, 'a grouped idea is not a card of its own');
  }
  assert.equal(await e.getByTestId('group-select').count(), 0, 'participants cannot group');
  await ideaCard(f, 'current', 'Manual exports').getByTestId('idea-delete').click();
  for (const p of [f, m]) {
    await ideaCard(p, 'current', dup1).waitFor();
    await ideaCard(p, 'current', dup2).waitFor();
    await expectCount(ideaCard(p, 'current', 'Manual exports'), 0, 'the group is gone');
  }

  // A vendor insight is marked as such on every page.
  const insight = 'Admins spend six hours a week on exports';
  await f.getByTestId('insight-toggle-challenges').click();
  await f.getByTestId('insight-input-challenges').fill(insight);
  await f.getByTestId('insight-submit-challenges').click();
  for (const p of [f, e, fr]) {
    await expectText(ideaCard(p, 'challenges', insight).getByTestId('insight-badge'), /insight/i, 'insight badge');
  }

  // Voting on the ideal.
  await f.getByTestId('phase-next').click();
  for (const [who, p] of participants) {
    await expectText(p.getByTestId('phase'), 'vote_ideal', `${who} phase`);
    await expectText(p.getByTestId('votes-left'), '3 of 3 votes left', `${who} budget`);
  }
  // Nobody's results are shown to participants, and the facilitator has not revealed anything yet.
  await f.getByTestId('results-ideal').waitFor();
  await f.getByTestId('reveal-ideal').waitFor();

  // Executive: 1 on A, 2 on B.
  await vote(e, 'executive', 'ideal', A, 'vote-plus', 1);
  await expectText(e.getByTestId('votes-left'), '2 of 3 votes left', 'executive after one vote');
  await vote(e, 'executive', 'ideal', B, 'vote-plus', 1);
  await vote(e, 'executive', 'ideal', B, 'vote-plus', 2);
  await expectText(e.getByTestId('votes-left'), '0 of 3 votes left', 'executive spent the budget');
  for (const text of [A, B, C, D]) {
    assert.ok(await ideaCard(e, 'ideal', text).getByTestId('vote-plus').isDisabled(), `no + left on "${text}"`);
  }
  // The facilitator's live totals follow at once, split by layer.
  const live = f.getByTestId('results-ideal').getByTestId('result-item').filter({ hasText: B });
  await expectText(live.getByTestId('result-total'), '2', 'facilitator live total of B');
  await expectText(live.getByTestId('result-layer-executive'), '2', 'facilitator live executive votes on B');

  // Others' votes are invisible to participants before the reveal.
  for (const [who, p] of [['manager', m], ['frontline', fr]]) {
    await expectText(ideaCard(p, 'ideal', B).getByTestId('my-votes'), '0', `${who} sees only own count`);
    assert.equal(await p.getByTestId('results-ideal').count(), 0, `${who} sees no results before the reveal`);
    assert.equal(await p.getByTestId('result-total').count(), 0, `${who} sees no totals before the reveal`);
  }

  // Manager: 1 each on A, B, C.
  for (const text of [A, B, C]) await vote(m, 'manager', 'ideal', text, 'vote-plus', 1);
  await expectText(m.getByTestId('votes-left'), '0 of 3 votes left', 'manager spent the budget');

  // Frontline: tries D, takes it back, then 1 each on A, B, C.
  await vote(fr, 'frontline', 'ideal', D, 'vote-plus', 1);
  await expectText(fr.getByTestId('votes-left'), '2 of 3 votes left', 'frontline after one vote');
  await vote(fr, 'frontline', 'ideal', D, 'vote-minus', 0);
  await expectText(fr.getByTestId('votes-left'), '3 of 3 votes left', 'a vote taken back returns to the budget');
  for (const text of [A, B, C]) await vote(fr, 'frontline', 'ideal', text, 'vote-plus', 1);
  await expectText(fr.getByTestId('votes-left'), '0 of 3 votes left', 'frontline spent the budget');

  // B: 2+1+1 = 4 (mixed, 0.5); A: 1+1+1 = 3 (agreed); C: 0+1+1 = 2 (split: the executives gave it nothing); D: none.
  const expected = [
    { text: B, total: 4, byLayer: { executive: 2, manager: 1, frontline: 1, other: 0 }, consensus: 'mixed' },
    { text: A, total: 3, byLayer: { executive: 1, manager: 1, frontline: 1, other: 0 }, consensus: 'agreed' },
    { text: C, total: 2, byLayer: { executive: 0, manager: 1, frontline: 1, other: 0 }, consensus: 'split' },
    { text: D, total: 0, byLayer: { executive: 0, manager: 0, frontline: 0, other: 0 }, consensus: 'no_votes' },
  ];
  await expectResults(f, 'facilitator (live, before reveal)', 'ideal', expected);
  await h.screenshot(f, 'facilitator-voting');
  await h.screenshot(fr, 'frontline-voting');
  for (const [who, p] of participants) {
    assert.equal(await p.getByTestId('results-ideal').count(), 0, `${who} still sees no results`);
  }

  // A refused command is explained on the page: ideas with votes cannot be grouped.
  await ideaCard(f, 'ideal', A).getByTestId('group-select').check();
  await ideaCard(f, 'ideal', D).getByTestId('group-select').check();
  await f.getByTestId('group-label').fill('Dashboards and roadmap');
  await f.getByTestId('group-submit').click();
  await expectText(f.getByTestId('board-error'), /votes cannot be grouped/i, 'refusal shown');

  // The reveal: every page shows the same ranked chart, split by layer, with consensus.
  await f.getByTestId('reveal-ideal').click();
  await f.getByTestId('revealed-ideal').waitFor();
  for (const [who, p] of [['facilitator', f], ...participants]) {
    await expectResults(p, who, 'ideal', expected);
  }
  await h.screenshot(e, 'executive-revealed');
  // The score is shown beside the label.
  const mixedRow = e.getByTestId('results-ideal').getByTestId('result-item').first();
  assert.match((await mixedRow.textContent()) ?? '', /score 0\.50/);

  // Timer: started by the facilitator, counting down on a participant's page.
  await f.getByTestId('timer-minutes').fill('2');
  await f.getByTestId('timer-seconds').fill('0');
  await f.getByTestId('timer-start').click();
  const t1 = clockSeconds(await expectText(m.getByTestId('timer'), /^(2:00|1:5\d)$/, 'manager sees the countdown'));
  await sleep(2_200);
  const t2 = clockSeconds(await expectText(m.getByTestId('timer'), /^\d+:\d\d$/, 'manager countdown later'));
  assert.ok(t2 < t1 && t1 - t2 <= 4, `the countdown moves (${t1} → ${t2})`);
  // Pause freezes it everywhere; +1 min adds to it.
  await f.getByTestId('timer-pause').click();
  await expectText(fr.getByTestId('timer-status'), 'Paused', 'frontline sees the pause');
  const paused = clockSeconds(await expectText(fr.getByTestId('timer'), /^\d+:\d\d$/, 'paused clock'));
  await f.getByTestId('timer-add').click();
  await expectText(fr.getByTestId('timer'), new RegExp(`^${Math.floor((paused + 60) / 60)}:${String((paused + 60) % 60).padStart(2, '0')}$`), '+1 min');
  await f.getByTestId('timer-resume').click();
  await expectCount(fr.getByTestId('timer-status'), 0, 'running again');
  await expectText(f.getByTestId('phase'), 'vote_ideal', 'the timer never changes the phase');
  await h.screenshot(f, 'facilitator-timer');

  // Removing a participant: their page ends with a clear message, the others drop them.
  const frontRow = f.getByTestId('participant').filter({ hasText: 'Ren (frontline)' });
  await frontRow.getByTestId('participant-remove').click();
  await f.getByTestId('participant-remove-confirm').click();
  await expectText(fr.getByTestId('removed-message'), /You were removed from this workshop/, 'removed message');
  await expectCount(f.getByTestId('participant'), 2, 'facilitator list without the removed participant');
  await expectText(f.getByTestId('presence'), '2 participants online', 'presence after removal');
  // The removed page stays final (no reconnect brings the board back).
  await sleep(1_500);
  assert.equal(await fr.getByTestId('removed-message').count(), 1);
  await h.screenshot(fr, 'frontline-removed');
  assert.equal(await fr.getByTestId('column-ideal').count(), 0, 'the board is gone for the removed participant');

  h.assertNoPageErrors();
}));

test('an anonymous workshop hides authors from other participants and uses its own budget and cap', { timeout: TEST_TIMEOUT_MS }, tracked(async () => {
  assert.ok(h);
  const [fac, ken, mika] = await Promise.all([h.newActor('anon-facilitator'), h.newActor('anon-ken'), h.newActor('anon-mika')]);
  const f = fac.page;
  await signUp(f, h.baseUrl, 'Aoi Facilitator');
  await f.getByLabel('Account name').fill('Initech KK');
  await f.getByRole('button', { name: 'Create account' }).click();
  const card = f.getByTestId('account').filter({ has: f.getByRole('heading', { name: 'Initech KK' }) });
  await card.waitFor();
  await card.getByLabel('Workshop title').fill('Candid workshop');
  await card.getByLabel('Anonymous (hide names from participants)').check();
  await card.getByLabel('Votes per person').fill('5');
  await card.getByLabel('Max votes on one idea').fill('2');
  await card.getByRole('button', { name: 'Create workshop' }).click();
  await card.getByRole('link', { name: 'Candid workshop' }).click();
  await f.waitForURL(/\/workshops\/\d+$/);
  const joinUrl = await f.getByTestId('join-url').inputValue();
  await expectText(f.getByTestId('workshop-settings'), /Anonymous.*5 votes each, at most 2 per idea/s, 'settings shown');
  await f.getByTestId('phase-select').selectOption('ideal');
  await expectText(f.getByTestId('phase'), 'ideal', 'facilitator phase');

  const k = await joinAs(ken, joinUrl, 'Ken', 'frontline', 'ideal');
  const mi = await joinAs(mika, joinUrl, 'Mika', 'executive', 'ideal');
  const idea = 'Say what the tools really cost us';
  await addIdea(k, 'ideal', idea);
  await ideaCard(mi, 'ideal', idea).waitFor();
  await expectText(ideaCard(k, 'ideal', idea).getByTestId('idea-author'), 'Ken', 'the author sees their own name');
  await expectText(ideaCard(f, 'ideal', idea).getByTestId('idea-author'), 'Ken', 'the facilitator sees the author');
  assert.equal(await ideaCard(mi, 'ideal', idea).getByTestId('idea-author').count(), 0, 'no name for other participants');
  await expectText(ideaCard(mi, 'ideal', idea), /Anonymous/, 'shown as anonymous');

  await f.getByTestId('phase-next').click();
  await expectText(mi.getByTestId('votes-left'), '5 of 5 votes left', 'custom budget');
  await vote(mi, 'executive', 'ideal', idea, 'vote-plus', 1);
  await vote(mi, 'executive', 'ideal', idea, 'vote-plus', 2);
  await expectText(mi.getByTestId('votes-left'), '3 of 5 votes left', 'after two votes');
  assert.ok(await ideaCard(mi, 'ideal', idea).getByTestId('vote-plus').isDisabled(), 'the per-idea cap disables +');

  h.assertNoPageErrors();
}));
