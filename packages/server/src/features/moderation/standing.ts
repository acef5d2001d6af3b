import type { MemberStanding, RoleBody, StaffRole, SuspendBody } from '@kindred/contract';
import { requireStaff } from '../../auth/access.js';
import type { SignedInViewer, Viewer } from '../../auth/viewer.js';
import type { AppContext } from '../../context.js';
import type { Db } from '../../db/database.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../../errors.js';
import { publishWithin } from '../../events/bus.js';
import { findUserByUsername } from '../accounts/accounts.repository.js';
import { cancelUpcomingRegistrations } from '../activities/registrations.service.js';
import { notify } from '../notifications/notifications.service.js';
import { audit, historyOf } from './audit.js';

const DAY = 86_400_000;
/** A ban is a suspension until the end of time, as far as a timestamp goes (the same on both databases). */
const BANNED_UNTIL = new Date('9999-12-31T00:00:00Z');
const isBan = (until: Date | null) => until !== null && until.getTime() >= BANNED_UNTIL.getTime();
const rank: Record<StaffRole, number> = { member: 0, moderator: 1, operator: 2 };

type Member = NonNullable<Awaited<ReturnType<typeof findUserByUsername>>>;

async function memberOr404(db: Db, username: string) {
  const member = await findUserByUsername(db, username);
  if (!member || member.deleted_at !== null) throw new NotFoundError('member');
  return member;
}

/** Staff act only on members below their own role, and never on themselves. */
function requireOutranks(staff: SignedInViewer, member: Member) {
  if (member.id === staff.id) throw new ForbiddenError('Staff do not act on themselves.');
  if (rank[member.role] >= rank[staff.role]) throw new ForbiddenError('Only an operator acts on staff.');
}

/** Suspended or banned now: until when (null for a ban) and why; else null. */
export function suspensionOf(until: Date | null, reason: string | null, now = Date.now()): MemberStanding['suspension'] {
  if (until === null || until.getTime() <= now) return null;
  return { until: isBan(until) ? null : until.toISOString(), reason: reason ?? '' };
}

export function standingOf(member: Pick<Member, 'id' | 'username' | 'role' | 'suspended_until' | 'suspension_reason'>, now = Date.now()): MemberStanding {
  return { id: member.id, username: member.username, role: member.role, suspension: suspensionOf(member.suspended_until, member.suspension_reason, now) };
}

/** A member as the console shows them: role, suspension and record. */
export async function getStanding(ctx: AppContext, viewer: Viewer, username: string): Promise<MemberStanding> {
  requireStaff(viewer, 'moderate');
  const member = await memberOr404(ctx.db, username);
  return { ...standingOf(member), history: (await historyOf(ctx.db, [member.id])).get(member.id)! };
}

/** Grants a role (member, moderator, operator) from the console: operators, to anyone but themselves. */
export async function setRole(ctx: AppContext, viewer: Viewer, username: string, input: RoleBody) {
  requireStaff(viewer, 'operate');
  const member = await memberOr404(ctx.db, username);
  if (member.id === viewer.id) throw new ForbiddenError('Staff do not act on themselves.');
  return grantRole(ctx.db, viewer.id, member, input);
}

/** The server's command line (`npm run admin`): grants a role with no actor in the audit log. */
export async function grantFromCommandLine(db: Db, username: string, role: StaffRole) {
  return grantRole(db, null, await memberOr404(db, username), { role, reason: 'granted on the server’s command line' });
}

/** The member's sessions pick the new role up on their next request, on every instance. */
async function grantRole(db: Db, actorId: number | null, member: Member, input: RoleBody) {
  await db.transaction().execute(async (tx) => {
    await tx.updateTable('users').set({ role: input.role }).where('id', '=', member.id).execute();
    await audit(tx, { actorId, action: 'role.grant', target: { kind: 'member', id: member.id, label: member.username }, reason: input.reason, detail: { from: member.role, to: input.role } });
    const sessions = await tx.selectFrom('sessions').select('token_hash').where('user_id', '=', member.id).execute();
    for (const s of sessions) await publishWithin(tx, [member.id], { type: 'session-changed', tokenHash: s.token_hash });
  });
  return standingOf({ ...member, role: input.role });
}

/**
 * Suspends a member for some days (moderators) or bans them until lifted
 * (operators). At once, on every instance: their sessions end and their live
 * connections close, their content is hidden (access.ts treats a suspended
 * member as blocked by everyone), and their places at upcoming activities are
 * cancelled with refunds under each activity's policy. Signing in tells them
 * why and until when.
 */
export async function suspend(ctx: AppContext, staff: Viewer, username: string, input: SuspendBody) {
  requireStaff(staff, input.ban ? 'operate' : 'moderate');
  if (input.ban === (input.days !== undefined)) throw new ValidationError('Give a number of days, or ban.', { days: 'is required unless banning' });
  const member = await memberOr404(ctx.db, username);
  requireOutranks(staff, member);
  const until = input.ban ? BANNED_UNTIL : new Date(Date.now() + input.days! * DAY);
  const ended = await ctx.db.transaction().execute(async (tx) => {
    await tx
      .updateTable('users')
      .set({ suspended_until: until, suspension_reason: input.reason })
      .where('id', '=', member.id)
      .execute();
    await audit(tx, {
      actorId: staff.id,
      action: input.ban ? 'member.ban' : 'member.suspend',
      target: { kind: 'member', id: member.id, label: member.username },
      reason: input.reason,
      detail: input.ban ? {} : { days: input.days, until: until.toISOString() },
    });
    return tx.deleteFrom('sessions').where('user_id', '=', member.id).returning('token_hash').execute();
  });
  for (const s of ended) await ctx.events.publish([member.id], { type: 'session-ended', tokenHash: s.token_hash });
  await cancelUpcomingRegistrations(ctx, { id: member.id, username: member.username, role: member.role, csrfToken: '', sessionHash: '' });
  return standingOf({ ...member, suspended_until: until, suspension_reason: input.reason });
}

/** Lifts a suspension or ban: the member may sign in again and their content is back. */
export async function lift(ctx: AppContext, staff: Viewer, username: string, reason: string) {
  requireStaff(staff, 'moderate');
  const member = await memberOr404(ctx.db, username);
  requireOutranks(staff, member);
  const banned = isBan(member.suspended_until);
  if (banned) requireStaff(staff, 'operate');
  await ctx.db.transaction().execute(async (tx) => {
    await tx.updateTable('users').set({ suspended_until: null, suspension_reason: null }).where('id', '=', member.id).execute();
    await audit(tx, { actorId: staff.id, action: 'member.lift', target: { kind: 'member', id: member.id, label: member.username }, reason, detail: { wasBanned: banned } });
  });
  return standingOf({ ...member, suspended_until: null, suspension_reason: null });
}

/** Warns a member: they are told why (a notification they cannot mute). */
export async function warn(ctx: AppContext, staff: Viewer, username: string, reason: string) {
  requireStaff(staff, 'moderate');
  const member = await memberOr404(ctx.db, username);
  requireOutranks(staff, member);
  await ctx.db.transaction().execute(async (tx) => {
    await audit(tx, { actorId: staff.id, action: 'member.warn', target: { kind: 'member', id: member.id, label: member.username }, reason });
    await notify(tx, [member.id], { kind: 'account.warning', actorId: null, data: { reason } });
  });
}
