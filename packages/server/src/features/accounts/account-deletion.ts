import argon2 from 'argon2';
import { ErrorCode } from '@kindred/contract';
import { sql } from 'kysely';
import type { SignedInViewer } from '../../auth/viewer.js';
import type { AppContext } from '../../context.js';
import type { Db, Tx } from '../../db/database.js';
import { AppError } from '../../errors.js';
import { liveStatuses } from '../activities/activities.repository.js';
import { cancelActivity } from '../activities/activities.service.js';
import { cancelUpcomingRegistrations } from '../activities/registrations.service.js';
import { leaveCompanions } from '../companions/companions.service.js';
import { removeMembersMedia } from '../media/media.service.js';
import { hotScoreSql } from '../posts/posts.repository.js';
import { deleteFollowsOf } from '../social/follows.repository.js';
import { getUser } from './accounts.service.js';

/**
 * What a member must settle before leaving: groups that others belong to or
 * whose activities had registrations (hand them over first), and upcoming
 * activities others registered for (cancel them, which refunds everyone).
 */
async function unsettled(db: Db, userId: number) {
  const groups = await db
    .selectFrom('groups as g')
    .select(['g.id', 'g.name'])
    .where('g.owner_id', '=', userId)
    .where((eb) =>
      eb.or([
        eb.exists(eb.selectFrom('group_members as m').select('m.user_id').whereRef('m.group_id', '=', 'g.id').where('m.user_id', '!=', userId)),
        eb.exists(eb.selectFrom('activities as a').innerJoin('registrations as r', 'r.activity_id', 'a.id').select('r.id').whereRef('a.group_id', '=', 'g.id')),
      ]),
    )
    .orderBy('g.id')
    .execute();
  const activities = await db
    .selectFrom('activities as a')
    .select(['a.id', 'a.title'])
    .where('a.organizer_id', '=', userId)
    .where('a.status', 'in', ['draft', 'published'])
    .where('a.ends_at', '>', new Date())
    .where((eb) =>
      eb.exists(eb.selectFrom('registrations as r').select('r.id').whereRef('r.activity_id', '=', 'a.id').where('r.status', 'in', liveStatuses).where('r.user_id', '!=', userId)),
    )
    .orderBy('a.starts_at')
    .execute();
  return { groups, activities };
}

/**
 * A member deletes their account, confirming with their password. First what
 * has rules of its own goes through them: their places in upcoming activities
 * are cancelled (refunded by each activity's policy, the waitlist moves up),
 * their upcoming activities nobody else registered for are called off, and
 * they leave companions. Then, in one transaction, everything that identified
 * them is erased (see `erase`), and every session they had ends on every
 * instance, closing their live connections.
 */
export async function deleteAccount(ctx: AppContext, viewer: SignedInViewer, password: string) {
  const user = await getUser(ctx.db, viewer.id);
  if (!(await argon2.verify(user.password_hash, password).catch(() => false))) {
    throw new AppError(403, ErrorCode.invalidCredentials, 'That is not your password.', { password: 'is wrong' });
  }
  const { groups, activities } = await unsettled(ctx.db, viewer.id);
  if (groups.length > 0 || activities.length > 0) {
    const fields: Record<string, string> = {};
    if (groups.length > 0) fields.groups = groups.map((g) => `${g.id}:${g.name}`).join('\n');
    if (activities.length > 0) fields.activities = activities.map((a) => `${a.id}:${a.title}`).join('\n');
    throw new AppError(
      409,
      ErrorCode.accountUnsettled,
      'Hand over the groups you own that others belong to, and cancel your upcoming activities others registered for, before deleting your account.',
      fields,
    );
  }
  const now = new Date();
  await cancelUpcomingRegistrations(ctx, viewer);
  const own = await ctx.db
    .selectFrom('activities')
    .select('id')
    .where('organizer_id', '=', viewer.id)
    .where('status', 'in', ['draft', 'published'])
    .where('ends_at', '>', now)
    .execute();
  for (const a of own) await cancelActivity(ctx, viewer, a.id);
  await leaveCompanions(ctx, viewer);

  const sessions = await ctx.db.transaction().execute((tx) => erase(ctx, tx, viewer.id));
  for (const tokenHash of sessions) await ctx.events.publish([viewer.id], { type: 'session-ended', tokenHash });
}

/**
 * Erases a member, keeping a nameless row for what others keep: payments and
 * past registrations (organizers' and the ledger's history) and the messages
 * in the other member's conversations. Their posts and comments are deleted
 * (as if they had deleted each; replies by others stay), their likes undone,
 * their memberships left, every counter kept in step; groups they alone had
 * are deleted with what is in them; their photos are deleted, files and all;
 * their follows (both ways), interests, blocks, join requests, companion requests and invites,
 * notifications and recommendation data are deleted. Returns the hashes of
 * the sessions it ended.
 */
async function erase(ctx: AppContext, tx: Tx, userId: number): Promise<string[]> {
  const sessions = await tx.deleteFrom('sessions').where('user_id', '=', userId).returning('token_hash').execute();

  // Counters follow each change, in one statement per kind, grouped by the row that counts.
  const unliked = await sql<{ group_id: number; id: number }>`
    with gone as (delete from post_likes where user_id = ${userId} returning group_id, post_id),
    counted as (select group_id, post_id, count(*)::int as n from gone group by group_id, post_id)
    update posts p set like_count = p.like_count - counted.n from counted
    where p.group_id = counted.group_id and p.id = counted.post_id returning p.group_id, p.id`.execute(tx);
  await sql`
    with gone as (delete from comment_likes where user_id = ${userId} returning group_id, comment_id),
    counted as (select group_id, comment_id, count(*)::int as n from gone group by group_id, comment_id)
    update comments c set like_count = c.like_count - counted.n from counted
    where c.group_id = counted.group_id and c.id = counted.comment_id`.execute(tx);
  const uncommented = await sql<{ group_id: number; id: number }>`
    with gone as (update comments set deleted_at = now() where author_id = ${userId} and deleted_at is null returning group_id, post_id),
    counted as (select group_id, post_id, count(*)::int as n from gone group by group_id, post_id)
    update posts p set comment_count = p.comment_count - counted.n from counted
    where p.group_id = counted.group_id and p.id = counted.post_id returning p.group_id, p.id`.execute(tx);
  // Each post by its whole key (group, id), once.
  const rescored = [...new Map([...unliked.rows, ...uncommented.rows].map((r) => [`${r.group_id}:${r.id}`, r])).values()];
  if (rescored.length > 0) {
    await sql`update posts p set hot_score = ${hotScoreSql} from (select unnest(${rescored.map((r) => r.group_id)}::bigint[]) as group_id, unnest(${rescored.map((r) => r.id)}::bigint[]) as id) k
      where p.group_id = k.group_id and p.id = k.id`.execute(tx);
  }
  await sql`
    with gone as (update posts set deleted_at = now(), pinned_at = null where author_id = ${userId} and deleted_at is null returning group_id),
    counted as (select group_id, count(*)::int as n from gone group by group_id)
    update groups g set post_count = g.post_count - counted.n from counted where g.id = counted.group_id`.execute(tx);
  await sql`
    with gone as (delete from group_members where user_id = ${userId} and role <> 'owner' returning group_id)
    update groups g set member_count = g.member_count - 1 from gone where g.id = gone.group_id`.execute(tx);

  // Groups only they belong to (`unsettled` refused the rest): photos others once put there go to the sweep.
  const solo = (await tx.selectFrom('groups').select('id').where('owner_id', '=', userId).execute()).map((g) => g.id);
  if (solo.length > 0) {
    await sql`
      update media set use_kind = null, use_id = null, position = 0
      where (use_kind = 'group_cover' and use_id in (${sql.join(solo)}))
         or (use_kind = 'post' and use_id in (select id from posts where group_id in (${sql.join(solo)})))
         or (use_kind = 'comment' and use_id in (select id from comments where group_id in (${sql.join(solo)})))
         or (use_kind in ('activity_cover', 'activity_album') and use_id in (select id from activities where group_id in (${sql.join(solo)})))`.execute(tx);
    // Their room by its lookup: the room lives by its id, off the group's shard, so no foreign key takes it there.
    await tx.deleteFrom('rooms').where('id', 'in', tx.selectFrom('group_rooms').select('room_id').where('group_id', 'in', solo)).execute();
    await tx.deleteFrom('groups').where('id', 'in', solo).execute();
  }

  for (const table of ['user_interests', 'join_requests', 'notifications', 'notification_group_mutes', 'rec_feedback', 'rec_rankings', 'room_reads', 'room_mutes', 'activity_feedback'] as const) {
    await tx.deleteFrom(table).where('user_id', '=', userId).execute();
  }
  await tx.deleteFrom('room_messages').where('sender_id', '=', userId).execute();
  await tx.deleteFrom('group_ownership_claims').where('claimant_id', '=', userId).execute();
  // Their series make no more dates (those made stay ordinary activities, settled above).
  await tx.deleteFrom('activity_series').where('organizer_id', '=', userId).execute();
  await deleteFollowsOf(tx, userId);
  await tx.deleteFrom('blocks').where((eb) => eb.or([eb('blocker_id', '=', userId), eb('blocked_id', '=', userId)])).execute();
  await tx.deleteFrom('companion_invites').where((eb) => eb.or([eb('from_id', '=', userId), eb('to_id', '=', userId)])).execute();
  await tx.deleteFrom('companion_requests').where('author_id', '=', userId).execute();
  await removeMembersMedia(ctx, tx, userId);
  await tx
    .updateTable('users')
    .set({
      username: `deleted~${userId}`,
      display_name: '',
      password_hash: '!',
      bio: '',
      city: null,
      lat: null,
      lng: null,
      birth_year: null,
      gender: null,
      avatar_media_id: null,
      deleted_at: new Date(),
    })
    .where('id', '=', userId)
    .execute();
  return sessions.map((s) => s.token_hash);
}
