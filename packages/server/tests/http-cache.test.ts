import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { actors, createGroup, createPost, startTestServer, type TestServer } from './_util.js';

let server: TestServer;
before(async () => {
  server = await startTestServer();
});
after(() => server.stop());

test('public pages revalidate cheaply for anonymous visitors and stay private for members', async () => {
  const { ada } = await actors(server, 'ada');
  const group = await createGroup(ada, { name: 'Open Hills' });
  const post = await createPost(ada, group.id);
  const secret = await createGroup(ada, { name: 'Closed Circle', visibility: 'private' });
  const anonymous = server.client();

  for (const url of [`/groups/${group.id}`, `/groups/${group.id}/posts`, `/posts/${post.id}`, `/posts/${post.id}/comments`]) {
    const first = await anonymous.get(url);
    assert.equal(first.status, 200);
    const etag = first.headers.get('etag');
    assert.match(etag ?? '', /^W\/".+"$/, url);
    assert.equal(first.headers.get('cache-control'), 'public, no-cache');
    assert.match(first.headers.get('vary') ?? '', /cookie/i);
    const again = await anonymous.request('GET', url, undefined, { 'if-none-match': etag! });
    assert.equal(again.status, 304, url);
    assert.equal(again.body, '');
    // A signed-in member's answer carries their own state: never shared.
    const mine = await ada.get(url);
    assert.equal(mine.headers.get('cache-control'), 'private, no-cache');
    assert.equal(mine.headers.get('etag'), null);
  }
  // A change makes a new ETag, so the old one no longer matches.
  const before = await anonymous.get(`/posts/${post.id}`);
  await ada.patch(`/posts/${post.id}`, { title: 'A new title' });
  const changed = await anonymous.request('GET', `/posts/${post.id}`, undefined, { 'if-none-match': before.headers.get('etag')! });
  assert.equal(changed.status, 200);
  assert.equal(changed.body.title, 'A new title');
  // What a visitor may not read is not cached as a page.
  const hidden = await anonymous.get(`/groups/${secret.id}/posts`);
  assert.equal(hidden.status, 404);
  assert.equal(hidden.headers.get('etag'), null);
});
