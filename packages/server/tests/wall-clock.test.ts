import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DateTime } from 'luxon';
import { wallClock } from '../src/lib/wall-clock.js';

test('wall clock times agree with luxon in every kind of zone, across daylight-saving changes', () => {
  const zones = ['Asia/Shanghai', 'Europe/London', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'America/St_Johns', 'Pacific/Chatham', 'UTC', 'America/Santiago'];
  let seed = 5;
  const next = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  let transitionDays = 0;
  for (const zone of zones) {
    // Random instants over two years, plus every 7.5 minutes around each of the zone's transitions.
    const instants: number[] = [];
    for (let i = 0; i < 400; i++) instants.push(Date.UTC(2026, 0, 1) + Math.floor(next() * 2 * 365 * 86_400_000));
    for (let day = Date.UTC(2026, 0, 1); day < Date.UTC(2028, 0, 1); day += 86_400_000) {
      const start = DateTime.fromMillis(day, { zone }).offset;
      if (DateTime.fromMillis(day + 86_400_000 - 1, { zone }).offset === start) continue;
      transitionDays++;
      for (let m = 0; m < 86_400_000; m += 450_000) instants.push(day + m);
    }
    for (const ms of instants) {
      const expected = DateTime.fromMillis(ms, { zone });
      assert.deepEqual(wallClock(new Date(ms), zone), { local: expected.toFormat("yyyy-MM-dd'T'HH:mm"), offset: expected.toFormat('ZZ') }, `${zone} ${new Date(ms).toISOString()}`);
    }
  }
  // The zones above change their clocks about twice a year each; the test went through those days.
  assert.ok(transitionDays >= 20, `${transitionDays} transition days`);
});
