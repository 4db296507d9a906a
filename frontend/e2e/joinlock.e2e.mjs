// End-to-end: the facilitator closes the door and changes the lock. Locking joining
// turns newcomers away (the join page and the projector say so) while the people
// already in stay and may reconnect; a new code replaces the old one everywhere at
// once, and the old code, link and QR code let nobody in.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  PHONE,
  addIdea,
  assertAccessible,
  createWorkshop,
  expectText,
  ideaCard,
  joinAs,
  signUp,
  startHarness,
  tracked,
} from './helpers.mjs';

/** Whole-test cap, so a hang fails instead of blocking CI. */
const TEST_TIMEOUT_MS = 150_000;
const PROJECTOR = { width: 1600, height: 900 };

/** @type {Awaited<ReturnType<typeof startHarness>> | null} */
let h = null;

before(async () => {
  h = await startHarness('joinlock');
});

after(async () => {
  await h?.close();
});

/** Fills the join form at `url` as `name` and presses Join (the caller checks what happens). */
async function tryJoin(page, url, name) {
  await page.goto(url);
  await page.getByLabel('Your name').fill(name);
  await page.getByLabel('Your role').selectOption('manager');
  await page.getByRole('button', { name: 'Join', exact: true }).click();
}

/** The first participant is still on the live board, connected, in `phase`. */
async function stillOnBoard(page, phase, what) {
  await expectText(page.getByTestId('connection-state'), 'connected', `${what}: participant connected`);
  await expectText(page.getByTestId('phase'), phase, `${what}: participant phase`);
  assert.match(new URL(page.url()).pathname, /^\/board\/\d+$/, `${what}: participant on the board`);
}

test('locking joining turns newcomers away; a new code retires the old one', { timeout: TEST_TIMEOUT_MS }, tracked(async () => {
  assert.ok(h);
  const { baseUrl } = h;
  const [fac, first, second] = await Promise.all([
    h.newActor('facilitator'),
    h.newActor('participant-first', { viewport: PHONE }),
    h.newActor('participant-second', { viewport: PHONE }),
  ]);

  // A live workshop in its first writing phase, with one participant on a phone.
  const f = fac.page;
  await signUp(f, baseUrl, 'Aiko Facilitator');
  const { joinCode: oldCode, joinUrl: oldUrl } = await createWorkshop(f, { account: 'Acme KK', title: 'Door test' });
  await f.getByTestId('phase-next').click();
  await expectText(f.getByTestId('phase'), 'current', 'facilitator phase');
  const a = await joinAs(first, oldUrl, 'Ken (exec)', 'executive', 'current');
  await addIdea(a, 'current', 'Before the door closed');
  await expectText(f.getByTestId('presence'), '1 participant online', 'facilitator presence');
  assert.equal(await f.getByTestId('join-locked-note').count(), 0, 'the door starts open');
  await expectText(f.getByTestId('join-lock'), 'Lock joining', 'lock button');

  // The projector, in the facilitator's browser, shows the code and its QR code.
  const workshopPath = new URL(f.url()).pathname;
  const p = await fac.context.newPage();
  p.on('pageerror', (err) => fac.errors.push(`projector: ${err}`));
  await p.setViewportSize(PROJECTOR);
  await p.goto(baseUrl + workshopPath + '/projector');
  await expectText(p.getByTestId('projector-code'), oldCode, 'code on the wall');
  assert.equal(await p.getByTestId('projector-join-locked').count(), 0, 'no locked note on the wall yet');

  // The facilitator locks joining: the board and the wall say so at once.
  await f.getByTestId('join-lock').click();
  await f.getByTestId('join-locked-note').waitFor();
  await expectText(f.getByTestId('join-locked-note'), /Joining is closed.*People already here stay/s, 'locked note');
  await expectText(f.getByTestId('join-lock'), 'Reopen joining', 'the toggle offers to reopen');
  await expectText(f.getByTestId('join-code'), oldCode, 'locking keeps the code');
  await expectText(p.getByTestId('projector-join-locked'), /Joining is closed/, 'locked note on the wall');
  assert.equal(await p.getByTestId('projector-qr').count(), 0, 'no QR code on the wall while locked');
  assert.equal(await p.getByTestId('projector-code').count(), 0, 'no code on the wall while locked');
  await assertAccessible(f, 'facilitator board, joining locked');
  await assertAccessible(p, 'projector, joining locked');
  await h.screenshot(f, 'facilitator-locked');
  await h.screenshot(p, 'projector-locked');

  // A second phone trying the code is turned away, in words a person understands.
  await tryJoin(second.page, oldUrl, 'Late Mika');
  await expectText(second.page.getByRole('alert'), /closed this workshop to newcomers/, 'locked message on the join page');
  assert.match(new URL(second.page.url()).pathname, /^\/join\//, 'still on the join page');
  await h.screenshot(second.page, 'join-refused-locked');

  // The first participant stays, can still write, and may reconnect while the door is locked.
  await stillOnBoard(a, 'current', 'after locking');
  await addIdea(a, 'current', 'After the door closed');
  await ideaCard(f, 'current', 'After the door closed').waitFor();
  await a.reload();
  await stillOnBoard(a, 'current', 'reconnected while locked');
  await ideaCard(a, 'current', 'Before the door closed').waitFor();

  // A new code: asked first, then shown everywhere, the lock left as it was.
  await f.getByTestId('join-rotate').click();
  await expectText(f.getByRole('group', { name: /Draw a new join code\?/ }), /old code, link and QR code stop working/, 'the question explains');
  await f.getByTestId('join-rotate-confirm').click();
  const newCode = await expectText(f.getByTestId('join-code'), new RegExp(`^(?!${oldCode}$)[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{8}$`), 'a new code');
  const newUrl = `${baseUrl}/join/${newCode}`;
  assert.equal(await f.getByTestId('join-url').inputValue(), newUrl, 'the link follows the code');
  assert.equal(await f.getByTestId('join-qr').getAttribute('data-qr-text'), newUrl, 'the QR code follows the code');
  await f.getByTestId('join-locked-note').waitFor();
  await expectText(f.getByTestId('join-lock'), 'Reopen joining', 'still locked after the new code');
  await p.getByTestId('projector-join-locked').waitFor();

  // Reopening: the wall shows the new code and its QR code.
  await f.getByTestId('join-lock').click();
  await f.getByTestId('join-locked-note').waitFor({ state: 'detached' });
  await expectText(f.getByTestId('join-lock'), 'Lock joining', 'open again');
  await expectText(p.getByTestId('projector-code'), newCode, 'the new code on the wall');
  assert.equal(await p.getByTestId('projector-qr').getAttribute('data-qr-text'), newUrl, 'the new QR code on the wall');
  assert.equal(await p.getByTestId('projector-join-locked').count(), 0, 'no locked note once reopened');

  // The old link lets nobody in, even with the door open again.
  await tryJoin(second.page, oldUrl, 'Late Mika');
  await expectText(second.page.getByRole('alert'), /No workshop has this code/, 'the old code is refused');

  // The new code works.
  const b = await joinAs(second, newUrl, 'Late Mika', 'manager', 'current');
  await ideaCard(b, 'current', 'After the door closed').waitFor();
  await expectText(f.getByTestId('presence'), '2 participants online', 'both participants online');

  // The first participant was there the whole time.
  await stillOnBoard(a, 'current', 'at the end');
  await ideaCard(a, 'current', 'After the door closed').waitFor();

  h.assertNoPageErrors();
}));
