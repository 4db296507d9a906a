// End-to-end: organizations keep their data to themselves. An owner signs up with a
// team name, invites a CSM, who accepts the link and sees the team's accounts; a
// stranger who signs up gets an organization of their own and sees none of them.
// Also: role changes persist, revoked and used links explain themselves, and an
// invite-only server turns strangers away and locks out repeated wrong passwords.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { assertAccessible, expectCount, expectText, startHarness, tracked, callApi } from './helpers.mjs';

/** Whole-test cap, so a hang fails instead of blocking CI. */
const TEST_TIMEOUT_MS = 150_000;
const PASSWORD = 'correct horse battery';
const ACME = 'Acme CS';
const ACCOUNT = 'Globex Manufacturing';

/** @type {Awaited<ReturnType<typeof startHarness>> | null} */
let h = null;
/** A second server that admits invited members only. */
/** @type {Awaited<ReturnType<typeof startHarness>> | null} */
let inviteOnly = null;

before(async () => {
  [h, inviteOnly] = await Promise.all([
    startHarness('organizations'),
    startHarness('organizations-invite-only', { args: ['--signup', 'invite'] }),
  ]);
});

after(async () => {
  await Promise.all([h?.close(), inviteOnly?.close()]);
});

/** Signs up through the form, optionally naming the organization, and waits for the dashboard. */
async function signUpWith(page, baseUrl, { name, email, organization = '' }) {
  await page.goto(baseUrl + '/signup');
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByLabel('Email').fill(email);
  if (organization) await page.getByTestId('signup-organization').fill(organization);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign up' }).click();
}

/** Creates an invitation on the members page and returns the link it shows. */
async function invite(page, email, role) {
  await page.getByTestId('invite-email').fill(email);
  await page.getByTestId('invite-role').selectOption(role);
  await page.getByTestId('invite-submit').click();
  const urlField = page.getByTestId('invite-url');
  await urlField.waitFor();
  await page.getByTestId('invitation-row').filter({ hasText: email }).waitFor();
  // The field shows the link of the invitation just made.
  await expectText(page.getByText(`Invitation link for ${email}`), `Invitation link for ${email}`, 'link label');
  return urlField.inputValue();
}

test('an owner invites a CSM who joins the organization; a stranger sees none of it', { timeout: TEST_TIMEOUT_MS }, tracked(async () => {
  assert.ok(h);
  const { baseUrl } = h;
  const [owner, invitee, stranger, visitorJa] = await Promise.all([
    h.newActor('owner'),
    h.newActor('invitee'),
    h.newActor('stranger'),
    h.newActor('visitor-ja', { locale: 'ja-JP' }),
  ]);
  const stamp = Date.now();
  const caseyEmail = `casey+${stamp}@example.com`;
  const tempEmail = `temp+${stamp}@example.com`;

  // --- The owner signs up, naming the team, and creates a customer account.
  const o = owner.page;
  await signUpWith(o, baseUrl, { name: 'Olivia Owner', email: `olivia+${stamp}@example.com`, organization: ACME });
  await o.getByRole('heading', { name: 'Accounts' }).waitFor();
  await expectText(o.getByTestId('org-name'), ACME, 'owner header organization');
  const me = await callApi(o, 'GET', '/api/me');
  assert.equal(me.body.role, 'owner', 'who signs up owns the new organization');
  assert.equal(me.body.organization.name, ACME);

  await o.getByLabel('Account name').fill(ACCOUNT);
  await o.getByRole('button', { name: 'Create account' }).click();
  await o.getByTestId('account').filter({ has: o.getByRole('heading', { name: ACCOUNT }) }).waitFor();
  const accounts = await callApi(o, 'GET', '/api/accounts');
  const acmeAccount = accounts.body.accounts.find((a) => a.name === ACCOUNT);
  assert.ok(acmeAccount, 'the account is listed');

  // --- Members: the owner alone, then two invitations; the second is revoked.
  await o.getByTestId('nav-members').click();
  await o.getByTestId('members-page').waitFor();
  await expectText(o.getByTestId('members-org-name'), ACME, 'organization on the members page');
  await expectCount(o.getByTestId('member-row'), 1, 'only the owner so far');
  await expectText(o.getByTestId('member-row').getByTestId('member-name'), 'Olivia Owner', 'owner row');

  const caseyUrl = await invite(o, caseyEmail, 'csm');
  assert.match(caseyUrl, new RegExp(`^${baseUrl}/invite/[^/]+$`), 'the link is the full invite URL');
  const tempUrl = await invite(o, tempEmail, 'admin');
  assert.notEqual(tempUrl, caseyUrl);
  await expectCount(o.getByTestId('invitation-row'), 2, 'two invitations listed');
  const tempRow = o.getByTestId('invitation-row').filter({ hasText: tempEmail });
  await expectText(tempRow.getByTestId('invitation-status'), 'Pending', 'second invitation pending');
  await tempRow.getByTestId('invitation-revoke').click();
  await expectText(tempRow.getByTestId('invitation-status'), 'Revoked', 'second invitation revoked');
  assert.equal(await tempRow.getByTestId('invitation-revoke').count(), 0, 'a revoked invitation cannot be revoked again');
  await expectCount(o.getByTestId('invite-url'), 0, 'the revoked invitation’s link is no longer offered');
  await assertAccessible(o, 'members page (owner, en)');
  await h.screenshot(o, 'members-owner');

  // --- The invitee opens the link in a fresh browser: no sign-in needed, no /api/me asked.
  const i = invitee.page;
  const meCalls = [];
  i.on('request', (req) => {
    if (new URL(req.url()).pathname === '/api/me') meCalls.push(req.url());
  });
  await i.goto(caseyUrl);
  await expectText(i.getByTestId('invite-title'), `Join ${ACME} as CSM`, 'invitation title');
  assert.equal(await i.getByTestId('accept-email').inputValue(), caseyEmail, 'the invited email is shown');
  assert.deepEqual(meCalls, [], 'the public invite page does not ask who is signed in');
  await assertAccessible(i, 'invitation page (en)');
  await h.screenshot(i, 'invitation');
  await i.getByTestId('accept-name').fill('Casey CSM');
  await i.getByTestId('accept-password').fill(PASSWORD);
  await i.getByTestId('accept-submit').click();
  await i.waitForURL((url) => url.pathname === '/');
  await i.getByRole('heading', { name: 'Accounts' }).waitFor();
  await expectText(i.getByTestId('org-name'), ACME, 'invitee header organization');
  await i.getByTestId('account').filter({ has: i.getByRole('heading', { name: ACCOUNT }) }).waitFor();
  const caseyMe = await callApi(i, 'GET', '/api/me');
  assert.equal(caseyMe.body.role, 'csm');
  assert.equal(caseyMe.body.organization.id, me.body.organization.id, 'the invitee joined the owner’s organization');

  // A CSM sees the members read-only: no role selects, no invite form.
  await i.getByTestId('nav-members').click();
  await i.getByTestId('members-page').waitFor();
  await expectCount(i.getByTestId('member-row'), 2, 'CSM sees both members');
  await i.getByTestId('members-read-only').waitFor();
  assert.equal(await i.getByTestId('member-role').count(), 0, 'no role select for a CSM');
  assert.equal(await i.getByTestId('member-remove').count(), 0, 'no remove button for a CSM');
  assert.equal(await i.getByTestId('invite-email').count(), 0, 'no invite form for a CSM');
  await assertAccessible(i, 'members page (CSM, en)');
  await h.screenshot(i, 'members-csm');

  // --- Spent links explain themselves (the stranger, not signed in yet, opens them).
  const s = stranger.page;
  await s.goto(caseyUrl);
  await s.getByTestId('invite-problem').waitFor();
  assert.equal(await s.getByTestId('invite-problem').getAttribute('data-problem'), 'used');
  await expectText(s.getByTestId('invite-problem').locator('p').first(), /already been used/, 'used link explained');
  await s.goto(tempUrl);
  await s.getByTestId('invite-problem').waitFor();
  assert.equal(await s.getByTestId('invite-problem').getAttribute('data-problem'), 'revoked');
  await expectText(s.getByTestId('invite-problem').locator('p').first(), /withdrawn/, 'revoked link explained');
  assert.equal(await s.getByTestId('accept-submit').count(), 0, 'no form for a revoked link');
  await s.goto(baseUrl + '/invite/no-such-token');
  await s.getByTestId('invite-problem').waitFor();
  assert.equal(await s.getByTestId('invite-problem').getAttribute('data-problem'), 'unknown');
  await assertAccessible(s, 'unknown invitation (en)');
  await h.screenshot(s, 'invitation-unknown');
  // In Japanese too.
  await visitorJa.page.goto(tempUrl);
  await expectText(visitorJa.page.getByTestId('invite-problem').locator('p').first(), /この招待は取り消されました/, 'revoked link in Japanese');
  await h.screenshot(visitorJa.page, 'invitation-revoked-ja');

  // --- A stranger signs up on their own: a separate organization that sees none of Acme's data.
  await signUpWith(s, baseUrl, { name: 'Sam Stranger', email: `sam+${stamp}@example.com`, organization: 'Umbrella Co' });
  await s.getByRole('heading', { name: 'Accounts' }).waitFor();
  await expectText(s.getByTestId('org-name'), 'Umbrella Co', 'stranger header organization');
  await s.getByText('No accounts yet.', { exact: false }).waitFor();
  assert.equal(await s.getByTestId('account').count(), 0, 'the stranger sees no accounts');
  assert.equal(await s.getByText(ACCOUNT).count(), 0, 'Acme’s account is not shown');
  const theirs = await callApi(s, 'GET', '/api/accounts');
  assert.deepEqual(theirs.body.accounts, [], 'the API lists none either');
  const peek = await callApi(s, 'GET', `/api/accounts/${acmeAccount.id}`);
  assert.equal(peek.status, 404, 'another organization’s account is not found');
  const theirMembers = await callApi(s, 'GET', '/api/members');
  assert.deepEqual(theirMembers.body.members.map((m) => m.name), ['Sam Stranger'], 'only their own members');
  const theirInvites = await callApi(s, 'GET', '/api/invitations');
  assert.deepEqual(theirInvites.body.invitations, [], 'none of Acme’s invitations');

  // --- The owner makes the CSM an admin; the change survives a reload.
  await o.reload();
  await o.getByTestId('members-page').waitFor();
  const caseyRow = o.getByTestId('member-row').filter({ hasText: 'Casey CSM' });
  await caseyRow.waitFor();
  assert.equal(await caseyRow.getAttribute('data-role'), 'csm');
  await expectText(o.getByTestId('invitation-row').filter({ hasText: caseyEmail }).getByTestId('invitation-status'), 'Accepted', 'accepted invitation');
  const patched = o.waitForResponse((res) => res.request().method() === 'PATCH' && new URL(res.url()).pathname.startsWith('/api/members/'));
  await caseyRow.getByTestId('member-role').selectOption('admin');
  assert.equal((await patched).status(), 200, 'role change accepted');
  await o.getByTestId('member-saved').waitFor();
  await o.reload();
  await o.getByTestId('members-page').waitFor();
  await o.locator('[data-testid="member-row"][data-role="admin"]').filter({ hasText: 'Casey CSM' }).waitFor();
  assert.equal(await caseyRow.getByTestId('member-role').inputValue(), 'admin', 'the select shows the saved role');

  // The new admin may invite, but may not change the owner.
  await i.reload();
  await i.getByTestId('members-page').waitFor();
  await i.getByTestId('invite-email').waitFor();
  const ownerRowForAdmin = i.getByTestId('member-row').filter({ hasText: 'Olivia Owner' });
  await ownerRowForAdmin.waitFor();
  assert.equal(await ownerRowForAdmin.getByTestId('member-role').count(), 0, 'an admin cannot change an owner');
  assert.equal(await ownerRowForAdmin.getByTestId('member-remove').count(), 0, 'an admin cannot remove an owner');

  // --- The owner renames the organization: the header follows at once, the member's after a reload.
  await o.getByTestId('org-rename').click();
  await o.getByTestId('org-name-input').fill('Acme Customer Success');
  await o.getByTestId('org-name-save').click();
  await expectText(o.getByTestId('members-org-name'), 'Acme Customer Success', 'renamed on the page');
  await expectText(o.getByTestId('org-name'), 'Acme Customer Success', 'renamed in the header');
  await i.reload();
  await expectText(i.getByTestId('org-name'), 'Acme Customer Success', 'member sees the new name');

  h.assertNoPageErrors();
}));

test('an invite-only server turns strangers away and slows down password guessing', { timeout: TEST_TIMEOUT_MS }, tracked(async () => {
  assert.ok(inviteOnly);
  const { baseUrl } = inviteOnly;
  const [first, second] = await Promise.all([inviteOnly.newActor('first'), inviteOnly.newActor('second')]);
  const stamp = Date.now();
  const firstEmail = `first+${stamp}@example.com`;

  // The first user of an empty install may still start the organization.
  await signUpWith(first.page, baseUrl, { name: 'Fumi First', email: firstEmail, organization: 'First Team' });
  await first.page.getByRole('heading', { name: 'Accounts' }).waitFor();
  await expectText(first.page.getByTestId('org-name'), 'First Team', 'first user organization');

  // Anyone else is told to ask for an invitation.
  const p = second.page;
  await signUpWith(p, baseUrl, { name: 'Nobu Second', email: `second+${stamp}@example.com` });
  await expectText(
    p.locator('form .error'),
    "This server admits invited members only. Ask your team's owner for an invitation link.",
    'signup closed',
  );
  assert.equal(new URL(p.url()).pathname, '/signup', 'still on the signup page');

  // Wrong passwords for one email until the server locks it, then the form says to wait.
  await p.goto(baseUrl + '/login');
  let status = 0;
  for (let n = 0; n < 30 && status !== 429; n++) {
    status = (await callApi(p, 'POST', '/api/auth/login', { email: firstEmail, password: 'wrong password' })).status;
  }
  assert.equal(status, 429, 'the server locks sign-in after repeated failures');
  await p.getByLabel('Email').fill(firstEmail);
  await p.getByLabel('Password').fill(PASSWORD);
  await p.getByRole('button', { name: 'Log in' }).click();
  await expectText(p.locator('form .error'), /Wait a few minutes/, 'rate limit explained');
  inviteOnly.assertNoPageErrors();
}));
