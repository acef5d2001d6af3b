/**
 * The bare baseline of live delivery in a room: a plain `ws` server that
 * sends every message it is given to every connected socket. No session, no
 * database, no access check, no NOTIFY; the message is serialised once and
 * the same frame goes to everyone.
 *
 *   GET  /live        WebSocket; sends `{ "type": "ready" }` on connection
 *   POST /broadcast   `{ clientId, body }`: sent to every socket as `{ type: 'room-message', message }`, answered 201 once queued on all
 *   GET  /health      200
 *
 * With REDIS_URL, several of these processes make one broadcast (the bare baseline of live delivery across
 * instances, bench/live-delivery.ts): a POST publishes the frame to a Redis channel, and every process sends
 * what arrives on it to its own sockets; the POST is answered once Redis has taken the frame.
 *
 * Run: PORT=… [REDIS_URL=redis://…] node --import tsx bench/broadcast-server.ts
 */
import http from 'node:http';
import { Redis } from 'ioredis';
import { WebSocketServer, type WebSocket } from 'ws';

const CHANNEL = 'kindred-bench-broadcast';
const publisher = process.env.REDIS_URL ? new Redis(process.env.REDIS_URL) : null;
const subscriber = process.env.REDIS_URL ? new Redis(process.env.REDIS_URL) : null;
if (subscriber) {
  await subscriber.subscribe(CHANNEL);
  subscriber.on('message', (_channel: string, frame: string) => sendToAll(frame));
}

function sendToAll(frame: string) {
  for (const socket of sockets) if (socket.readyState === socket.OPEN) socket.send(frame);
}

const sockets = new Set<WebSocket>();
let nextId = 1;

const server = http.createServer((request, response) => {
  if (request.method === 'GET' && request.url === '/health') {
    response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    return;
  }
  if (request.method !== 'POST' || request.url !== '/broadcast') {
    response.writeHead(404).end();
    return;
  }
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    let input: { clientId: string; body: string };
    try {
      input = JSON.parse(Buffer.concat(chunks).toString()) as { clientId: string; body: string };
    } catch {
      response.writeHead(400).end();
      return;
    }
    // Shaped like Kindred's room message, so both sides put about as many bytes on the wire.
    const message = {
      id: nextId++,
      roomId: 1,
      sender: { id: 1, username: 'bench', displayName: 'Bench', avatarUrl: null },
      body: input.body,
      photo: null,
      replyTo: null,
      pinned: false,
      removed: false,
      clientId: input.clientId,
      createdAt: new Date().toISOString(),
    };
    const frame = JSON.stringify({ type: 'room-message', message });
    const answer = () => response.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify(message));
    if (publisher) {
      publisher.publish(CHANNEL, frame).then(answer, () => response.writeHead(503).end());
      return;
    }
    sendToAll(frame);
    answer();
  });
});

const wss = new WebSocketServer({ server, path: '/live' });
wss.on('connection', (socket) => {
  sockets.add(socket);
  socket.on('close', () => sockets.delete(socket));
  socket.send(JSON.stringify({ type: 'ready' }));
});

server.keepAliveTimeout = 60_000;
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  console.log(`broadcast baseline listening on ${(server.address() as { port: number }).port}`);
});
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    for (const socket of sockets) socket.terminate();
    publisher?.disconnect();
    subscriber?.disconnect();
    wss.close();
    server.close(() => process.exit(0));
  });
}
