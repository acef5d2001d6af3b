import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { greatCircleKm } from '../src/lib/geo.js';
import { GRID_CELL_KM, snapToGrid } from '../src/lib/coarse-location.js';
import { offsetKm, profile, putCard, requestBody } from './_companions.js';
import { actors, type Client, startTestServer, type TestServer } from './_util.js';

let server: TestServer;
before(async () => {
  server = await startTestServer();
});
after(() => server.stop());

const BUCKET_RANGES: Record<string, [number, number]> = {
  under_1km: [0, 1],
  '1_3km': [1, 3],
  '3_5km': [3, 5],
  '5_10km': [5, 10],
  over_10km: [10, 30],
};
const THRESHOLDS = [1, 2, 3, 4, 5, 6, 7, 8, 10, 12];

interface Observation {
  attacker: string;
  at: { lat: number; lng: number };
  bucket: string | null;
  /** The smallest `maxKm` filter at which the victim appears. */
  threshold: number | null;
}

/**
 * Three attackers move their own cards to chosen points around the victim and,
 * from each, read the victim's distance bucket and narrow it with the maxKm
 * filter; one more probes the victim's request from chosen points.
 */
async function attack(attackers: Record<string, Client>, victimRequestId: number, centre: { lat: number; lng: number }): Promise<Observation[]> {
  const observations: Observation[] = [];
  const names = Object.keys(attackers);
  for (const [index, name] of names.entries()) {
    const client = attackers[name]!;
    for (let step = 0; step < 8; step++) {
      // Each attacker walks its own ring, 1–4 km out.
      const angle = (index * 2 * Math.PI) / names.length + (step * Math.PI) / 4;
      const radius = 0.5 + (step % 4) * 1.1;
      const at = offsetKm(radius * Math.cos(angle), radius * Math.sin(angle), centre);
      await putCard(client, { area: { name: 'Probe', ...at }, travelKm: 30 });
      const everyone = (await client.get('/companions/people?limit=50')).body.items as { user: { username: string }; distance: string }[];
      const victim = everyone.find((p) => p.user.username === 'victim');
      let threshold: number | null = null;
      for (const km of THRESHOLDS) {
        const within = (await client.get(`/companions/people?limit=50&maxKm=${km}`)).body.items as { user: { username: string } }[];
        if (within.some((p) => p.user.username === 'victim')) {
          threshold = km;
          break;
        }
      }
      observations.push({ attacker: name, at, bucket: victim?.distance ?? null, threshold });
      // The request is located the same way; probe it from the same point without moving.
      const requests = (await client.get(`/companion-requests?lat=${at.lat}&lng=${at.lng}`)).body.items as { id: number; distance: string }[];
      observations.push({ attacker: `${name}/request`, at, bucket: requests.find((r) => r.id === victimRequestId)?.distance ?? null, threshold: null });
    }
  }
  return observations;
}

/** The attacker's best guess: the centroid of the points most consistent with every observation (100 m search grid). */
function trilaterate(observations: Observation[], around: { lat: number; lng: number }) {
  let best: { lat: number; lng: number }[] = [];
  let bestScore = -1;
  for (let north = -5; north <= 5; north += 0.1) {
    for (let east = -5; east <= 5; east += 0.1) {
      const p = offsetKm(north, east, around);
      let score = 0;
      for (const o of observations) {
        const d = greatCircleKm(p.lat, p.lng, o.at.lat, o.at.lng);
        const range = o.bucket ? BUCKET_RANGES[o.bucket]! : null;
        if (range && d >= range[0] && d < range[1]) score++;
        if (o.threshold !== null) {
          const previous = THRESHOLDS[THRESHOLDS.indexOf(o.threshold) - 1] ?? 0;
          if (d <= o.threshold && d > previous) score++;
        }
      }
      if (score > bestScore) [best, bestScore] = [[p], score];
      else if (score === bestScore) best.push(p);
    }
  }
  return { lat: best.reduce((s, p) => s + p.lat, 0) / best.length, lng: best.reduce((s, p) => s + p.lng, 0) / best.length };
}

test('three attackers at chosen places cannot locate a member more finely than the grid cell', async () => {
  const { victim, ...attackers } = await actors(server, 'victim', 'attacker1', 'attacker2', 'attacker3');
  for (const client of [victim, ...Object.values(attackers)]) await profile(client, 1990, 'female');
  const cell = snapToGrid(39.95, 116.3);
  // Two places in the same cell, about 2.3 km apart.
  const first = offsetKm(-0.8, -0.8, cell);
  const second = offsetKm(0.8, 0.8, cell);
  assert.deepEqual(snapToGrid(first.lat, first.lng), cell);
  assert.deepEqual(snapToGrid(second.lat, second.lng), cell);

  const runs = [];
  for (const place of [first, second]) {
    await putCard(victim, { area: { name: 'Home', ...place }, travelKm: 30 });
    const request = (await victim.post('/companion-requests', requestBody({ area: { name: 'Home', ...place }, radiusKm: 30 }))).body;
    const observations = await attack(attackers, request.id, cell);
    await victim.post(`/companion-requests/${request.id}/close`);
    assert.ok(observations.every((o) => o.bucket !== null), 'the victim was found from every probe');
    const guess = trilaterate(observations, cell);
    runs.push({ place, observations, error: greatCircleKm(guess.lat, guess.lng, place.lat, place.lng) });
  }
  // Everything the attackers saw is the same wherever in the cell the victim is…
  assert.deepEqual(runs[0]!.observations, runs[1]!.observations);
  // …so one guess serves both places, and for at least one it is off by half their distance or more.
  const apart = greatCircleKm(first.lat, first.lng, second.lat, second.lng);
  assert.ok(Math.max(runs[0]!.error, runs[1]!.error) >= apart / 2 - 0.05, JSON.stringify(runs.map((r) => r.error)));

  // The grid really is GRID_CELL_KM: the next row is that far north, the next column that far east.
  const north = snapToGrid(cell.lat + GRID_CELL_KM / 111.195, cell.lng);
  assert.ok(Math.abs(greatCircleKm(cell.lat, cell.lng, north.lat, cell.lng) - GRID_CELL_KM) < 0.01);
  const east = offsetKm(0, GRID_CELL_KM, cell);
  const eastCell = snapToGrid(east.lat, east.lng);
  assert.ok(Math.abs(greatCircleKm(cell.lat, cell.lng, cell.lat, eastCell.lng) - GRID_CELL_KM) < 0.05);
});
