import { findInterest } from '@kindred/contract';
import sharp from 'sharp';
import type { AppContext } from '../context.js';
import type { MediaUseKind } from '../db/schema.js';
import { processImage, type ProcessedImage } from '../features/media/images.js';
import { placeMedia } from '../features/media/media.repository.js';
import { storeImage } from '../features/media/media.service.js';
import { random } from './random.js';

/**
 * The demo community's photos, drawn here (no downloads, nothing shipped):
 * landscapes, lakes, city skylines, lights and portraits as SVG, rendered and
 * processed like any upload. A few dozen distinct pictures are drawn and
 * each use stores its own copy, as an upload would. Runs as a job right
 * after the demo is seeded, so the server starts at once.
 */
type Scene = 'ridge' | 'lake' | 'lights' | 'skyline' | 'portrait';

const W = 1200;
const H = 900;

const scenesByCategory: Record<string, Scene[]> = {
  outdoors: ['ridge', 'lake'],
  sports: ['ridge', 'lake'],
  wellness: ['lake', 'lights'],
  pets: ['lake', 'ridge'],
  arts: ['lights'],
  music: ['lights'],
  games: ['lights', 'skyline'],
  food: ['lights'],
  learning: ['skyline'],
  tech: ['skyline', 'lights'],
};
const hueByCategory: Record<string, number> = { outdoors: 130, sports: 200, wellness: 160, pets: 30, arts: 300, music: 260, games: 220, food: 20, learning: 45, tech: 210 };

function draw(scene: Scene, hue: number, seed: number): Buffer {
  const rng = random(seed);
  const sky = `<defs><linearGradient id="s" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="hsl(${(hue + 190) % 360},55%,72%)"/><stop offset="1" stop-color="hsl(${(hue + 20) % 360},70%,88%)"/></linearGradient></defs><rect width="${W}" height="${H}" fill="url(#s)"/>`;
  const ridge = (base: number, depth: number, light: number) => {
    const points = Array.from({ length: 9 }, (_, k) => `${Math.round((k / 8) * W)},${Math.round(base - rng.next() * 220 * depth)}`).join(' ');
    return `<polygon points="0,${H} ${points} ${W},${H}" fill="hsl(${hue},${40 + depth * 10}%,${light}%)"/>`;
  };
  let body = '';
  switch (scene) {
    case 'ridge':
      body = `${sky}<circle cx="${W * (0.6 + rng.next() * 0.3)}" cy="${H * 0.22}" r="64" fill="hsl(45,95%,72%)"/>${ridge(H * 0.55, 1, 55)}${ridge(H * 0.68, 0.8, 40)}${ridge(H * 0.82, 0.5, 28)}`;
      break;
    case 'lake': {
      const shore = H * 0.6;
      const ripples = Array.from({ length: 14 }, () => `<rect x="${rng.int(0, W - 200)}" y="${rng.int(Math.round(shore) + 20, H - 10)}" width="${rng.int(60, 220)}" height="3" fill="hsl(${(hue + 190) % 360},60%,85%)" opacity=".6"/>`).join('');
      body = `${sky}${ridge(shore, 0.6, 38)}<rect y="${shore}" width="${W}" height="${H - shore}" fill="hsl(${(hue + 180) % 360},45%,45%)"/>${ripples}`;
      break;
    }
    case 'lights': {
      const dots = Array.from({ length: 26 }, () => `<circle cx="${rng.int(0, W)}" cy="${rng.int(0, H)}" r="${rng.int(30, 150)}" fill="hsl(${(hue + rng.int(-40, 40) + 360) % 360},85%,${rng.int(55, 75)}%)" opacity="${(0.25 + rng.next() * 0.5).toFixed(2)}"/>`).join('');
      body = `<rect width="${W}" height="${H}" fill="hsl(${hue},45%,14%)"/>${dots}`;
      break;
    }
    case 'skyline': {
      let x = 0;
      let towers = '';
      while (x < W) {
        const w = rng.int(70, 150);
        const h = rng.int(200, 600);
        towers += `<rect x="${x}" y="${H - h}" width="${w - 8}" height="${h}" fill="hsl(${hue},25%,${rng.int(18, 32)}%)"/>`;
        for (let wy = H - h + 20; wy < H - 20; wy += 34) {
          for (let wx = x + 12; wx < x + w - 24; wx += 26) if (rng.next() < 0.45) towers += `<rect x="${wx}" y="${wy}" width="12" height="16" fill="hsl(48,90%,70%)"/>`;
        }
        x += w;
      }
      body = `<defs><linearGradient id="d" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="hsl(${(hue + 20) % 360},60%,30%)"/><stop offset="1" stop-color="hsl(${(hue + 320) % 360},65%,62%)"/></linearGradient></defs><rect width="${W}" height="${H}" fill="url(#d)"/>${towers}`;
      break;
    }
    case 'portrait':
      body = `<rect width="${W}" height="${H}" fill="hsl(${hue},45%,70%)"/><circle cx="${W / 2}" cy="${H * 0.4}" r="${H * 0.18}" fill="hsl(${(hue + 25) % 360},35%,35%)"/><ellipse cx="${W / 2}" cy="${H * 1.02}" rx="${W * 0.3}" ry="${H * 0.38}" fill="hsl(${(hue + 25) % 360},35%,35%)"/>`;
      break;
  }
  return Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}">${body}</svg>`);
}

const VARIATIONS = 3;

/**
 * Job: gives the demo its photos. Each place's choices come from its own id,
 * and places that already have theirs are skipped, so a retried run finishes
 * the work without adding to it.
 */
export async function seedDemoPhotos(ctx: AppContext) {
  const drawn = new Map<string, Promise<ProcessedImage>>();
  const picture = ({ scene, hue, variation }: Picture) => {
    const key = `${scene}:${hue}:${variation}`;
    if (!drawn.has(key)) drawn.set(key, sharp(draw(scene, (hue + variation * 17) % 360, hue * 31 + variation)).jpeg({ quality: 85 }).toBuffer().then(processImage));
    return drawn.get(key)!;
  };
  const place = async (ownerId: number, kind: MediaUseKind, useId: number, pictures: Picture[], alt: (n: number) => string) => {
    const stored: { id: number; alt: string }[] = [];
    for (const p of pictures) stored.push({ id: (await storeImage(ctx, ownerId, await picture(p))).id, alt: alt(stored.length + 1) });
    return ctx.db.transaction().execute((tx) => placeMedia(tx, ownerId, kind, useId, stored));
  };

  const groups = await ctx.db.selectFrom('groups').select(['id', 'owner_id', 'tags']).where('cover_media_id', 'is', null).orderBy('id').execute();
  for (const g of groups) {
    const cover = await place(g.owner_id, 'group_cover', g.id, [ofTags(random(g.id), g.tags)], () => '');
    await ctx.db.updateTable('groups').set({ cover_media_id: cover }).where('id', '=', g.id).execute();
  }

  const activities = await ctx.db.selectFrom('activities').select(['id', 'organizer_id', 'tags']).where('cover_media_id', 'is', null).orderBy('id').execute();
  for (const a of activities) {
    const rng = random(1_000_000 + a.id);
    if (rng.next() > 0.7) continue;
    const cover = await place(a.organizer_id, 'activity_cover', a.id, [ofTags(rng, a.tags)], () => '');
    await ctx.db.updateTable('activities').set({ cover_media_id: cover }).where('id', '=', a.id).execute();
  }

  // Galleries on most guides and experiences, and on a few other posts.
  const posts = await ctx.db
    .selectFrom('posts')
    .innerJoin('groups', 'groups.id', 'posts.group_id')
    .select(['posts.id', 'posts.group_id', 'posts.author_id', 'posts.kind', 'posts.title', 'groups.tags'])
    .where('posts.deleted_at', 'is', null)
    .where('posts.cover_media_id', 'is', null)
    .orderBy('posts.id')
    .execute();
  for (const p of posts) {
    const rng = random(2_000_000 + p.id);
    const story = p.kind === 'guide' || p.kind === 'experience';
    if (rng.next() > (story ? 0.7 : 0.15)) continue;
    const pictures = Array.from({ length: story ? rng.int(1, 4) : 1 }, () => ofTags(rng, p.tags));
    const chinese = /[\u3400-\u9fff]/.test(p.title);
    const cover = await place(p.author_id, 'post', p.id, pictures, (n) => (chinese ? `${p.title}（第 ${n} 张）` : `${p.title}, photo ${n}`));
    await ctx.db.updateTable('posts').set({ cover_media_id: cover }).where('group_id', '=', p.group_id).where('id', '=', p.id).execute();
  }

  // Avatars for about half the members and for the demo account (the first member), whose avatar comes last:
  // once it has one, the demo's photos are all there (what the benchmarks wait for).
  const first = await ctx.db.selectFrom('users').select((eb) => eb.fn.min('id').as('id')).executeTakeFirst();
  const users = await ctx.db.selectFrom('users').select('id').where('avatar_media_id', 'is', null).orderBy('id', 'desc').execute();
  for (const u of users) {
    const rng = random(3_000_000 + u.id);
    if (u.id !== Number(first?.id) && rng.next() > 0.5) continue;
    const avatar = await place(u.id, 'avatar', u.id, [{ scene: 'portrait', hue: rng.pick([15, 90, 200, 280, 330]), variation: rng.int(0, VARIATIONS - 1) }], () => '');
    await ctx.db.updateTable('users').set({ avatar_media_id: avatar }).where('id', '=', u.id).execute();
  }
}

interface Picture {
  scene: Scene;
  hue: number;
  variation: number;
}

/** A picture that suits a place's interests (the first with a known category). */
function ofTags(rng: ReturnType<typeof random>, tags: string[]): Picture {
  const category = tags.map((t) => findInterest(t)?.category).find((c) => c && scenesByCategory[c]) ?? 'outdoors';
  return { scene: rng.pick(scenesByCategory[category]!), hue: hueByCategory[category]!, variation: rng.int(0, VARIATIONS - 1) };
}
