import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { getResolution, latLngToCell } from 'h3-js';
import { greatCircleKm } from '../src/lib/geo.js';
import { cellsAround, MAP_RESOLUTIONS } from '../src/lib/map-cells.js';
import { createActivity } from './_activities.js';
import { cardBody, offsetKm } from './_companions.js';
import { actors, createGroup, startTestServer, type TestServer } from './_util.js';

/**
 * The precomputed lists by map cell (activity_cells, companion_cells): a
 * request reads the lists of the cells around it, so they must hold exactly
 * what may be found, follow every change at once, and cover every place
 * within the radius.
 */

const HOUR = 3_600_000;
const RAD = Math.PI / 180;

/** The point `km` from (lat, lng) on `bearing` degrees (spherical destination formula). */
function destination(lat: number, lng: number, km: number, bearing: number) {
  const d = km / 6371.0088;
  const lat2 = Math.asin(Math.sin(lat * RAD) * Math.cos(d) + Math.cos(lat * RAD) * Math.sin(d) * Math.cos(bearing * RAD));
  const lng2 = lng * RAD + Math.atan2(Math.sin(bearing * RAD) * Math.sin(d) * Math.cos(lat * RAD), Math.cos(d) - Math.sin(lat * RAD) * Math.sin(lat2));
  return { lat: lat2 / RAD, lng: ((((lng2 / RAD + 540) % 360) + 360) % 360) - 180 };
}

/** A deterministic pseudo-random sequence (mulberry32), so a failure can be replayed. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('the cells around a place', () => {
  test('cover every point within the radius, at every resolution, also across the antimeridian and near the poles', () => {
    const next = random(12);
    const resolutionsSeen = new Set<number>();
    let checked = 0;
    const centres = [
      { lat: 39.9, lng: 116.4 },
      { lat: 10, lng: 179.99 },
      { lat: -16, lng: -179.9 },
      { lat: 84, lng: 20 },
      { lat: -80, lng: -60 },
    ];
    for (let i = 0; i < 40; i++) centres.push({ lat: next() * 150 - 75, lng: next() * 360 - 180 });
    for (const [i, centre] of centres.entries()) {
      const radius = [0.1, 3, 25, 39, 60, 150, 300, 500][i % 8]!;
      const around = cellsAround(centre.lat, centre.lng, radius);
      const cells = new Set(around.map((c) => c.cell));
      const res = getResolution(around[0]!.cell);
      resolutionsSeen.add(res);
      assert.ok(around.every((c) => getResolution(c.cell) === res));
      for (let j = 0; j < 200; j++) {
        const p = destination(centre.lat, centre.lng, radius * Math.sqrt(next()) * 0.9999, next() * 360);
        assert.ok(greatCircleKm(centre.lat, centre.lng, p.lat, p.lng) <= radius);
        assert.ok(cells.has(latLngToCell(p.lat, p.lng, res)), `(${centre.lat}, ${centre.lng}) r=${radius}: ${JSON.stringify(p)} outside its cells`);
        checked++;
      }
      // A bounded read: a few dozen lists at most, whatever the radius.
      assert.ok(around.length <= 60, `${around.length} cells for r=${radius}`);
    }
    assert.equal(checked, centres.length * 200);
    assert.deepEqual([...resolutionsSeen].sort(), [...MAP_RESOLUTIONS].sort());
  });
});

describe('nearby lists', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.stop());

  const day = (d: number) => {
    const s = new Date(Date.now() + d * 24 * HOUR);
    return { startsAt: s.toISOString(), endsAt: new Date(s.getTime() + 2 * HOUR).toISOString() };
  };
  const listed = (activityId: number) =>
    server.db.selectFrom('activity_cells').select('cell').where('activity_id', '=', activityId).execute().then((rows) => rows.map((r) => r.cell));

  test('a registration moves an activity up its list at once', async () => {
    const { ana, ben, cai, dan } = await actors(server, 'ana', 'ben', 'cai', 'dan');
    const place = { name: 'Lakeside', lat: -33.87, lng: 151.21 };
    const when = day(3);
    const first = await createActivity(ana, { title: 'First', place, ...when });
    const second = await createActivity(ana, { title: 'Second', place, ...when });
    const order = async () =>
      (await server.client().get(`/activities/nearby?lat=${place.lat}&lng=${place.lng}&radiusKm=5`)).body.items.map((a: { id: number }) => a.id);
    // Equal popularity: the newer first.
    assert.deepEqual(await order(), [second.id, first.id]);
    for (const member of [ben, cai, dan]) assert.equal((await member.post(`/activities/${first.id}/registrations`, {})).status, 201);
    assert.deepEqual(await order(), [first.id, second.id]);
    // Its cell rows carry the new score: the list's own order changed, not only the page.
    const scores = await server.db.selectFrom('activity_cells').select(['activity_id', 'score']).where('activity_id', 'in', [first.id, second.id]).execute();
    const score = (id: number) => scores.find((s) => s.activity_id === id)!.score;
    assert.ok(score(first.id) > score(second.id));
  });

  test('a private group’s activity never enters a list; its members still find it', async () => {
    const { owner, member, outsider } = await actors(server, 'owner', 'member', 'outsider');
    const group = await createGroup(owner, { name: 'Quiet anglers', visibility: 'private', joinPolicy: 'approval' });
    await member.post(`/groups/${group.id}/join`);
    assert.equal((await owner.post(`/groups/${group.id}/requests/${member.id}/approve`)).status, 204);
    const place = { name: 'Secret pond', lat: 48.85, lng: 2.35 };
    const secret = await createActivity(owner, { title: 'Dawn at the pond', groupId: group.id, place, ...day(2) });
    const open = await createActivity(owner, { title: 'Open picnic', place, ...day(2) });
    assert.deepEqual(await listed(secret.id), []);
    assert.equal((await listed(open.id)).length, MAP_RESOLUTIONS.length);
    const ids = async (client: typeof member) =>
      (await client.get(`/activities/nearby?lat=${place.lat}&lng=${place.lng}&radiusKm=10`)).body.items.map((a: { id: number }) => a.id);
    assert.deepEqual(await ids(outsider), [open.id]);
    assert.deepEqual((await ids(server.client() as typeof member)).sort(), [open.id]);
    assert.deepEqual((await ids(member)).sort(), [secret.id, open.id].sort());
    // Going public puts its activities in the lists; going private takes them out again.
    assert.equal((await owner.patch(`/groups/${group.id}`, { visibility: 'public' })).status, 200);
    assert.equal((await listed(secret.id)).length, MAP_RESOLUTIONS.length);
    assert.ok((await ids(outsider)).includes(secret.id));
    assert.equal((await owner.patch(`/groups/${group.id}`, { visibility: 'private' })).status, 200);
    assert.deepEqual(await listed(secret.id), []);
    assert.deepEqual(await ids(outsider), [open.id]);
  });

  test('drafts, cancelled and moved activities follow at once', async () => {
    const { org } = await actors(server, 'org');
    const here = { name: 'Old town', lat: 50.08, lng: 14.42 };
    const there = { name: 'Far hill', lat: 50.08, lng: 15.9 };
    const activity = await createActivity(org, { title: 'Walk', place: here, ...day(4) });
    const before = await listed(activity.id);
    assert.equal(before.length, MAP_RESOLUTIONS.length);
    assert.equal((await org.patch(`/activities/${activity.id}`, { place: there })).status, 200);
    const moved = await listed(activity.id);
    assert.notDeepEqual(moved.sort(), before.sort());
    assert.ok(moved.includes(latLngToCell(there.lat, there.lng, MAP_RESOLUTIONS[0])));
    assert.equal((await org.post(`/activities/${activity.id}/cancel`, {})).status, 200);
    assert.deepEqual(await listed(activity.id), []);
  });

  test('pages across many cells give every activity within the radius once, in order', async () => {
    const { walker } = await actors(server, 'walker');
    const centre = { lat: -1.29, lng: 36.82 };
    const next = random(7);
    const inside: number[] = [];
    for (let i = 0; i < 24; i++) {
      const km = [2, 15, 40, 90, 160, 240][i % 6]! * (0.5 + next() / 2);
      const p = destination(centre.lat, centre.lng, km, next() * 360);
      const created = await createActivity(walker, { title: `Spot ${i}`, place: { name: `Spot ${i}`, ...p }, capacity: 2 + i, ...day(1 + (i % 5)) });
      if (km <= 200) inside.push(created.id);
    }
    // Some registrations, so popularity differs.
    const { rio, ray } = await actors(server, 'rio', 'ray');
    for (const id of inside.slice(0, 6)) {
      await rio.post(`/activities/${id}/registrations`, {});
      if (id % 2) await ray.post(`/activities/${id}/registrations`, {});
    }
    for (const sort of ['popular', 'distance'] as const) {
      const seen: { id: number; key: number }[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const reply: { body: { items: { id: number; popularity: number; distanceKm: number }[]; nextCursor: string | null } } = await server
          .client()
          .get(`/activities/nearby?lat=${centre.lat}&lng=${centre.lng}&radiusKm=200&sort=${sort}&limit=5${cursor ? `&cursor=${cursor}` : ''}`);
        seen.push(...reply.body.items.map((a) => ({ id: a.id, key: sort === 'popular' ? a.popularity : a.distanceKm })));
        cursor = reply.body.nextCursor;
        pages++;
      } while (cursor);
      assert.ok(pages >= 5, `${sort}: ${pages} pages`);
      assert.deepEqual(seen.map((s) => s.id).sort(), [...inside].sort(), sort);
      for (let i = 1; i < seen.length; i++) {
        assert.ok(sort === 'popular' ? seen[i]!.key <= seen[i - 1]!.key : seen[i]!.key >= seen[i - 1]!.key, `${sort} out of order at ${i}`);
      }
    }
  });

  test('a map’s view lists what is inside it by popularity, pages, adds members’ private activities, and refuses views it cannot list', async () => {
    const { host, insider, stranger } = await actors(server, 'host', 'insider', 'stranger');
    const box = { south: 59.3, west: 17.9, north: 59.4, east: 18.2 };
    const next = random(21);
    const inside: number[] = [];
    for (let i = 0; i < 14; i++) {
      // Half inside the view, half around it (within 30 km of its edges).
      const within = i % 2 === 0;
      const lat = within ? box.south + next() * (box.north - box.south) : box.north + 0.01 + next() * 0.2;
      const lng = box.west + next() * (box.east - box.west);
      const created = await createActivity(host, { title: `Quay ${i}`, place: { name: `Quay ${i}`, lat, lng }, capacity: 3 + i, ...day(1 + (i % 4)) });
      if (within) inside.push(created.id);
    }
    for (const id of inside.slice(0, 3)) await stranger.post(`/activities/${id}/registrations`, {});
    const group = await createGroup(host, { name: 'Harbour crew', visibility: 'private', joinPolicy: 'approval' });
    await insider.post(`/groups/${group.id}/join`);
    assert.equal((await host.post(`/groups/${group.id}/requests/${insider.id}/approve`)).status, 204);
    const secret = await createActivity(host, { title: 'Crew night', groupId: group.id, place: { name: 'Dock', lat: 59.35, lng: 18.05 }, ...day(2) });
    const area = `south=${box.south}&west=${box.west}&north=${box.north}&east=${box.east}`;

    const walk = async (client: ReturnType<TestServer['client']>) => {
      const seen: { id: number; popularity: number; distanceKm: number | null; place: { lat: number; lng: number } }[] = [];
      let cursor: string | null = null;
      do {
        const reply: { status: number; body: { items: typeof seen; nextCursor: string | null } } = await client.get(`/activities/in-area?${area}&limit=4${cursor ? `&cursor=${cursor}` : ''}`);
        assert.equal(reply.status, 200);
        seen.push(...reply.body.items);
        cursor = reply.body.nextCursor;
      } while (cursor);
      return seen;
    };
    const anyone = await walk(server.client());
    assert.deepEqual(anyone.map((a) => a.id).sort(), [...inside].sort());
    for (const [i, a] of anyone.entries()) {
      assert.ok(a.place.lat >= box.south && a.place.lat <= box.north && a.place.lng >= box.west && a.place.lng <= box.east);
      assert.equal(a.distanceKm, null, 'a view has no point to measure from');
      // A list's item leaves out what only the activity's page shows.
      for (const pageOnly of ['description', 'descriptionHtml', 'details', 'questions', 'refundPolicy']) assert.ok(!(pageOnly in a), pageOnly);
      if (i > 0) assert.ok(a.popularity <= anyone[i - 1]!.popularity, `out of order at ${i}`);
    }
    assert.ok(inside.slice(0, 3).includes(anyone[0]!.id), 'the registered ones lead');
    assert.deepEqual((await walk(insider)).map((a) => a.id).sort(), [...inside, secret.id].sort());
    assert.ok(!(await walk(stranger)).some((a) => a.id === secret.id));

    const refused = async (query: string, field: string) => {
      const reply = await server.client().get(`/activities/in-area?${query}`);
      assert.equal(reply.status, 400, query);
      assert.equal(reply.body.error.code, 'validation_failed');
      assert.ok(field in (reply.body.error.fields ?? {}), `${query}: ${JSON.stringify(reply.body.error)}`);
    };
    await refused('south=59.4&west=17.9&north=59.3&east=18.2', 'north');
    await refused('south=59.3&west=18.2&north=59.4&east=17.9', 'east');
    await refused('south=40&west=0&north=60&east=30', 'north');
    await refused('south=59.3&west=17.9&north=95&east=18.2', 'north');
  });
});

describe('companion lists', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.stop());

  const listed = (userId: number) =>
    server.db.selectFrom('companion_cells').select(['cell', 'tags', 'birth_year', 'travel_km']).where('user_id', '=', userId).execute();

  test('a card follows its member’s edits at once: interests, age, pausing, leaving', async () => {
    const { kim } = await actors(server, 'kim');
    assert.equal((await kim.put('/me/companion-card', cardBody())).status, 200);
    let rows = await listed(kim.id);
    // The two finest resolutions, which a search of up to 100 km reads.
    assert.equal(rows.length, 2);
    assert.deepEqual(rows[0]!.tags, ['hiking']);
    assert.equal((await kim.put('/me/companion-card', cardBody({ interests: [{ tag: 'cycling', skill: 'beginner' }, { tag: 'tea', skill: 'advanced' }], travelKm: 30 }))).status, 200);
    rows = await listed(kim.id);
    assert.deepEqual(rows.map((r) => [r.tags, r.travel_km]), [[['cycling', 'tea'], 30], [['cycling', 'tea'], 30]]);
    assert.equal((await kim.patch('/me', { birthYear: 1990 })).status, 200);
    assert.deepEqual((await listed(kim.id)).map((r) => r.birth_year), [1990, 1990]);
    assert.equal((await kim.put('/me/companion-card', cardBody({ discoverable: false }))).status, 200);
    assert.deepEqual(await listed(kim.id), []);
    assert.equal((await kim.put('/me/companion-card', cardBody())).status, 200);
    assert.equal((await listed(kim.id)).length, 2);
    assert.equal((await kim.delete('/me/companion-card')).status, 204);
    assert.deepEqual(await listed(kim.id), []);
  });

  test('a search finds everyone in reach, across cell borders, and no one beyond it', async () => {
    const { seeker } = await actors(server, 'seeker');
    const centre = offsetKm(40, 40);
    assert.equal((await seeker.put('/me/companion-card', cardBody({ area: { name: 'Centre', ...centre }, travelKm: 60, interests: [{ tag: 'kayaking', skill: 'beginner' }] }))).status, 200);
    const next = random(3);
    const inReach = new Set<number>();
    for (let i = 0; i < 16; i++) {
      const km = [3, 12, 25, 38, 52, 75][i % 6]! * (0.9 + next() / 10);
      const p = destination(centre.lat, centre.lng, km, next() * 360);
      const [member] = Object.values(await actors(server, `kayak${i}`));
      assert.equal((await member!.put('/me/companion-card', cardBody({ area: { name: `Spot ${i}`, ...p }, travelKm: 100, interests: [{ tag: 'kayaking', skill: 'beginner' }] }))).status, 200);
      // Cards are snapped to a 2 km grid: keep clear of the edge of reach.
      if (km < 58) inReach.add(member!.id);
    }
    const found = new Set<number>();
    let cursor: string | null = null;
    do {
      const reply: { status: number; body: { items: { user: { id: number } }[]; nextCursor: string | null } } = await seeker.get(`/companions/people?limit=5${cursor ? `&cursor=${cursor}` : ''}`);
      assert.equal(reply.status, 200);
      for (const item of reply.body.items) found.add(item.user.id);
      cursor = reply.body.nextCursor;
    } while (cursor);
    assert.deepEqual([...found].sort(), [...inReach].sort());
    assert.ok(found.size >= 8);
  });
});
