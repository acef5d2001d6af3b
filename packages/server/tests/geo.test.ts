import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { boundingBoxes, greatCircleKm } from '../src/lib/geo.js';
import { activityBody } from './_activities.js';
import { actors, startTestServer, type TestServer } from './_util.js';

/**
 * Reference great-circle distance: Vincenty's formula on the sphere (atan2
 * form), independent of the haversine used in the code and well-conditioned
 * for antipodal and tiny distances alike.
 */
function referenceKm(lat1: number, lng1: number, lat2: number, lng2: number): number {
  const r = Math.PI / 180;
  const [p1, p2, dl] = [lat1 * r, lat2 * r, (lng2 - lng1) * r];
  const y = Math.hypot(Math.cos(p2) * Math.sin(dl), Math.cos(p1) * Math.sin(p2) - Math.sin(p1) * Math.cos(p2) * Math.cos(dl));
  const x = Math.sin(p1) * Math.sin(p2) + Math.cos(p1) * Math.cos(p2) * Math.cos(dl);
  return 6371.0088 * Math.atan2(y, x);
}

const pairs: [string, number, number, number, number][] = [
  ['across the antimeridian', 10, 179.95, 10, -179.95],
  ['Fiji to Samoa side', -17.7, 178.4, -13.8, -171.8],
  ['near the north pole, opposite meridians', 89.95, 0, 89.95, 180],
  ['near the south pole', -89.9, 45, -89.9, -135],
  ['Beijing to Shanghai', 39.9, 116.4, 31.23, 121.47],
  ['London to San Francisco', 51.51, -0.13, 37.77, -122.42],
  ['a few metres', 31.23, 121.47, 31.23001, 121.47001],
  ['antipodes', 0, 0, 0, 180],
];

describe('great-circle distance', () => {
  test('the haversine in code agrees with the reference', () => {
    for (const [name, a, b, c, d] of pairs) {
      const expected = referenceKm(a, b, c, d);
      assert.ok(Math.abs(greatCircleKm(a, b, c, d) - expected) < 1e-6 * Math.max(1, expected), name);
    }
  });

  test('bounding boxes contain every point of the circle, also across the antimeridian and around a pole', () => {
    const centres: [number, number, number][] = [
      [10, 179.9, 50],
      [-10, -179.9, 80],
      [89.8, 30, 100],
      [-89.5, 0, 200],
      [45, 0, 400],
    ];
    for (const [lat, lng, radius] of centres) {
      const boxes = boundingBoxes(lat, lng, radius);
      for (let bearing = 0; bearing < 360; bearing += 5) {
        // The point at exactly `radius` on this bearing (spherical destination formula).
        const r = Math.PI / 180;
        const d = (radius * 0.9999) / 6371.0088;
        const lat2 = Math.asin(Math.sin(lat * r) * Math.cos(d) + Math.cos(lat * r) * Math.sin(d) * Math.cos(bearing * r));
        const lng2 = lng * r + Math.atan2(Math.sin(bearing * r) * Math.sin(d) * Math.cos(lat * r), Math.cos(d) - Math.sin(lat * r) * Math.sin(lat2));
        const p = { lat: lat2 / r, lng: ((((lng2 / r + 540) % 360) + 360) % 360) - 180 };
        assert.ok(
          boxes.some((b) => p.lat >= b.minLat && p.lat <= b.maxLat && p.lng >= b.minLng && p.lng <= b.maxLng),
          `(${lat}, ${lng}) r=${radius} bearing ${bearing}: ${JSON.stringify(p)} outside ${JSON.stringify(boxes)}`,
        );
      }
    }
  });
});

describe('nearby search in the database', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.stop());

  test('distances and the radius boundary match the reference, near the antimeridian and the poles too', async () => {
    const { geo } = await actors(server, 'geo');
    const scenarios: { centre: [number, number]; radius: number; spots: [number, number][] }[] = [
      // Across the antimeridian: 179.95 and -179.95 are ~11 km apart at latitude 10.
      { centre: [10, 179.95], radius: 15, spots: [[10, -179.95], [10, 179.5], [10.05, -179.99], [10, -179.8]] },
      // Around the north pole: the far side of the pole is close.
      { centre: [89.9, 0], radius: 30, spots: [[89.9, 180], [89.8, 90], [89.7, -90], [89.5, 0]] },
      // Across a radius boundary: just inside and just outside 10 km.
      { centre: [31.23, 121.47], radius: 10, spots: [[31.23 + 9.98 / 111.195, 121.47], [31.23 + 10.02 / 111.195, 121.47], [31.23, 121.47 + 9.9 / (111.195 * Math.cos((31.23 * Math.PI) / 180))]] },
    ];
    for (const { centre, radius, spots } of scenarios) {
      const created = [];
      for (const [lat, lng] of spots) {
        created.push({ ...(await geo.post('/activities', activityBody({ title: `Spot ${lat},${lng}`, place: { name: 'spot', lat, lng } }))).body, lat, lng });
      }
      const reply = await server.client().get(`/activities/nearby?lat=${centre[0]}&lng=${centre[1]}&radiusKm=${radius}&sort=distance&limit=50`);
      assert.equal(reply.status, 200);
      const found = new Map<number, number>(reply.body.items.map((a: { id: number; distanceKm: number }) => [a.id, a.distanceKm]));
      for (const spot of created) {
        const expected = referenceKm(centre[0], centre[1], spot.lat, spot.lng);
        assert.equal(found.has(spot.id), expected <= radius, `${JSON.stringify(spot.place)} at ${expected.toFixed(3)} km, radius ${radius}`);
        if (found.has(spot.id)) assert.ok(Math.abs(found.get(spot.id)! - expected) <= 0.051, `${found.get(spot.id)} vs ${expected}`);
      }
      const distances = reply.body.items.map((a: { distanceKm: number }) => a.distanceKm);
      assert.deepEqual(distances, [...distances].sort((a: number, b: number) => a - b));
      await server.db.deleteFrom('activities').execute();
    }
  });
});
