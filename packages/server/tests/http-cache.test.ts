import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
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

test('the web app: its page in the visitor\'s language preloads that language only and revalidates; hashed assets go precompressed and immutable', async () => {
  const dist = fs.mkdtempSync(path.join(os.tmpdir(), 'kindred-web-'));
  fs.mkdirSync(path.join(dist, 'assets'));
  fs.writeFileSync(
    path.join(dist, 'index.html'),
    [
      '<!doctype html><html><head>',
      '<link rel="modulepreload" crossorigin href="/assets/app-1.js">',
      '<link rel="modulepreload" crossorigin href="/assets/en-1.js" data-lang="en">',
      '<link rel="modulepreload" crossorigin href="/assets/zh-1.js" data-lang="zh-CN">',
      '</head><body></body></html>',
    ].join('\n'),
  );
  const script = 'export const words = "' + 'a walk in the hills '.repeat(200) + '";';
  fs.writeFileSync(path.join(dist, 'assets/en-1.js'), script);
  fs.writeFileSync(path.join(dist, 'assets/en-1.js.br'), zlib.brotliCompressSync(script));
  const web = await startTestServer({ webDist: dist, production: true });
  try {
    const page = (language?: string, etag?: string) =>
      fetch(`${web.url}/groups/1`, { headers: { ...(language ? { 'accept-language': language } : {}), ...(etag ? { 'if-none-match': etag } : {}) } });
    const zh = await page('zh-TW,zh;q=0.9,en;q=0.5');
    assert.equal(zh.status, 200);
    const zhHtml = await zh.text();
    assert.match(zhHtml, /zh-1\.js/);
    assert.doesNotMatch(zhHtml, /en-1\.js/);
    assert.match(zhHtml, /app-1\.js/, 'the shared modules stay');
    assert.match(zh.headers.get('vary') ?? '', /accept-language/i);
    assert.equal(zh.headers.get('cache-control'), 'no-cache');
    for (const language of ['fr-FR', undefined]) {
      const other = await (await page(language)).text();
      assert.match(other, /en-1\.js/, `${language ?? 'no language'} gets the default`);
      assert.doesNotMatch(other, /zh-1\.js/);
    }
    const again = await page('zh-CN', zh.headers.get('etag')!);
    assert.equal(again.status, 304);
    assert.equal((await page('en', zh.headers.get('etag')!)).status, 200, 'each language\'s page has its own ETag');

    const asset = await fetch(`${web.url}/assets/en-1.js`, { headers: { 'accept-encoding': 'br' } });
    assert.equal(asset.status, 200);
    assert.equal(asset.headers.get('content-encoding'), 'br');
    assert.equal(asset.headers.get('cache-control'), 'public, max-age=31536000, immutable');
    assert.equal(await asset.text(), script);
    const missing = await fetch(`${web.url}/assets/gone-0.js`);
    assert.equal(missing.status, 404, 'a missing asset is not the page');
    assert.match(missing.headers.get('content-type') ?? '', /json/);
  } finally {
    await web.stop();
    fs.rmSync(dist, { recursive: true, force: true });
  }
});
