/**
 * Offline evaluation of recommendations.
 *
 *   npm run recs:eval -- --data DIR [--out FILE] [--split test|validation] [--only groups|activities]
 *
 * DIR holds users.jsonl, groups.jsonl, memberships.jsonl and optionally
 * activities.jsonl and rsvps.jsonl (format and protocol: docs/recommendations.md).
 * Prints a table; with --out, writes {"groups": {popular, content, hybrid, kindred},
 * "activities"?: {…}}, each method with recall@10, ndcg@10, coverage, diversity
 * and `ci` (95% bootstrap intervals of recall@10 and ndcg@10).
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { formatReport, readDataset, runEvaluation } from '../src/features/recommendations/evaluation.js';

const usage = 'usage: npm run recs:eval -- --data DIR [--out FILE] [--split test|validation] [--only groups|activities]';

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: { data: { type: 'string' }, out: { type: 'string' }, split: { type: 'string', default: 'test' }, only: { type: 'string' }, help: { type: 'boolean' } },
      strict: true,
    }));
  } catch (err) {
    console.error(`${(err as Error).message}\n${usage}`);
    process.exit(2);
  }
  if (values.help) {
    console.log(usage);
    return;
  }
  if (!values.data || (values.split !== 'test' && values.split !== 'validation') || (values.only !== undefined && values.only !== 'groups' && values.only !== 'activities')) {
    console.error(usage);
    process.exit(2);
  }
  const t0 = performance.now();
  // A generated world says how it was made: its shape and seed head the report.
  const world = path.join(values.data, 'world.json');
  if (fs.existsSync(world)) {
    const made = JSON.parse(fs.readFileSync(world, 'utf8')) as { shape?: string; seed?: number; users?: number };
    console.log(`generated world: shape ${made.shape}, seed ${made.seed}, ${made.users} members`);
  }
  const ds = await readDataset(values.data);
  const readMs = performance.now() - t0;
  for (const w of ds.warnings) console.warn(`warning: ${w}`);
  console.log(
    `${path.resolve(values.data)}: ${ds.users.length} members, ${ds.groups.length} groups, ${ds.memberships.length} memberships` +
      (ds.activities.length ? `, ${ds.activities.length} activities, ${ds.rsvps.length} RSVPs` : '') +
      ` (read in ${(readMs / 1000).toFixed(1)} s); split: ${values.split}\n`,
  );
  const result = runEvaluation(ds, { split: values.split, only: values.only as 'groups' | 'activities' | undefined });
  console.log(formatReport(result));
  console.log(`total ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  if (values.out) {
    fs.mkdirSync(path.dirname(path.resolve(values.out)), { recursive: true });
    fs.writeFileSync(values.out, `${JSON.stringify(result.report, null, 2)}\n`);
    console.log(`wrote ${values.out}`);
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
