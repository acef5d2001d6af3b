import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { describe, test } from 'node:test';
import sharp from 'sharp';
import { MAX_INPUT_PIXELS, processImage, UnsupportedImageError } from '../src/features/media/images.js';
import { checkKey, LocalDiskStorage, newMediaPrefix } from '../src/features/media/storage.js';
import { AppError } from '../src/errors.js';

/**
 * Photo processing with the real sharp: what is taken and refused is decided
 * by the file's content; every variant is upright and carries no metadata.
 */

const canvas = (width: number, height: number) => sharp({ create: { width, height, channels: 3, background: '#2f8f6a' } });

/** A phone photo: 400×200 as stored, EXIF orientation 6 (shot turned a quarter), GPS tags of a home. */
async function phonePhoto() {
  return canvas(400, 200)
    .jpeg()
    .withMetadata({ orientation: 6 })
    .withExifMerge({ IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '39/1 54/1 27/1', GPSLongitudeRef: 'E', GPSLongitude: '116/1 23/1 29/1' } })
    .toBuffer();
}

/** The EXIF GPS-IFD pointer tag (0x8825), in either byte order. */
const hasGpsPointer = (exif: Buffer) => exif.includes(Buffer.from([0x88, 0x25])) || exif.includes(Buffer.from([0x25, 0x88]));

/** A PNG whose header claims `width`×`height` with almost no data: small to send, huge to decode. */
function claimedPng(width: number, height: number) {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(zlib.crc32(body), 8 + data.length);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.writeUInt8(8, 8); // bit depth
  header.writeUInt8(2, 9); // RGB
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', header), chunk('IDAT', zlib.deflateSync(Buffer.alloc(64))), chunk('IEND', Buffer.alloc(0))]);
}

async function refusedWith(input: Buffer, status: number) {
  await assert.rejects(processImage(input), (error: unknown) => error instanceof AppError && error.statusCode === status);
}

describe('photo processing', () => {
  test('a phone photo comes out upright, in three sizes, in WebP and JPEG, with no metadata left: its GPS tags are gone', async () => {
    const input = await phonePhoto();
    const original = await sharp(input).metadata();
    assert.equal(original.orientation, 6);
    assert.ok(original.exif && hasGpsPointer(original.exif), 'the upload carries GPS tags');

    const image = await processImage(input);
    assert.equal(image.sourceType, 'image/jpeg');
    assert.deepEqual([image.width, image.height], [200, 400], 'upright: the sides swapped');
    assert.ok(Buffer.from(image.placeholder, 'base64').length >= 5, 'a ThumbHash placeholder');
    assert.deepEqual(image.variants.map((v) => [v.name, v.width, v.height]), [['thumb', 160, 320], ['display', 200, 400], ['full', 200, 400]], 'never enlarged');
    let checked = 0;
    for (const variant of image.variants) {
      for (const [format, bytes] of [['webp', variant.webp], ['jpeg', variant.jpeg]] as const) {
        const meta = await sharp(bytes).metadata();
        assert.equal(meta.format, format);
        assert.deepEqual([meta.width, meta.height], [variant.width, variant.height]);
        assert.equal(meta.exif, undefined, `${variant.name}.${format} has no EXIF`);
        assert.equal(meta.xmp, undefined, `${variant.name}.${format} has no XMP`);
        assert.equal(meta.iptc, undefined, `${variant.name}.${format} has no IPTC`);
        assert.ok(!bytes.includes(Buffer.from('Exif\0\0', 'latin1')), `${variant.name}.${format} holds no EXIF block`);
        assert.equal(meta.orientation ?? 1, 1, 'no orientation left to apply');
        checked++;
      }
    }
    assert.equal(checked, 6, 'every variant was checked');
  });

  test('JPEG, PNG, WebP, AVIF and still GIF are taken, whatever they are called', async () => {
    const formats = [
      ['image/jpeg', await canvas(30, 20).jpeg().toBuffer()],
      ['image/png', await canvas(30, 20).png().toBuffer()],
      ['image/webp', await canvas(30, 20).webp().toBuffer()],
      ['image/avif', await canvas(30, 20).avif().toBuffer()],
      ['image/gif', await canvas(30, 20).gif().toBuffer()],
    ] as const;
    for (const [type, bytes] of formats) {
      const image = await processImage(bytes);
      assert.equal(image.sourceType, type);
      assert.deepEqual([image.width, image.height], [30, 20]);
    }
  });

  test('SVG, HTML, animations, other formats and noise are refused with 415, by content', async () => {
    const frames = [await canvas(10, 10).png().toBuffer(), await sharp({ create: { width: 10, height: 10, channels: 3, background: '#000' } }).png().toBuffer()];
    const animated = await sharp(frames, { join: { animated: true } }).gif().toBuffer();
    assert.equal((await sharp(animated).metadata()).pages, 2, 'the fixture is an animation');
    const refused = [
      Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>'),
      Buffer.from('<!doctype html><html><body><img src=x onerror=alert(1)></body></html>'),
      animated,
      await canvas(10, 10).tiff().toBuffer(),
      Buffer.from('GIF89a but not really'),
      Buffer.alloc(2048, 7),
      Buffer.alloc(0),
    ];
    for (const bytes of refused) {
      await assert.rejects(processImage(bytes), UnsupportedImageError);
    }
  });

  test('a file claiming more pixels than the limit is refused with 400 before it is decoded; a damaged one with 400', async () => {
    const bomb = claimedPng(20_000, 20_000);
    assert.ok(bomb.length < 200 && 20_000 * 20_000 > MAX_INPUT_PIXELS, 'a few bytes claiming 400 million pixels');
    await refusedWith(bomb, 400);
    const whole = await canvas(300, 300).jpeg().toBuffer();
    await refusedWith(whole.subarray(0, Math.floor(whole.length / 2)), 400);
  });
});

describe('local media storage', () => {
  test('files are written whole, read back and removed; keys cannot leave the store', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'kindred-media-'));
    const storage = new LocalDiskStorage(root);
    const key = `${newMediaPrefix()}/display.webp`;
    await storage.put(key, Buffer.from('picture'));
    assert.equal((await storage.read(key))?.toString(), 'picture');
    assert.deepEqual(fs.readdirSync(path.dirname(path.join(root, key))), ['display.webp'], 'no partial file left');
    await storage.remove([key, `${newMediaPrefix()}/missing.jpg`]);
    assert.equal(await storage.read(key), null);
    for (const bad of ['../etc/passwd', 'a/../../b', '/abs', 'a//b', 'A.jpg', 'a\\b', '', 'a/b/']) {
      assert.throws(() => checkKey(bad), /not a media key/, bad);
      await assert.rejects(storage.read(bad), /not a media key/);
    }
    fs.rmSync(root, { recursive: true, force: true });
  });
});
