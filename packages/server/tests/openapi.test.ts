import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import SwaggerParser from '@apidevtools/swagger-parser';
import { createConfig, lintFromString } from '@redocly/openapi-core';
import { actors, createGroup, createPost, errorCode, startTestServer, type Client, type TestServer } from './_util.js';
import { createActivity } from './_activities.js';

/**
 * The OpenAPI document as real clients read it: a standard validator and
 * Redocly's recommended rules accept it, and what it says about each
 * operation's security is what the server does.
 */

type Security = Record<string, string[]>[];
interface Schema {
  type?: string;
  enum?: unknown[];
  anyOf?: Schema[];
  minimum?: number;
  default?: unknown;
}
interface Operation {
  operationId?: string;
  summary?: string;
  tags?: string[];
  security?: Security;
  parameters?: { in: string; name: string; required?: boolean; schema: Schema }[];
  responses: Record<string, { content?: Record<string, { schema?: unknown }> }>;
}
interface Document {
  openapi: string;
  servers?: { url: string }[];
  tags?: { name: string; description?: string }[];
  components: { securitySchemes: Record<string, { type: string; in?: string; name?: string }> };
  paths: Record<string, Record<string, Operation>>;
}

/**
 * Findings of Redocly's recommended rules that are accepted, each with why
 * (docs/decisions.md, "The OpenAPI document"). Anything else fails the test.
 */
const acceptedFindings: { rule: string; pointer: string; why: string }[] = [
  { rule: 'operation-4xx-response', pointer: '#/paths/~1api~1health/get/responses', why: 'takes no input, so there is no client error to describe' },
  { rule: 'operation-2xx-response', pointer: '#/paths/~1api~1v1~1realtime/get/responses', why: 'a WebSocket answers 101 Switching Protocols' },
];

let server: TestServer;
let document: Document;
let text: string;
before(async () => {
  server = await startTestServer();
  const response = await fetch(`${server.url}/api/openapi.json`);
  assert.equal(response.status, 200);
  text = await response.text();
  document = JSON.parse(text) as Document;
});
after(() => server.stop());

function operations() {
  return Object.entries(document.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ method: method.toUpperCase(), path, op })));
}

test('the document validates with swagger-parser', async () => {
  assert.equal(document.openapi, '3.0.3');
  // The parser dereferences in place; give it its own copy.
  await SwaggerParser.validate(JSON.parse(text));
});

test("the document lints clean with Redocly's recommended rules", async () => {
  const config = await createConfig({
    extends: ['recommended'],
    rules: {
      // Kindred is not published under a licence; a licence entry would be false (see docs/decisions.md).
      'info-license': 'off',
      'info-license-strict': 'off',
      // Stricter than recommended: every tag an operation uses is declared and described at the top.
      'operation-tag-defined': 'error',
    },
  });
  const problems = await lintFromString({ source: text, absoluteRef: 'openapi.json', config });
  const unexpected = problems.filter(
    (p) => !acceptedFindings.some((a) => a.rule === p.ruleId && p.location.some((l) => l.pointer === a.pointer)),
  );
  assert.deepEqual(
    unexpected.map((p) => `${p.severity} ${p.ruleId} ${p.location[0]?.pointer}: ${p.message}`),
    [],
  );
  // Each accepted finding still happens; when one is fixed, its entry goes.
  for (const accepted of acceptedFindings) {
    assert.ok(problems.some((p) => p.ruleId === accepted.rule && p.location.some((l) => l.pointer === accepted.pointer)), `${accepted.rule} at ${accepted.pointer} no longer reported`);
  }
});

test('every operation has a unique operationId, a summary, declared tags, security, a success response and error responses', () => {
  const ops = operations();
  assert.ok(ops.length >= 90, `only ${ops.length} operations`);
  assert.ok(document.servers && document.servers.length > 0);
  const declaredTags = new Map((document.tags ?? []).map((t) => [t.name, t.description]));
  const ids = new Set<string>();
  for (const { method, path, op } of ops) {
    const name = `${method} ${path}`;
    assert.match(op.operationId ?? '', /^[a-z][A-Za-z0-9]+$/, `${name} has a readable operationId`);
    assert.ok(!ids.has(op.operationId!), `${name}: operationId ${op.operationId} is used twice`);
    ids.add(op.operationId!);
    assert.ok(op.summary, `${name} has a summary`);
    for (const tag of op.tags ?? []) assert.ok(declaredTags.get(tag), `${name}: tag ${tag} is declared with a description`);
    assert.ok(Array.isArray(op.security) && op.security.length > 0, `${name} declares its security`);
    for (const requirement of op.security!) {
      for (const scheme of Object.keys(requirement)) assert.ok(document.components.securitySchemes[scheme], `${name}: scheme ${scheme} exists`);
    }
    const statuses = Object.keys(op.responses);
    if (path === '/api/v1/realtime') {
      assert.ok(statuses.includes('101'), 'the live channel documents its upgrade');
    } else {
      const success = statuses.filter((s) => s.startsWith('2'));
      assert.ok(success.length > 0, `${name} declares a 2xx response`);
      for (const status of success) {
        if (status === '204') continue;
        const content = Object.values(op.responses[status]!.content ?? {});
        assert.ok(content.length > 0 && content.every((c) => c.schema), `${name} ${status} has a schema`);
      }
    }
    if (path.startsWith('/api/v1/')) assert.ok(statuses.includes('4XX'), `${name} documents its client errors`);
  }
  // Writes name the CSRF header alongside the session cookie.
  const csrf = document.components.securitySchemes.csrf!;
  assert.deepEqual([csrf.in, csrf.name?.toLowerCase()], ['header', 'x-csrf-token']);
  assert.equal(document.components.securitySchemes.session!.in, 'cookie');
});

/** A value the declared schema accepts, for a required query parameter. */
function sample(name: string, schema: Schema): string {
  if (name === 'lat') return '39.99';
  if (name === 'lng') return '116.19';
  const options = schema.enum ?? schema.anyOf?.flatMap((s) => s.enum ?? []);
  if (options?.length) return String(options[0]);
  if (schema.default !== undefined) return String(schema.default);
  if (schema.type === 'integer' || schema.type === 'number') return String(Math.max(schema.minimum ?? 1, 1));
  if (schema.type === 'boolean') return 'true';
  return 'hiking';
}

test('what each operation declares about sessions and CSRF is what the server does', async () => {
  const { alice } = await actors(server, 'alice');
  const group = await createGroup(alice);
  const post = await createPost(alice, group.id);
  const activity = await createActivity(alice);
  const comment = (await alice.post(`/posts/${post.id}/comments`, { body: 'Count me in' })).body as { id: number };
  const idFor = (path: string) =>
    path.startsWith('/api/v1/groups/') ? group.id : path.startsWith('/api/v1/posts/') ? post.id : path.startsWith('/api/v1/comments/') ? comment.id : activity.id;
  const urlOf = (path: string, op: Operation) => {
    const query = (op.parameters ?? []).filter((p) => p.in === 'query' && p.required).map((p) => `${p.name}=${encodeURIComponent(sample(p.name, p.schema))}`);
    return path.replace('{id}', String(idFor(path))).replace('{username}', 'alice').replace('{userId}', String(alice.id)) + (query.length ? `?${query.join('&')}` : '');
  };
  const anonymous: Client = server.client();
  // Signed in, but a page that could not read the token: no X-CSRF-Token header.
  const withoutToken = { 'x-csrf-token': '' };
  let memberOnly = 0;
  let publicReads = 0;
  let csrfChecked = 0;
  for (const { method, path, op } of operations()) {
    const name = `${method} ${path}`;
    const security = op.security!;
    const anonymousAllowed = security.some((r) => Object.keys(r).length === 0);
    const url = urlOf(path, op);
    if (method === 'GET') {
      const reply = await anonymous.get(url);
      if (anonymousAllowed) {
        publicReads++;
        assert.ok(reply.status < 400 || errorCode(reply) !== 'unauthenticated', `${name} is declared public but answers ${reply.status} without a session`);
      } else {
        memberOnly++;
        assert.deepEqual(security, [{ session: [] }], name);
        assert.equal(reply.status, 401, `${name} is declared for members but answers ${reply.status} without a session: ${JSON.stringify(reply.body)}`);
        assert.equal(errorCode(reply), 'unauthenticated');
      }
      continue;
    }
    if (security.some((r) => 'csrf' in r)) {
      // The token is what a session's write must carry: refused before anything runs, whatever the body.
      const reply = await alice.request(method, url, '{}', { 'content-type': 'application/json', ...withoutToken });
      assert.equal(reply.status, 403, `${name} accepts a signed-in write without the CSRF token`);
      assert.equal(errorCode(reply), 'csrf_failed');
      csrfChecked++;
    }
    const reply = await anonymous.request(method, url, '{}', { 'content-type': 'application/json' });
    if (security.some((r) => 'webhookSignature' in r)) {
      assert.equal(reply.status, 401, `${name} accepts a call without its signature`);
    } else if (anonymousAllowed) {
      assert.ok(reply.status < 400 || errorCode(reply) !== 'unauthenticated', `${name} is declared open but wants a session`);
    } else {
      assert.ok(reply.status === 401 || reply.status === 400, `${name} without a session → ${reply.status}`);
    }
  }
  assert.ok(memberOnly >= 20 && publicReads >= 15 && csrfChecked >= 45, `${memberOnly} member reads, ${publicReads} public reads, ${csrfChecked} CSRF-guarded writes`);
  // Nothing the refused writes touched changed.
  assert.equal((await alice.get(`/posts/${post.id}`)).body.title, post.title);
});

test('the live channel is documented, and a plain request to it gets the one error shape', async () => {
  const live = document.paths['/api/v1/realtime']?.get as (Operation & { description?: string }) | undefined;
  assert.ok(live, 'the WebSocket route is in the document');
  for (const shape of ['"type":"message"', '"type":"ready"', '"type":"read"', '"type":"ack"', '"type":"error"', '"type":"pong"', '"type":"send"', '"type":"ping"', '101']) {
    assert.ok(live.description?.includes(shape), `the description covers ${shape}`);
  }
  const { bob } = await actors(server, 'bob');
  const plain = await bob.get('/realtime');
  assert.equal(plain.status, 426);
  assert.equal(errorCode(plain), 'upgrade_required');
  assert.equal(plain.headers.get('upgrade'), 'websocket');
});
