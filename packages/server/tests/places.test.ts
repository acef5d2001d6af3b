import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createActivity } from './_activities.js';
import { actors, createGroup, errorCode, startTestServer, type Client, type TestServer } from './_util.js';

/**
 * The activity form's venue search over HTTP on a real server: places of
 * published activities found by the start of their name or address, one per
 * place, only from activities the member may see.
 */

let server: TestServer;
before(async () => {
  server = await startTestServer();
});
after(() => server.stop());

const OLYMPIC = { name: 'Olympic Forest Park south gate', address: 'Chaoyang, Beijing', lat: 40.0109, lng: 116.3912, meetingPoint: '' };
const at = (place: Record<string, unknown>) => ({ place: { ...OLYMPIC, ...place } });

interface Found {
  name: string;
  address: string;
  lat: number;
  lng: number;
  uses: number;
}
async function places(client: Client, q: string): Promise<Found[]> {
  const reply = await client.get(`/places?q=${encodeURIComponent(q)}`);
  assert.equal(reply.status, 200, `${q}: ${JSON.stringify(reply.body)}`);
  return reply.body.items as Found[];
}
const names = (found: Found[]) => found.map((p) => p.name);

test('places of published activities, by the start of their name or address in any case, once each with how often used', async () => {
  const { pat, ola } = await actors(server, 'pat', 'ola');
  await createActivity(pat, at({}));
  await createActivity(pat, at({ lat: 40.01091 })); // the same spot, to a few metres
  await createActivity(ola, at({ name: '奥林匹克森林公园南门' }));
  await createActivity(ola, at({ name: 'Olympic Sports Centre', address: 'Andingmen, Beijing', lat: 39.98, lng: 116.4 }));
  await createActivity(pat, { ...at({ name: 'Olympic draft spot' }), status: 'draft' });

  const olympic = await places(ola, 'olympic');
  assert.deepEqual(names(olympic), ['Olympic Forest Park south gate', 'Olympic Sports Centre'], 'most used first; a draft’s place is nobody’s to find');
  assert.deepEqual(olympic[0], { name: OLYMPIC.name, address: OLYMPIC.address, lat: OLYMPIC.lat, lng: OLYMPIC.lng, uses: 2 });
  assert.deepEqual(names(await places(ola, 'OLYMPIC FOREST')), ['Olympic Forest Park south gate']);
  assert.deepEqual(names(await places(ola, '奥林')), ['奥林匹克森林公园南门'], 'Chinese names too');
  // By address: those whose name matches come before those whose address does.
  const chaoyang = await places(pat, 'chaoyang');
  assert.ok(chaoyang.some((p) => p.name === 'Olympic Forest Park south gate'), JSON.stringify(chaoyang));
  assert.ok(!chaoyang.some((p) => p.name === 'Olympic Sports Centre'), 'its address is elsewhere');
  assert.deepEqual(await places(pat, 'nowhere-at-all'), []);
  // Wildcards are text: nothing matches a place that merely exists.
  assert.deepEqual(await places(pat, '%'), []);
  assert.deepEqual(await places(pat, '_lympic'), []);
});

test('a private group’s places only for its members; a blocked member finds none of the blocker’s', async () => {
  const { host, insider, outsider, blocked } = await actors(server, 'host', 'insider', 'outsider', 'blocked');
  const circle = await createGroup(host, { name: 'Quiet Cove Circle', visibility: 'private', joinPolicy: 'approval' });
  await insider.post(`/groups/${circle.id}/join`, { message: 'hello' });
  assert.equal((await host.post(`/groups/${circle.id}/requests/${insider.id}/approve`)).status, 204);
  await createActivity(host, { groupId: circle.id, ...at({ name: 'Hidden cove landing' }) });
  await createActivity(host, at({ name: 'Harbour steps' }));

  assert.deepEqual(names(await places(insider, 'hidden')), ['Hidden cove landing']);
  assert.deepEqual(names(await places(outsider, 'hidden')), [], 'a private group’s place is not for outsiders');
  assert.deepEqual(names(await places(outsider, 'harbour')), ['Harbour steps']);

  assert.equal((await host.put('/users/blocked/block')).status, 204);
  assert.deepEqual(names(await places(blocked, 'harbour')), [], 'nothing of the blocker’s');
  assert.deepEqual(names(await places(host, 'harbour')), ['Harbour steps']);
});

test('venue search needs a member and refuses bad input in the one error shape', async () => {
  const { vera } = await actors(server, 'vera');
  assert.equal((await server.client().get('/places?q=olympic')).status, 401);
  for (const query of ['', 'q=', 'q=%20%20', `q=${'x'.repeat(81)}`, 'q=park&limit=0', 'q=park&limit=21', 'q=park&limit=two', 'q=park&extra=1']) {
    const reply = await vera.get(`/places?${query}`);
    assert.equal(reply.status, 400, `${query}: ${reply.status}`);
    assert.equal(errorCode(reply), 'validation_failed', query);
  }
  const limited = await vera.get(`/places?q=${encodeURIComponent('Olympic')}&limit=1`);
  assert.equal(limited.status, 200);
  assert.ok(limited.body.items.length <= 1);
});
