/**
 * Live delivery across server instances, per event bus (npm run bench, `--only live`).
 *
 * Four Kindred instances (separate processes on separate ports, one PostgreSQL database) carry a room's
 * messages to 2,000 sockets spread evenly over them: first with live events on PostgreSQL's LISTEN/NOTIFY,
 * then, in the same run, with the same four restarted on Redis pub/sub (KINDRED_EVENT_BUS=redis). Each room
 * message is one event that every instance receives and delivers to its own readers of the room. The room
 * is that of a private group of 5,000 members made for the measurement (inserted by SQL, deleted afterwards
 * with everything it cascades to); the connected sockets are 2,000 of its members with bench sessions.
 * Messages are sent through the instances in turn, and every socket's copy is timed from its POST being sent
 * (see room-delivery.ts for the ways of sending and the counting).
 *
 * The baseline is the bare `ws` broadcast (bench/broadcast-server.ts) in four processes linked by Redis, with
 * as many sockets spread the same way: no session, no database, no access check; measured before and after
 * Kindred's two buses and averaged.
 */
import crypto from 'node:crypto';
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { performance } from 'node:perf_hooks';
import { Redis } from 'ioredis';
import pg from 'pg';
import { averaged, backToBack, DELIVERY_TABLE_HEAD, describe, fillRoomGroup, fmt, openSockets, post, Recipients, session, steady, deliveryClean, type DeliveryMeasurement, type Side } from './room-delivery.js';

export const INSTANCES = 4;
export const LIVE_SOCKETS = 2_000;
const ROOM_MEMBERS = 5_000;
/** Messages a second in the steady rows: 2,000 sockets make it 10,000 deliveries a second. */
export const LIVE_STEADY_RATE = 5;
const WARMUP_SECONDS = 3;
const GROUP_NAME = 'npm run bench: live delivery across instances (temporary)';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

export type LiveSide = 'bare' | 'postgres' | 'redis';

export interface LiveDeliveryRow {
  mode: 'steady' | 'back to back';
  inFlight: number;
  bare: DeliveryMeasurement;
  postgres: DeliveryMeasurement;
  redis: DeliveryMeasurement;
}

/** One bus alone: events a second through it to every listener, and commit → receipt latency. */
export interface BusAloneRow {
  bus: 'postgres' | 'redis';
  writers: number;
  events: number;
  /** Events every listener received, per second. */
  rate: number;
  p50: number;
  p99: number;
}

export interface LiveDeliveryResult {
  busAlone: BusAloneRow[];
  instances: number;
  sockets: number;
  members: number;
  senders: number;
  seconds: number;
  rows: LiveDeliveryRow[];
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.once('error', reject);
  });
}

interface Started {
  url: string;
  child: ChildProcess;
}

async function startProcesses(name: string, root: string, entry: string, env: (index: number) => Record<string, string>, ready: string): Promise<Started[]> {
  const started: Started[] = [];
  for (let index = 0; index < INSTANCES; index++) {
    const port = await freePort();
    const child = spawn(process.execPath, ['--import', 'tsx', entry], { cwd: root, env: { ...process.env, ...env(index), PORT: String(port) }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout!.on('data', (d) => (output = (output + d).slice(-20_000)));
    child.stderr!.on('data', (d) => (output = (output + d).slice(-20_000)));
    const url = `http://127.0.0.1:${port}`;
    started.push({ url, child });
    const deadline = Date.now() + 120_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`${name} ${index} exited:\n${output}`);
      if (await fetch(`${url}${ready}`).then((r) => r.status < 500).catch(() => false)) break;
      if (Date.now() > deadline) throw new Error(`${name} ${index} did not start:\n${output}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  return started;
}

async function stopProcesses(started: Started[]) {
  await Promise.all(
    started.map(
      ({ child }) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null) return resolve();
          child.once('exit', () => resolve());
          child.kill('SIGTERM');
          setTimeout(() => child.kill('SIGKILL'), 15_000).unref();
        }),
    ),
  );
}

/** The Kindred instances on one bus, each a whole server with a pool of 5 connections; their job runners stay idle while measuring. */
function kindredEnv(benchUrl: string, bus: 'postgres' | 'redis') {
  return (): Record<string, string> => ({
    NODE_ENV: 'production',
    DATABASE_URL: benchUrl,
    LOG_LEVEL: 'warn',
    KINDRED_SEED_DEMO: 'false',
    KINDRED_WORKERS: '1',
    KINDRED_DB_POOL: '5',
    KINDRED_JOB_INTERVAL_MS: '600000',
    KINDRED_RATE_LIMIT_AUTH: '1000000',
    KINDRED_WRITE_LIMITS: '1000000',
    KINDRED_WEBHOOK_SECRET: crypto.randomBytes(24).toString('hex'),
    KINDRED_EVENT_BUS: bus,
    ...(bus === 'redis' ? { REDIS_URL } : {}),
  });
}

const wsOf = (url: string) => url.replace(/^http/, 'ws');

/** Measures one side steady, then back to back at each count of senders in flight, after a short warm-up. */
async function measureSide(side: Side, recipients: Recipients, seconds: number, inFlight: number[], label: string) {
  await steady(side, recipients, LIVE_STEADY_RATE, WARMUP_SECONDS);
  const out: DeliveryMeasurement[] = [];
  for (const mode of [{ mode: 'steady' as const, n: LIVE_STEADY_RATE }, ...inFlight.map((n) => ({ mode: 'back to back' as const, n }))]) {
    const m = mode.mode === 'steady' ? await steady(side, recipients, mode.n, seconds) : await backToBack(side, recipients, mode.n, seconds);
    console.log(`${label} ${mode.mode} ${mode.mode === 'steady' ? `${mode.n} msg/s` : `@${mode.n}`}: ${describe(m)}`);
    out.push(m);
    await new Promise((r) => setTimeout(r, 1000));
  }
  return out;
}

/**
 * Bare broadcast, Kindred on PostgreSQL NOTIFY, Kindred on Redis, bare broadcast again; the group is deleted
 * afterwards and every process stopped, whatever happens.
 */
export async function measureLiveDelivery(options: { root: string; benchUrl: string; sessionUsers: number[]; seconds: number; inFlight: number[] }): Promise<LiveDeliveryResult> {
  const { root, benchUrl, seconds, inFlight } = options;
  const members = options.sessionUsers.slice(0, LIVE_SOCKETS);
  // A member may be connected from several devices: with fewer bench members than sockets, some have two.
  const socketUsers = Array.from({ length: LIVE_SOCKETS }, (_, i) => members[i % members.length]!);
  const db = new pg.Client({ connectionString: benchUrl });
  await db.connect();
  const running: Started[] = [];
  let groupId: number | null = null;
  try {
    const owner = members[0]!;
    const made = await fillRoomGroup(db, GROUP_NAME, 'Made by npm run bench for the live delivery rows and deleted after them.', members);
    groupId = made.groupId;
    // A sender blocked by (or blocking) a connected member would owe them nothing; such members only listen.
    const senders = made.senders.slice(0, 200);

    const bareSide = async (label: string) => {
      const bare = await startProcesses('broadcast baseline', root, 'bench/broadcast-server.ts', () => ({ REDIS_URL }), '/health');
      running.push(...bare);
      try {
        const recipients = new Recipients(await openSockets(socketUsers.map((_, i) => ({ url: `${wsOf(bare[i % INSTANCES]!.url)}/live`, headers: {} }))));
        try {
          const side: Side = { name: 'bare', senders: INSTANCES, send: (sender, clientId, body) => post(`${bare[sender % INSTANCES]!.url}/broadcast`, {}, { clientId, body }) };
          return await measureSide(side, recipients, seconds, inFlight, `bare broadcast (${label})`);
        } finally {
          recipients.close();
        }
      } finally {
        await stopProcesses(bare);
      }
    };

    const kindredSide = async (bus: 'postgres' | 'redis') => {
      console.log(`Live delivery: starting ${INSTANCES} Kindred instances on the ${bus} bus…`);
      const instances = await startProcesses(`Kindred (${bus})`, root, 'packages/server/src/index.ts', kindredEnv(benchUrl, bus), '/api/health');
      running.push(...instances);
      try {
        const response = await fetch(`${instances[0]!.url}/api/v1/groups/${groupId}/room`, { method: 'PUT', headers: session(owner) });
        const room = (await response.json()) as { id?: number };
        if (response.status !== 200 || !room.id) throw new Error(`opening the room answered ${response.status}: ${JSON.stringify(room)}`);
        console.log(`Live delivery: room ${room.id}; connecting ${LIVE_SOCKETS} sockets over ${INSTANCES} instances…`);
        const recipients = new Recipients(
          await openSockets(socketUsers.map((user, i) => ({ url: `${wsOf(instances[i % INSTANCES]!.url)}/api/v1/realtime`, headers: { cookie: `kindred_session=bench-session-${user}` } }))),
        );
        try {
          const side: Side = {
            name: bus,
            senders: senders.length,
            send: (sender, clientId, body) => post(`${instances[sender % INSTANCES]!.url}/api/v1/rooms/${room.id}/messages`, session(senders[sender]!), { body, clientId }),
          };
          return await measureSide(side, recipients, seconds, inFlight, `room message, ${bus} bus`);
        } finally {
          recipients.close();
        }
      } finally {
        await stopProcesses(instances);
      }
    };

    const busAlone = [await measureBusAlone(benchUrl, 'postgres', seconds), await measureBusAlone(benchUrl, 'redis', seconds)];
    const before = await bareSide('before');
    const postgres = await kindredSide('postgres');
    const redis = await kindredSide('redis');
    const after = await bareSide('after');
    const modes = [{ mode: 'steady' as const, inFlight: LIVE_STEADY_RATE }, ...inFlight.map((n) => ({ mode: 'back to back' as const, inFlight: n }))];
    return {
      busAlone,
      instances: INSTANCES,
      sockets: LIVE_SOCKETS,
      members: ROOM_MEMBERS,
      senders: senders.length,
      seconds,
      rows: modes.map((m, i) => ({ ...m, bare: averaged(before[i]!, after[i]!), postgres: postgres[i]!, redis: redis[i]! })),
    };
  } finally {
    await stopProcesses(running);
    if (groupId !== null) await db.query('delete from groups where id = $1', [groupId]);
    else await db.query('delete from groups where name = $1', [GROUP_NAME]);
    await db.end();
  }
}

const BUS_WRITERS = 10;
const BENCH_CHANNEL = 'kindred_bench_bus';

/**
 * The bus alone, with no server: BUS_WRITERS connections commit one transaction per event back to back (on
 * PostgreSQL a NOTIFY inside it; on Redis an empty one and a PUBLISH after its COMMIT, as the Redis bus does),
 * and INSTANCES listeners (LISTEN connections, or Redis subscribers) receive a room-message-sized payload.
 */
async function measureBusAlone(benchUrl: string, bus: 'postgres' | 'redis', seconds: number): Promise<BusAloneRow> {
  const pool = new pg.Pool({ connectionString: benchUrl, max: BUS_WRITERS });
  const listeners: pg.Client[] = [];
  const subscribers: Redis[] = [];
  const publisher = bus === 'redis' ? new Redis(REDIS_URL) : null;
  const sentAt = new Map<number, number>();
  const heard = new Map<number, number>();
  const latencies: number[] = [];
  const receive = (payload: string) => {
    const at = performance.now();
    const id = (JSON.parse(payload) as { id: number }).id;
    latencies.push(at - sentAt.get(id)!);
    heard.set(id, (heard.get(id) ?? 0) + 1);
  };
  try {
    for (let i = 0; i < INSTANCES; i++) {
      if (bus === 'postgres') {
        const client = new pg.Client({ connectionString: benchUrl });
        await client.connect();
        client.on('notification', (m) => m.payload && receive(m.payload));
        await client.query(`LISTEN ${BENCH_CHANNEL}`);
        listeners.push(client);
      } else {
        const subscriber = new Redis(REDIS_URL);
        await subscriber.subscribe(BENCH_CHANNEL);
        subscriber.on('message', (_channel: string, payload: string) => receive(payload));
        subscribers.push(subscriber);
      }
    }
    const body = 'Meeting at the north gate at seven, bring water and a hat';
    let next = 0;
    let first = Infinity;
    let last = 0;
    const until = performance.now() + seconds * 1000;
    await Promise.all(
      Array.from({ length: BUS_WRITERS }, async () => {
        const connection = await pool.connect();
        try {
          while (performance.now() < until) {
            const id = ++next;
            const payload = JSON.stringify({ id, users: [], event: { type: 'room-message', roomId: 1, messageId: id, changed: false }, body });
            sentAt.set(id, performance.now());
            first = Math.min(first, sentAt.get(id)!);
            await connection.query('begin');
            if (bus === 'postgres') await connection.query('select pg_notify($1, $2)', [BENCH_CHANNEL, payload]);
            else await connection.query('select 1');
            await connection.query('commit');
            if (publisher) await publisher.publish(BENCH_CHANNEL, payload);
          }
        } finally {
          connection.release();
        }
      }),
    );
    const deadline = performance.now() + 5000;
    while ([...sentAt.keys()].some((id) => (heard.get(id) ?? 0) < INSTANCES) && performance.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    last = performance.now();
    const complete = [...sentAt.keys()].filter((id) => heard.get(id) === INSTANCES).length;
    const sorted = Float64Array.from(latencies).sort();
    const q = (p: number) => (sorted.length === 0 ? 0 : Math.round(sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]! * 10) / 10);
    const row: BusAloneRow = { bus, writers: BUS_WRITERS, events: sentAt.size, rate: complete / ((last - first) / 1000), p50: q(0.5), p99: q(0.99) };
    console.log(`${bus} bus alone @${BUS_WRITERS}: ${fmt(row.rate)} events/s to all ${INSTANCES} listeners, p50 ${row.p50} ms, p99 ${row.p99} ms; ${complete}/${sentAt.size} complete`);
    return row;
  } finally {
    for (const client of listeners) await client.end();
    for (const subscriber of subscribers) subscriber.disconnect();
    publisher?.disconnect();
    await pool.end();
  }
}

/** The targets: steady, p99 within 5× the bare broadcast's; back to back, a quarter of its messages a second; nothing lost. */
export const LIVE_TARGETS = {
  steady: { text: 'p99 ≤ 5× bare, none lost', meets: (m: DeliveryMeasurement, bare: DeliveryMeasurement) => deliveryClean(m) && m.p99 <= 5 * bare.p99 },
  'back to back': { text: '≥ 25% of bare msg/s, none lost', meets: (m: DeliveryMeasurement, bare: DeliveryMeasurement) => deliveryClean(m) && m.rate >= 0.25 * bare.rate },
};

/** The report's section: per way of sending, the bare broadcast and Kindred on each bus, as ratios to the bare one. */
export function liveDeliverySection(r: LiveDeliveryResult): string[] {
  const lines = [
    '## Live delivery across instances, per event bus',
    '',
    `${r.instances} Kindred instances (separate processes on separate ports, one PostgreSQL database, a pool of 5 connections each) with ${fmt(r.sockets)} sockets on \`GET /api/v1/realtime\` spread evenly over them (each past \`ready\`), members of a private group of ${fmt(r.members)} made for the measurement (and deleted after it); ${r.senders} of them send through \`POST /api/v1/rooms/:id/messages\`, to the instances in turn. Each message is one event every instance receives and delivers to its own readers of the room. Measured on PostgreSQL LISTEN/NOTIFY (the default) and then, in the same run, on Redis pub/sub (\`KINDRED_EVENT_BUS=redis\`), the same four instances restarted. Each delivery is timed from its POST being sent to the frame arriving; p50/p99 are over every message × socket pair. **Steady:** ${LIVE_STEADY_RATE} messages a second (${fmt(LIVE_STEADY_RATE * r.sockets)} deliveries a second) for ${r.seconds} s. **Back to back:** that many senders in flight for ${r.seconds} s, each sending again once answered; msg/s counts messages that reached all ${fmt(r.sockets)} sockets. A delivery not made within 5 s is lost. The baseline is the bare \`ws\` broadcast (\`bench/broadcast-server.ts\`) in ${r.instances} processes linked by Redis pub/sub, with as many sockets spread the same way, measured before and after Kindred and averaged. Targets as for a room on one instance: steady, p99 within 5× the bare broadcast's; back to back, a quarter of its messages a second.`,
    '',
    ...DELIVERY_TABLE_HEAD,
  ];
  const bad = (n: number) => (n ? `**${fmt(n)}**` : '0');
  for (const row of r.rows) {
    const how = row.mode === 'steady' ? `steady ${row.inFlight} msg/s` : `back to back @${row.inFlight}`;
    const target = LIVE_TARGETS[row.mode];
    const sides = [
      [`bare broadcast ×${r.instances} (Redis), ${how}`, row.bare, false],
      [`room message, PostgreSQL NOTIFY bus, ${how}`, row.postgres, true],
      [`room message, Redis bus, ${how}`, row.redis, true],
    ] as const;
    for (const [name, m, isKindred] of sides) {
      const met = isKindred ? (target.meets(m, row.bare) ? 'yes' : '**no**') : '';
      lines.push(
        `| ${name} | ${fmt(m.rate, 1)} | ${m.p50} | ${m.p99} | ${m.max} | ${m.postP99} | ${fmt(m.sent)} | ${bad(m['4xx'])} | ${bad(m['5xx'])} | ${bad(m.errors)} | ${fmt(m.expected - m.lost)} | ${bad(m.lost)} | ${bad(m.duplicates)} | ${isKindred ? `${fmt(m.p99 / row.bare.p99, 2)}×` : ''} | ${isKindred ? `${fmt(m.rate / row.bare.rate, 2)}×` : ''} | ${isKindred ? target.text : ''} | ${met} |`,
      );
    }
  }
  lines.push(
    '',
    `**The bus alone** (no server, no sockets): ${r.busAlone[0]?.writers} connections each committing one transaction per event back to back for ${r.seconds} s (PostgreSQL: a NOTIFY inside it; Redis: a PUBLISH after its COMMIT), ${r.instances} listeners each receiving every event; latency from the transaction's start to each listener's receipt.`,
    '',
    '| bus | events | events/s to all listeners | p50 ms | p99 ms |',
    '|---|---:|---:|---:|---:|',
    ...r.busAlone.map((b) => `| ${b.bus === 'postgres' ? 'PostgreSQL LISTEN/NOTIFY' : 'Redis pub/sub'} | ${fmt(b.events)} | ${fmt(b.rate)} | ${b.p50} | ${b.p99} |`),
    '',
  );
  return lines;
}
