import type { FollowEntry, FollowResult, UpdatePrivacyBody } from '@kindred/contract';
import { checkAccess, requireAccess } from '../../auth/access.js';
import type { SignedInViewer, Viewer } from '../../auth/viewer.js';
import { takeWriteLimit } from '../../auth/write-limits.js';
import type { AppContext } from '../../context.js';
import type { Db } from '../../db/database.js';
import { decodeCursor, toPage } from '../../db/pagination.js';
import { ConflictError, NotFoundError, ValidationError } from '../../errors.js';
import { getUserByUsername } from '../accounts/accounts.service.js';
import { presentUserSummary } from '../accounts/accounts.views.js';
import { addAuthorToFollowing } from '../feed/feed.service.js';
import { notify } from '../notifications/notifications.service.js';
import * as repo from './follows.repository.js';
import { followState } from './social.views.js';

const DEFAULT_LIMIT = 20;

async function followerCount(db: Db, userId: number) {
  const row = await db.selectFrom('users').select('follower_count').where('id', '=', userId).executeTakeFirstOrThrow();
  return row.follower_count;
}

/** The member to follow (or stop following): someone else, who exists, and neither has blocked the other. */
async function followable(db: Db, viewer: SignedInViewer, username: string) {
  const target = await getUserByUsername(db, username);
  if (target.id === viewer.id) throw new ValidationError('You cannot follow yourself.', { username: 'is you' });
  await requireAccess(db, viewer, 'member.interact', target.id);
  return target;
}

/**
 * Follows a member: at once, or as a request when their follows need approval.
 * Following again is a no-op that answers where things stand.
 */
export async function follow(ctx: AppContext, viewer: SignedInViewer, username: string): Promise<FollowResult> {
  const target = await followable(ctx.db, viewer, username);
  const existing = await repo.findFollow(ctx.db, viewer.id, target.id);
  if (!existing) {
    await takeWriteLimit(ctx, 'follow', viewer);
    const status = target.follow_approval ? 'pending' : 'active';
    await ctx.db.transaction().execute(async (tx) => {
      if (!(await repo.insertFollow(tx, viewer.id, target.id, status))) return;
      if (status === 'active') await addAuthorToFollowing(tx, [viewer.id], target.id);
      // Following back makes two friends: the first follower hears it so.
      const mutual = status === 'active' && (await repo.findFollow(tx, target.id, viewer.id))?.status === 'active';
      await notify(tx, [target.id], { kind: status === 'active' ? 'follow.new' : 'follow.request', actorId: viewer.id, subject: { kind: 'member', id: viewer.id }, data: { mutual } });
    });
  }
  const now = await repo.findFollow(ctx.db, viewer.id, target.id);
  return { following: followState(now?.status), followerCount: await followerCount(ctx.db, target.id) };
}

export async function unfollow(ctx: AppContext, viewer: SignedInViewer, username: string): Promise<FollowResult> {
  const target = await getUserByUsername(ctx.db, username);
  await requireAccess(ctx.db, viewer, 'member.read', target.id);
  await ctx.db.transaction().execute((tx) => repo.deleteFollow(tx, viewer.id, target.id));
  return { following: 'none', followerCount: await followerCount(ctx.db, target.id) };
}

/** Stops a member following me (or withdraws their request); they are not told. */
export async function removeFollower(ctx: AppContext, viewer: SignedInViewer, username: string) {
  const follower = await getUserByUsername(ctx.db, username);
  const removed = await ctx.db.transaction().execute((tx) => repo.deleteFollow(tx, follower.id, viewer.id));
  if (!removed) throw new NotFoundError('follower');
}

/** Accepts or declines a request to follow me; the member asking is told when it is accepted. */
export async function decideRequest(ctx: AppContext, viewer: SignedInViewer, username: string, accept: boolean) {
  const asker = await getUserByUsername(ctx.db, username);
  await ctx.db.transaction().execute(async (tx) => {
    const pending = await repo.findFollow(tx, asker.id, viewer.id);
    if (pending?.status !== 'pending') throw new ConflictError(`${asker.username} has not asked to follow you.`);
    if (accept) {
      await repo.acceptRequest(tx, asker.id, viewer.id);
      await addAuthorToFollowing(tx, [asker.id], viewer.id);
      await tellAccepted(tx, viewer, [asker.id]);
    } else {
      await repo.deleteFollow(tx, asker.id, viewer.id);
    }
  });
}

function tellAccepted(db: Db, viewer: SignedInViewer, askers: number[]) {
  return notify(db, askers, { kind: 'follow.accepted', actorId: viewer.id, subject: { kind: 'member', id: viewer.id } });
}

type ListKind = 'followers' | 'following' | 'friends';

/** A member's followers, following or friends, as their privacy setting allows; members hidden from the viewer are left out. */
export async function followList(ctx: AppContext, viewer: Viewer, username: string, kind: ListKind, query: { cursor?: string; limit?: number }) {
  const user = await getUserByUsername(ctx.db, username);
  await requireAccess(ctx.db, viewer, 'member.follows', user.id);
  const limit = query.limit ?? DEFAULT_LIMIT;
  const after = decodeCursor(query.cursor, 'tn');
  const rows = kind === 'followers' ? await repo.followers(ctx.db, user.id, 'active', after, limit) : await repo.following(ctx.db, user.id, kind === 'friends', after, limit);
  return presentEntries(ctx.db, viewer, rows, limit);
}

/** Those asking to follow me, newest first. */
export async function myRequests(ctx: AppContext, viewer: SignedInViewer, query: { cursor?: string; limit?: number }) {
  const limit = query.limit ?? DEFAULT_LIMIT;
  const rows = await repo.followers(ctx.db, viewer.id, 'pending', decodeCursor(query.cursor, 'tn'), limit);
  return presentEntries(ctx.db, viewer, rows, limit);
}

async function presentEntries(
  db: Db,
  viewer: Viewer,
  rows: { id: number; username: string; display_name: string; avatar_media_id: number | null; since: Date; since_cursor: string }[],
  limit: number,
): Promise<{ items: FollowEntry[]; nextCursor: string | null }> {
  const page = toPage(rows, limit, (r) => [r.since_cursor, r.id]);
  const visible = await checkAccess(db, viewer, 'member.read', page.rows.map((r) => r.id));
  return {
    items: page.rows.filter((r) => visible.has(r.id)).map((r) => ({ user: presentUserSummary(r), since: r.since.toISOString() })),
    nextCursor: page.nextCursor,
  };
}

/** Changes my privacy settings; turning approval off accepts every pending request (each asker is told). */
export async function updatePrivacy(ctx: AppContext, viewer: SignedInViewer, input: UpdatePrivacyBody) {
  const patch = {
    ...(input.followApproval !== undefined && { follow_approval: input.followApproval }),
    ...(input.showGroups !== undefined && { show_groups: input.showGroups }),
    ...(input.showActivities !== undefined && { show_activities: input.showActivities }),
    ...(input.showFollows !== undefined && { show_follows: input.showFollows }),
    ...(input.allowInvites !== undefined && { allow_invites: input.allowInvites }),
    ...(input.suggestMe !== undefined && { suggest_me: input.suggestMe }),
    ...(input.searchEngines !== undefined && { search_engines: input.searchEngines }),
  };
  if (Object.keys(patch).length === 0) return;
  await ctx.db.transaction().execute(async (tx) => {
    await tx.updateTable('users').set(patch).where('id', '=', viewer.id).execute();
    if (input.followApproval === false) {
      const askers = await repo.acceptAllRequests(tx, viewer.id);
      await addAuthorToFollowing(tx, askers, viewer.id);
      await tellAccepted(tx, viewer, askers);
    }
  });
}
