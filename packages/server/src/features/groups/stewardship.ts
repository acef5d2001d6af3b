import type { Stewardship } from '@kindred/contract';
import { sql } from 'kysely';
import { requireGroupAccess } from '../../auth/access.js';
import type { SignedInViewer } from '../../auth/viewer.js';
import type { AppContext } from '../../context.js';
import type { Db } from '../../db/database.js';
import { ConflictError, ForbiddenError, NotFoundError } from '../../errors.js';
import { cancelJob, scheduleJob } from '../../jobs/jobs.repository.js';
import { loadUserSummaries } from '../accounts/accounts.views.js';
import { notify } from '../notifications/notifications.service.js';
import * as repo from './groups.repository.js';

const DAY = 24 * 3_600_000;
/** An owner unseen this long may have their group claimed. */
export const OWNER_AWAY_DAYS = 60;
/** How long the owner has to object to a claim. */
export const NOTICE_DAYS = 7;
/** With no admin left, this many of the most active members may step up. */
const STEP_UP_CANDIDATES = 3;

/** The group's owner, when they were last seen, its admins and any open claim. */
async function stewardFacts(db: Db, groupId: number) {
  const group = await db
    .selectFrom('groups as g')
    .innerJoin('users as o', 'o.id', 'g.owner_id')
    .leftJoin('group_ownership_claims as c', 'c.group_id', 'g.id')
    .select(['g.owner_id', 'g.name', 'o.last_seen_at', 'c.claimant_id', 'c.effective_at'])
    .where('g.id', '=', groupId)
    .executeTakeFirst();
  if (!group) throw new NotFoundError('group');
  const admins = await db.selectFrom('group_members').select('user_id').where('group_id', '=', groupId).where('role', '=', 'admin').execute();
  const ownerAway = group.last_seen_at === null || group.last_seen_at.getTime() < Date.now() - OWNER_AWAY_DAYS * DAY;
  return { ...group, ownerAway, admins: admins.map((a) => a.user_id) };
}

/** The members most active in the group lately: posts and comments there, and attended activities, in 90 days. */
async function mostActiveMembers(db: Db, groupId: number, ownerId: number) {
  const { rows } = await sql<{ user_id: number }>`
    select m.user_id from group_members m
    where m.group_id = ${groupId} and m.user_id <> ${ownerId}
    order by
      (select count(*) from posts p where p.group_id = ${groupId} and p.author_id = m.user_id and p.created_at > now() - interval '90 days' and p.deleted_at is null)
      + (select count(*) from comments c where c.group_id = ${groupId} and c.author_id = m.user_id and c.created_at > now() - interval '90 days')
      + 2 * (select count(*) from registrations r join activities a on a.id = r.activity_id where a.group_id = ${groupId} and r.user_id = m.user_id and r.attendance = 'attended'
               and a.starts_at > now() - interval '90 days') desc,
      m.joined_at, m.user_id
    limit ${STEP_UP_CANDIDATES}`.execute(db);
  return rows.map((r) => r.user_id);
}

export async function stewardship(db: Db, viewer: SignedInViewer, groupId: number): Promise<Stewardship> {
  const access = await requireGroupAccess(db, viewer, groupId, 'read');
  if (access.role === null) throw new ForbiddenError('Only members see who looks after the group.');
  const facts = await stewardFacts(db, groupId);
  const candidates = facts.ownerAway && facts.admins.length === 0 ? await mostActiveMembers(db, groupId, facts.owner_id) : [];
  const people = await loadUserSummaries(db, [...candidates, ...(facts.claimant_id ? [facts.claimant_id] : [])]);
  return {
    ownerAway: facts.ownerAway,
    claim: facts.claimant_id && facts.effective_at ? { claimant: people.get(facts.claimant_id)!, effectiveAt: facts.effective_at.toISOString() } : null,
    canClaim: facts.ownerAway && access.role === 'admin' && !facts.claimant_id,
    canObject: access.role === 'owner' && facts.claimant_id !== null,
    stepUp: candidates.flatMap((id) => people.get(id) ?? []),
    canStepUp: candidates.includes(viewer.id),
  };
}

/** An admin claims a group whose owner has been away 60 days; it becomes theirs after the notice unless the owner objects. */
export async function claimOwnership(ctx: AppContext, viewer: SignedInViewer, groupId: number) {
  await ctx.db.transaction().execute(async (tx) => {
    await repo.lockGroup(tx, groupId);
    const access = await requireGroupAccess(tx, viewer, groupId, 'moderate');
    if (access.role !== 'admin') throw new ForbiddenError('An admin of the group claims it.');
    const facts = await stewardFacts(tx, groupId);
    if (!facts.ownerAway) throw new ConflictError(`The owner has been here in the last ${OWNER_AWAY_DAYS} days.`);
    if (facts.claimant_id) throw new ConflictError('Someone has already claimed this group.');
    const effectiveAt = new Date(Date.now() + NOTICE_DAYS * DAY);
    await tx.insertInto('group_ownership_claims').values({ group_id: groupId, claimant_id: viewer.id, effective_at: effectiveAt }).execute();
    await scheduleJob(tx, 'group.claim', String(groupId), effectiveAt, { groupId });
    await notify(tx, [facts.owner_id], {
      kind: 'group.ownership_claim',
      actorId: viewer.id,
      subject: { kind: 'group', id: groupId },
      data: { title: facts.name, effectiveAt: effectiveAt.toISOString() },
    });
  });
  return stewardship(ctx.db, viewer, groupId);
}

/** The owner objects to a claim (or its claimant withdraws it): the group stays theirs. */
export async function withdrawClaim(ctx: AppContext, viewer: SignedInViewer, groupId: number) {
  await ctx.db.transaction().execute(async (tx) => {
    await repo.lockGroup(tx, groupId);
    await requireGroupAccess(tx, viewer, groupId, 'read');
    const facts = await stewardFacts(tx, groupId);
    if (!facts.claimant_id) throw new NotFoundError('claim');
    if (viewer.id !== facts.owner_id && viewer.id !== facts.claimant_id) throw new ForbiddenError('The owner objects to a claim, or its claimant withdraws it.');
    await tx.deleteFrom('group_ownership_claims').where('group_id', '=', groupId).execute();
    await cancelJob(tx, 'group.claim', String(groupId));
    if (viewer.id === facts.owner_id) {
      await notify(tx, [facts.claimant_id], { kind: 'group.ownership_objected', actorId: viewer.id, subject: { kind: 'group', id: groupId }, data: { title: facts.name } });
    }
  });
  return stewardship(ctx.db, viewer, groupId);
}

/** Job: at the end of the notice, a claim not objected to makes its claimant the owner (the old owner stays an admin). */
export async function settleClaim(ctx: AppContext, groupId: number) {
  await ctx.db.transaction().execute(async (tx) => {
    await repo.lockGroup(tx, groupId);
    const facts = await stewardFacts(tx, groupId);
    if (!facts.claimant_id || !facts.effective_at || facts.effective_at.getTime() > Date.now()) return;
    await tx.deleteFrom('group_ownership_claims').where('group_id', '=', groupId).execute();
    const claimant = await tx.selectFrom('group_members').select('role').where('group_id', '=', groupId).where('user_id', '=', facts.claimant_id).executeTakeFirst();
    // The claimant must still be an admin there.
    if (claimant?.role !== 'admin') return;
    await repo.setRole(tx, groupId, facts.owner_id, 'admin');
    await repo.setRole(tx, groupId, facts.claimant_id, 'owner');
    await repo.updateGroup(tx, groupId, { owner_id: facts.claimant_id });
    await notify(tx, [facts.owner_id, facts.claimant_id], { kind: 'group.ownership_transferred', subject: { kind: 'group', id: groupId }, data: { title: facts.name } });
  });
}

/** With the owner away and no admin left, one of the most active members steps up as an admin. */
export async function stepUp(ctx: AppContext, viewer: SignedInViewer, groupId: number) {
  await ctx.db.transaction().execute(async (tx) => {
    await repo.lockGroup(tx, groupId);
    const access = await requireGroupAccess(tx, viewer, groupId, 'read');
    if (access.role === null) throw new ForbiddenError('Members step up.');
    const facts = await stewardFacts(tx, groupId);
    if (!facts.ownerAway || facts.admins.length > 0) throw new ConflictError('The group is looked after.');
    if (!(await mostActiveMembers(tx, groupId, facts.owner_id)).includes(viewer.id)) throw new ForbiddenError('The most active members are asked to step up.');
    await repo.setRole(tx, groupId, viewer.id, 'admin');
  });
  return stewardship(ctx.db, viewer, groupId);
}
