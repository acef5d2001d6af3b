import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import sharp from 'sharp';
import { ConfigError, loadConfig, type S3Config } from '../src/config/config.js';
import { readEnv } from '../src/config/env.js';
import { S3Storage } from '../src/features/media/s3-storage.js';
import { jobHandlers } from '../src/jobs/handlers.js';
import { actors, startTestServer, type Client, type TestServer } from './_util.js';

/**
 * Photos in an S3 bucket (a local s3rver standing in for S3 or MinIO): an
 * upload's files land in the bucket under the key prefix and nowhere on disk,
 * are served from it, and leave it when the sweep removes the upload. The
 * bucket is looked at with the SDK directly, not through Kindred.
 */

const BUCKET = 'kindred-test';
let directory: string;
let s3rver: S3rver;
let s3: S3Config;
let bucket: S3Client;
let server: TestServer;

before(async () => {
  directory = fs.mkdtempSync(path.join(os.tmpdir(), 'kindred-s3-'));
  s3rver = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory, configureBuckets: [{ name: BUCKET, configs: [] }] });
  const { port } = await s3rver.run();
  s3 = { bucket: BUCKET, endpoint: `http://127.0.0.1:${port}`, region: 'us-east-1', accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER', prefix: 'photos/' };
  bucket = new S3Client({ region: s3.region, endpoint: s3.endpoint!, forcePathStyle: true, credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } });
  server = await startTestServer({ s3 });
});
after(async () => {
  await server?.stop();
  bucket?.destroy();
  await s3rver?.close();
  fs.rmSync(directory, { recursive: true, force: true });
});

async function objectKeys(prefix: string) {
  const listed = await bucket.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: prefix }));
  return (listed.Contents ?? []).map((o) => o.Key!).sort();
}

async function upload(member: Client, width: number) {
  const body = new FormData();
  body.append('file', new Blob([new Uint8Array(await sharp({ create: { width, height: 40, channels: 3, background: '#2f8f6a' } }).png().toBuffer())], { type: 'image/png' }), 'photo.png');
  const reply = await member.post('/media', body);
  assert.equal(reply.status, 201, JSON.stringify(reply.body));
  const { storage_prefix } = await server.db.selectFrom('media').select('storage_prefix').where('id', '=', reply.body.id).executeTakeFirstOrThrow();
  return { media: reply.body as { id: number; variants: { name: string; url: string }[] }, folder: `photos/${storage_prefix}/` };
}

async function fetchFile(member: Client, url: string) {
  const response = await fetch(`${server.url}${url}`, { headers: { cookie: `kindred_session=${member.cookie('kindred_session')}` } });
  return { status: response.status, body: Buffer.from(await response.arrayBuffer()) };
}

describe('photos in S3', () => {
  test('an upload stores its six files in the bucket, under the prefix, and none on disk; its owner is served the bucket’s bytes', async () => {
    const { ada } = await actors(server, 'ada');
    const { media, folder } = await upload(ada, 60);
    const names = ['display', 'full', 'thumb'].flatMap((v) => [`${v}.jpg`, `${v}.webp`]);
    assert.deepEqual(await objectKeys(folder), names.map((n) => folder + n));
    for (const variant of media.variants) {
      const object = await bucket.send(new GetObjectCommand({ Bucket: BUCKET, Key: `${folder}${variant.name}.webp` }));
      assert.equal(object.ContentType, 'image/webp');
      const served = await fetchFile(ada, variant.url);
      assert.equal(served.status, 200);
      assert.deepEqual(served.body, Buffer.from(await object.Body!.transformToByteArray()), variant.url);
      assert.equal((await sharp(served.body).metadata()).format, 'webp', 'stored as sent, not in transfer framing');
    }
    const jpeg = await bucket.send(new GetObjectCommand({ Bucket: BUCKET, Key: `${folder}thumb.jpg` }));
    assert.equal(jpeg.ContentType, 'image/jpeg');
    assert.ok(!fs.existsSync(path.join(server.config.dataDir, 'media')), 'nothing under DATA_DIR/media');
  });

  test('the sweep removes an upload unused for a day from the bucket; a newer one stays', async () => {
    const { bea } = await actors(server, 'bea');
    const old = await upload(bea, 50);
    const fresh = await upload(bea, 51);
    await server.db.updateTable('media').set({ created_at: new Date(Date.now() - 25 * 3_600_000) }).where('id', '=', old.media.id).execute();
    await jobHandlers(server.ctx)['media.sweep']!({});
    assert.deepEqual(await objectKeys(old.folder), []);
    assert.equal((await objectKeys(fresh.folder)).length, 6);
    assert.equal((await fetchFile(bea, old.media.variants[0]!.url)).status, 404);
    assert.equal((await fetchFile(bea, fresh.media.variants[0]!.url)).status, 200);
  });

  test('reading a missing key gives null; removing missing keys succeeds, past one request’s 1000; a missing bucket is an error', async () => {
    const storage = new S3Storage({ ...s3, prefix: 'unit/' });
    assert.equal(await storage.read('ab/nothing/thumb.webp'), null);
    await storage.put('ab/something/thumb.webp', Buffer.from('x'));
    assert.deepEqual(await storage.read('ab/something/thumb.webp'), Buffer.from('x'));
    const missing = Array.from({ length: 1200 }, (_, i) => `ab/missing${i}/thumb.webp`);
    await storage.remove([...missing, 'ab/something/thumb.webp']);
    assert.deepEqual(await objectKeys('unit/'), []);
    await assert.rejects(storage.read('../outside.webp'), /not a media key/);
    await assert.rejects(new S3Storage({ ...s3, bucket: 'no-such-bucket' }).read('ab/nothing/thumb.webp'), { name: 'NoSuchBucket' });
  });

  test('the KINDRED_S3_* settings are read and checked at start, naming the variable', () => {
    const env = { ...readEnv({}), KINDRED_S3_BUCKET: 'photos', KINDRED_S3_ENDPOINT: 'http://minio:9000/', KINDRED_S3_PREFIX: '/kindred/' };
    assert.deepEqual(loadConfig({}, env).s3, {
      bucket: 'photos',
      endpoint: 'http://minio:9000',
      region: 'us-east-1',
      accessKeyId: null,
      secretAccessKey: null,
      prefix: 'kindred/',
    });
    assert.equal(loadConfig({}, readEnv({})).s3, null);
    const refused: [Record<string, string>, RegExp][] = [
      [{ KINDRED_S3_BUCKET: 'My_Photos' }, /KINDRED_S3_BUCKET/],
      [{ KINDRED_S3_ENDPOINT: 'minio:9000' }, /KINDRED_S3_ENDPOINT/],
      [{ KINDRED_S3_REGION: 'Mars 1' }, /KINDRED_S3_REGION/],
      [{ KINDRED_S3_ACCESS_KEY_ID: 'key' }, /KINDRED_S3_SECRET_ACCESS_KEY/],
      [{ KINDRED_S3_PREFIX: 'a b' }, /KINDRED_S3_PREFIX/],
    ];
    for (const [settings, message] of refused) {
      assert.throws(() => loadConfig({}, { ...env, ...settings }), (error: Error) => error instanceof ConfigError && message.test(error.message), JSON.stringify(settings));
    }
    assert.throws(() => loadConfig({}, { ...readEnv({}), KINDRED_S3_ENDPOINT: 'http://minio:9000' }), /KINDRED_S3_ENDPOINT is set but KINDRED_S3_BUCKET is not/);
  });
});
