import type { FastifySchema, RouteOptions } from 'fastify';

/**
 * What the OpenAPI document says beyond the route schemas: servers, tags,
 * and for every operation its `operationId` and `security`. Routes may set
 * either explicitly in their schema; otherwise they are derived here.
 */

/** Every tag a route uses, with what it covers (the document lists them in this order). */
export const apiTags = [
  { name: 'meta', description: 'Health, settings the web app needs, the interest taxonomy.' },
  { name: 'accounts', description: 'Sign-up, sign-in and sessions, my profile, member profiles and blocks.' },
  { name: 'groups', description: 'Interest groups: browsing, joining, membership and its roles.' },
  { name: 'posts', description: 'Posts in groups, comments, replies and likes; the home feed.' },
  { name: 'search', description: 'Search of groups, posts, upcoming activities and people (Chinese words segmented; interests match their names in English and Chinese).' },
  { name: 'activities', description: 'Activities: organizing, finding nearby, registering, paying, checking in, calendar files.' },
  { name: 'notifications', description: 'What happened to me, newest first.' },
  { name: 'recommendations', description: 'Groups, posts and activities suggested for me, each with its reasons.' },
  { name: 'companions', description: 'Finding people to go with: companion cards, requests, applications and invites.' },
  { name: 'chat', description: 'Conversations between companions, over HTTP and the live WebSocket channel.' },
  { name: 'rooms', description: 'Chat rooms of activities and groups: messages with replies and photos, pinned notes, moderation, read marks.' },
  { name: 'moderation', description: 'Reports, and the console: members’ roles, warnings, suspensions and bans, and the audit log of every staff action.' },
  { name: 'media', description: 'Photo uploads: made upright, stripped of metadata and stored in three sizes, and their files.' },
  { name: 'social', description: 'Following members, friends, follow requests, and privacy settings.' },
  { name: 'payments', description: 'My payments: the payment method, totals per currency, the history of charges and refunds, receipts; and the payment provider’s signed webhook.' },
  { name: 'operations', description: 'Background jobs that failed on every attempt, for operators to inspect and run again.' },
];

/** Paths are absolute (`/api/v1/…`), so the one server is the origin that serves the document. */
export const apiServers = [{ url: '/', description: 'The server that serves this document' }];

export const apiDescription = [
  'The interest community: accounts, groups, posts, activities, companions and chat.',
  '',
  'Authentication: `POST /api/v1/auth/signin` (or `/auth/signup`) sets the `session` cookie. Every request other than',
  '`GET`, `HEAD` and `OPTIONS` made with a session must echo the session’s CSRF token (from `GET /api/v1/session`,',
  'or the readable CSRF cookie) in the `X-CSRF-Token` header, and a browser’s `Origin` must be this server’s.',
  'Public reads need no session; sent along, it personalises them. Failures answer `{ error: { code, message, fields? } }`.',
].join('\n');

// Routes that answer 401 without a signed-in member even when reading.
const memberOnlyReads: RegExp[] = [
  /^\/api\/v1\/(me|feed|recommendations|companions|companion-requests|conversations|realtime|operator|rooms|series)(\/|$)/,
  /^\/api\/v1\/(activities|groups)\/:id\/room$/,
  /^\/api\/v1\/groups\/:id\/(requests|stewardship)$/,
  /^\/api\/v1\/activities\/:id\/(registrations(\.csv)?|went-with|feedback)$/,
  /^\/api\/v1\/reports$/,
  /^\/api\/v1\/payments\/:id\/receipt$/,
  /^\/api\/v1\/places$/,
];
// Writes that need no session: they start one, or the caller proves itself otherwise.
const publicWrites: Record<string, SecurityRequirement[]> = {
  'POST /api/v1/auth/signup': [{}],
  'POST /api/v1/auth/signin': [{}],
  // Signing out without a session is a no-op; with one, it is a write like any other.
  'POST /api/v1/auth/signout': [{}, { session: [], csrf: [] }],
  'POST /api/v1/payments/webhook': [{ webhookSignature: [] }],
};

type SecurityRequirement = Record<string, string[]>;

/** How a request to this route proves who sends it, as an OpenAPI security requirement list. */
export function securityOf(method: string, url: string): SecurityRequirement[] {
  const publicWrite = publicWrites[`${method} ${url}`];
  if (publicWrite) return publicWrite;
  if (method !== 'GET' && method !== 'HEAD') return [{ session: [], csrf: [] }];
  if (!url.startsWith('/api/v1/')) return [{}];
  if (memberOnlyReads.some((pattern) => pattern.test(url))) return [{ session: [] }];
  return [{}, { session: [] }];
}

/**
 * A stable, readable id from the method and the path: `GET /api/v1/groups/:id/posts`
 * is `getGroupsByIdPosts`, `PUT /api/v1/posts/:id/like` is `putPostsByIdLike`.
 */
export function operationIdOf(method: string, url: string): string {
  const words = url
    .replace(/^\/api(\/v1)?/, '')
    .split(/[/.\-]+/)
    .filter(Boolean)
    .map((segment) => (segment.startsWith(':') ? `By${capitalize(segment.slice(1))}` : capitalize(segment)));
  return method.toLowerCase() + words.join('');
}

function capitalize(word: string) {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

const realtimeDescription = `Open it as a WebSocket: \`GET /api/v1/realtime?since=<newest message id I have>\` with \`Connection: Upgrade\`,
\`Upgrade: websocket\`, \`Sec-WebSocket-Version: 13\` and a \`Sec-WebSocket-Key\`. The session cookie says who I am;
a browser's \`Origin\` must be this server's (otherwise 403 \`csrf_failed\`, before any upgrade). Without a session the
answer is 401; a request without the upgrade headers is 426 \`upgrade_required\`.

After \`101 Switching Protocols\` every frame is one JSON text message.

From the server:
- \`{"type":"message","message":ChatMessage}\`: a message in one of my conversations (the shape of
  \`GET /api/v1/conversations/{id}/messages\` items). With \`since\`, the messages newer than it come first, each
  conversation's in id order, then
- \`{"type":"ready","lastMessageId":n}\`: caught up; live events follow.
- \`{"type":"read","conversationId":n,"userId":n,"upTo":n}\`: a member read up to a message.
- \`{"type":"ack","clientId":"…","message":ChatMessage}\`: my \`send\` was stored (it carries the message; no separate
  \`message\` event follows for it on this socket).
- \`{"type":"error","clientId":"…","code":"…","message":"…"}\`: a \`send\` (or a malformed event) was refused;
  \`code\` is one of the API's error codes (\`rate_limited\`, \`validation_failed\`, \`not_found\` …).
- \`{"type":"pong"}\`: the answer to a \`ping\`.

From the client:
- \`{"type":"send","conversationId":n,"body":"…","clientId":"…"}\`: send a message; \`clientId\` (unique per message)
  makes a resend after a reconnect safe.
- \`{"type":"ping"}\`.

The server sends WebSocket pings every 30 s and drops a connection that has not answered the previous one. Close
codes: 4401 when the session signs out, 1011 when catch-up failed (reconnect with \`since\`).`;

/**
 * @fastify/swagger's `transform`: adds each operation's id and security, and
 * documents the live channel, which @fastify/websocket hides from the document.
 */
export function describeOperation({ schema, url, route }: { schema: FastifySchema; url: string; route: RouteOptions }) {
  const method = (Array.isArray(route.method) ? route.method[0] : route.method) as string;
  const described: Record<string, unknown> = {
    ...schema,
    operationId: (schema as { operationId?: string })?.operationId ?? operationIdOf(method, url),
    security: (schema as { security?: unknown })?.security ?? securityOf(method, url),
  };
  if ((route as { websocket?: boolean }).websocket) {
    described.hide = false;
    described.description = realtimeDescription;
    described.response = {
      101: { type: 'null', description: 'Switching Protocols: the connection is now a WebSocket carrying the JSON events described above.' },
      ...((schema?.response as object | undefined) ?? {}),
    };
  }
  return { schema: described as FastifySchema, url };
}
