/**
 * Live delivery of a room's messages (npm run bench, `--only room`).
 *
 * A group of 5,000 members made for the measurement (inserted by SQL, deleted
 * afterwards with everything it cascades to, so the database stays as
 * generated), its room opened by its owner through the API, 200 of its
 * members connected to GET /api/v1/realtime, each waiting for `ready`. Members
 * send through `POST /rooms/:id/messages`, and every socket's copy of every
 * message is timed from the moment its POST was sent. The baseline is a bare
 * `ws` broadcast (bench/broadcast-server.ts) with as many sockets, triggered by
 * an HTTP POST the same way, measured before and after Kindred and averaged.
 *
 * Two ways of sending, each for the run's duration:
 *   steady         20 messages a second, each sent on schedule whatever the earlier ones are doing;
 *   back to back   N senders in flight at once (each of --connections), each sending its next as soon as
 *                  its POST is answered: how many messages a second reach every socket.
 */
import crypto from 'node:crypto';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import WebSocket from 'ws';

export const ROOM_MEMBERS = 5_000;
export const CONNECTED = 200;
export const STEADY_RATE = 20;
/** A delivery later than this after its POST was sent counts as lost. */
export const DEADLINE_MS = 5_000;
const WARMUP_SECONDS = 3;
/** Groups of this name are the bench's own: one left by an interrupted run is deleted before the next. */
const GROUP_NAME = 'npm run bench: room delivery (temporary)';

/** One way of sending, on one side, measured over message × recipient pairs. */
export interface DeliveryMeasurement {
  sent: number;
  /** POSTs answered 2xx. */
  accepted: number;
  '4xx': number;
  '5xx': number;
  /** POSTs with no response (connection error, 10 s timeout). */
  errors: number;
  /** Deliveries owed: accepted messages × connected recipients. */
  expected: number;
  /** Owed deliveries not received within the deadline (never, or late). */
  lost: number;
  /** The same message twice on one socket. */
  duplicates: number;
  /** Accepted messages that reached every socket within the deadline. */
  complete: number;
  /** Delivery latency over every received pair, ms: POST sent → frame received. */
  p50: number;
  p99: number;
  max: number;
  /** Latency of the POSTs' answers (2xx), ms: how long storing took, beside how long delivering did. */
  postP50: number;
  postP99: number;
  /** Complete messages per second, from the first POST to the last delivery. */
  rate: number;
}

export interface Side {
  name: string;
  /** Sends one message as the `sender`-th sender; resolves with the HTTP status, 0 for no response. */
  send(sender: number, clientId: string, body: string): Promise<number>;
  senders: number;
}

interface Tracked {
  sentAt: number;
  /** Receive time per socket, NaN until received. */
  got: Float64Array;
  count: number;
  status: number | null;
  answeredAt: number;
}

/** Sockets that time every `room-message` frame against the message's send time, keyed by clientId. */
export class Recipients {
  readonly tracked = new Map<string, Tracked>();
  duplicates = 0;
  strays = 0;

  constructor(readonly sockets: WebSocket[]) {
    sockets.forEach((socket, index) => {
      socket.on('message', (data) => {
        const at = performance.now();
        const event = JSON.parse(data.toString()) as { type: string; message?: { clientId?: string } };
        if (event.type !== 'room-message') return;
        const t = this.tracked.get(event.message?.clientId ?? '');
        if (!t) return void this.strays++;
        if (!Number.isNaN(t.got[index]!)) return void this.duplicates++;
        t.got[index] = at;
        t.count++;
      });
    });
  }

  track(clientId: string): Tracked {
    const t: Tracked = { sentAt: performance.now(), got: new Float64Array(this.sockets.length).fill(NaN), count: 0, status: null, answeredAt: NaN };
    this.tracked.set(clientId, t);
    return t;
  }

  close() {
    for (const socket of this.sockets) socket.terminate();
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));
const ok = (status: number) => status >= 200 && status < 300;

/** Opens the sockets 20 at a time; each is ready once the server sent `ready`. */
export async function openSockets(targets: { url: string; headers: Record<string, string> }[]): Promise<WebSocket[]> {
  const open = (target: { url: string; headers: Record<string, string> }) =>
    new Promise<WebSocket>((resolve, reject) => {
      const socket = new WebSocket(target.url, { headers: target.headers });
      const timer = setTimeout(() => reject(new Error(`${target.url}: no ready within 30 s`)), 30_000);
      socket.on('message', function onReady(data) {
        if ((JSON.parse(data.toString()) as { type: string }).type !== 'ready') return;
        clearTimeout(timer);
        socket.off('message', onReady);
        resolve(socket);
      });
      socket.once('unexpected-response', (_request, response) => reject(new Error(`${target.url}: refused with ${response.statusCode}`)));
      socket.once('error', reject);
    });
  const sockets: WebSocket[] = [];
  for (let at = 0; at < targets.length; at += 20) sockets.push(...(await Promise.all(targets.slice(at, at + 20).map(open))));
  return sockets;
}

let sequence = 0;
const runTag = crypto.randomBytes(4).toString('hex');

function sendOne(side: Side, recipients: Recipients, sender: number, into: Tracked[]) {
  const n = ++sequence;
  const clientId = `bench-${runTag}-${n}`;
  const t = recipients.track(clientId);
  into.push(t);
  return side.send(sender % side.senders, clientId, `Meeting at the north gate at seven, bring water and a hat (${n})`).then((status) => {
    t.status = status;
    t.answeredAt = performance.now();
  });
}

/** Waits until every accepted message reached every socket or its deadline passed. */
async function drained(recipients: Recipients, messages: Tracked[]) {
  for (;;) {
    const now = performance.now();
    const waiting = messages.some((t) => (t.status === null || ok(t.status)) && t.count < recipients.sockets.length && now - t.sentAt < DEADLINE_MS);
    if (!waiting) return;
    await sleep(20);
  }
}

function summarise(recipients: Recipients, messages: Tracked[], duplicatesBefore: number): DeliveryMeasurement {
  const n = recipients.sockets.length;
  const m: DeliveryMeasurement = { sent: messages.length, accepted: 0, '4xx': 0, '5xx': 0, errors: 0, expected: 0, lost: 0, duplicates: recipients.duplicates - duplicatesBefore, complete: 0, p50: 0, p99: 0, max: 0, postP50: 0, postP99: 0, rate: 0 };
  const latencies: number[] = [];
  const answers: number[] = [];
  const first = messages.reduce((min, t) => Math.min(min, t.sentAt), Infinity);
  let last = first;
  for (const t of messages) {
    const status = t.status ?? 0;
    if (status === 0) m.errors++;
    else if (status >= 500) m['5xx']++;
    else if (status >= 400) m['4xx']++;
    for (const at of t.got) if (!Number.isNaN(at)) latencies.push(at - t.sentAt);
    if (!ok(status)) continue;
    answers.push(t.answeredAt - t.sentAt);
    m.accepted++;
    m.expected += n;
    let inTime = 0;
    let lastHere = t.sentAt;
    for (const at of t.got) {
      if (Number.isNaN(at) || at - t.sentAt > DEADLINE_MS) continue;
      inTime++;
      lastHere = Math.max(lastHere, at);
    }
    m.lost += n - inTime;
    if (inTime === n) {
      m.complete++;
      last = Math.max(last, lastHere);
    }
  }
  const percentile = (values: number[]) => {
    const sorted = Float64Array.from(values).sort();
    return (p: number) => (sorted.length === 0 ? 0 : Math.round(sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]! * 10) / 10);
  };
  const q = percentile(latencies);
  m.p50 = q(0.5);
  m.p99 = q(0.99);
  const post = percentile(answers);
  m.postP50 = post(0.5);
  m.postP99 = post(0.99);
  m.max = Math.round(latencies.reduce((max, l) => Math.max(max, l), 0) * 10) / 10;
  m.rate = last > first ? m.complete / ((last - first) / 1000) : 0;
  return m;
}

/** Sends `rate` messages a second for `seconds`, each on schedule (not waiting for earlier ones). */
export async function steady(side: Side, recipients: Recipients, rate: number, seconds: number) {
  const duplicatesBefore = recipients.duplicates;
  const messages: Tracked[] = [];
  const sends: Promise<void>[] = [];
  const start = performance.now();
  for (let i = 0; i < rate * seconds; i++) {
    await sleep(start + (i * 1000) / rate - performance.now());
    sends.push(sendOne(side, recipients, i, messages));
  }
  await Promise.all(sends);
  await drained(recipients, messages);
  return summarise(recipients, messages, duplicatesBefore);
}

/** `inFlight` senders, each sending its next message as soon as its last POST was answered, for `seconds`. */
export async function backToBack(side: Side, recipients: Recipients, inFlight: number, seconds: number) {
  const duplicatesBefore = recipients.duplicates;
  const messages: Tracked[] = [];
  const until = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: inFlight }, async (_, worker) => {
      for (let i = 0; performance.now() < until; i++) await sendOne(side, recipients, worker + i * inFlight, messages);
    }),
  );
  await drained(recipients, messages);
  return summarise(recipients, messages, duplicatesBefore);
}

export function post(url: string, headers: Record<string, string>, body: unknown): Promise<number> {
  return fetch(url, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(body), signal: AbortSignal.timeout(10_000) })
    .then(async (r) => {
      await r.arrayBuffer();
      return r.status;
    })
    .catch(() => 0);
}

export const session = (user: number) => ({ cookie: `kindred_session=bench-session-${user}`, 'x-csrf-token': `bench-csrf-${user}` });

interface RoomGroup {
  groupId: number;
  roomId: number;
  connected: number[];
  /** Connected members with no block either way with another connected member: everyone connected is owed their messages. */
  senders: number[];
}

/**
 * Makes (anew, by name) a private group of ROOM_MEMBERS members by SQL: `listeners` (the first its owner),
 * then other members by id. Its senders are the listeners with no block either way with another listener,
 * so every listener is owed every message.
 */
export async function fillRoomGroup(db: pg.Client, name: string, description: string, listeners: number[]): Promise<{ groupId: number; senders: number[] }> {
  const owner = listeners[0]!;
  await db.query('delete from groups where name = $1', [name]);
  const { rows } = await db.query<{ id: string }>(
    `insert into groups (name, description, visibility, join_policy, owner_id, member_count)
     values ($1, $2, 'private', 'approval', $3, $4) returning id`,
    [name, description, owner, ROOM_MEMBERS],
  );
  const groupId = Number(rows[0]!.id);
  await db.query(
    `insert into group_members (group_id, user_id, role)
     select $1, m.id, case when m.id = $2 then 'owner' else 'member' end
     from (select unnest($3::bigint[]) as id
           union all
           (select id from users where deleted_at is null and id <> all($3::bigint[]) order by id limit $4)) m`,
    [groupId, owner, listeners, ROOM_MEMBERS - listeners.length],
  );
  const blocks = await db.query<{ blocker_id: string; blocked_id: string }>('select blocker_id, blocked_id from blocks where blocker_id = any($1) and blocked_id = any($1)', [listeners]);
  const tied = new Set(blocks.rows.flatMap((b) => [Number(b.blocker_id), Number(b.blocked_id)]));
  return { groupId, senders: listeners.filter((id) => !tied.has(id)) };
}

/**
 * A private group of ROOM_MEMBERS members: CONNECTED members with bench sessions (the first is its owner),
 * and members without one, by id. Its room is opened by the owner through the API.
 */
async function makeRoomGroup(db: pg.Client, kindredUrl: string, sessionUsers: number[]): Promise<RoomGroup> {
  const connected = sessionUsers.slice(0, CONNECTED);
  const owner = connected[0]!;
  const { groupId, senders } = await fillRoomGroup(db, GROUP_NAME, 'Made by npm run bench for the room delivery rows and deleted after them.', connected);
  const response = await fetch(`${kindredUrl}/api/v1/groups/${groupId}/room`, { method: 'PUT', headers: session(owner) });
  const room = (await response.json()) as { id?: number };
  if (response.status !== 200 || !room.id) throw new Error(`opening the room answered ${response.status}: ${JSON.stringify(room)}`);
  return { groupId, roomId: room.id, connected, senders };
}

export interface RoomDeliveryRow {
  /** `steady` or `back to back`; `inFlight` is the rate (steady) or the senders in flight (back to back). */
  mode: 'steady' | 'back to back';
  inFlight: number;
  bare: DeliveryMeasurement;
  room: DeliveryMeasurement;
}

export interface RoomDeliveryResult {
  members: number;
  connected: number;
  senders: number;
  seconds: number;
  rows: RoomDeliveryRow[];
}

export function averaged(a: DeliveryMeasurement, b: DeliveryMeasurement): DeliveryMeasurement {
  const sum = (k: keyof DeliveryMeasurement) => a[k] + b[k];
  const mean = (k: keyof DeliveryMeasurement) => Math.round(((a[k] + b[k]) / 2) * 10) / 10;
  return {
    sent: sum('sent'),
    accepted: sum('accepted'),
    '4xx': sum('4xx'),
    '5xx': sum('5xx'),
    errors: sum('errors'),
    expected: sum('expected'),
    lost: sum('lost'),
    duplicates: sum('duplicates'),
    complete: sum('complete'),
    p50: mean('p50'),
    p99: mean('p99'),
    max: Math.max(a.max, b.max),
    postP50: mean('postP50'),
    postP99: mean('postP99'),
    rate: (a.rate + b.rate) / 2,
  };
}

export const describe = (m: DeliveryMeasurement) =>
  `${m.rate.toFixed(1)} msg/s to all, p50 ${m.p50} ms, p99 ${m.p99} ms, max ${m.max} ms (POST answered p50 ${m.postP50} ms, p99 ${m.postP99} ms); ${m.accepted}/${m.sent} accepted, ${m['4xx']} 4xx, ${m['5xx']} 5xx, ${m.errors} errors, ${m.lost}/${m.expected} deliveries lost, ${m.duplicates} duplicates`;

/** Whether a row's every POST was accepted and every delivery made in time, once. */
export function deliveryClean(m: DeliveryMeasurement) {
  return m.accepted === m.sent && m.lost === 0 && m.duplicates === 0;
}

/** The targets: steady, p99 within 5× the bare broadcast's; back to back, a quarter of its messages a second; nothing lost either way. */
export const ROOM_TARGETS = {
  steady: { text: 'p99 ≤ 5× bare, none lost', meets: (room: DeliveryMeasurement, bare: DeliveryMeasurement) => deliveryClean(room) && room.p99 <= 5 * bare.p99 },
  'back to back': { text: '≥ 25% of bare msg/s, none lost', meets: (room: DeliveryMeasurement, bare: DeliveryMeasurement) => deliveryClean(room) && room.rate >= 0.25 * bare.rate },
};

/**
 * Measures the bare broadcast, then Kindred's room, then the bare broadcast again, each steady and back to
 * back at each count of senders in flight. The bench's group is deleted afterwards, whatever happens.
 */
export async function measureRoomDelivery(options: { kindredUrl: string; bareUrl: string; benchUrl: string; sessionUsers: number[]; seconds: number; inFlight: number[] }): Promise<RoomDeliveryResult> {
  const { kindredUrl, bareUrl, seconds } = options;
  if (options.sessionUsers.length < CONNECTED) throw new Error(`room delivery needs ${CONNECTED} members with bench sessions; the data has ${options.sessionUsers.length}`);
  const db = new pg.Client({ connectionString: options.benchUrl });
  await db.connect();
  let group: RoomGroup | null = null;
  const open: Recipients[] = [];
  try {
    group = await makeRoomGroup(db, kindredUrl, options.sessionUsers);
    const { roomId, connected, senders } = group;
    console.log(`Room delivery: group ${group.groupId} of ${ROOM_MEMBERS} members, room ${roomId}; connecting ${connected.length} members…`);
    const room: Side = {
      name: 'room',
      senders: senders.length,
      send: (sender, clientId, body) => post(`${kindredUrl}/api/v1/rooms/${roomId}/messages`, session(senders[sender]!), { body, clientId }),
    };
    const bare: Side = { name: 'bare broadcast', senders: 1, send: (_sender, clientId, body) => post(`${bareUrl}/broadcast`, {}, { clientId, body }) };
    const wsOf = (url: string) => url.replace(/^http/, 'ws');
    const roomRecipients = new Recipients(await openSockets(connected.map((user) => ({ url: `${wsOf(kindredUrl)}/api/v1/realtime`, headers: { cookie: `kindred_session=bench-session-${user}` } }))));
    open.push(roomRecipients);
    const bareRecipients = new Recipients(await openSockets(connected.map(() => ({ url: `${wsOf(bareUrl)}/live`, headers: {} }))));
    open.push(bareRecipients);

    const modes = [{ mode: 'steady' as const, inFlight: STEADY_RATE }, ...options.inFlight.map((n) => ({ mode: 'back to back' as const, inFlight: n }))];
    const measureSide = async (side: Side, recipients: Recipients, label: string) => {
      const out: DeliveryMeasurement[] = [];
      for (const { mode, inFlight } of modes) {
        const m = mode === 'steady' ? await steady(side, recipients, inFlight, seconds) : await backToBack(side, recipients, inFlight, seconds);
        console.log(`${side.name} ${mode} ${mode === 'steady' ? `${inFlight} msg/s` : `@${inFlight}`}${label}: ${describe(m)}`);
        out.push(m);
        await sleep(1000);
      }
      return out;
    };
    // Warm-ups, not recorded: the JIT, the pools, the room's plans.
    await steady(bare, bareRecipients, STEADY_RATE, WARMUP_SECONDS);
    const before = await measureSide(bare, bareRecipients, ' (before)');
    await steady(room, roomRecipients, STEADY_RATE, WARMUP_SECONDS);
    const own = await measureSide(room, roomRecipients, '');
    const after = await measureSide(bare, bareRecipients, ' (after)');
    if (roomRecipients.strays + bareRecipients.strays > 0) console.log(`  ${roomRecipients.strays + bareRecipients.strays} frames for messages this run did not send`);
    return {
      members: ROOM_MEMBERS,
      connected: connected.length,
      senders: senders.length,
      seconds,
      rows: modes.map((m, i) => ({ ...m, bare: averaged(before[i]!, after[i]!), room: own[i]! })),
    };
  } finally {
    for (const r of open) r.close();
    // The group and everything it cascades to (its members, its room, the room's messages and read marks).
    if (group) await db.query('delete from groups where id = $1', [group.groupId]);
    else await db.query('delete from groups where name = $1', [GROUP_NAME]);
    await db.end();
  }
}

export const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** The head of a delivery table, shared with the rows across instances (live-delivery.ts). */
export const DELIVERY_TABLE_HEAD = [
  '| path | msg/s to all | p50 ms | p99 ms | max ms | POST p99 ms | messages | 4xx | 5xx | errors | deliveries | lost | duplicates | p99 ratio | msg/s ratio | target | met |',
  '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|',
];

/** The report's section: one row per way of sending and side, rooms as ratios to the bare broadcast. */
export function roomDeliverySection(r: RoomDeliveryResult): string[] {
  const lines = [
    '## Live delivery in a room',
    '',
    `A private group of ${fmt(r.members)} members made for the measurement (and deleted after it), its room opened by its owner; ${r.connected} of its members connected to \`GET /api/v1/realtime\` (each past \`ready\`) across the workers, ${r.senders} of them sending through \`POST /api/v1/rooms/:id/messages\`. Each delivery is timed from its POST being sent to the \`room-message\` frame arriving on a socket; p50/p99 are over every message × socket pair, and POST p99 is how long the sender waited for its answer. **Steady:** ${STEADY_RATE} messages a second for ${r.seconds} s, each sent on schedule. **Back to back:** that many senders in flight for ${r.seconds} s, each sending again as soon as it is answered; msg/s counts messages that reached every socket, from the first POST to the last delivery. A delivery not made within ${DEADLINE_MS / 1000} s is lost; a POST answered other than 2xx, a lost delivery or a duplicate fails the row. The baseline is a bare \`ws\` broadcast (\`bench/broadcast-server.ts\`: one process, the frame serialised once and sent to ${r.connected} sockets, triggered by an HTTP POST) measured before and after the room and averaged. Targets: steady, p99 within 5× the bare broadcast's, since each message is a transaction, a NOTIFY and a per-instance read of who may see it; back to back, a quarter of its messages a second.`,
    '',
    ...DELIVERY_TABLE_HEAD,
  ];
  const bad = (n: number) => (n ? `**${fmt(n)}**` : '0');
  for (const row of r.rows) {
    const how = row.mode === 'steady' ? `steady ${row.inFlight} msg/s` : `back to back @${row.inFlight}`;
    const target = ROOM_TARGETS[row.mode];
    for (const [name, m] of [[`bare broadcast, ${how}`, row.bare], [`room message, ${how}`, row.room]] as const) {
      const isRoom = m === row.room;
      const met = isRoom ? (target.meets(row.room, row.bare) ? 'yes' : '**no**') : '';
      lines.push(
        `| ${name} | ${fmt(m.rate, 1)} | ${m.p50} | ${m.p99} | ${m.max} | ${m.postP99} | ${fmt(m.sent)} | ${bad(m['4xx'])} | ${bad(m['5xx'])} | ${bad(m.errors)} | ${fmt(m.expected - m.lost)} | ${bad(m.lost)} | ${bad(m.duplicates)} | ${isRoom ? `${fmt(row.room.p99 / row.bare.p99, 2)}×` : ''} | ${isRoom ? `${fmt(row.room.rate / row.bare.rate, 2)}×` : ''} | ${isRoom ? target.text : ''} | ${met} |`,
      );
    }
  }
  lines.push('');
  return lines;
}
