import type { ChatMessage, RealtimeClientEvent, RealtimeServerEvent } from '@kindred/contract';
import { API_BASE, ApiError } from './api';

/**
 * The app's one live connection: a WebSocket to /api/v1/realtime, shared by every screen.
 * It reconnects with backoff, and asks the server to replay what it missed (`since` = the
 * highest message id this tab has seen), so a dropped connection loses nothing.
 */

export type RealtimeStatus = 'idle' | 'connecting' | 'open' | 'closed';
export type RealtimeListener = (event: RealtimeServerEvent) => void;

/** Sending failed because there is no live connection (the caller falls back to HTTP). */
export class RealtimeUnavailable extends Error {
  constructor() {
    super('realtime connection unavailable');
    this.name = 'RealtimeUnavailable';
  }
}

const PING_EVERY_MS = 25_000;
// No word from the server for this long (pings included) means the connection is dead.
const SILENCE_LIMIT_MS = PING_EVERY_MS + 10_000;
const ACK_TIMEOUT_MS = 8_000;
const FIRST_RETRY_MS = 500;
const MAX_RETRY_MS = 30_000;

interface PendingAck {
  resolve: (message: ChatMessage) => void;
  reject: (error: Error) => void;
  timer: number;
}

let socket: WebSocket | null = null;
let wanted = false;
let status: RealtimeStatus = 'idle';
let failures = 0;
let retryTimer: number | undefined;
let pingTimer: number | undefined;
let lastHeard = 0;
let highestSeen = 0;
const listeners = new Set<RealtimeListener>();
const statusListeners = new Set<(status: RealtimeStatus) => void>();
const pendingAcks = new Map<string, PendingAck>();
const signedOutListeners = new Set<() => void>();

/** Called when the server closes the live connection because the session ended (signed out elsewhere, suspended, deleted). */
export function onRealtimeSignedOut(listener: () => void): () => void {
  signedOutListeners.add(listener);
  return () => signedOutListeners.delete(listener);
}

function setStatus(next: RealtimeStatus) {
  if (status === next) return;
  status = next;
  for (const listener of statusListeners) listener(next);
}

/** Remembers a message id as seen, so a reconnect only replays newer ones. */
export function noteMessageId(id: number): void {
  if (Number.isInteger(id) && id > highestSeen) highestSeen = id;
}

export function realtimeStatus(): RealtimeStatus {
  return status;
}

export function subscribeRealtime(listener: RealtimeListener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function onRealtimeStatus(listener: (status: RealtimeStatus) => void): () => void {
  statusListeners.add(listener);
  return () => statusListeners.delete(listener);
}

function socketUrl(): string {
  const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${window.location.host}${API_BASE}/realtime?since=${highestSeen}`;
}

function emit(event: RealtimeServerEvent) {
  for (const listener of listeners) {
    try {
      listener(event);
    } catch (e) {
      console.error(e);
    }
  }
}

function onMessage(raw: MessageEvent) {
  lastHeard = Date.now();
  let event: RealtimeServerEvent;
  try {
    event = JSON.parse(String(raw.data)) as RealtimeServerEvent;
  } catch {
    return;
  }
  switch (event.type) {
    case 'message':
      noteMessageId(event.message.id);
      break;
    case 'ack': {
      noteMessageId(event.message.id);
      const pending = pendingAcks.get(event.clientId);
      if (pending) {
        window.clearTimeout(pending.timer);
        pendingAcks.delete(event.clientId);
        pending.resolve(event.message);
      }
      break;
    }
    case 'error': {
      const pending = event.clientId ? pendingAcks.get(event.clientId) : undefined;
      if (pending && event.clientId) {
        window.clearTimeout(pending.timer);
        pendingAcks.delete(event.clientId);
        pending.reject(new ApiError(400, event.code, event.message));
      }
      break;
    }
    case 'ready':
      noteMessageId(event.lastMessageId);
      failures = 0;
      setStatus('open');
      break;
    default:
      break;
  }
  emit(event);
}

function failPendingAcks() {
  for (const [clientId, pending] of pendingAcks) {
    window.clearTimeout(pending.timer);
    pending.reject(new RealtimeUnavailable());
    pendingAcks.delete(clientId);
  }
}

/** Close code of a live connection whose session was signed out. */
const SIGNED_OUT = 4401;

function scheduleReconnect() {
  if (!wanted || retryTimer !== undefined) return;
  // Exponential backoff with jitter, so many tabs don't come back at the same instant.
  const base = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** failures);
  const delay = base / 2 + Math.random() * (base / 2);
  failures += 1;
  retryTimer = window.setTimeout(() => {
    retryTimer = undefined;
    connect();
  }, delay);
}

function connect() {
  if (!wanted || socket) return;
  setStatus('connecting');
  let ws: WebSocket;
  try {
    ws = new WebSocket(socketUrl());
  } catch {
    setStatus('closed');
    scheduleReconnect();
    return;
  }
  socket = ws;
  lastHeard = Date.now();
  ws.onmessage = onMessage;
  ws.onclose = (event) => {
    if (socket !== ws) return;
    socket = null;
    window.clearInterval(pingTimer);
    failPendingAcks();
    // The session was signed out (in another tab, say): retrying would only be refused.
    if (event.code === SIGNED_OUT) wanted = false;
    setStatus(wanted ? 'closed' : 'idle');
    scheduleReconnect();
    if (event.code === SIGNED_OUT) for (const listener of signedOutListeners) listener();
  };
  ws.onerror = () => {
    // onclose follows and schedules the retry.
  };
  window.clearInterval(pingTimer);
  pingTimer = window.setInterval(() => {
    if (ws.readyState !== WebSocket.OPEN) return;
    if (Date.now() - lastHeard > SILENCE_LIMIT_MS) {
      ws.close();
      return;
    }
    send({ type: 'ping' });
  }, PING_EVERY_MS);
}

function send(event: RealtimeClientEvent): boolean {
  if (!socket || socket.readyState !== WebSocket.OPEN) return false;
  socket.send(JSON.stringify(event));
  return true;
}

/** Back online or back in view: try now instead of waiting out the backoff. */
function reconnectNow() {
  if (!wanted || socket) return;
  window.clearTimeout(retryTimer);
  retryTimer = undefined;
  failures = 0;
  connect();
}

function onVisibility() {
  if (document.visibilityState === 'visible') reconnectNow();
}

/** Opens the shared connection (idempotent). `since` seeds the replay point. */
export function startRealtime(since = 0): void {
  noteMessageId(since);
  if (wanted) return;
  wanted = true;
  window.addEventListener('online', reconnectNow);
  document.addEventListener('visibilitychange', onVisibility);
  connect();
}

/** Closes the connection and forgets what was seen (the next member starts afresh). */
export function stopRealtime(): void {
  wanted = false;
  window.removeEventListener('online', reconnectNow);
  document.removeEventListener('visibilitychange', onVisibility);
  window.clearTimeout(retryTimer);
  retryTimer = undefined;
  window.clearInterval(pingTimer);
  failures = 0;
  highestSeen = 0;
  const ws = socket;
  socket = null;
  ws?.close();
  failPendingAcks();
  setStatus('idle');
}

/**
 * Sends a chat message over the socket and resolves with the stored message once the server
 * acknowledges it. Rejects with RealtimeUnavailable when not connected or no ack arrives in
 * time — the caller then posts it over HTTP with the same clientId, which the server dedupes.
 */
export function sendChatMessage(conversationId: number, body: string, clientId: string): Promise<ChatMessage> {
  if (status !== 'open') return Promise.reject(new RealtimeUnavailable());
  return new Promise((resolve, reject) => {
    const timer = window.setTimeout(() => {
      pendingAcks.delete(clientId);
      reject(new RealtimeUnavailable());
    }, ACK_TIMEOUT_MS);
    pendingAcks.set(clientId, { resolve, reject, timer });
    if (!send({ type: 'send', conversationId, body, clientId })) {
      window.clearTimeout(timer);
      pendingAcks.delete(clientId);
      reject(new RealtimeUnavailable());
    }
  });
}

/** A fresh client message id: 8–64 of [A-Za-z0-9_-]. */
export function newClientId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return `m${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}
