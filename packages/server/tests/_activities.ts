import type { Client } from './_util.js';

const HOUR = 3_600_000;

/** A valid activity body, a few days out, near Beijing's Fragrant Hills; override what a test needs. */
export function activityBody(overrides: Record<string, unknown> = {}) {
  const start = new Date(Date.now() + 72 * HOUR);
  return {
    title: 'Fragrant Hills sunrise hike',
    description: 'Meet at the **north gate**.',
    tags: ['hiking'],
    startsAt: start.toISOString(),
    endsAt: new Date(start.getTime() + 5 * HOUR).toISOString(),
    timeZone: 'Asia/Shanghai',
    place: { name: 'Xiangshan Park north gate', address: 'Haidian, Beijing', lat: 39.9996, lng: 116.1889, meetingPoint: 'By the ticket office' },
    details: { difficulty: 'moderate', distanceKm: 9.5, durationMinutes: 240, gear: ['water', 'boots'], included: ['guide'] },
    fee: { amount: 0, currency: 'CNY' },
    capacity: 20,
    ...overrides,
  };
}

export async function createActivity(client: Client, overrides: Record<string, unknown> = {}) {
  const reply = await client.post('/activities', activityBody(overrides));
  if (reply.status !== 201) throw new Error(`activity creation failed: ${reply.status} ${JSON.stringify(reply.body)}`);
  return reply.body as { id: number; title: string; seatsLeft: number };
}
