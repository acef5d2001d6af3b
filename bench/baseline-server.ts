/**
 * The bare baselines Kindred's hot paths are measured against: Fastify and
 * pg with hand-written SQL, no validation, hydration or access checks, on the
 * same data and with the same pool size as the Kindred server.
 *
 *   A  GET  /a/posts/:id      a primary-key select
 *   B  GET  /b/feed/:userId   keyset home feed: a LATERAL probe per joined group, merged
 *   C  POST /c/register       a registration transaction with a capacity check under the row lock
 *
 * Run: DATABASE_URL=… PORT=… node --import tsx bench/baseline-server.ts
 */
import crypto from 'node:crypto';
import Fastify from 'fastify';
import pg from 'pg';

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.POOL_SIZE ?? 20) });
const app = Fastify({ logger: false });

app.get<{ Params: { id: string } }>('/a/posts/:id', async (request, reply) => {
  const { rows } = await pool.query('select id, group_id, author_id, title, body_html, like_count, comment_count, created_at from posts where id = $1', [Number(request.params.id)]);
  if (rows.length === 0) return reply.status(404).send({ error: 'not found' });
  return rows[0];
});

app.get<{ Params: { userId: string } }>('/b/feed/:userId', async (request) => {
  const { rows } = await pool.query(
    `select p.id, p.group_id, p.author_id, p.title, p.excerpt, p.like_count, p.comment_count, p.created_at
       from group_members gm
       cross join lateral (
         select id, group_id, author_id, title, excerpt, like_count, comment_count, created_at
           from posts
          where group_id = gm.group_id and deleted_at is null
          order by created_at desc, id desc
          limit 20) p
      where gm.user_id = $1
      order by p.created_at desc, p.id desc
      limit 20`,
    [Number(request.params.userId)],
  );
  return { items: rows };
});

app.post<{ Body: { activityId: number; userId: number } }>('/c/register', async (request, reply) => {
  const { activityId, userId } = request.body;
  const client = await pool.connect();
  try {
    await client.query('begin');
    const { rows } = await client.query('select capacity, seats_taken from activities where id = $1 for update', [activityId]);
    const activity = rows[0] as { capacity: number; seats_taken: number } | undefined;
    if (!activity) {
      await client.query('rollback');
      return reply.status(404).send({ error: 'no such activity' });
    }
    const seated = activity.seats_taken < activity.capacity;
    if (seated) await client.query('update activities set seats_taken = seats_taken + 1 where id = $1', [activityId]);
    const inserted = await client.query(
      `insert into registrations (activity_id, user_id, status, check_in_code) values ($1, $2, $3, $4)
       on conflict (activity_id, user_id) where status in ('pending_approval', 'awaiting_payment', 'confirmed', 'waitlisted') do nothing
       returning id, status`,
      [activityId, userId, seated ? 'confirmed' : 'waitlisted', crypto.randomBytes(6).toString('hex')],
    );
    if (inserted.rowCount === 0) {
      await client.query('rollback');
      return reply.status(409).send({ error: 'already registered' });
    }
    await client.query('commit');
    return reply.status(201).send(inserted.rows[0]);
  } catch (error) {
    await client.query('rollback').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
});

await app.listen({ port: Number(process.env.PORT ?? 0), host: '127.0.0.1' });
console.log(`baseline listening on ${(app.server.address() as { port: number }).port}`);
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => void app.close().then(() => pool.end()).then(() => process.exit(0)));
}
