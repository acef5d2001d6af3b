import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database } from './database.js';

const migrationsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');
// Any constant works; it only has to be the same for every Kindred process.
const MIGRATION_LOCK = 727_001;

/**
 * Applies the SQL files in migrations/ that have not run yet, in name order,
 * each in its own transaction. An advisory lock keeps two servers starting at
 * once from applying the same file twice.
 */
export async function migrate(database: Database): Promise<string[]> {
  const files = fs.readdirSync(migrationsDir).filter((f) => f.endsWith('.sql')).sort();
  return database.withScriptSession(async (exec) => {
    await exec(`select pg_advisory_lock(${MIGRATION_LOCK})`);
    try {
      await exec('create table if not exists kindred_migrations (name text primary key, applied_at timestamptz not null default now())');
      const applied = new Set((await exec('select name from kindred_migrations')).map((r) => String(r.name)));
      const ran: string[] = [];
      for (const file of files) {
        const name = file.replace(/\.sql$/, '');
        if (applied.has(name)) continue;
        const script = fs.readFileSync(path.join(migrationsDir, file), 'utf8');
        try {
          await exec(`begin;\n${script}\ninsert into kindred_migrations (name) values ('${name}');\ncommit;`);
        } catch (error) {
          await exec('rollback');
          throw new Error(`Migration ${name} failed: ${(error as Error).message}`);
        }
        ran.push(name);
      }
      return ran;
    } finally {
      await exec(`select pg_advisory_unlock(${MIGRATION_LOCK})`);
    }
  });
}
