import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { validate as validateXml, parse as parseXml } from 'fast-xml-parser';
import { DomUtils, parseDocument } from 'htmlparser2';
import type { Element } from 'domhandler';
import sharp from 'sharp';
import { jobHandlers } from '../src/jobs/handlers.js';
import { refreshSitemaps } from '../src/seo/sitemaps.js';
import { activityBody } from './_activities.js';
import { actors, createGroup, createPost, PASSWORD, startTestServer, type Client, type TestServer } from './_util.js';

/**
 * What a crawler or a link-preview reader gets without running any script: the pages of public groups,
 * activities, posts and profiles carry their title, description, canonical URL, language versions, Open
 * Graph and Twitter card tags and their main content; a private group's pages (its posts and activities
 * too) say only that much; missing, withdrawn and suspended members' pages are plain "Kindred", not
 * indexed; robots.txt names the sitemap, and the sitemaps list exactly the public pages.
 */

const BOT = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';
const HOUR = 3_600_000;

/** A web app build as `vite build` writes it (packages/web/index.html plus the per-language module links). */
function makeWebDist(): string {
  const source = fs.readFileSync(fileURLToPath(new URL('../../web/index.html', import.meta.url)), 'utf8');
  const dist = fs.mkdtempSync(path.join(os.tmpdir(), 'kindred-web-'));
  const html = source.replace(/\s*<script type="module" src="\/src\/main.tsx"><\/script>/, '').replace(
    '</head>',
    [
      '  <script type="module" crossorigin src="/assets/app-1.js"></script>',
      '    <link rel="modulepreload" crossorigin href="/assets/en-1.js" data-lang="en">',
      '    <link rel="modulepreload" crossorigin href="/assets/zh-1.js" data-lang="zh-CN">',
      '  </head>',
    ].join('\n'),
  );
  assert.match(html, /<div id="root"><div class="boot"[^]*<\/header><\/div><!-- kindred:main --><\/div>/, 'the page has the root the app mounts in: its first-paint top bar, then the slot for main content');
  fs.writeFileSync(path.join(dist, 'index.html'), html);
  return dist;
}

interface CrawledPage {
  status: number;
  headers: Headers;
  html: string;
  htmlLang: string | undefined;
  titles: string[];
  /** Meta tags by name or property, each with its contents in order. */
  meta: Map<string, string[]>;
  links: { rel: string; hreflang?: string; href: string }[];
  /** The text of the server-rendered main content, and whether it sits inside the app's root. */
  main: { text: string; inRoot: boolean; html: string } | null;
}

/** Fetches a page as a crawler does (a bot's user agent, no cookies, no scripts) and parses it with a real HTML parser. */
async function crawl(base: string, url: string, headers: Record<string, string> = {}): Promise<CrawledPage> {
  const response = await fetch(`${base}${url}`, { headers: { 'user-agent': BOT, ...headers } });
  const html = await response.text();
  const doc = parseDocument(html);
  const find = (name: string) => DomUtils.findAll((e) => e.name === name, doc.children);
  const head = DomUtils.findOne((e) => e.name === 'head', doc.children)!;
  const inHead = (name: string) => DomUtils.findAll((e) => e.name === name, head.children);
  const meta = new Map<string, string[]>();
  for (const m of inHead('meta')) {
    const key = m.attribs.name ?? m.attribs.property;
    if (key) meta.set(key, [...(meta.get(key) ?? []), m.attribs.content ?? '']);
  }
  const mainElement = find('main').find((e) => e.attribs.id === 'ssr');
  let inRoot = false;
  for (let node: Element | null = (mainElement?.parent as Element | null) ?? null; node; node = node.parent as Element | null) {
    if (node.attribs?.id === 'root') inRoot = true;
  }
  return {
    status: response.status,
    headers: response.headers,
    html,
    htmlLang: find('html')[0]?.attribs.lang,
    titles: inHead('title').map((t) => DomUtils.textContent(t)),
    meta,
    links: inHead('link').map((l) => ({ rel: l.attribs.rel!, hreflang: l.attribs.hreflang, href: l.attribs.href! })),
    main: mainElement ? { text: DomUtils.textContent(mainElement).replace(/\s+/g, ' '), inRoot, html: DomUtils.getOuterHTML(mainElement) } : null,
  };
}

const one = (page: CrawledPage, key: string) => {
  const values = page.meta.get(key) ?? [];
  assert.equal(values.length, 1, `one ${key} (got ${JSON.stringify(values)})`);
  return values[0]!;
};
const canonical = (page: CrawledPage) => page.links.filter((l) => l.rel === 'canonical').map((l) => l.href);
const alternates = (page: CrawledPage) => Object.fromEntries(page.links.filter((l) => l.rel === 'alternate').map((l) => [l.hreflang, l.href]));

/** The shape every preview has: one title and one description (the page's defaults replaced), the card, the site. */
function assertPreviewShape(page: CrawledPage) {
  assert.equal(page.status, 200);
  assert.equal(page.titles.length, 1, 'one title');
  one(page, 'description');
  assert.equal(one(page, 'og:site_name'), 'Kindred');
  one(page, 'og:title');
  one(page, 'og:description');
  one(page, 'og:type');
  assert.match(one(page, 'twitter:card'), /^summary(_large_image)?$/);
  assert.equal(page.headers.get('cache-control'), 'no-cache');
  assert.match(page.headers.get('etag') ?? '', /^".+"$/);
}

/** A page that previews as the whole of it: nothing of the item, kept out of search results. */
function assertPlain(page: CrawledPage, title: string) {
  assertPreviewShape(page);
  assert.deepEqual(page.titles, [title]);
  assert.equal(one(page, 'og:title'), title);
  assert.equal(one(page, 'robots'), 'noindex');
  assert.deepEqual(canonical(page), []);
  assert.equal(page.meta.get('og:image'), undefined);
  assert.equal(page.meta.get('og:url'), undefined);
  assert.equal(page.main, null);
}

function assertLeaksNothing(page: CrawledPage, secrets: string[]) {
  for (const secret of secrets) assert.ok(!page.html.toLowerCase().includes(secret.toLowerCase()), `"${secret}" is not in the page`);
}

const photo = (width: number, height: number) => sharp({ create: { width, height, channels: 3, background: '#2f8f6a' } }).jpeg().toBuffer();
async function upload(member: Client, width = 1600, height = 900) {
  const body = new FormData();
  body.append('file', new Blob([new Uint8Array(await photo(width, height))], { type: 'image/jpeg' }), 'photo.jpg');
  const reply = await member.post('/media', body);
  assert.equal(reply.status, 201, JSON.stringify(reply.body));
  return reply.body as { id: number };
}

/** The next 23:30 UTC at least three days out: 07:30 the next morning in Shanghai (UTC+8, no daylight saving). */
function nextShanghaiMorning() {
  const start = new Date(Date.now() + 72 * HOUR);
  start.setUTCHours(23, 30, 0, 0);
  const local = new Date(start.getTime() + 8 * HOUR);
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  return {
    startsAt: start.toISOString(),
    endsAt: new Date(start.getTime() + 5 * HOUR).toISOString(),
    en: `${months[local.getUTCMonth()]} ${local.getUTCDate()}, ${local.getUTCFullYear()}`,
    zh: `${local.getUTCFullYear()}年${local.getUTCMonth() + 1}月${local.getUTCDate()}日`,
  };
}

let server: TestServer;
let dist: string;
before(async () => {
  dist = makeWebDist();
  server = await startTestServer({ webDist: dist });
});
after(async () => {
  await server.stop();
  fs.rmSync(dist, { recursive: true, force: true });
});

describe('link previews of public pages', () => {
  test('a public group: its name, interest, city and members, cover as a large card, canonical and language versions; escaped; the ETag follows it', async () => {
    const { ada, bob } = await actors(server, 'ada', 'bob');
    const cover = await upload(ada);
    const group = (
      await ada.post('/groups', {
        name: 'Hill "Walkers" & <Friends>',
        description: 'We walk up hills every **Saturday**.\n\nBring water & snacks. <script>alert(1)</script>',
        tags: ['hiking'],
        city: 'Beijing',
        visibility: 'public',
        joinPolicy: 'open',
        cover: { id: cover.id, alt: 'The ridge at dawn' },
      })
    ).body;
    assert.equal((await bob.post(`/groups/${group.id}/join`)).status, 200);

    const page = await crawl(server.url, `/groups/${group.id}?tab=posts`);
    assertPreviewShape(page);
    assert.deepEqual(page.titles, ['Hill "Walkers" & <Friends> · Kindred']);
    assert.equal(one(page, 'og:title'), 'Hill "Walkers" & <Friends>');
    const description = one(page, 'description');
    for (const part of ['Hiking', 'Beijing', '2 members', 'We walk up hills every Saturday.']) assert.ok(description.includes(part), `"${part}" in "${description}"`);
    assert.equal(one(page, 'og:description'), description);
    assert.equal(one(page, 'twitter:description'), description);
    assert.equal(one(page, 'og:type'), 'website');
    assert.equal(one(page, 'og:locale'), 'en_US');
    assert.equal(page.meta.get('robots'), undefined, 'indexed');
    const url = `${server.url}/groups/${group.id}`;
    assert.deepEqual(canonical(page), [url], 'the canonical URL has no query');
    assert.equal(one(page, 'og:url'), url);
    assert.deepEqual(alternates(page), { en: `${url}?lang=en`, 'zh-CN': `${url}?lang=zh-CN`, 'x-default': url });
    // The cover, as a JPEG anyone may fetch.
    const image = one(page, 'og:image');
    assert.equal(image, `${server.url}/api/v1/media/${cover.id}/display.jpg`);
    assert.equal(one(page, 'twitter:image'), image);
    assert.equal(one(page, 'twitter:card'), 'summary_large_image');
    assert.equal(one(page, 'og:image:alt'), 'The ridge at dawn');
    assert.deepEqual([one(page, 'og:image:width'), one(page, 'og:image:height')], ['1080', '608']);
    const file = await fetch(image, { headers: { 'user-agent': BOT } });
    assert.equal(file.status, 200);
    assert.equal(file.headers.get('content-type'), 'image/jpeg');
    // Member-written text is text: escaped in attributes and content alike, never markup.
    assert.ok(!page.html.includes('<Friends>') && !page.html.includes('<script>alert'), 'nothing member-written is markup');
    assert.ok(page.html.includes('&lt;Friends&gt;'));
    // The main content, in the app's root (the app replaces it when it mounts), with the page's modules kept.
    assert.ok(page.main?.inRoot, 'the main content is inside #root');
    assert.match(page.main!.html, /<h1>Hill &quot;Walkers&quot; &amp; &lt;Friends&gt;<\/h1>/);
    for (const part of ['Hiking', 'Beijing', 'We walk up hills every Saturday.', 'Bring water & snacks.']) assert.ok(page.main!.text.includes(part), `"${part}" in the main content`);
    assert.match(page.html, /@media \(scripting: enabled\) \{ #ssr \{ display: none \} \}/, 'browsers that run the app never show it');
    assert.match(page.html, /app-1\.js/);
    assert.match(page.html, /en-1\.js/);
    assert.doesNotMatch(page.html, /zh-1\.js/);
    // What the app asks for first is named in the head, so it downloads with the app (the browser tests prove each is used).
    assert.ok(page.links.some((l) => l.rel === 'preload' && l.href === `/api/v1/groups/${group.id}`), 'the group is preloaded');
    assert.ok(page.links.some((l) => l.rel === 'preload' && l.href === `/api/v1/groups/${group.id}/posts?sort=new&limit=20`), 'its first posts are preloaded');

    // Revalidation: the same page is a 304; a change to the group is a new page.
    const etag = page.headers.get('etag')!;
    assert.equal((await fetch(`${server.url}/groups/${group.id}`, { headers: { 'if-none-match': etag } })).status, 304);
    assert.equal((await ada.patch(`/groups/${group.id}`, { name: 'Hill Walkers' })).status, 200);
    const renamed = await fetch(`${server.url}/groups/${group.id}`, { headers: { 'if-none-match': etag } });
    assert.equal(renamed.status, 200);
    assert.notEqual(renamed.headers.get('etag'), etag);
    assert.match(await renamed.text(), /<title>Hill Walkers · Kindred<\/title>/);
  });

  test('the language: ?lang= picks it (canonical keeps it), else the browser\'s; the page\'s modules and its html lang follow', async () => {
    const { cai } = await actors(server, 'cai');
    const group = await createGroup(cai, { name: 'Weekend Hikers', city: 'Hangzhou' });
    const url = `${server.url}/groups/${group.id}`;
    const zh = await crawl(server.url, `/groups/${group.id}?lang=zh-CN`);
    assertPreviewShape(zh);
    assert.equal(zh.htmlLang, 'zh-CN');
    assert.ok(one(zh, 'description').includes('徒步'), 'the interest in Chinese');
    assert.ok(one(zh, 'description').includes('1 位成员'));
    assert.equal(one(zh, 'og:locale'), 'zh_CN');
    assert.deepEqual(zh.meta.get('og:locale:alternate'), ['en_US']);
    assert.deepEqual(canonical(zh), [`${url}?lang=zh-CN`]);
    assert.deepEqual(alternates(zh), { en: `${url}?lang=en`, 'zh-CN': `${url}?lang=zh-CN`, 'x-default': url });
    assert.match(zh.html, /zh-1\.js/);
    assert.doesNotMatch(zh.html, /en-1\.js/);
    // ?lang= wins over the browser's language; any Chinese is Simplified Chinese.
    const en = await crawl(server.url, `/groups/${group.id}?lang=en`, { 'accept-language': 'zh-CN' });
    assert.equal(en.htmlLang, 'en');
    assert.ok(one(en, 'description').includes('1 member'));
    assert.deepEqual(canonical(en), [`${url}?lang=en`]);
    assert.equal(one(await crawl(server.url, `/groups/${group.id}?lang=zh-TW`), 'og:locale'), 'zh_CN');
    // Without ?lang=, the browser's language; the canonical URL is the plain one.
    const browser = await crawl(server.url, `/groups/${group.id}`, { 'accept-language': 'zh-TW,zh;q=0.9' });
    assert.equal(one(browser, 'og:locale'), 'zh_CN');
    assert.deepEqual(canonical(browser), [url]);
    // A language the app does not have is ignored.
    const unknown = await crawl(server.url, `/groups/${group.id}?lang=fr`);
    assert.equal(one(unknown, 'og:locale'), 'en_US');
    assert.deepEqual(canonical(unknown), [url]);
  });

  test('an activity: local date and time in its zone, place and fee (or free); its organizer and group linked', async () => {
    const { dee } = await actors(server, 'dee');
    const group = await createGroup(dee, { name: 'Dawn Patrol' });
    const when = nextShanghaiMorning();
    const cover = await upload(dee);
    const paid = (
      await dee.post('/activities', {
        ...activityBody({ groupId: group.id, title: 'Sunrise on Xiangshan', startsAt: when.startsAt, endsAt: when.endsAt, fee: { amount: 8800, currency: 'CNY' } }),
        cover: { id: cover.id },
      })
    ).body;
    const page = await crawl(server.url, `/activities/${paid.id}`);
    assertPreviewShape(page);
    assert.deepEqual(page.titles, ['Sunrise on Xiangshan · Kindred']);
    const description = one(page, 'description');
    for (const part of [when.en, 'GMT+8', 'Xiangshan Park north gate', '¥88.00', 'Meet at the north gate.']) assert.ok(description.includes(part), `"${part}" in "${description}"`);
    assert.match(description, /\b07:30\b/, 'the start in Shanghai time, on the 24-hour clock');
    assert.deepEqual(canonical(page), [`${server.url}/activities/${paid.id}`]);
    assert.equal(one(page, 'og:image'), `${server.url}/api/v1/media/${cover.id}/display.jpg`);
    assert.equal(one(page, 'twitter:card'), 'summary_large_image');
    assert.ok(page.main?.inRoot);
    for (const part of ['Sunrise on Xiangshan', when.en, 'Xiangshan Park north gate, Haidian, Beijing', 'By the ticket office', '¥88.00', 'Dee', 'Dawn Patrol']) {
      assert.ok(page.main!.text.includes(part), `"${part}" in the main content`);
    }
    assert.ok(page.main!.html.includes(`href="/groups/${group.id}"`) && page.main!.html.includes('href="/u/dee"'), 'the group and organizer are linked');

    const zh = await crawl(server.url, `/activities/${paid.id}?lang=zh-CN`);
    assert.ok(one(zh, 'description').includes(when.zh), one(zh, 'description'));
    assert.ok(one(zh, 'description').includes('07:30'));

    // No group, no fee.
    const free = (await dee.post('/activities', activityBody({ title: 'Picnic by the lake', startsAt: when.startsAt, endsAt: when.endsAt }))).body;
    const freePage = await crawl(server.url, `/activities/${free.id}`);
    assertPreviewShape(freePage);
    assert.ok(one(freePage, 'description').includes('Free'));
    assert.ok(one(await crawl(server.url, `/activities/${free.id}?lang=zh-CN`), 'description').includes('免费'));
    assert.equal(one(freePage, 'twitter:card'), 'summary', 'no photo: the small card');
    assert.equal(freePage.meta.get('og:image'), undefined);

    // Yen have no minor unit: 1500 is ¥1,500.
    const yen = (await dee.post('/activities', activityBody({ title: 'Tokyo night walk', startsAt: when.startsAt, endsAt: when.endsAt, fee: { amount: 1500, currency: 'JPY' } }))).body;
    const yenDescription = one(await crawl(server.url, `/activities/${yen.id}`), 'description');
    assert.ok(yenDescription.includes('¥1,500') && !yenDescription.includes('¥15'), yenDescription);
  });

  test('a post: its title and first lines, as an article with its first photo; its group and author linked', async () => {
    const { eve } = await actors(server, 'eve');
    const group = await createGroup(eve, { name: 'Trail Notes' });
    const picture = await upload(eve, 1200, 800);
    const body = `# Packing list\n\nThe **first lines** of a long guide to packing for a day on the trails.\n\n${'More advice follows here. '.repeat(40)}`;
    const post = (await eve.post(`/groups/${group.id}/posts`, { kind: 'guide', title: 'What to pack for a day hike', body, photos: [{ id: picture.id, alt: 'A packed bag' }] })).body;
    const page = await crawl(server.url, `/posts/${post.id}`);
    assertPreviewShape(page);
    assert.deepEqual(page.titles, ['What to pack for a day hike · Kindred']);
    const description = one(page, 'description');
    assert.match(description, /^Packing list The first lines of a long guide/);
    assert.ok(description.length <= 200 && description.endsWith('…'), 'the first lines, not the whole post');
    assert.equal(one(page, 'og:type'), 'article');
    assert.equal(one(page, 'article:published_time'), post.createdAt);
    assert.equal(one(page, 'og:image'), `${server.url}/api/v1/media/${picture.id}/display.jpg`);
    assert.equal(one(page, 'og:image:alt'), 'A packed bag');
    assert.deepEqual(canonical(page), [`${server.url}/posts/${post.id}`]);
    assert.ok(page.main!.text.includes('More advice follows here.'), 'the whole text is in the page for indexing');
    assert.ok(page.main!.html.includes(`href="/groups/${group.id}"`));
  });

  test('a public profile: display name, bio and city', async () => {
    const { fay } = await actors(server, 'fay');
    assert.equal((await fay.patch('/me', { displayName: 'Fay Lin', bio: 'Weekend climber & coffee lover.', city: 'Chengdu', lat: 30.6586, lng: 104.0647 })).status, 200);
    const page = await crawl(server.url, '/u/fay');
    assertPreviewShape(page);
    assert.deepEqual(page.titles, ['Fay Lin (@fay) · Kindred']);
    assert.equal(one(page, 'description'), 'Chengdu · Weekend climber & coffee lover.');
    assert.equal(one(page, 'og:type'), 'profile');
    assert.equal(one(page, 'profile:username'), 'fay');
    assert.deepEqual(canonical(page), [`${server.url}/u/fay`]);
    assert.ok(!page.html.includes('30.65') && !page.html.includes('104.06'), 'no coordinates');
    assert.ok(page.main!.text.includes('Weekend climber & coffee lover.'));
    // The canonical URL spells the username as the member does.
    assert.deepEqual(canonical(await crawl(server.url, '/u/FAY')), [`${server.url}/u/fay`]);
    // A member who asks search engines to leave their page out: it says noindex.
    assert.equal(page.meta.get('robots'), undefined, 'indexed by default');
    assert.equal((await fay.patch('/me/privacy', { searchEngines: false })).status, 200);
    assert.equal(one(await crawl(server.url, '/u/fay'), 'robots'), 'noindex');
    assert.equal((await fay.get('/me')).body.privacy.searchEngines, false);
  });
});

describe('what a crawler may not see', () => {
  test('a private group, a post in it and its activity preview as "a private group on Kindred" and nothing more', async () => {
    const { gus, hal, ivy } = await actors(server, 'gus', 'hal', 'ivy');
    const cover = await upload(gus);
    const secret = await createGroup(gus, {
      name: 'Zeta Moonlight Paddlers',
      description: 'zeta-description: we meet at the hidden cove',
      tags: ['kayaking'],
      city: 'Qiandao',
      visibility: 'private',
      joinPolicy: 'approval',
      cover: { id: cover.id, alt: 'zeta-cover-alt' },
    });
    for (const member of [hal, ivy]) {
      await member.post(`/groups/${secret.id}/join`, { message: 'hi' });
      assert.equal((await gus.post(`/groups/${secret.id}/requests/${member.id}/approve`)).status, 204);
    }
    const post = await createPost(hal, secret.id, { title: 'zeta-post-title', body: 'zeta-post-body about the cove' });
    const activity = (await gus.post('/activities', activityBody({ groupId: secret.id, title: 'zeta-activity-title', place: { name: 'zeta-place', address: 'zeta-address', lat: 29.6, lng: 119.0 }, fee: { amount: 4200, currency: 'CNY' } }))).body;
    assert.equal((await gus.get(`/groups/${secret.id}`)).body.memberCount, 3);

    const secrets = ['Zeta', 'Moonlight', 'zeta-description', 'hidden cove', 'Qiandao', 'kayak', 'zeta-cover-alt', `/media/${cover.id}/`, 'zeta-post', 'zeta-activity', 'zeta-place', 'zeta-address', '42.00', 'Hal', 'Gus', '3 members', '3 位成员'];
    for (const url of [`/groups/${secret.id}`, `/posts/${post.id}`, `/activities/${activity.id}`]) {
      for (const lang of ['en', 'zh-CN']) {
        const page = await crawl(server.url, `${url}?lang=${lang}`);
        assertPlain(page, lang === 'en' ? 'A private group on Kindred' : 'Kindred 上的私密小组');
        assertLeaksNothing(page, secrets);
        assert.doesNotMatch(page.html, /\b3\b/, `no count in ${url}`);
      }
    }
    // What changes inside does not show, not even through the ETag.
    const before = (await crawl(server.url, `/groups/${secret.id}`)).headers.get('etag');
    assert.equal((await gus.patch(`/groups/${secret.id}`, { name: 'Zeta Renamed', description: 'zeta-other' })).status, 200);
    assert.equal((await crawl(server.url, `/groups/${secret.id}`)).headers.get('etag'), before);
    // A member's own browser gets the same page (the app shows them the group once it runs).
    assertPlain(await crawl(server.url, `/groups/${secret.id}`, { cookie: `kindred_session=${hal.cookie('kindred_session')}` }), 'A private group on Kindred');
  });

  test('deleted, held, draft, suspended and missing content previews as plain "Kindred", not indexed', async () => {
    const { jon, kim } = await actors(server, 'jon', 'kim');
    const group = await createGroup(jon, { name: 'Open Trails' });
    const deleted = await createPost(jon, group.id, { title: 'gone-post-title', body: 'gone-post-body' });
    assert.equal((await jon.delete(`/posts/${deleted.id}`)).status, 204);
    const held = await createPost(jon, group.id, { title: 'held-post-title', body: 'Ask me about the casino trip' });
    const draft = (await jon.post('/activities', activityBody({ groupId: group.id, title: 'draft-activity-title', status: 'draft' }))).body;
    // Kim's content, then her suspension.
    const kimsGroup = await createGroup(kim, { name: 'kims-group-name' });
    const kimsPost = await createPost(kim, kimsGroup.id, { title: 'kims-post-title', body: 'kims-post-body' });
    const kimsActivity = (await kim.post('/activities', activityBody({ title: 'kims-activity-title' }))).body;
    assert.equal((await kim.patch('/me', { displayName: 'Kimberly Suspended', bio: 'kims-bio', city: 'Kims-City' })).status, 200);
    assert.equal(one(await crawl(server.url, '/u/kim'), 'og:title'), 'Kimberly Suspended (@kim)', 'shown before the suspension');
    await server.db.updateTable('users').set({ suspended_until: new Date(Date.now() + 7 * 24 * HOUR) }).where('id', '=', kim.id).execute();

    const cases: [string, string[]][] = [
      [`/posts/${deleted.id}`, ['gone-post']],
      [`/posts/${held.id}`, ['held-post', 'casino']],
      [`/activities/${draft.id}`, ['draft-activity']],
      [`/posts/${kimsPost.id}`, ['kims-post']],
      [`/activities/${kimsActivity.id}`, ['kims-activity', 'Xiangshan']],
      ['/u/kim', ['Kimberly', 'kims-bio', 'Kims-City']],
      ['/groups/999999999', []],
      ['/posts/999999999', []],
      ['/activities/999999999', []],
      ['/u/nobody_here', ['nobody_here']],
    ];
    for (const [url, secrets] of cases) {
      const page = await crawl(server.url, url);
      assertPlain(page, 'Kindred');
      assertLeaksNothing(page, secrets);
    }
    // A deleted account's profile too.
    const { lou } = await actors(server, 'lou');
    assert.equal((await lou.patch('/me', { displayName: 'Louisa Gone', bio: 'lous-bio' })).status, 200);
    assert.equal((await lou.post('/me/delete', { password: PASSWORD })).status, 204);
    const gone = await crawl(server.url, '/u/lou');
    assertPlain(gone, 'Kindred');
    assertLeaksNothing(gone, ['Louisa', 'lous-bio']);
  });

  test('the app\'s other pages are the plain page, as before', async () => {
    for (const url of ['/', '/discover', '/groups/new', '/groups/abc', '/me']) {
      const page = await crawl(server.url, url);
      assert.equal(page.status, 200, url);
      assert.deepEqual(page.titles, ['Kindred'], url);
      assert.equal(page.main, null, url);
      assert.equal(page.meta.get('og:title'), undefined, url);
      assert.match(page.html, /<!-- kindred:main --><\/div>/, `${url}: the root holds the first-paint top bar only`);
    }
    // Missing assets and the API are not the page.
    assert.equal((await fetch(`${server.url}/assets/none-0.js`)).status, 404);
    assert.equal((await fetch(`${server.url}/api/v1/nothing`)).status, 404);
  });
});

describe('robots.txt and the sitemaps', () => {
  test('robots.txt names the sitemap index by its absolute URL', async () => {
    const robots = await (await fetch(`${server.url}/robots.txt`, { headers: { 'user-agent': BOT } })).text();
    assert.deepEqual(robots.split('\n').filter((l) => l.startsWith('Sitemap:')), [`Sitemap: ${server.url}/sitemap.xml`]);
    assert.match(robots, /^Disallow: \/api\/$/m);
  });

  test('the sitemap index and its pages are valid XML listing public groups, upcoming public activities and public posts, and nothing else', async () => {
    const { max, ned, oli } = await actors(server, 'max', 'ned', 'oli');
    const open = await createGroup(max, { name: 'Sitemap Open Group' });
    const closed = await createGroup(max, { name: 'Sitemap Closed Group', visibility: 'private', joinPolicy: 'approval' });
    const openPost = await createPost(max, open.id, { title: 'Open post' });
    const closedPost = await createPost(max, closed.id, { title: 'Closed post' });
    const deletedPost = await createPost(max, open.id, { title: 'Deleted post' });
    await max.delete(`/posts/${deletedPost.id}`);
    const upcoming = (await max.post('/activities', activityBody({ groupId: open.id }))).body;
    const solo = (await ned.post('/activities', activityBody({ title: 'No group at all' }))).body;
    const closedActivity = (await max.post('/activities', activityBody({ groupId: closed.id }))).body;
    const draft = (await max.post('/activities', activityBody({ groupId: open.id, status: 'draft' }))).body;
    const past = (await max.post('/activities', activityBody({ groupId: open.id }))).body;
    await server.db.updateTable('activities').set({ starts_at: new Date(Date.now() - 48 * HOUR), ends_at: new Date(Date.now() - 44 * HOUR) }).where('id', '=', past.id).execute();
    await oli.post(`/groups/${open.id}/join`);
    const suspendedPost = await createPost(oli, open.id, { title: 'By a suspended member' });
    await server.db.updateTable('users').set({ suspended_until: new Date(Date.now() + 24 * HOUR) }).where('id', '=', oli.id).execute();

    await jobHandlers(server.ctx)['seo.sitemaps']!({});
    const urls = await sitemapUrls(server.url);
    const has = (p: string) => urls.has(`${server.url}${p}`);
    for (const p of [`/groups/${open.id}`, `/posts/${openPost.id}`, `/activities/${upcoming.id}`, `/activities/${solo.id}`]) assert.ok(has(p), `${p} is listed`);
    for (const p of [`/groups/${closed.id}`, `/posts/${closedPost.id}`, `/posts/${deletedPost.id}`, `/activities/${closedActivity.id}`, `/activities/${draft.id}`, `/activities/${past.id}`, `/posts/${suspendedPost.id}`]) {
      assert.ok(!has(p), `${p} is not listed`);
    }
    // The job runs again in an hour.
    const job = await server.db.selectFrom('jobs').select('run_at').where('kind', '=', 'seo.sitemaps').executeTakeFirstOrThrow();
    assert.ok(new Date(job.run_at).getTime() > Date.now() + 0.9 * HOUR);

    // Revalidation: a run that changes nothing keeps the tag; a new post is a new sitemap.
    const etag = (await fetch(`${server.url}/sitemap.xml`)).headers.get('etag')!;
    const revalidate = () => fetch(`${server.url}/sitemap.xml`, { headers: { 'if-none-match': etag } });
    assert.equal((await revalidate()).status, 304);
    await jobHandlers(server.ctx)['seo.sitemaps']!({});
    assert.equal((await revalidate()).status, 304, 'an unchanged sitemap keeps its tag');
    const newPost = await createPost(max, open.id, { title: 'Newer post' });
    await jobHandlers(server.ctx)['seo.sitemaps']!({});
    assert.equal((await revalidate()).status, 200);
    assert.ok((await sitemapUrls(server.url)).has(`${server.url}/posts/${newPost.id}`));
    // Names no page has.
    for (const name of ['nothing.xml', 'groups-0.xml', 'groups-999.xml', 'users-1.xml', 'groups-1.txt']) assert.equal((await fetch(`${server.url}/sitemaps/${name}`)).status, 404, name);
  });

  test('pages are ranges of ids, at most the limit each; a kind that shrinks drops its last pages', async () => {
    const { pat } = await actors(server, 'pat');
    for (const name of ['Paging One', 'Paging Two', 'Paging Three']) await createGroup(pat, { name });
    const total = Number((await server.db.selectFrom('groups').select((eb) => eb.fn.countAll<number>().as('n')).where('visibility', '=', 'public').executeTakeFirstOrThrow()).n);
    await refreshSitemaps(server.ctx, 2);
    const index = await fetchXml(`${server.url}/sitemap.xml`);
    const groupPages = index.sitemapindex.sitemap.map((s: { loc: string }) => s.loc).filter((loc: string) => loc.includes('/sitemaps/groups-'));
    assert.equal(groupPages.length, Math.ceil(total / 2));
    let last = 0;
    for (const [i, loc] of groupPages.entries()) {
      assert.equal(loc, `${server.url}/sitemaps/groups-${i + 1}.xml`);
      const ids = listOf((await fetchXml(loc)).urlset.url).map((u: { loc: string }) => Number(/\/groups\/(\d+)$/.exec(u.loc)![1]));
      assert.ok(ids.length >= 1 && ids.length <= 2);
      assert.ok(ids.every((id: number) => id > last), 'each page goes on from the last id of the one before');
      last = Math.max(...ids);
    }
    await refreshSitemaps(server.ctx);
    assert.equal((await fetch(`${server.url}/sitemaps/groups-1.xml`)).status, 200);
    assert.equal((await fetch(`${server.url}/sitemaps/groups-2.xml`)).status, 404, 'the pages past the one now needed are gone');
  });

  test('with KINDRED_ORIGIN set, canonical URLs, images, robots.txt and sitemaps are under it', async () => {
    const site = await startTestServer({ webDist: dist, origins: ['https://kindred.example'] });
    try {
      const { quinn } = await actors(site, 'quinn');
      const group = await createGroup(quinn, { name: 'Origin Group' });
      const page = await crawl(site.url, `/groups/${group.id}`);
      assert.deepEqual(canonical(page), [`https://kindred.example/groups/${group.id}`]);
      assert.equal(one(page, 'og:url'), `https://kindred.example/groups/${group.id}`);
      const robots = await (await fetch(`${site.url}/robots.txt`)).text();
      assert.match(robots, /^Sitemap: https:\/\/kindred\.example\/sitemap\.xml$/m);
      await jobHandlers(site.ctx)['seo.sitemaps']!({});
      const urls = await sitemapUrls(site.url);
      assert.ok(urls.has(`https://kindred.example/groups/${group.id}`));
      assert.ok([...urls].every((u) => u.startsWith('https://kindred.example/')));
    } finally {
      await site.stop();
    }
  });
});

const listOf = <T>(value: T | T[] | undefined): T[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

/** Fetches a sitemap file: served as XML, well-formed, in the sitemaps namespace. */
async function fetchXml(url: string) {
  const response = await fetch(url, { headers: { 'user-agent': BOT } });
  assert.equal(response.status, 200, url);
  assert.match(response.headers.get('content-type') ?? '', /^application\/xml/);
  const xml = await response.text();
  assert.match(xml, /^<\?xml version="1.0" encoding="UTF-8"\?>\n/);
  assert.equal(validateXml(xml), true, `${url} is well-formed XML`);
  const parsed = parseXml(xml, { ignoreAttributes: false, attributeNamePrefix: '@' });
  const root = parsed.sitemapindex ?? parsed.urlset;
  assert.equal(root['@xmlns'], 'http://www.sitemaps.org/schemas/sitemap/0.9');
  for (const entry of listOf<{ loc: string; lastmod?: string }>(parsed.sitemapindex?.sitemap ?? parsed.urlset?.url)) {
    assert.match(entry.loc, /^https?:\/\/[^/]+\//, 'absolute URLs');
    if (entry.lastmod !== undefined) assert.match(entry.lastmod, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/, 'W3C datetimes');
  }
  return parsed;
}

/** Every URL the sitemaps list, read from the index through each page, as a crawler does. */
async function sitemapUrls(base: string): Promise<Set<string>> {
  const index = await fetchXml(`${base}/sitemap.xml`);
  const urls = new Set<string>();
  for (const sitemap of listOf<{ loc: string }>(index.sitemapindex.sitemap)) {
    const page = await fetchXml(`${base}${new URL(sitemap.loc).pathname}`);
    const entries = listOf<{ loc: string }>(page.urlset.url);
    assert.ok(entries.length >= 1 && entries.length <= 50_000);
    for (const entry of entries) urls.add(entry.loc);
  }
  return urls;
}
