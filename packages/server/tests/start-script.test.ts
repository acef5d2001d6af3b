import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { freePort } from '../src/lib/free-port.js';

/**
 * `npm start` as an operator runs it: stopped by a process manager (SIGTERM to
 * npm) or by Ctrl-C in a terminal (SIGINT to the whole foreground group), it
 * must stop the server it started, free its port and exit, leaving nothing
 * behind. The web build is skipped (--no-build) to keep this quick.
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const linux = process.platform === 'linux';

/** Every process below `pid`, read from /proc. */
function descendants(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // Gone while listing.
    }
  }
  const found: number[] = [];
  const walk = (p: number) => {
    for (const child of children.get(p) ?? []) {
      found.push(child);
      walk(child);
    }
  };
  walk(pid);
  return found;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    // A zombie is dead but not yet reaped.
    return !/\) Z /.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

function portAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function waitFor<T>(what: string, probe: () => Promise<T | null> | T | null, ms = 90_000): Promise<T> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    const value = await probe();
    if (value !== null && value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function startNpm() {
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kindred-start-'));
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'warn', KINDRED_JOB_INTERVAL_MS: '60000', KINDRED_SEED_DEMO: 'false' };
  delete env.DATABASE_URL;
  delete env.NODE_ENV;
  // Its own process group, as a terminal gives a command it runs.
  const npm = spawn('npm', ['start', '--', '--no-build'], { cwd: root, env, detached: true, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  npm.stderr!.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) => npm.once('exit', (code, signal) => resolve({ code, signal })));
  await waitFor('the server to answer', async () => ((await fetch(`http://127.0.0.1:${port}/api/health`).catch(() => null))?.ok ? true : null));
  const tree = descendants(npm.pid!);
  assert.ok(tree.length >= 2, `npm runs the launcher, the launcher the server: ${tree.join(', ')}`);
  return { npm, port, dataDir, tree, exited, stderr: () => stderr };
}

async function expectAllStopped(run: Awaited<ReturnType<typeof startNpm>>, npm: ChildProcess) {
  const exit = await Promise.race([run.exited, new Promise<null>((r) => setTimeout(() => r(null), 30_000))]);
  try {
    assert.ok(exit, 'npm start exits once the server has stopped');
    assert.equal(exit.code, 0, `exits cleanly: ${run.stderr()}`);
    const left = run.tree.filter(alive);
    assert.deepEqual(left, [], 'no process it started is left running');
    assert.equal(await portAnswers(run.port), false, 'the port is free');
    assert.doesNotMatch(run.stderr(), /Shutdown failed/);
  } finally {
    for (const pid of [npm.pid!, ...run.tree]) if (alive(pid)) process.kill(pid, 'SIGKILL');
    fs.rmSync(run.dataDir, { recursive: true, force: true });
  }
}

test('SIGTERM to npm start stops the server it started and frees the port', { skip: !linux && 'reads /proc' }, async () => {
  const run = await startNpm();
  process.kill(run.npm.pid!, 'SIGTERM');
  await expectAllStopped(run, run.npm);
});

test('Ctrl-C (SIGINT to the whole group) stops the server once, cleanly', { skip: !linux && 'reads /proc' }, async () => {
  const run = await startNpm();
  process.kill(-run.npm.pid!, 'SIGINT');
  await expectAllStopped(run, run.npm);
});

test('the launcher killed outright (SIGKILL): the server it started notices, stops cleanly and frees the port', { skip: !linux && 'reads /proc' }, async () => {
  const run = await startNpm();
  const [launcher, server] = run.tree;
  try {
    process.kill(launcher!, 'SIGKILL');
    await waitFor('the server to stop', () => (alive(server!) ? null : true), 30_000);
    assert.equal(await portAnswers(run.port), false, 'the port is free');
    assert.doesNotMatch(run.stderr(), /Shutdown failed/);
  } finally {
    for (const pid of [run.npm.pid!, ...run.tree]) if (alive(pid)) process.kill(pid, 'SIGKILL');
    fs.rmSync(run.dataDir, { recursive: true, force: true });
  }
});
