import WebSocket from 'ws';
import { putCard } from './_companions.js';
import type { Client } from './_util.js';

export interface LiveEvent {
  type: string;
  message?: { id: number; body: string; conversationId: number; senderId: number };
  clientId?: string;
  code?: string;
  lastMessageId?: number;
}

/** A member's live connection that records every event it receives. */
export class Live {
  readonly events: LiveEvent[] = [];
  /** Resolves with the close code when the server or the client closes the socket. */
  readonly closed: Promise<number>;
  private waiters: (() => void)[] = [];
  private constructor(readonly socket: WebSocket) {
    this.closed = new Promise((resolve) => socket.once('close', (code) => resolve(code)));
    socket.on('message', (data) => {
      this.events.push(JSON.parse(data.toString()) as LiveEvent);
      for (const wake of this.waiters.splice(0)) wake();
    });
  }

  static open(serverUrl: string, client: Client | null, query = '', headers: Record<string, string> = {}): Promise<Live> {
    const session = client?.cookie('kindred_session');
    const socket = new WebSocket(`${serverUrl.replace('http', 'ws')}/api/v1/realtime${query}`, {
      headers: { ...(session ? { cookie: `kindred_session=${session}` } : {}), ...headers },
    });
    const live = new Live(socket);
    return new Promise((resolve, reject) => {
      socket.once('open', () => resolve(live));
      socket.once('unexpected-response', (_req, res) => reject(Object.assign(new Error(`refused with ${res.statusCode}`), { status: res.statusCode })));
      socket.once('error', reject);
    });
  }

  /** Waits until `count` events match, failing after a few seconds. */
  async waitFor(predicate: (e: LiveEvent) => boolean, count = 1): Promise<LiveEvent[]> {
    const deadline = Date.now() + 5000;
    for (;;) {
      const found = this.events.filter(predicate);
      if (found.length >= count) return found;
      if (Date.now() > deadline) throw new Error(`timed out waiting; got ${JSON.stringify(this.events)}`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 100);
      });
    }
  }

  messages() {
    return this.events.filter((e) => e.type === 'message').map((e) => e.message!);
  }

  send(event: unknown) {
    this.socket.send(JSON.stringify(event));
  }

  close() {
    return new Promise<void>((resolve) => {
      this.socket.once('close', () => resolve());
      this.socket.close();
    });
  }
}

/** Makes two members companions (cards, an invite, accepted) and returns their conversation. */
export async function makeCompanions(a: Client, b: Client, bName: string): Promise<number> {
  await putCard(a);
  await putCard(b);
  const invite = (await a.post('/companion-invites', { username: bName, message: 'Chat?' })).body;
  return (await b.post(`/companion-invites/${invite.id}/accept`)).body.conversationId;
}
