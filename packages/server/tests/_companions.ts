import { DateTime } from 'luxon';
import type { Client } from './_util.js';

/** Beijing's centre; test members are placed at offsets from it. */
export const BASE = { lat: 39.9042, lng: 116.4074 };

/** A point `north` km north and `east` km east of BASE. */
export function offsetKm(north: number, east: number, from = BASE) {
  return { lat: from.lat + north / 111.195, lng: from.lng + east / (111.195 * Math.cos((from.lat * Math.PI) / 180)) };
}

export function cardBody(overrides: Record<string, unknown> = {}) {
  return {
    discoverable: true,
    interests: [{ tag: 'hiking', skill: 'intermediate' }],
    availability: { slots: ['sat-morning'], dates: [] },
    area: { name: 'Chaoyang', ...BASE },
    travelKm: 10,
    preferences: { ageMin: null, ageMax: null, genders: [], skills: [] },
    groupSizeMax: 4,
    budget: 'any',
    costSharing: 'either',
    intro: 'Happy to walk and talk.',
    ...overrides,
  };
}

/** The next given weekday (1 = Monday … 7 = Sunday) at least two days ahead, as YYYY-MM-DD in Beijing. */
export function nextWeekday(weekday: number) {
  let day = DateTime.now().setZone('Asia/Shanghai').plus({ days: 2 }).startOf('day');
  while (day.weekday !== weekday) day = day.plus({ days: 1 });
  return day.toISODate()!;
}

export function requestBody(overrides: Record<string, unknown> = {}) {
  return {
    tag: 'hiking',
    when: { type: 'once', date: nextWeekday(6), from: '09:00', to: '13:00' },
    timeZone: 'Asia/Shanghai',
    area: { name: 'Fragrant Hills', ...BASE },
    radiusKm: 10,
    spots: 1,
    preferences: { ageMin: null, ageMax: null, genders: [], skills: [] },
    budget: 'free',
    costSharing: 'either',
    description: 'Looking for a hiking partner for the Fragrant Hills loop.',
    ...overrides,
  };
}

/** Sets a member's profile facts (age, gender) that matching reads. */
export async function profile(client: Client, birthYear: number, gender: string, home?: { lat: number; lng: number }) {
  const reply = await client.patch('/me', { birthYear, gender, onboarded: true, ...(home ?? {}) });
  if (reply.status !== 200) throw new Error(`profile update failed: ${reply.status} ${JSON.stringify(reply.body)}`);
}

export async function putCard(client: Client, overrides: Record<string, unknown> = {}) {
  const reply = await client.put('/me/companion-card', cardBody(overrides));
  if (reply.status !== 200) throw new Error(`card failed: ${reply.status} ${JSON.stringify(reply.body)}`);
  return reply.body;
}

export function usernames(reply: { body: { items: { user: { username: string } }[] } }) {
  return reply.body.items.map((p) => p.user.username).sort();
}
