/**
 * Browser-test harness: starts the real Kindred server (which serves the built web app from
 * packages/web/dist) on a free port with a fresh data directory, and drives Debian's Chromium
 * through playwright-core.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const serverEntry = path.join(repoRoot, 'packages/server/src/index.ts');
const webDist = path.join(repoRoot, 'packages/web/dist');
export const artifactsDir = fileURLToPath(new URL('./artifacts/', import.meta.url));
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface RunningServer {
  baseURL: string;
  /** The server's data folder (its embedded database and media). */
  dataDir: string;
  /** Everything the server printed, for diagnosing a failure. */
  log: () => string;
  stop: () => Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
}

/**
 * Starts the server and resolves once GET /api/health answers 200 (the first start seeds the demo community).
 * `dataDir`: start on that data folder (e.g. again, after `runAdmin`), which stopping then leaves in place.
 */
export async function startServer(timeoutMs = 120_000, options: { dataDir?: string } = {}): Promise<RunningServer> {
  if (!existsSync(path.join(webDist, 'index.html'))) {
    throw new Error(`No web build at ${webDist}. Run \`npm run test:e2e\` from the repo root (it builds first).`);
  }
  const port = await freePort();
  const ownDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? (await mkdtemp(path.join(tmpdir(), 'kindred-e2e-')));
  const output: string[] = [];
  const child = spawn(process.execPath, ['--import', 'tsx', serverEntry], {
    cwd: repoRoot,
    env: {
      ...process.env,
      PORT: String(port),
      DATA_DIR: dataDir,
      NODE_ENV: 'production',
      KINDRED_RATE_LIMIT_AUTH: '1000',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  const log = () => output.join('');

  const baseURL = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  let ready = false;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`The server exited with code ${child.exitCode}:\n${log()}`);
    try {
      const res = await fetch(`${baseURL}/api/health`);
      if (res.status === 200) {
        ready = true;
        break;
      }
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  if (!ready) {
    child.kill('SIGKILL');
    throw new Error(`The server did not become healthy within ${timeoutMs} ms:\n${log()}`);
  }

  return {
    baseURL,
    dataDir,
    log,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
        await exited(child);
        clearTimeout(timer);
      }
      if (ownDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Runs the server's command line (`npm run admin -- ...`, e.g. `grant-operator USERNAME`) on a data folder.
 * The embedded database is opened by one process at a time: stop the server on it first.
 */
export async function runAdmin(dataDir: string, ...args: string[]): Promise<string> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'packages/server/scripts/admin.ts'), ...args], {
    cwd: repoRoot,
    env: { ...process.env, DATA_DIR: dataDir, NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  await exited(child);
  if (child.exitCode !== 0) throw new Error(`npm run admin -- ${args.join(' ')} failed (${child.exitCode}):\n${output.join('')}`);
  return output.join('');
}

/**
 * Starts the server with some members made staff: signs them up (and through onboarding), stops the
 * server, grants each role with the server's command line, and starts it again on the same data. The
 * data folder is removed when the returned server stops.
 */
export async function startServerWithStaff(staff: { username: string; displayName: string; role: 'operator' | 'moderator' }[]): Promise<RunningServer> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'kindred-e2e-'));
  const first = await startServer(120_000, { dataDir });
  try {
    for (const member of staff) await signUpOverHttp(first.baseURL, member.username, member.displayName);
  } finally {
    await first.stop();
  }
  for (const member of staff) await runAdmin(dataDir, `grant-${member.role}`, member.username);
  const server = await startServer(120_000, { dataDir });
  return {
    ...server,
    stop: async () => {
      await server.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Signs a new member up and through onboarding with plain HTTP (no browser). */
async function signUpOverHttp(baseURL: string, username: string, displayName: string): Promise<void> {
  const res = await fetch(`${baseURL}/api/v1/auth/signup`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, displayName, password: PASSWORD }),
  });
  if (res.status !== 201) throw new Error(`signup failed: ${res.status} ${await res.text()}`);
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const me = await fetch(`${baseURL}/api/v1/me`, {
    method: 'PATCH',
    headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrfToken, Cookie: cookie },
    body: JSON.stringify({ interests: [{ tag: 'yoga', skill: 'beginner' }], city: 'Beijing', lat: 39.9, lng: 116.4, onboarded: true }),
  });
  if (me.status !== 200) throw new Error(`onboarding failed: ${me.status} ${await me.text()}`);
}

/** The password every test member signs up with. */
export const PASSWORD = 'a long and unusual passphrase';

/** Signs an existing member in through the API inside a browser context (so the context holds the session cookie). */
export async function signInViaApi(context: BrowserContext, username: string): Promise<void> {
  const res = await context.request.post('/api/v1/auth/signin', { data: { username, password: PASSWORD } });
  if (res.status() !== 200) throw new Error(`signin failed: ${res.status()} ${await res.text()}`);
}

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH).`);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export const phone = { width: 390, height: 844 };
export const desktop = { width: 1280, height: 800 };

export interface Session {
  context: BrowserContext;
  page: Page;
  /** Uncaught page errors and console errors seen so far. */
  errors: string[];
}

/** A fresh browser context (own cookies and localStorage) with one page, in English by default. */
export async function openSession(browser: Browser, baseURL: string, viewport: { width: number; height: number }, locale = 'en-US'): Promise<Session> {
  const isPhone = viewport.width < 600;
  const context = await browser.newContext({
    baseURL,
    viewport,
    locale,
    deviceScaleFactor: isPhone ? 2 : 1,
    isMobile: isPhone,
    hasTouch: isPhone,
  });
  context.setDefaultTimeout(15_000);
  context.setDefaultNavigationTimeout(30_000);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(`console: ${msg.text()}`);
  });
  return { context, page, errors };
}

const axeSource = readFileSync(path.join(repoRoot, 'node_modules/axe-core/axe.min.js'), 'utf8');

/** An accessibility problem axe-core found, as a test failure should print it. */
interface AxeViolation {
  id: string;
  impact: string;
  help: string;
  nodes: { target: string; summary: string }[];
}

/**
 * Runs axe-core on the page as it stands and fails on any serious or critical violation, naming
 * the rule and the elements. Screenshots call it, and so does every test's wait for a new page:
 * each page a test visits is checked. (axe is evaluated through the DevTools protocol, so the page's
 * Content-Security-Policy applies to the app, not to the check.)
 */
export async function expectAccessible(page: Page, where = new URL(page.url()).pathname): Promise<void> {
  // Finished animations only: a bubble or toast fading in has, for an instant, too little contrast.
  // (Bounded: an animation in content the browser is not rendering does not advance.)
  await page.evaluate(() =>
    Promise.race([
      Promise.all(
        document
          .getAnimations()
          .filter((a) => a.effect?.getComputedTiming().iterations !== Infinity)
          .map((a) => a.finished.catch(() => undefined)),
      ),
      new Promise((resolve) => setTimeout(resolve, 1000)),
    ]),
  );
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[]; failureSummary?: string }[] }[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({
        id: v.id,
        impact: v.impact ?? '',
        help: v.help,
        nodes: v.nodes.map((n) => ({ target: n.target.map(String).join(' '), summary: (n.failureSummary ?? '').replace(/\s+/g, ' ').trim() })),
      }));
  });
  if (violations.length > 0) throw new Error(`Accessibility violations on ${where}:\n${formatViolations(violations)}`);
}

function formatViolations(violations: AxeViolation[]): string {
  return violations
    .map((v) => `- ${v.id} (${v.impact}): ${v.help}\n${v.nodes.map((n) => `    ${n.target}\n      ${n.summary}`).join('\n')}`)
    .join('\n');
}

/**
 * After a navigation: waits until the page has drawn its content (no spinner or skeleton left,
 * briefly), then checks its accessibility.
 */
export async function expectAccessiblePage(page: Page): Promise<void> {
  await page
    .waitForFunction(() => !document.querySelector('.page-spinner, .skeleton, [aria-busy="true"]'), undefined, { timeout: 10_000 })
    .catch(() => undefined);
  await expectAccessible(page);
}

/** Saves a PNG of the page under e2e/artifacts/ (and checks the page's accessibility first, unless it records a failure). */
export async function screenshot(page: Page, name: string, fullPage = false): Promise<string> {
  if (!name.endsWith('failure')) await expectAccessible(page, `${new URL(page.url()).pathname} (${name})`);
  await mkdir(artifactsDir, { recursive: true });
  const file = path.join(artifactsDir, `${name}.png`);
  // Let fonts and transitions settle so screenshots are stable.
  await page.evaluate(async (full) => {
    await document.fonts.ready;
    // Sticky bars would otherwise be drawn mid-page in a full-page capture.
    if (full) window.scrollTo(0, 0);
  }, fullPage);
  await page.waitForTimeout(250);
  await page.screenshot({ path: file, fullPage });
  return file;
}

/**
 * Fails if the page is wider than its viewport, i.e. it would scroll sideways, naming the elements
 * that stick out past the right edge so the failure says what to mend.
 */
export async function expectNoSidewaysScroll(page: Page, where = new URL(page.url()).pathname): Promise<void> {
  const found = await page.evaluate(() => {
    const root = document.documentElement;
    const width = root.clientWidth;
    const past = [...document.body.querySelectorAll('*')].filter((el) => {
      if (el.getBoundingClientRect().right <= width + 1) return false;
      // Inside a box that clips or scrolls sideways, an element does not widen the page.
      for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) if (getComputedStyle(up).overflowX !== 'visible') return false;
      return true;
    });
    // The innermost elements past the edge: their ancestors stick out only because of them.
    const innermost = past.filter((el) => !past.some((other) => other !== el && el.contains(other)));
    return {
      overflow: root.scrollWidth - width,
      culprits: innermost.slice(0, 5).map(
        (el) =>
          [el.parentElement ?? el, el].map((e) => `${e.tagName.toLowerCase()}${e.hasAttribute('data-testid') ? `[data-testid="${e.getAttribute('data-testid')}"]` : ''}${[...e.classList].slice(0, 2).map((c) => `.${c}`).join('')}`).join(' > ') +
          ` (right edge ${Math.round(el.getBoundingClientRect().right)} px)`,
      ),
    };
  });
  assert.ok(found.overflow <= 0, `${where} scrolls sideways by ${found.overflow} px at ${page.viewportSize()?.width} px wide; past the edge: ${found.culprits.join('; ') || 'nothing found'}`);
}

/** A username that no earlier run has taken. */
export function uniqueUsername(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}${Math.floor(Math.random() * 1000)}`.slice(0, 20);
}

/**
 * Signs a new member up through the API inside a browser context (so the context holds the
 * session cookie) and finishes onboarding, for tests that are not about sign-up itself.
 */
export async function signUpViaApi(context: BrowserContext, username: string, displayName: string): Promise<void> {
  const res = await context.request.post('/api/v1/auth/signup', {
    data: { username, displayName, password: 'a long and unusual passphrase' },
  });
  if (res.status() !== 201) throw new Error(`signup failed: ${res.status()} ${await res.text()}`);
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  const me = await context.request.patch('/api/v1/me', {
    headers: { 'X-CSRF-Token': csrfToken },
    data: { interests: [{ tag: 'yoga', skill: 'beginner' }], city: 'Beijing', lat: 39.9, lng: 116.4, onboarded: true },
  });
  if (me.status() !== 200) throw new Error(`onboarding failed: ${me.status()} ${await me.text()}`);
}

/** Starts the server and a browser before a file's tests and stops both after them. */
export function useServerAndBrowser(staff: Parameters<typeof startServerWithStaff>[0] = []): { server: RunningServer; browser: Browser } {
  const env = {} as { server: RunningServer; browser: Browser };
  before(async () => {
    // Staff are made on the server's command line (see startServerWithStaff).
    env.server = staff.length > 0 ? await startServerWithStaff(staff) : await startServer();
    env.browser = await launchBrowser();
  });
  after(async () => {
    await env.browser?.close();
    await env.server?.stop();
  });
  return env;
}

/** Waits for the page to reach a path matching `pattern`, then checks it with axe. */
export async function expectPath(page: Page, pattern: RegExp): Promise<void> {
  await page.waitForURL((url) => pattern.test(url.pathname), { timeout: 20_000 });
  await expectAccessiblePage(page);
}

/** A call to the API as the context's member, with its CSRF token. */
export async function apiAs<T = unknown>(context: BrowserContext, method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, data?: unknown): Promise<{ status: number; body: T }> {
  const session = (await (await context.request.get('/api/v1/session')).json()) as { csrfToken: string };
  const res = await context.request.fetch(`/api/v1${path}`, { method, headers: { 'X-CSRF-Token': session.csrfToken }, ...(data === undefined ? {} : { data }) });
  const text = await res.text();
  return { status: res.status(), body: (text ? JSON.parse(text) : null) as T };
}

/** Page errors that matter: a refused request (a 401, a 404 the flow expects) is logged by Chromium and is not one. */
export function realErrors(errors: string[]): string[] {
  return errors.filter((e) => !e.includes('Failed to load resource'));
}
