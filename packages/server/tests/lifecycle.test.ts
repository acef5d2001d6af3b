import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, test } from 'node:test';
import pg from 'pg';
import { ConfigError, loadConfig } from '../src/config/config.js';
import { freePort } from '../src/lib/free-port.js';

const entry = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../src/index.ts');
const embeddedOnly = { skip: process.env.DATABASE_URL ? 'covers the embedded database' : false };


interface Proc {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function launch(env: Record<string, string>): Proc {
  const child = spawn(process.execPath, ['--import', 'tsx', entry], {
    env: { ...process.env, DATABASE_URL: '', LOG_LEVEL: 'warn', KINDRED_SEED_DEMO: 'false', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

async function waitForHealth(port: number, proc: Proc) {
  // Generous: a loaded machine may take a while to start a server.
  for (let i = 0; i < 900; i++) {
    if (proc.child.exitCode !== null) throw new Error(`server exited: ${proc.output()}`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/api/health`);
      if (res.status === 200) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  proc.child.kill('SIGKILL');
  throw new Error(`server did not become healthy: ${proc.output()}`);
}

describe('configuration', () => {
  test('bad values stop the start with a message naming the variable', () => {
    const cases: [Record<string, string>, RegExp][] = [
      [{ PORT: 'eighty' }, /PORT/],
      [{ PORT: '70000' }, /PORT/],
      [{ DATABASE_URL: 'mysql://x' }, /DATABASE_URL/],
      [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL/],
      [{ KINDRED_SEED_DEMO: 'perhaps' }, /KINDRED_SEED_DEMO/],
      [{ KINDRED_RATE_LIMIT_AUTH: '0' }, /KINDRED_RATE_LIMIT_AUTH/],
      [{ KINDRED_WORKERS: '2' }, /KINDRED_WORKERS above 1 needs DATABASE_URL/],
      [{ KINDRED_WORKERS: '0', DATABASE_URL: 'postgres://x/y' }, /KINDRED_WORKERS/],
      [{ DATABASE_URL: 'postgres://x/y', DATABASE_REPLICA_URL: 'mysql://x' }, /DATABASE_REPLICA_URL must start with postgres/],
      [{ DATABASE_REPLICA_URL: 'postgres://replica/y' }, /DATABASE_REPLICA_URL needs DATABASE_URL/],
      [{ KINDRED_EVENT_BUS: 'kafka' }, /KINDRED_EVENT_BUS must be postgres or redis/],
      [{ KINDRED_EVENT_BUS: 'redis' }, /KINDRED_EVENT_BUS=redis needs REDIS_URL/],
    ];
    for (const [env, message] of cases) {
      assert.throws(() => loadConfig({}, env), (error: unknown) => error instanceof ConfigError && message.test(error.message));
    }
    const config = loadConfig({}, { PORT: '8080', DATA_DIR: '/tmp/x' });
    assert.equal(config.port, 8080);
    assert.equal(config.dataDir, '/tmp/x');
    assert.equal(config.databaseUrl, null);
    assert.equal(config.databaseReplicaUrl, null);
    assert.equal(loadConfig({}, { DATABASE_URL: 'postgres://x/y', DATABASE_REPLICA_URL: ' postgres://replica/y ' }).databaseReplicaUrl, 'postgres://replica/y');
    assert.equal(config.eventBus, 'postgres');
    assert.equal(loadConfig({}, { KINDRED_EVENT_BUS: 'redis', REDIS_URL: 'redis://127.0.0.1:6379' }).eventBus, 'redis');
  });

  test('the server process refuses a bad PORT with a clear message', async () => {
    const proc = launch({ PORT: 'not-a-port', DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'kindred-cfg-')) });
    assert.equal(await proc.exited, 2);
    assert.match(proc.output(), /PORT must be a whole number/);
  });
});

describe('embedded database lifecycle', embeddedOnly, () => {
  test('data survives a restart; a second server on the same folder refuses; SIGTERM drains and closes', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kindred-life-'));
    const port = await freePort();
    // At info level it says when it has taken SIGTERM, which the drain below waits for.
    const first = launch({ PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: 'info' });
    await waitForHealth(port, first);
    const signup = await fetch(`http://127.0.0.1:${port}/api/v1/auth/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'persistent', displayName: 'P', password: 'correct horse battery staple' }),
    });
    assert.equal(signup.status, 201);

    // A second process on the same data folder must not start.
    const second = launch({ PORT: String(await freePort()), DATA_DIR: dataDir });
    assert.equal(await second.exited, 3);
    assert.match(second.output(), /Another Kindred server \(pid \d+\) is using the data folder/);

    // On one connection: a slow sign-in is in flight when SIGTERM arrives (argon2 takes a while),
    // then another request comes in. The first completes; the second is refused with 503.
    const socket = net.connect(port, '127.0.0.1');
    let raw = '';
    socket.on('data', (d) => (raw += d));
    const closed = new Promise((resolve) => socket.on('close', resolve));
    const body = JSON.stringify({ username: 'persistent', password: 'correct horse battery staple' });
    socket.write(`POST /api/v1/auth/signin HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
    await new Promise((r) => setTimeout(r, 15));
    first.child.kill('SIGTERM');
    // The next request goes in once the server has taken the signal (a fixed pause lost the race on a loaded machine).
    for (let i = 0; i < 1000 && !first.output().includes('SIGTERM: finishing requests in flight'); i++) await new Promise((r) => setTimeout(r, 10));
    socket.write('GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    await closed;
    const statuses = [...raw.matchAll(/HTTP\/1\.1 (\d{3})/g)].map((m) => m[1]);
    assert.deepEqual(statuses, ['200', '503'], raw);
    assert.match(raw, /"code":"service_unavailable"/);
    assert.equal(await first.exited, 0);
    assert.ok(!fs.existsSync(path.join(dataDir, 'kindred.lock')), 'the lock is released');

    // Restarted on the same folder, the member is still there.
    const third = launch({ PORT: String(port), DATA_DIR: dataDir });
    await waitForHealth(port, third);
    const signin = await fetch(`http://127.0.0.1:${port}/api/v1/auth/signin`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'persistent', password: 'correct horse battery staple' }),
    });
    assert.equal(signin.status, 200);
    third.child.kill('SIGTERM');
    assert.equal(await third.exited, 0);
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  test('a lock left by a dead process does not block the next start', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kindred-stale-'));
    // A pid that cannot be alive: above the kernel's pid_max default.
    fs.writeFileSync(path.join(dataDir, 'kindred.lock'), '4194999');
    const port = await freePort();
    const proc = launch({ PORT: String(port), DATA_DIR: dataDir });
    await waitForHealth(port, proc);
    proc.child.kill('SIGTERM');
    assert.equal(await proc.exited, 0);
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
});


describe('several worker processes', { skip: process.env.DATABASE_URL ? false : 'needs DATABASE_URL: the embedded database lives in one process' }, () => {
  test('KINDRED_WORKERS=2 serves one port from two processes; a worker that dies is replaced; SIGTERM stops them all', async () => {
    const base = process.env.DATABASE_URL!;
    const name = `kindred_workers_${process.pid}`;
    const admin = new pg.Client({ connectionString: base });
    await admin.connect();
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.query(`create database ${name}`);
    const url = new URL(base);
    url.pathname = `/${name}`;
    const port = await freePort();
    const proc = launch({ DATABASE_URL: url.toString(), KINDRED_WORKERS: '2', PORT: String(port), LOG_LEVEL: 'info' });
    // Each worker logs (with its pid) when it is ready.
    const readyPids = () => [...proc.output().matchAll(/"pid":(\d+)[^\n]*Kindred is ready/g)].map((m) => Number(m[1]));
    const waitForReady = async (count: number) => {
      for (let i = 0; i < 1200 && readyPids().length < count; i++) {
        if (proc.child.exitCode !== null) throw new Error(`server exited: ${proc.output()}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      assert.equal(readyPids().length, count, proc.output());
    };
    // Each check on a new connection: one kept alive to a worker that was killed would fail with it.
    const health = () =>
      new Promise<number>((resolve, reject) =>
        http.get({ host: '127.0.0.1', port, path: '/api/health', agent: false }, (res) => (res.resume(), resolve(res.statusCode!))).on('error', reject),
      );
    try {
      await waitForReady(2);
      const [first, second] = readyPids();
      assert.notEqual(first, second, 'two processes');
      assert.ok(![first, second].includes(proc.child.pid!), 'the workers are not the starting process');
      assert.equal(await health(), 200);

      process.kill(first!, 'SIGKILL');
      // Once the starting process has seen it go, new connections go to the other worker.
      for (let i = 0; i < 300 && !proc.output().includes('exited (SIGKILL)'); i++) await new Promise((r) => setTimeout(r, 100));
      for (let i = 0; i < 5; i++) assert.equal(await health(), 200, 'the other worker serves meanwhile');
      await waitForReady(3);
      const replacement = readyPids()[2]!;
      assert.ok(![first, second].includes(replacement), 'a new worker took its place');

      proc.child.kill('SIGTERM');
      assert.equal(await proc.exited, 0, proc.output());
      for (const pid of [second!, replacement]) assert.throws(() => process.kill(pid, 0), /ESRCH/, `worker ${pid} has exited`);
    } finally {
      proc.child.kill('SIGKILL');
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
    }
  });
});
