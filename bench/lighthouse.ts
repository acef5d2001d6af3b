/**
 * npm run lighthouse [-- --build] [--runs 3] [--out BENCHMARKS.md] [--chromium /usr/bin/chromium] [--only group,activity] [--reports dir]
 *
 * Audits the web app as a phone sees it: starts Kindred in production mode on the embedded
 * database with the demo community (a fresh data directory), then runs Lighthouse (mobile form
 * factor, its default simulated throttling) in Debian's Chromium against the landing page, a
 * group page, an activity page and the companions page, and writes the scores into the
 * Lighthouse section of BENCHMARKS.md (between its markers; the rest of the file is left as it is).
 *
 * It serves the existing build in packages/web/dist; `--build` (or a missing build) runs
 * `npm run build:web` first.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { freePort } from '../packages/server/src/lib/free-port.js';

const root = fileURLToPath(new URL('../', import.meta.url));
const { values: args } = parseArgs({
  options: {
    build: { type: 'boolean', default: false },
    runs: { type: 'string', default: '3' },
    out: { type: 'string', default: path.join(root, 'BENCHMARKS.md') },
    chromium: { type: 'string', default: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' },
    only: { type: 'string' },
    /** A directory to keep each page's full Lighthouse report (JSON) in, for a closer look. */
    reports: { type: 'string' },
  },
});

const START = '<!-- lighthouse:start -->';
const END = '<!-- lighthouse:end -->';
const TARGETS = { performance: 90, accessibility: 95, seo: 95 };
const DEMO = { username: 'demo', password: 'kindred-demo' };

interface PageToAudit {
  name: string;
  path: string;
  /** Whether the page needs a signed-in member (the demo account); the others are public pages, which search engines index. */
  signedIn: boolean;
}

interface PageResult {
  page: PageToAudit;
  scores: Record<'performance' | 'accessibility' | 'best-practices' | 'seo', number>;
  metrics: { fcp: number; lcp: number; tbt: number; cls: number; si: number };
  /** Failed audits of the accessibility category, for the console. */
  a11yFailures: string[];
  /** The performance opportunities worth most, for the console. */
  opportunities: string[];
  /** Lighthouse's measure of this machine's CPU speed during the run (a busy machine scores lower, and so do pages). */
  benchmarkIndex: number;
}


function ensureBuild() {
  const index = path.join(root, 'packages/web/dist/index.html');
  if (!args.build && fs.existsSync(index)) return;
  console.log('Building the web app (npm run build:web)…');
  const result = spawnSync('npm', ['run', 'build:web'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) throw new Error('npm run build:web failed');
}

async function startKindred(): Promise<{ url: string; stop: () => Promise<void>; log: () => string }> {
  const port = await freePort();
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'kindred-lighthouse-'));
  const output: string[] = [];
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'packages/server/src/index.ts')], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: String(port),
      DATA_DIR: dataDir,
      DATABASE_URL: '',
      REDIS_URL: '',
      KINDRED_SEED_DEMO: 'true',
      KINDRED_WEBHOOK_SECRET: crypto.randomBytes(24).toString('hex'),
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  const log = () => output.join('');
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await new Promise((resolve) => child.once('exit', resolve));
      clearTimeout(timer);
    }
    await rm(dataDir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`Kindred exited with code ${child.exitCode}:\n${log()}`);
    const ok = await fetch(`${url}/api/health`).then((r) => r.ok, () => false);
    if (ok) return { url, stop, log };
    await new Promise((r) => setTimeout(r, 300));
  }
  await stop();
  throw new Error(`Kindred did not become healthy:\n${log()}`);
}

async function signInAsDemo(url: string): Promise<string> {
  const res = await fetch(`${url}/api/v1/auth/signin`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(DEMO),
  });
  if (!res.ok) throw new Error(`Signing in as ${DEMO.username} failed: ${res.status} ${await res.text()}`);
  const cookies = res.headers.getSetCookie().map((c) => c.split(';')[0]);
  if (cookies.length === 0) throw new Error('Signing in set no cookie');
  return cookies.join('; ');
}

/** The demo community's busiest group in Beijing and an activity near it, as a visitor would open them. */
async function pickPages(url: string, cookie: string): Promise<PageToAudit[]> {
  const get = async <T>(p: string): Promise<T> => {
    const res = await fetch(`${url}/api/v1${p}`, { headers: { cookie } });
    if (!res.ok) throw new Error(`GET ${p}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };
  // The demo's photos are drawn in the background after its first start: audit pages as they look once they have them.
  let groups = await get<{ items: { id: number; cover: unknown }[] }>('/groups?city=Beijing&sort=popular&limit=5');
  for (let waited = 0; groups.items.some((g) => !g.cover) || (await get<{ avatar: unknown }>('/me')).avatar === null; waited += 1000) {
    if (waited > 180_000) throw new Error('The demo photos were not drawn within three minutes');
    await new Promise((resolve) => setTimeout(resolve, 1000));
    groups = await get('/groups?city=Beijing&sort=popular&limit=5');
  }
  const activities = await get<{ items: { id: number }[] }>('/activities/nearby?lat=39.9&lng=116.4&radiusKm=100&limit=5');
  const group = groups.items[0];
  const activity = activities.items[0];
  if (!group || !activity) throw new Error('The demo community has no group or activity around Beijing');
  const [post] = (await get<{ items: { id: number; author: { username: string } | null }[] }>(`/groups/${group.id}/posts?limit=1`)).items;
  if (!post?.author) throw new Error('The demo group has no post');
  return [
    { name: 'front page', path: '/', signedIn: false },
    { name: 'group', path: `/groups/${group.id}`, signedIn: false },
    { name: 'activity', path: `/activities/${activity.id}`, signedIn: false },
    { name: 'post', path: `/posts/${post.id}`, signedIn: false },
    { name: 'profile', path: `/u/${post.author.username}`, signedIn: false },
    { name: 'home feed', path: '/', signedIn: true },
    { name: 'companions', path: '/companions', signedIn: true },
  ];
}

async function audit(port: number, url: string, page: PageToAudit, cookie: string): Promise<PageResult> {
  const result = await lighthouse(
    url + page.path,
    {
      port,
      output: 'json',
      logLevel: 'error',
      onlyCategories: ['performance', 'accessibility', 'best-practices', 'seo'],
      // The session cookie rides on every request; the rest of the storage is reset as usual.
      extraHeaders: page.signedIn ? { Cookie: cookie } : undefined,
    },
    // The default configuration: mobile form factor, Moto G Power screen, simulated slow 4G and 4× CPU slowdown.
    undefined,
  );
  if (!result) throw new Error(`Lighthouse returned nothing for ${page.path}`);
  const lhr = result.lhr;
  if (args.reports) {
    fs.mkdirSync(args.reports, { recursive: true });
    fs.writeFileSync(path.join(args.reports, `${page.path.replace(/\W+/g, '-').replace(/^-|-$/g, '') || 'landing'}${page.signedIn ? '-signed-in' : ''}.json`), JSON.stringify(lhr));
  }
  if (lhr.runtimeError) throw new Error(`Lighthouse failed on ${page.path}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
  const finalUrl = new URL(lhr.finalDisplayedUrl);
  if (finalUrl.pathname !== page.path) throw new Error(`${page.path} ended on ${finalUrl.pathname} (signed out?)`);
  const score = (id: string) => Math.round((lhr.categories[id]?.score ?? 0) * 100);
  const numeric = (id: string) => lhr.audits[id]?.numericValue ?? NaN;
  const a11yFailures = (lhr.categories.accessibility?.auditRefs ?? [])
    .filter((ref) => ref.weight > 0 && lhr.audits[ref.id]?.score !== null && (lhr.audits[ref.id]?.score ?? 1) < 1)
    .map((ref) => `${ref.id}: ${lhr.audits[ref.id]?.title}`);
  const opportunities = Object.values(lhr.audits)
    .filter((a) => a.details?.type === 'opportunity' && (a.numericValue ?? 0) > 50)
    .sort((a, b) => (b.numericValue ?? 0) - (a.numericValue ?? 0))
    .map((a) => `${a.id}: ${a.displayValue ?? ''}`.trim());
  return {
    page,
    scores: { performance: score('performance'), accessibility: score('accessibility'), 'best-practices': score('best-practices'), seo: score('seo') },
    metrics: {
      fcp: numeric('first-contentful-paint'),
      lcp: numeric('largest-contentful-paint'),
      tbt: numeric('total-blocking-time'),
      cls: numeric('cumulative-layout-shift'),
      si: numeric('speed-index'),
    },
    a11yFailures,
    opportunities,
    benchmarkIndex: Math.round(lhr.environment.benchmarkIndex),
  };
}

/** Of several runs of a page, the one with the median performance score (Lighthouse's own advice for variance). */
function median(results: PageResult[]): PageResult {
  const sorted = [...results].sort((a, b) => a.scores.performance - b.scores.performance);
  return sorted[Math.floor((sorted.length - 1) / 2)]!;
}

function section(results: PageResult[], runs: number, chromiumVersion: string): string {
  const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  const met = (r: PageResult) => (meets(r) ? 'yes' : '**no**');
  const lines = [
    START,
    '## Web app on a phone (Lighthouse)',
    '',
    `Produced by \`npm run lighthouse${runs !== 3 ? ` -- --runs ${runs}` : ''}\` on ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC; do not edit by hand.`,
    '',
    `- **Method:** Lighthouse ${lighthouseVersion()} in ${chromiumVersion}, mobile form factor with its default simulated throttling (slow 4G, 4× CPU slowdown), against Kindred in production mode on the embedded database with the demo community, served from one process on this machine (${os.cpus().length} × ${os.cpus()[0]?.model.split(' ').slice(0, 2).join(' ') ?? 'CPU'}). Pages marked "signed in" are loaded with the demo member's session.${runs > 1 ? ` Each page ran ${runs} times; the run with the median performance score is shown.` : ''}`,
    `- **CPU:** Lighthouse's benchmark index during the shown runs was ${Math.min(...results.map((r) => r.benchmarkIndex))}–${Math.max(...results.map((r) => r.benchmarkIndex))} (its simulation multiplies the CPU time it observes by 4, so a machine shared with other work scores lower).`,
    `- **Targets:** performance ≥ ${TARGETS.performance} and accessibility ≥ ${TARGETS.accessibility} on every page; SEO ≥ ${TARGETS.seo} on the public pages (the signed-in ones ask search engines not to index them).`,
    '',
    '| page | path | performance | accessibility | best practices | SEO | FCP | LCP | TBT | CLS | target met |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|',
    ...results.map(
      (r) =>
        `| ${r.page.name}${r.page.signedIn ? ' (signed in)' : ''} | \`${r.page.path}\` | ${r.scores.performance} | ${r.scores.accessibility} | ${r.scores['best-practices']} | ${r.scores.seo} | ${s(r.metrics.fcp)} | ${s(r.metrics.lcp)} | ${Math.round(r.metrics.tbt)} ms | ${r.metrics.cls.toFixed(3)} | ${met(r)} |`,
    ),
    END,
  ];
  return lines.join('\n');
}

function meets(r: PageResult) {
  return r.scores.performance >= TARGETS.performance && r.scores.accessibility >= TARGETS.accessibility && (r.page.signedIn || r.scores.seo >= TARGETS.seo);
}

function lighthouseVersion(): string {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'node_modules/lighthouse/package.json'), 'utf8')) as { version: string };
  return pkg.version;
}

/** Replaces the Lighthouse section of the file, or adds it before the analysis (or at the end) the first time. */
function writeSection(file: string, text: string) {
  const current = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '# Benchmarks\n';
  const start = current.indexOf(START);
  const end = current.indexOf(END);
  let next: string;
  if (start !== -1 && end > start) {
    next = current.slice(0, start) + text + current.slice(end + END.length);
  } else {
    const analysis = current.search(/^## Analysis/m);
    next = analysis === -1 ? `${current.trimEnd()}\n\n${text}\n` : `${current.slice(0, analysis)}${text}\n\n${current.slice(analysis)}`;
  }
  fs.writeFileSync(file, next);
}

/**
 * One audit, run again (up to twice) when Chrome lost the page load's trace (NO_NAVSTART, NO_FCP on a
 * busy machine), which Lighthouse itself answers with "run Lighthouse again"; any other failure stands.
 */
async function auditAgainIfTraceLost(...params: Parameters<typeof audit>): Promise<PageResult> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await audit(...params);
    } catch (error) {
      if (attempt >= 3 || !/NO_NAVSTART|NO_FCP|run Lighthouse again/.test(String(error))) throw error;
      console.log(`    ${String(error).split('\n')[0]}: running it again`);
    }
  }
}

async function main() {
  if (!fs.existsSync(args.chromium!)) throw new Error(`No Chromium at ${args.chromium} (apt-get install chromium, or pass --chromium).`);
  const runs = Math.max(1, Number(args.runs) || 1);
  ensureBuild();
  const kindred = await startKindred();
  const chrome = await chromeLauncher.launch({
    chromePath: args.chromium,
    chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const versionInfo = (await (await fetch(`http://127.0.0.1:${chrome.port}/json/version`)).json()) as { Browser: string };
    const cookie = await signInAsDemo(kindred.url);
    let pages = await pickPages(kindred.url, cookie);
    if (args.only) pages = pages.filter((p) => args.only!.split(',').some((o) => p.name.startsWith(o)));
    // One unmeasured load warms the server (and its caches) so the first page is not penalised.
    await audit(chrome.port, kindred.url, pages[0]!, cookie).catch(() => undefined);
    const results: PageResult[] = [];
    for (const page of pages) {
      const attempts: PageResult[] = [];
      for (let i = 0; i < runs; i++) attempts.push(await auditAgainIfTraceLost(chrome.port, kindred.url, page, cookie));
      const chosen = median(attempts);
      results.push(chosen);
      const m = chosen.metrics;
      console.log(
        `${page.name.padEnd(22)} perf ${chosen.scores.performance} (runs: ${attempts.map((a) => a.scores.performance).join(', ')})  a11y ${chosen.scores.accessibility}  bp ${chosen.scores['best-practices']}  seo ${chosen.scores.seo}  ` +
          `FCP ${Math.round(m.fcp)} ms  LCP ${Math.round(m.lcp)} ms  TBT ${Math.round(m.tbt)} ms  CLS ${m.cls.toFixed(3)}  SI ${Math.round(m.si)} ms  CPU index ${chosen.benchmarkIndex}`,
      );
      for (const f of chosen.a11yFailures) console.log(`    accessibility: ${f}`);
      for (const o of chosen.opportunities.slice(0, 4)) console.log(`    opportunity: ${o}`);
    }
    if (!args.only) {
      writeSection(args.out!, section(results, runs, versionInfo.Browser.replace('/', ' ')));
      console.log(`Wrote the Lighthouse section of ${path.relative(process.cwd(), args.out!) || args.out}`);
    }
    const missed = results.filter((r) => !meets(r));
    if (missed.length > 0) {
      console.log(`Targets missed on: ${missed.map((r) => r.page.name).join(', ')}`);
      process.exitCode = 1;
    }
  } finally {
    await chrome.kill();
    await kindred.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
