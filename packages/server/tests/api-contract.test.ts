import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { actors, createGroup, createPost, errorCode, startTestServer, type TestServer } from './_util.js';

let server: TestServer;
before(async () => {
  server = await startTestServer();
});
after(() => server.stop());

interface Operation {
  method: string;
  path: string;
  spec: { requestBody?: unknown; responses?: Record<string, unknown>; parameters?: { in: string; name: string }[] };
}

async function operations(): Promise<Operation[]> {
  const doc = (await server.client().get('/api/openapi.json')).body as { paths: Record<string, Record<string, Operation['spec']>> };
  return Object.entries(doc.paths)
    .filter(([path]) => path.startsWith('/api/v1'))
    .flatMap(([path, methods]) => Object.entries(methods).map(([method, spec]) => ({ method: method.toUpperCase(), path, spec })));
}

test('the OpenAPI document describes every route with its responses, and a docs page is served', async () => {
  const ops = await operations();
  assert.ok(ops.length >= 35, `only ${ops.length} operations`);
  for (const op of ops) {
    const statuses = Object.keys(op.spec.responses ?? {});
    // The live channel's success is the WebSocket upgrade.
    assert.ok(statuses.some((s) => s.startsWith('2') || s === '101'), `${op.method} ${op.path} declares its success response`);
    assert.ok(statuses.includes('4XX') || statuses.includes('4xx'), `${op.method} ${op.path} declares its error response`);
    if (['POST', 'PUT', 'PATCH'].includes(op.method) && !op.path.includes('signout') && !/\/(leave|approve|reject|like|join|publish|cancel|read|block|follow|close|accept|decline|dismiss|withdraw|retry|mute|room|pin|ownership-claim|step-up|resume|confirm|restore)$/.test(op.path)) {
      assert.ok(op.spec.requestBody, `${op.method} ${op.path} declares its body`);
    }
  }
  const docs = await fetch(`${server.url}/api/docs/`);
  assert.equal(docs.status, 200);
  assert.match(await docs.text(), /swagger/i);
});

test('no garbage sent to any route gets a 5xx; every failure has the one error shape', async () => {
  const { alice } = await actors(server, 'alice');
  const group = await createGroup(alice);
  const post = await createPost(alice, group.id);
  const comment = (await alice.post(`/posts/${post.id}/comments`, { body: 'x' })).body;
  const anonymous = server.client();
  const ids = ['abc', '0', '-5', '1e3', '99999999999999', '%00', String(group.id)];
  const bodies: unknown[] = [
    undefined,
    null,
    [],
    'text',
    42,
    { a: { b: { c: [1, 2, { d: null }] } } },
    { username: ['x'], title: { x: 1 }, body: 12, kind: null, tags: 'x', pinned: 'yes', role: 'owner', userId: 'me' },
    { title: 'x'.repeat(100_000) },
    { body: '\u0000\uFFFF\uD800' },
  ];
  const queries = ['', '?limit=abc', '?limit=-1', '?cursor=%%%', `?cursor=${'A'.repeat(300)}`, '?sort[]=x&sort[]=y', '?q=', '?category=__proto__'];
  const ops = await operations();
  let requests = 0;
  for (const op of ops) {
    for (const id of ids) {
      const url = op.path.replace('/api/v1', '').replace(/\{id\}|:id/g, id).replace(/\{userId\}|:userId/g, id).replace(/\{username\}|:username/g, id === '%00' ? 'a%00b' : `u${id}`);
      for (const client of [alice, anonymous]) {
        for (const query of op.method === 'GET' ? queries : ['']) {
          for (const body of op.method === 'GET' || op.method === 'DELETE' ? [undefined] : bodies) {
            const reply = await client.request(op.method, url + query, body === undefined ? undefined : JSON.stringify(body), body === undefined ? {} : { 'content-type': 'application/json' });
            requests++;
            assert.ok(reply.status < 500, `${op.method} ${url}${query} ${JSON.stringify(body)?.slice(0, 60)} → ${reply.status} ${JSON.stringify(reply.body).slice(0, 200)}`);
            if (reply.status >= 400) errorCode(reply);
          }
        }
      }
    }
  }
  assert.ok(requests > 1000);
  // Wrong content types are refused cleanly too.
  const xml = await alice.request('POST', '/groups', '<group/>', { 'content-type': 'application/xml' });
  assert.equal(xml.status, 415);
  assert.equal(errorCode(xml), 'unsupported_media_type');
  const huge = await alice.request('POST', '/groups', JSON.stringify({ name: 'x'.repeat(300_000) }), { 'content-type': 'application/json' });
  assert.equal(huge.status, 413);
  // Unknown routes answer in the same shape.
  assert.equal(errorCode(await alice.get('/no/such/route')), 'not_found');
  assert.ok((await server.db.selectFrom('comments').select('id').where('id', '=', comment.id).executeTakeFirst()) !== undefined);
});
