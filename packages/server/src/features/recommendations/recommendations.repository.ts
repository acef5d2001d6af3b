import { sql } from 'kysely';
import type { Db } from '../../db/database.js';
import type { ItemModel, Neighbour } from './engine.js';

/**
 * Everything the group model trains on: groups; engagement with them —
 * memberships, plus likes on their posts and registrations for their
 * activities (a member engaged with a group's content is a weaker join);
 * members' interests and areas.
 */
export async function loadGroupTrainingData(db: Db) {
  // The engine counts a member's repeated interactions with a group once, at
  // the latest time, so likes and registrations are reduced to one row per
  // (member, group) in SQL; times travel as epoch milliseconds.
  const epochMs = (column: string) => sql<number>`(extract(epoch from max(${sql.ref(column)})) * 1000)::float8`;
  const [groups, memberships, likes, registrations, users, interests] = await Promise.all([
    db.selectFrom('groups').select(['id', 'tags', 'lat', 'lng', 'created_at']).execute(),
    db
      .selectFrom('group_members')
      .select(['user_id', 'group_id', sql<number>`(extract(epoch from joined_at) * 1000)::float8`.as('at')])
      .execute(),
    db
      .selectFrom('post_likes')
      .innerJoin('posts', 'posts.id', 'post_likes.post_id')
      .select(['post_likes.user_id', 'posts.group_id', epochMs('post_likes.created_at').as('at')])
      .where('posts.deleted_at', 'is', null)
      .groupBy(['post_likes.user_id', 'posts.group_id'])
      .execute(),
    db
      .selectFrom('registrations')
      .innerJoin('activities', 'activities.id', 'registrations.activity_id')
      .select(['registrations.user_id', 'activities.group_id', epochMs('registrations.created_at').as('at')])
      .where('activities.group_id', 'is not', null)
      .where('registrations.status', 'in', ['confirmed', 'awaiting_payment', 'waitlisted'])
      .groupBy(['registrations.user_id', 'activities.group_id'])
      .execute(),
    db.selectFrom('users').select(['id', 'lat', 'lng']).execute(),
    db.selectFrom('user_interests').select(['user_id', 'tag']).execute(),
  ]);
  const engagement = [
    ...memberships.map((m) => ({ ...m, weight: 1 })),
    ...registrations.map((r) => ({ user_id: r.user_id, group_id: r.group_id!, at: r.at, weight: 0.8 })),
    ...likes.map((l) => ({ ...l, weight: 0.3 })),
  ];
  return { groups, engagement, memberships: memberships.length, users, interests };
}

/** The model without its neighbour lists (those go to rec_neighbors, read per request). */
export type StoredModel = Omit<ItemModel, 'neighbours'>;

export async function saveGroupModel(db: Db, model: ItemModel, stats: Record<string, unknown>) {
  const { neighbours, ...rest } = model;
  await db.transaction().execute(async (tx) => {
    await tx.deleteFrom('rec_neighbors').where('kind', '=', 'group').execute();
    const rows = Object.entries(neighbours).flatMap(([item, list]) => list.map(([neighbor, score]) => ({ kind: 'group', item_id: Number(item), neighbor_id: Number(neighbor), score })));
    for (let i = 0; i < rows.length; i += 1000) await tx.insertInto('rec_neighbors').values(rows.slice(i, i + 1000)).execute();
    await tx
      .insertInto('rec_models')
      .values({ kind: 'group', trained_at: new Date(), stats: JSON.stringify({ ...stats, model: rest }) })
      .onConflict((oc) => oc.column('kind').doUpdateSet({ trained_at: new Date(), stats: JSON.stringify({ ...stats, model: rest }) }))
      .execute();
  });
}

export async function loadGroupModel(db: Db): Promise<{ trainedAt: Date; model: StoredModel } | null> {
  const row = await db.selectFrom('rec_models').select(['trained_at', 'stats']).where('kind', '=', 'group').executeTakeFirst();
  if (!row) return null;
  return { trainedAt: row.trained_at, model: (row.stats as { model: StoredModel }).model };
}

export async function modelTrainedAt(db: Db): Promise<Date | null> {
  const row = await db.selectFrom('rec_models').select('trained_at').where('kind', '=', 'group').executeTakeFirst();
  return row?.trained_at ?? null;
}

/** Neighbour lists of a member's own groups: one indexed read. */
export async function neighboursOf(db: Db, groupIds: number[]): Promise<Record<string, Neighbour[]>> {
  if (groupIds.length === 0) return {};
  const rows = await db
    .selectFrom('rec_neighbors')
    .select(['item_id', 'neighbor_id', 'score'])
    .where('kind', '=', 'group')
    .where('item_id', 'in', groupIds)
    .orderBy('item_id')
    .orderBy('score', 'desc')
    .execute();
  const result: Record<string, Neighbour[]> = {};
  for (const r of rows) (result[String(r.item_id)] ??= []).push([String(r.neighbor_id), r.score]);
  return result;
}

export async function feedbackOf(db: Db, userId: number, kind: 'group' | 'post' | 'activity'): Promise<Set<string>> {
  const rows = await db.selectFrom('rec_feedback').select('item_id').where('user_id', '=', userId).where('kind', '=', kind).execute();
  return new Set(rows.map((r) => String(r.item_id)));
}

export async function addFeedback(db: Db, userId: number, kind: 'group' | 'post' | 'activity', itemId: number) {
  await db.insertInto('rec_feedback').values({ user_id: userId, kind, item_id: itemId }).onConflict((oc) => oc.doNothing()).execute();
}

export async function removeFeedback(db: Db, userId: number, kind: 'group' | 'post' | 'activity', itemId: number) {
  await db.deleteFrom('rec_feedback').where('user_id', '=', userId).where('kind', '=', kind).where('item_id', '=', itemId).execute();
}

/** A member's groups, oldest membership first (the engine's history order). */
export async function memberHistory(db: Db, userId: number) {
  return db.selectFrom('group_members').select(['group_id', 'joined_at']).where('user_id', '=', userId).orderBy('joined_at').execute();
}

/** Newest posts of some groups, a few per group (LATERAL on the group feed index). */
export async function freshPostsOf(db: Db, groupIds: number[], perGroup: number, since: Date) {
  if (groupIds.length === 0) return [];
  const rows = await sql<{ id: number; group_id: number; hot_score: number; author_id: number }>`
    select p.id, p.group_id, p.hot_score, p.author_id from unnest(${groupIds}::bigint[]) as g(id)
    cross join lateral (
      select id, group_id, hot_score, author_id from posts
      where posts.group_id = g.id and posts.deleted_at is null and posts.created_at >= ${since}
      order by hot_score desc, id desc limit ${perGroup}
    ) p`.execute(db);
  return rows.rows;
}

/** For each activity, how many members who share a group with the viewer are going. */
export async function goingFromMyGroups(db: Db, userId: number, activityIds: number[]): Promise<Map<number, number>> {
  if (activityIds.length === 0) return new Map();
  const rows = await sql<{ activity_id: number; n: number }>`
    select r.activity_id, count(distinct r.user_id)::int as n from registrations r
    where r.activity_id = any(${activityIds}::bigint[]) and r.status = 'confirmed' and r.user_id <> ${userId}
      and exists (select 1 from group_members mine join group_members theirs on theirs.group_id = mine.group_id
                  where mine.user_id = ${userId} and theirs.user_id = r.user_id)
    group by r.activity_id`.execute(db);
  return new Map(rows.rows.map((r) => [r.activity_id, r.n]));
}
