import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import sharp from 'sharp';
import { scaledWriteLimits } from '../src/config/config.js';
import { jobHandlers } from '../src/jobs/handlers.js';
import { actors, errorCode, startTestServer, type Client, type TestServer } from './_util.js';

/**
 * Photo uploads over HTTP on a real server: what is taken is decided by the
 * file's content; what is served carries no metadata; an upload nothing uses
 * yet is its owner's alone; refused uploads store nothing.
 */

let server: TestServer;
before(async () => {
  server = await startTestServer({ writeLimits: { ...scaledWriteLimits(1), media: [{ max: 4, windowSeconds: 3600 }] } });
});
after(() => server.stop());

const photo = (width = 400, height = 200) => sharp({ create: { width, height, channels: 3, background: '#2f8f6a' } });

function form(bytes: Buffer, name = 'photo.jpg', type = 'image/jpeg', field = 'file') {
  const body = new FormData();
  body.append(field, new Blob([new Uint8Array(bytes)], { type }), name);
  return body;
}

async function fetchFile(member: Client | null, url: string, headers: Record<string, string> = {}) {
  const cookie = member?.cookie('kindred_session');
  const response = await fetch(`${server.url}${url}`, { headers: { ...headers, ...(cookie ? { cookie: `kindred_session=${cookie}` } : {}) } });
  return { status: response.status, headers: response.headers, body: Buffer.from(await response.arrayBuffer()) };
}

const mediaRows = async () => Number((await server.db.selectFrom('media').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
const storedFiles = () => {
  const root = path.join(server.config.dataDir, 'media');
  return fs.existsSync(root) ? fs.readdirSync(root, { recursive: true }).filter((f) => String(f).includes('.')).length : 0;
};

describe('uploading photos', () => {
  test('a phone photo with GPS tags is stored upright in three sizes; no served file carries its metadata', async () => {
    const { ada } = await actors(server, 'ada');
    const input = await photo()
      .jpeg()
      .withMetadata({ orientation: 6 })
      .withExifMerge({ IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '39/1 54/1 27/1', GPSLongitudeRef: 'E', GPSLongitude: '116/1 23/1 29/1' } })
      .toBuffer();
    assert.ok((await sharp(input).metadata()).exif, 'the upload carries EXIF');
    const reply = await ada.post('/media', form(input));
    assert.equal(reply.status, 201, JSON.stringify(reply.body));
    const media = reply.body;
    assert.deepEqual([media.width, media.height], [200, 400]);
    assert.ok(media.placeholder.length > 0);
    assert.deepEqual(media.variants.map((v: { name: string }) => v.name), ['thumb', 'display', 'full']);
    let served = 0;
    for (const variant of media.variants as { name: string; width: number; height: number; url: string; fallbackUrl: string }[]) {
      for (const [url, format] of [[variant.url, 'webp'], [variant.fallbackUrl, 'jpeg']] as const) {
        const file = await fetchFile(ada, url);
        assert.equal(file.status, 200, url);
        assert.equal(file.headers.get('content-type'), `image/${format}`);
        assert.match(file.headers.get('cache-control') ?? '', /private.*immutable/);
        const meta = await sharp(file.body).metadata();
        assert.deepEqual([meta.format, meta.width, meta.height], [format, variant.width, variant.height]);
        assert.equal(meta.exif, undefined, `${url} has no EXIF`);
        assert.equal(meta.xmp, undefined, `${url} has no XMP`);
        assert.ok(!file.body.includes(Buffer.from('Exif\0\0', 'latin1')), `${url} holds no EXIF block`);
        served++;
        // Asked again with its tag, it is not sent again.
        const again = await fetchFile(ada, url, { 'if-none-match': file.headers.get('etag')! });
        assert.equal(again.status, 304);
      }
    }
    assert.equal(served, 6);
  });

  test('the type is read from the content: a PNG called .txt is taken; SVG or HTML called .jpg, and other files, get 415', async () => {
    const { bea } = await actors(server, 'bea');
    const png = await photo(40, 30).png().toBuffer();
    const taken = await bea.post('/media', form(png, 'notes.txt', 'text/plain'));
    assert.equal(taken.status, 201);
    const rows = await mediaRows();
    const files = storedFiles();
    const refused = [
      form(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>'), 'cat.jpg', 'image/jpeg'),
      form(Buffer.from('<!doctype html><script>alert(1)</script>'), 'cat.jpg', 'image/jpeg'),
      form(Buffer.from('%PDF-1.7 not a photo'), 'cat.png', 'image/png'),
    ];
    for (const body of refused) {
      const reply = await bea.post('/media', body);
      assert.equal(reply.status, 415);
      assert.equal(errorCode(reply), 'unsupported_media_type');
    }
    assert.equal(await mediaRows(), rows, 'nothing recorded');
    assert.equal(storedFiles(), files, 'nothing stored');
  });

  test('bad requests are refused in the error shape and store nothing: no file, a wrong field, two files, too large, signed out', async () => {
    const { cai } = await actors(server, 'cai');
    const small = await photo(20, 20).jpeg().toBuffer();
    const rows = await mediaRows();
    assert.equal(errorCode(await cai.post('/media', {})), 'validation_failed');
    assert.equal(errorCode(await cai.post('/media', form(small, 'a.jpg', 'image/jpeg', 'picture'))), 'validation_failed');
    const two = form(small);
    two.append('file', new Blob([new Uint8Array(small)], { type: 'image/jpeg' }), 'b.jpg');
    assert.equal((await cai.post('/media', two)).status, 413);
    const huge = Buffer.concat([small, Buffer.alloc(15 * 1024 * 1024 + 1)]);
    const tooLarge = await cai.post('/media', form(huge));
    assert.equal(tooLarge.status, 413);
    assert.equal(errorCode(tooLarge), 'payload_too_large');
    const anonymous = server.client();
    assert.equal((await anonymous.post('/media', form(small))).status, 401);
    // Malformed multipart bodies: no boundary, no parts, cut short, a plain field.
    const part = '--XYZ\r\nContent-Disposition: form-data; name="file"; filename="a.jpg"\r\nContent-Type: image/jpeg\r\n\r\n';
    const malformed: [string, string][] = [
      ['multipart/form-data', 'hello'],
      ['multipart/form-data; boundary=XYZ', 'no parts at all'],
      ['multipart/form-data; boundary=XYZ', `${part}abc`],
      ['multipart/form-data; boundary=XYZ', '--XYZ\r\nContent-Disposition: form-data; name="file"\r\n\r\nabc\r\n--XYZ--\r\n'],
    ];
    for (const [type, body] of malformed) {
      const reply = await cai.request('POST', '/media', body, { 'content-type': type });
      assert.equal(reply.status, 400, `${type}: ${body.slice(0, 40)}`);
      assert.equal(errorCode(reply), 'validation_failed');
    }
    assert.equal(await mediaRows(), rows);
  });

  test('an upload nothing uses yet is its owner’s alone: others and the signed-out get 404', async () => {
    const { dan, eve } = await actors(server, 'dan', 'eve');
    const uploaded = (await dan.post('/media', form(await photo(50, 50).webp().toBuffer(), 'x.webp', 'image/webp'))).body;
    const url = uploaded.variants[0].url as string;
    assert.equal((await fetchFile(dan, url)).status, 200);
    assert.equal((await fetchFile(eve, url)).status, 404);
    assert.equal((await fetchFile(null, url)).status, 404);
    assert.equal((await fetchFile(dan, `/api/v1/media/${uploaded.id + 1000}/thumb.webp`)).status, 404);
    assert.equal((await fetchFile(dan, `/api/v1/media/${uploaded.id}/huge.webp`)).status, 400);
    assert.equal((await fetchFile(dan, `/api/v1/media/${uploaded.id}/thumb.svg`)).status, 400);
  });

  test('a file is served in parts on request (Range): 206 with Content-Range; past the end 416; several ranges get the whole file', async () => {
    const { gus } = await actors(server, 'gus');
    const uploaded = (await gus.post('/media', form(await photo(300, 200).jpeg().toBuffer()))).body;
    const url = uploaded.variants[1].url as string;
    const whole = await fetchFile(gus, url);
    assert.equal(whole.headers.get('accept-ranges'), 'bytes');
    const size = whole.body.length;
    const head = await fetchFile(gus, url, { range: 'bytes=0-9' });
    assert.equal(head.status, 206);
    assert.equal(head.headers.get('content-range'), `bytes 0-9/${size}`);
    assert.deepEqual(head.body, whole.body.subarray(0, 10));
    const tail = await fetchFile(gus, url, { range: 'bytes=-5' });
    assert.deepEqual([tail.status, tail.body], [206, whole.body.subarray(size - 5)]);
    const rest = await fetchFile(gus, url, { range: `bytes=${size - 3}-` });
    assert.deepEqual([rest.status, rest.headers.get('content-range')], [206, `bytes ${size - 3}-${size - 1}/${size}`]);
    const past = await fetchFile(gus, url, { range: `bytes=${size}-` });
    assert.equal(past.status, 416);
    assert.equal(past.headers.get('content-range'), `bytes */${size}`);
    assert.equal(JSON.parse(past.body.toString()).error.code, 'validation_failed');
    for (const range of ['bytes=0-1,4-5', 'items=0-1', 'bytes=9-2', 'bytes=x']) {
      const full = await fetchFile(gus, url, { range });
      assert.deepEqual([full.status, full.body.length], [200, size], range);
    }
    // Someone else asking for a part gets nothing either.
    const { hal } = await actors(server, 'hal');
    assert.equal((await fetchFile(hal, url, { range: 'bytes=0-9' })).status, 404);
  });

  test('uploads nothing has used for a day are swept, files and rows; newer ones stay', async () => {
    const { ivy } = await actors(server, 'ivy');
    const old = (await ivy.post('/media', form(await photo(40, 40).png().toBuffer()))).body;
    const fresh = (await ivy.post('/media', form(await photo(41, 41).png().toBuffer()))).body;
    await server.db.updateTable('media').set({ created_at: new Date(Date.now() - 25 * 3_600_000) }).where('id', '=', old.id).execute();
    const files = storedFiles();
    await jobHandlers(server.ctx)['media.sweep']!({});
    assert.equal(storedFiles(), files - 6, "the old upload's six files are gone");
    assert.equal(await server.db.selectFrom('media').select('id').where('id', '=', old.id).executeTakeFirst(), undefined);
    assert.equal((await fetchFile(ivy, old.variants[0].url)).status, 404);
    assert.equal((await fetchFile(ivy, fresh.variants[0].url)).status, 200);
    const next = await server.db.selectFrom('jobs').select('run_at').where('kind', '=', 'media.sweep').where('done_at', 'is', null).executeTakeFirstOrThrow();
    assert.ok(next.run_at.getTime() > Date.now() + 5 * 3_600_000, 'the next sweep is hours away');
  });

  test('uploads count against a per-member quota: past it, 429 with Retry-After', async () => {
    const { fay } = await actors(server, 'fay');
    const small = await photo(16, 16).png().toBuffer();
    for (let i = 0; i < 4; i++) assert.equal((await fay.post('/media', form(small))).status, 201);
    const refused = await fay.post('/media', form(small));
    assert.equal(refused.status, 429);
    assert.ok(Number(refused.headers.get('retry-after')) >= 1);
  });
});

describe('uploads at once', () => {
  test('past the uploads a process takes at once and its queue, an upload gets 503 with Retry-After; the waiting ones go through in turn', async () => {
    const busy = await startTestServer({ uploadsAtOnce: 1 });
    try {
      const member = busy.client();
      await member.signUp('gus');
      const bytes = await photo(64, 48).jpeg().toBuffer();
      const boundary = 'kindred-slow-upload';
      const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="slow.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`);
      const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
      // The first upload sends half its photo, then waits: it holds the one place.
      const slow = http.request(`${busy.url}/api/v1/media`, {
        method: 'POST',
        headers: {
          'content-type': `multipart/form-data; boundary=${boundary}`,
          'content-length': head.length + bytes.length + tail.length,
          cookie: `kindred_session=${member.cookie('kindred_session')}`,
          'x-csrf-token': member.csrfToken!,
        },
      });
      const slowStatus = new Promise<number>((resolve, reject) => {
        slow.on('response', (response) => {
          response.resume();
          resolve(response.statusCode!);
        });
        slow.on('error', reject);
      });
      slow.write(Buffer.concat([head, bytes.subarray(0, bytes.length >> 1)]));
      await new Promise((resolve) => setTimeout(resolve, 300));
      // Two more wait their turn (twice the places); the next is refused at once.
      const waiting = [member.post('/media', form(bytes)), member.post('/media', form(bytes))];
      await new Promise((resolve) => setTimeout(resolve, 300));
      const refused = await member.post('/media', form(bytes));
      assert.equal(refused.status, 503);
      assert.equal(errorCode(refused), 'service_unavailable');
      assert.ok(Number(refused.headers.get('retry-after')) >= 1);

      slow.end(Buffer.concat([bytes.subarray(bytes.length >> 1), tail]));
      assert.equal(await slowStatus, 201);
      assert.deepEqual((await Promise.all(waiting)).map((r) => r.status), [201, 201]);
      assert.equal((await member.post('/media', form(bytes))).status, 201, 'every place was given back');
    } finally {
      await busy.stop();
    }
  });
});

