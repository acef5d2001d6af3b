/**
 * Generates a synthetic community for performance work, or checks one.
 *
 *   npm run gen -- --scale small|reference|large [--reset | --force] [--seed N]
 *   npm run gen -- --check
 *
 * Needs DATABASE_URL (PostgreSQL). Refuses a database that already has
 * members unless --reset (empty every app table first) or --force (add to
 * it). Integrity checks run after every generation; --check runs only them.
 * Either way the exit code is non-zero when a check fails.
 */
import { parseArgs } from 'node:util';
import { readEnv } from '../src/config/env.js';
import { fanoutMaxMembers } from '../src/config/config.js';
import { openDatabase } from '../src/db/database.js';
import { failedChecks } from './gen/checks.js';
import { CHECK_SETTINGS, checkDatabase, generateCommunityData, GeneratorRefusal, withSessionSettings } from './gen/generate.js';
import { isScaleName, scales } from './gen/scales.js';

const usage = `usage: npm run gen -- --scale ${Object.keys(scales).join('|')} [--reset | --force] [--seed N]
       npm run gen -- --check`;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      scale: { type: 'string' },
      reset: { type: 'boolean', default: false },
      force: { type: 'boolean', default: false },
      check: { type: 'boolean', default: false },
      seed: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(usage);
    return 0;
  }
  const databaseUrl = readEnv().DATABASE_URL?.trim();
  if (!databaseUrl || !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    console.error('DATABASE_URL must be set to a PostgreSQL URL (postgres://…); the generator does not write to the embedded database.');
    return 2;
  }
  if (values.check) {
    const database = await openDatabase({ databaseUrl: withSessionSettings(databaseUrl, CHECK_SETTINGS), dataDir: '', dbPoolSize: 20 });
    try {
      return failedChecks(await checkDatabase(database, (line) => console.log(line))).length === 0 ? 0 : 1;
    } finally {
      await database.close();
    }
  }
  if (!values.scale || !isScaleName(values.scale)) {
    console.error(usage);
    return 2;
  }
  if (values.seed !== undefined && !/^\d+$/.test(values.seed)) {
    console.error('--seed must be a whole number');
    return 2;
  }
  try {
    const result = await generateCommunityData({
      databaseUrl,
      scale: values.scale,
      reset: values.reset,
      force: values.force,
      seed: values.seed === undefined ? undefined : Number(values.seed),
      fanoutMaxMembers: fanoutMaxMembers(readEnv().KINDRED_FANOUT_MAX_MEMBERS),
    });
    return failedChecks(result.checks).length === 0 ? 0 : 1;
  } catch (error) {
    if (error instanceof GeneratorRefusal) {
      console.error(error.message);
      return 2;
    }
    throw error;
  }
}

process.exitCode = await main();
