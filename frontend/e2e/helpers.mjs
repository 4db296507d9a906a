// Shared parts of the end-to-end tests: the server binary on a free port with
// its own SQLite file, one headless Chromium per test file with a fresh context
// (its own cookies and localStorage) per actor, and the UI steps several tests
// take (sign up, create a workshop, join).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const serverBin = process.env.KIZUKI_BIN || join(repoRoot, 'bin', 'kizuki');
const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** Longest wait for any single UI expectation. */
export const STEP_TIMEOUT_MS = 10_000;
/** Longest wait for the server to answer /readyz after start. */
const READY_TIMEOUT_MS = 20_000;
/** Grace for SIGTERM (the server drains sockets) before SIGKILL. */
const STOP_GRACE_MS = 5_000;
/** Server output kept for the failure report. */
const LOG_KEEP_CHARS = 100_000;

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** A phone-sized viewport, to run one actor the way most participants join. */
export const PHONE = { width: 390, height: 844 };
/** The smallest phone the participant board is made for. */
export const SMALL_PHONE = { width: 360, height: 740 };
export const DESKTOP = { width: 1280, height: 900 };

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
    await sleep(100);
  }
  throw new Error(`server not ready after ${READY_TIMEOUT_MS} ms: ${last}`);
}

// Each e2e file runs in its own process, so these count that file's tests.
let testsStarted = 0;
let testsFinished = 0;

/** Wraps a test body so the harness knows whether every test got through (and shows the server log if not). */
export function tracked(fn) {
  return async (t) => {
    testsStarted++;
    await fn(t);
    testsFinished++;
  };
}

/** Resolves after `ms`. */
export function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}

/**
 * Starts the server and returns a harness: `baseUrl`, `newActor(name, {viewport})`,
 * `actors`, and `close()` which closes every browser, stops the server and, if a
 * `tracked` test did not get through, prints the end of the server log.
 * `args` are extra `kizuki serve` flags, e.g. `['--signup', 'invite']`.
 */
export async function startHarness(label, { args = [] } = {}) {
  assert.ok(existsSync(serverBin), `server binary not found at ${serverBin} (build it or set KIZUKI_BIN)`);
  assert.ok(existsSync(chromiumPath), `chromium not found at ${chromiumPath} (set CHROMIUM_PATH)`);
  const tmpRoot = mkdtempSync(join(tmpdir(), `kizuki-e2e-${label}-`));
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const server = spawn(
    serverBin,
    ['serve', '--addr', `127.0.0.1:${port}`, '--database-url', `sqlite://${join(tmpRoot, 'e2e.db')}`, '--base-url', baseUrl, ...args],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env } },
  );
  let serverLog = '';
  const collect = (chunk) => {
    serverLog += chunk.toString();
    if (serverLog.length > 2 * LOG_KEEP_CHARS) serverLog = serverLog.slice(-LOG_KEEP_CHARS);
  };
  server.stdout?.on('data', collect);
  server.stderr?.on('data', collect);
  // Last resort if the runner dies before close().
  process.on('exit', () => {
    if (server.exitCode === null) server.kill('SIGKILL');
  });

  /** @type {{name: string, context: import('playwright-core').BrowserContext, page: import('playwright-core').Page, errors: string[]}[]} */
  const actors = [];
  /** One browser for the whole file: a launch costs seconds, a context milliseconds. */
  /** @type {Promise<import('playwright-core').Browser> | null} */
  let browser = null;
  const harness = {
    baseUrl,
    actors,
    /**
     * A fresh browser context (its own cookies and localStorage, like a separate profile) with one page.
     * `locale` sets navigator.language; `bypassCSP` only for injecting test tools such as axe-core.
     */
    async newActor(name, { viewport = DESKTOP, locale = 'en-US', bypassCSP = false, reducedMotion = 'no-preference' } = {}) {
      browser ??= chromium.launch({ executablePath: chromiumPath, headless: true, timeout: 30_000, args: CHROMIUM_ARGS });
      const context = await (await browser).newContext({ viewport, locale, bypassCSP, reducedMotion });
      const page = await context.newPage();
      page.setDefaultTimeout(STEP_TIMEOUT_MS);
      page.setDefaultNavigationTimeout(15_000);
      const actor = { name, context, page, errors: [] };
      page.on('console', (msg) => {
        if (msg.type() === 'error') console.error(`[${name} console.error] ${msg.text()}`);
      });
      page.on('pageerror', (err) => {
        actor.errors.push(String(err));
        console.error(`[${name} pageerror] ${err}`);
      });
      actors.push(actor);
      return actor;
    },
    /** Saves a full-page screenshot when KIZUKI_E2E_SCREENSHOTS names a folder (for looking at the layout). */
    async screenshot(page, name) {
      const dir = process.env.KIZUKI_E2E_SCREENSHOTS;
      if (dir) await page.screenshot({ path: join(dir, `${label}-${name}.png`), fullPage: true });
    },
    /** Fails if any page threw an uncaught error. */
    assertNoPageErrors() {
      for (const actor of actors) assert.deepEqual(actor.errors, [], `${actor.name} had uncaught page errors`);
    },
    async close() {
      try {
        await Promise.all(actors.map((a) => a.context.close().catch(() => {})));
        if (browser) await (await browser).close().catch(() => {});
        await stopProcess(server);
        if (testsFinished < testsStarted) console.error(`---- server log (${label}) ----\n` + serverLog.slice(-20_000));
      } finally {
        rmSync(tmpRoot, { recursive: true, force: true });
      }
    },
  };
  try {
    await waitReady(baseUrl, server);
  } catch (err) {
    console.error(serverLog);
    await stopProcess(server);
    rmSync(tmpRoot, { recursive: true, force: true });
    throw err;
  }
  return harness;
}

function stopProcess(proc) {
  if (proc.exitCode !== null) return Promise.resolve();
  return new Promise((done) => {
    const kill = setTimeout(() => proc.kill('SIGKILL'), STOP_GRACE_MS);
    proc.once('exit', () => {
      clearTimeout(kill);
      done();
    });
    proc.kill('SIGTERM');
  });
}

/** Waits until the trimmed text of `locator` equals `expected` (or matches it, for a RegExp). */
export async function expectText(locator, expected, what) {
  const deadline = Date.now() + STEP_TIMEOUT_MS;
  let last = '(not found)';
  while (Date.now() < deadline) {
    try {
      last = ((await locator.textContent({ timeout: 500 })) ?? '').trim();
      if (expected instanceof RegExp ? expected.test(last) : last === expected) return last;
    } catch {
      // Not rendered yet.
    }
    await sleep(50);
  }
  assert.fail(`${what}: expected ${expected instanceof RegExp ? expected : `"${expected}"`}, last saw "${last}"`);
}

/** Waits until `locator` matches exactly `n` elements. */
export async function expectCount(locator, n, what) {
  const deadline = Date.now() + STEP_TIMEOUT_MS;
  let last = -1;
  while (Date.now() < deadline) {
    last = await locator.count();
    if (last === n) return;
    await sleep(50);
  }
  assert.fail(`${what}: expected ${n} elements, saw ${last}`);
}

/** The top-level card (idea or group) showing `text` in `column`. */
export function ideaCard(page, column, text) {
  return page.getByTestId(`column-${column}`).getByTestId('idea').filter({
    has: page.getByTestId('idea-text').getByText(text, { exact: true }),
  });
}

/** Adds an idea through the column's composer and waits for its card. */
export async function addIdea(page, column, text) {
  await page.getByTestId(`idea-input-${column}`).fill(text);
  await page.getByTestId(`idea-submit-${column}`).click();
  await ideaCard(page, column, text).waitFor();
}

/** Signs a new facilitator up and lands on the dashboard. */
export async function signUp(page, baseUrl, name) {
  await page.goto(baseUrl + '/signup');
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByLabel('Email').fill(`${name.split(' ')[0].toLowerCase()}+${Date.now()}@example.com`);
  await page.getByLabel('Password').fill('correct horse battery');
  await page.getByRole('button', { name: 'Sign up' }).click();
  await page.getByRole('heading', { name: 'Accounts' }).waitFor();
  assert.equal(new URL(page.url()).pathname, '/');
}

/** Creates an account and a workshop in it from the dashboard, opens its board and returns the join code and link. */
export async function createWorkshop(page, { account, industry = '', size = '', title }) {
  await page.getByLabel('Account name').fill(account);
  if (industry) await page.getByLabel('Industry').fill(industry);
  if (size) await page.getByLabel('Company size').selectOption(size);
  await page.getByRole('button', { name: 'Create account' }).click();
  const card = page.getByTestId('account').filter({ has: page.getByRole('heading', { name: account }) });
  await card.waitFor();
  await card.getByLabel('Workshop title').fill(title);
  await card.getByRole('button', { name: 'Create workshop' }).click();
  await card.getByRole('link', { name: title }).click();
  await page.waitForURL(/\/workshops\/\d+$/);
  const codeEl = page.getByTestId('join-code');
  await codeEl.waitFor();
  const joinCode = ((await codeEl.textContent()) ?? '').trim();
  const joinUrl = await page.getByTestId('join-url').inputValue();
  await expectText(page.getByTestId('connection-state'), 'connected', 'facilitator connection');
  return { joinCode, joinUrl };
}

/** Joins through the link as `displayName` of `layer` and waits for the live board in `phase`. */
export async function joinAs(actor, joinUrl, displayName, layer, phase) {
  const p = actor.page;
  await p.goto(joinUrl);
  await p.getByLabel('Your name').fill(displayName);
  await p.getByLabel('Your role').selectOption(layer);
  await p.getByRole('button', { name: 'Join', exact: true }).click();
  await p.waitForURL(/\/board\/\d+$/);
  await expectText(p.getByTestId('connection-state'), 'connected', `${actor.name} connection`);
  await expectText(p.getByTestId('phase'), phase, `${actor.name} phase`);
  return p;
}

/** Runs axe-core in the page (WCAG 2.x A and AA rules) and fails on serious or critical violations. */
export async function assertAccessible(page, what) {
  // page.evaluate runs through the DevTools protocol, which the page's CSP (script-src 'self') does not govern.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    // @ts-ignore axe is injected above.
    const result = await window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
      resultTypes: ['violations'],
    });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      nodes: v.nodes.slice(0, 3).map((n) => `${n.target.join(' ')}: ${n.failureSummary?.split('\n')[1]?.trim() ?? ''}`),
    }));
  });
  const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  console.log(`axe ${what}: ${violations.length} violation(s)${violations.length ? ' — ' + violations.map((v) => `${v.id} (${v.impact})`).join(', ') : ''}`);
  assert.deepEqual(bad, [], `${what}: serious or critical accessibility violations`);
}

// Screenshots for the docs go to docs/screenshots only when asked for (KIZUKI_SCREENSHOTS=update,
// make screenshots), so an ordinary test run leaves the working tree as it found it.
const SCREENSHOTS =
  process.env.KIZUKI_SCREENSHOTS === 'update' ? join(repoRoot, 'docs/screenshots') : mkdtempSync(join(tmpdir(), 'kizuki-screenshots-'));

/** Saves what the page shows (the viewport, or the whole page) as <name>.png, from the top, once the fonts settled. */
export async function shoot(page, name, { fullPage = false } = {}) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.evaluate(async () => {
    window.scrollTo(0, 0);
    await document.fonts.ready;
  });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage, animations: 'disabled', caret: 'hide' });
}

/** The page fits its width: nothing scrolls sideways. */
export async function assertNoSidewaysScroll(page, what) {
  const { scrollWidth, clientWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
  }));
  assert.ok(scrollWidth <= clientWidth, `${what}: page scrolls sideways (${scrollWidth} > ${clientWidth})`);
}

/**
 * Calls the API from inside the page (same origin, its cookies, an Origin header on writes): the
 * status, the body parsed as JSON (null for none, or not JSON such as a CSV) and its text.
 */
export async function callApi(page, method, path, body) {
  const res = await page.evaluate(
    async ({ method, path, body }) => {
      const r = await fetch(path, {
        method,
        headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await r.text();
      return { status: r.status, text };
    },
    { method, path, body },
  );
  let json = null;
  try {
    json = JSON.parse(res.text);
  } catch {
    // Not JSON (the CSV).
  }
  return { status: res.status, body: json, text: res.text };
}
