// End-to-end: a facilitator and two participants run a workshop against the real
// server binary in headless Chromium. Run with `npm run e2e` after building the
// binary (`go build -o bin/kizuki ./cmd/kizuki`) and the frontend it embeds.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const serverBin = process.env.KIZUKI_BIN || join(repoRoot, 'bin', 'kizuki');
const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** Longest wait for any single UI expectation. */
const STEP_TIMEOUT_MS = 10_000;
/** Longest wait for the server to answer /readyz after start. */
const READY_TIMEOUT_MS = 20_000;
/** Whole-test cap, so a hang fails instead of blocking CI. */
const TEST_TIMEOUT_MS = 150_000;

const tmpRoot = mkdtempSync(join(tmpdir(), 'kizuki-e2e-'));
/** @type {import('node:child_process').ChildProcess | null} */
let server = null;
let serverLog = '';
let baseUrl = '';
/** @type {{name: string, context: import('playwright-core').BrowserContext, page: import('playwright-core').Page, errors: string[]}[]} */
const actors = [];
let passed = false;

function freePort() {
  return new Promise((resolvePort, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => resolvePort(typeof addr === 'object' && addr ? addr.port : 0));
    });
  });
}

async function waitReady(url, proc) {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let last = 'no answer';
  while (Date.now() < deadline) {
    if (proc.exitCode !== null) throw new Error(`server exited with ${proc.exitCode} before ready`);
    try {
      const res = await fetch(url + '/readyz', { signal: AbortSignal.timeout(1_000) });
      if (res.ok) return;
      last = `status ${res.status}`;
    } catch (err) {
      last = String(err);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`server not ready after ${READY_TIMEOUT_MS} ms: ${last}`);
}

function stopServer() {
  if (!server || server.exitCode !== null) return Promise.resolve();
  const proc = server;
  return new Promise((done) => {
    const kill = setTimeout(() => proc.kill('SIGKILL'), 5_000);
    proc.once('exit', () => {
      clearTimeout(kill);
      done();
    });
    proc.kill('SIGTERM');
  });
}

// Last resort if the runner dies between before() and after().
process.on('exit', () => {
  if (server && server.exitCode === null) server.kill('SIGKILL');
});

async function newActor(name) {
  const profile = mkdtempSync(join(tmpRoot, `profile-${name}-`));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: true,
    timeout: 30_000,
    viewport: name === 'participant-b' ? { width: 390, height: 844 } : { width: 1280, height: 900 },
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(STEP_TIMEOUT_MS);
  page.setDefaultNavigationTimeout(15_000);
  const actor = { name, context, page, errors: [] };
  page.on('console', (msg) => {
    if (msg.type() === 'error') {
      console.error(`[${name} console.error] ${msg.text()}`);
    }
  });
  page.on('pageerror', (err) => {
    actor.errors.push(String(err));
    console.error(`[${name} pageerror] ${err}`);
  });
  actors.push(actor);
  return actor;
}

/** Waits until the trimmed text of `locator` equals `expected`. */
async function expectText(locator, expected, what) {
  const deadline = Date.now() + STEP_TIMEOUT_MS;
  let last = '(not found)';
  while (Date.now() < deadline) {
    try {
      last = ((await locator.textContent({ timeout: 500 })) ?? '').trim();
      if (last === expected) return;
    } catch {
      // Not rendered yet.
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.fail(`${what}: expected "${expected}", last saw "${last}"`);
}

function ideaCard(page, column, text) {
  return page.getByTestId(`column-${column}`).getByTestId('idea').filter({
    has: page.getByTestId('idea-text').getByText(text, { exact: true }),
  });
}

before(async () => {
  assert.ok(existsSync(serverBin), `server binary not found at ${serverBin} (build it or set KIZUKI_BIN)`);
  assert.ok(existsSync(chromiumPath), `chromium not found at ${chromiumPath} (set CHROMIUM_PATH)`);
  const port = await freePort();
  baseUrl = `http://127.0.0.1:${port}`;
  const dbPath = join(tmpRoot, 'e2e.db');
  server = spawn(
    serverBin,
    ['serve', '--addr', `127.0.0.1:${port}`, '--database-url', `sqlite://${dbPath}`, '--base-url', baseUrl],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env } },
  );
  const collect = (chunk) => {
    serverLog += chunk.toString();
    if (serverLog.length > 200_000) serverLog = serverLog.slice(-100_000);
  };
  server.stdout?.on('data', collect);
  server.stderr?.on('data', collect);
  await waitReady(baseUrl, server);
});

after(async () => {
  try {
    await Promise.all(actors.map((a) => a.context.close().catch(() => {})));
    await stopServer();
    if (!passed) console.error('---- server log ----\n' + serverLog.slice(-20_000));
  } finally {
    rmSync(tmpRoot, { recursive: true, force: true });
  }
});

test('facilitator and two participants run a workshop live', { timeout: TEST_TIMEOUT_MS }, async () => {
  // Three separate browsers (fresh profiles), started together to save time.
  const [fac, actorA, actorB] = await Promise.all([
    newActor('facilitator'),
    newActor('participant-a'),
    newActor('participant-b'),
  ]);

  // Facilitator signs up, creates an account and a workshop.
  const f = fac.page;
  await f.goto(baseUrl + '/signup');
  await f.getByLabel('Name', { exact: true }).fill('Aiko Facilitator');
  await f.getByLabel('Email').fill(`aiko+${Date.now()}@example.com`);
  await f.getByLabel('Password').fill('correct horse battery');
  await f.getByRole('button', { name: 'Sign up' }).click();
  await f.getByRole('heading', { name: 'Accounts' }).waitFor();
  assert.equal(new URL(f.url()).pathname, '/');

  await f.getByLabel('Account name').fill('Acme KK');
  await f.getByLabel('Industry').fill('Manufacturing');
  await f.getByLabel('Company size').selectOption('201-1000');
  await f.getByRole('button', { name: 'Create account' }).click();
  const card = f.getByTestId('account').filter({ has: f.getByRole('heading', { name: 'Acme KK' }) });
  await card.waitFor();
  await card.getByLabel('Workshop title').fill('FY27 success workshop');
  await card.getByRole('button', { name: 'Create workshop' }).click();
  await card.getByRole('link', { name: 'FY27 success workshop' }).click();
  await f.waitForURL(/\/workshops\/\d+$/);

  // The board shows the join code and link.
  const codeEl = f.getByTestId('join-code');
  await codeEl.waitFor();
  const joinCode = ((await codeEl.textContent()) ?? '').trim();
  assert.match(joinCode, /^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{8}$/);
  const joinUrl = await f.getByTestId('join-url').inputValue();
  assert.equal(joinUrl, `${baseUrl}/join/${joinCode}`);
  await expectText(f.getByTestId('connection-state'), 'connected', 'facilitator connection');
  await expectText(f.getByTestId('phase'), 'lobby', 'initial phase');

  await f.getByTestId('phase-next').click();
  await expectText(f.getByTestId('phase'), 'current', 'facilitator phase after Next');

  // Two participants join through the link, each in its own browser profile.
  const joinAs = async (actor, displayName, layer) => {
    const actorName = actor.name;
    const p = actor.page;
    await p.goto(joinUrl);
    assert.equal(await p.getByLabel('Join code').inputValue(), joinCode);
    await p.getByLabel('Your name').fill(displayName);
    await p.getByLabel('Your role').selectOption(layer);
    await p.getByRole('button', { name: 'Join', exact: true }).click();
    await p.waitForURL(/\/board\/\d+$/);
    await expectText(p.getByTestId('connection-state'), 'connected', `${actorName} connection`);
    await expectText(p.getByTestId('phase'), 'current', `${actorName} phase`);
    return p;
  };
  const a = await joinAs(actorA, 'Ken (exec)', 'executive');
  const b = await joinAs(actorB, 'Mika (frontline)', 'frontline');
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

  for (const actor of actors) assert.deepEqual(actor.errors, [], `${actor.name} had uncaught page errors`);
  passed = true;
});
