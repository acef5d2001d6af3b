/**
 * npm run admin -- grant-operator USERNAME | grant-moderator USERNAME | revoke-role USERNAME
 *
 * Grants a staff role on the server's own database (DATABASE_URL, or the
 * embedded one in DATA_DIR: stop the server first, since the embedded
 * database has one process at a time). Written to the audit log with no actor.
 */
import { loadConfig } from '../src/config/config.js';
import { openDatabase } from '../src/db/database.js';
import { migrate } from '../src/db/migrate.js';
import { CHANNEL, liveEventChannel, redisBus } from '../src/events/bus.js';
import { LiveOutbox } from '../src/events/outbox.js';
import { grantFromCommandLine } from '../src/features/moderation/standing.js';

const commands = { 'grant-operator': 'operator', 'grant-moderator': 'moderator', 'revoke-role': 'member' } as const;

const [command, username] = process.argv.slice(2);
if (!command || !(command in commands) || !username) {
  console.error(`Usage: npm run admin -- ${Object.keys(commands).join(' | ')} USERNAME`);
  process.exit(2);
}
const config = loadConfig();
// On the Redis bus the running instances hear of the new role through Redis (on PostgreSQL, through NOTIFY).
const outbox = config.eventBus === 'redis' ? new LiveOutbox(CHANNEL) : undefined;
const database = await openDatabase(config, undefined, outbox);
const bus = outbox ? await redisBus(config.redisUrl!, liveEventChannel(config), outbox, (error) => console.error((error as Error).message)) : null;
try {
  await migrate(database);
  const standing = await grantFromCommandLine(database.db, username, commands[command as keyof typeof commands]);
  console.log(`${standing.username}'s role is now ${standing.role}.`);
} catch (error) {
  console.error((error as Error).message);
  process.exitCode = 1;
} finally {
  await bus?.close();
  await database.close();
}
