/**
 * Training cost of the group model at reference size, the engine alone:
 *
 *   node --import tsx bench/recs-train.ts [plain|learn]
 *
 * Synthetic data of the reference scale's size (100k members in 20 cities,
 * 20k groups, 1M memberships, power-law popularity, local joins), trained in
 * slices as the server trains it ('plain': the model alone; 'learn': with the
 * product's groupModelOptions, EASE and learned weights). Prints the time, the
 * longest stretch without an event-loop turn (wall and CPU), peak memory and
 * what was learned. Figures: docs/recommendations.md, "Cost at reference scale".
 */
import { groupModelOptions, trainItemModelInSlices, type Interaction, type RecItem, type RecUser } from '../packages/server/src/features/recommendations/engine.js';

let seed = 42;
const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
const cities = Array.from({ length: 20 }, (_, i) => ({ lat: 20 + i, lng: 100 + i }));
const tags = Array.from({ length: 300 }, (_, i) => `t${i}`);
const near = (c: { lat: number; lng: number }) => ({ lat: c.lat + random() * 0.3, lng: c.lng + random() * 0.3 });
const groups: RecItem[] = Array.from({ length: 20_000 }, (_, i) => ({
  id: `g${i}`,
  tags: [tags[i % 300]!, tags[(i * 7) % 300]!],
  ...near(cities[i % 20]!),
  createdAt: Date.UTC(2024, 0, 1),
}));
const users: RecUser[] = Array.from({ length: 100_000 }, (_, i) => ({ id: `u${i}`, interests: [tags[i % 300]!], ...near(cities[i % 20]!) }));
const byCity = cities.map((_, c) => groups.filter((_, i) => i % 20 === c));
const interactions: Interaction[] = [];
for (let u = 0; u < users.length; u++) {
  const local = byCity[u % 20]!;
  for (let k = 0; k < 10; k++) interactions.push({ user: `u${u}`, item: local[Math.floor(local.length * random() ** 2.5)]!.id, at: Date.UTC(2024, 0, 1) + Math.floor(random() * 3e10) });
}

const mode = process.argv[2] === 'plain' ? 'plain' : 'learn';
const options = { ...(mode === 'learn' ? groupModelOptions : {}), now: Date.UTC(2025, 0, 1), popularityHalfLifeDays: 180 };
let longestWall = 0;
let longestCpu = 0;
let last = performance.now();
let lastCpu = process.cpuUsage();
const ticker = setInterval(() => {
  const now = performance.now();
  const cpu = process.cpuUsage(lastCpu);
  longestWall = Math.max(longestWall, now - last - 10);
  longestCpu = Math.max(longestCpu, (cpu.user + cpu.system) / 1000);
  last = now;
  lastCpu = process.cpuUsage();
}, 10);
const t0 = performance.now();
const model = await trainItemModelInSlices(groups, interactions, users, options);
clearInterval(ticker);
console.log(
  `${mode}: ${interactions.length} memberships, trained in ${((performance.now() - t0) / 1000).toFixed(1)} s; ` +
    `longest stretch without an event-loop turn ${longestWall.toFixed(0)} ms (${longestCpu.toFixed(0)} ms of CPU); ` +
    `peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MB; learned ${JSON.stringify(model.learned ?? null)}`,
);
