import argon2 from 'argon2';
import { ErrorCode, type PageOf, type SignInBody, type SignUpBody, type UpdateMeBody, type UserSummary } from '@kindred/contract';
import type { Updateable } from 'kysely';
import { checkAccess, memberFactsOf, requireAccess, requireAccessOnFacts } from '../../auth/access.js';
import type { Viewer } from '../../auth/viewer.js';
import type { Db } from '../../db/database.js';
import { decodeCursor, toPage } from '../../db/pagination.js';
import type { UsersTable } from '../../db/schema.js';
import { AppError, NotFoundError, ValidationError } from '../../errors.js';
import { normalizeTag } from '../../lib/tags.js';
import { passwordProblem } from './common-passwords.js';
import { onMemberBlocked } from '../companions/companions.service.js';
import { refreshRankingSoon } from '../recommendations/recommendations.service.js';
import { placeSingleMedia } from '../media/media.repository.js';
import { deleteFollowsOf } from '../social/follows.repository.js';
import { standingOf } from '../moderation/standing.js';
import { dropHeldFields, givenText, holdEdit, screenText, takeHeldEdit } from '../moderation/held.js';
import * as repo from './accounts.repository.js';
import { presentProfile, presentUserSummary } from './accounts.views.js';

// OWASP's argon2id baseline: 19 MiB, 2 passes, 1 lane.
const hashOptions = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;
// Verified against when the username is unknown, so both paths cost the same time.
let dummyHash: Promise<string> | null = null;

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, hashOptions);
}

export async function signUp(db: Db, input: SignUpBody) {
  const problem = passwordProblem(input.password, input.username);
  if (problem) throw new AppError(400, ErrorCode.weakPassword, `The password ${problem}.`, { password: problem });
  const displayName = input.displayName.trim();
  if (!displayName) throw new ValidationError('The display name is empty.', { displayName: 'must not be blank' });
  const held = await screenText(db, { displayName });
  if (await repo.findUserByUsername(db, input.username)) {
    throw new AppError(409, ErrorCode.usernameTaken, 'That username is taken.', { username: 'is taken' });
  }
  const passwordHash = await hashPassword(input.password);
  try {
    // A held name waits for review; meanwhile others see the username.
    return await db.transaction().execute(async (tx) => {
      const { id } = await repo.insertUser(tx, { username: input.username, display_name: held ? input.username : displayName, password_hash: passwordHash });
      if (held) await holdEdit(tx, { kind: 'user', targetId: id, authorId: id, fields: { displayName } }, held, { kind: 'user', id });
      return id;
    });
  } catch (error) {
    // Lost a race with another sign-up for the same name.
    if ((error as { code?: string }).code === '23505') {
      throw new AppError(409, ErrorCode.usernameTaken, 'That username is taken.', { username: 'is taken' });
    }
    throw error;
  }
}

/** Checks a username and password; the same error and the same work whether the name exists or not. */
export async function signIn(db: Db, input: SignInBody): Promise<number> {
  const user = await repo.findUserByUsername(db, input.username);
  const hash = user?.password_hash ?? (await (dummyHash ??= hashPassword('kindred-dummy-password')));
  const ok = await argon2.verify(hash, input.password).catch(() => false);
  if (!user || !ok) throw new AppError(401, ErrorCode.invalidCredentials, 'Wrong username or password.');
  const suspension = standingOf(user).suspension;
  if (suspension) {
    const until = suspension.until ? `until ${suspension.until}` : 'until a moderator lifts it';
    throw new AppError(403, ErrorCode.accountSuspended, `Your account is suspended ${until}: ${suspension.reason}`, {
      ...(suspension.until ? { until: suspension.until } : {}),
      reason: suspension.reason,
    });
  }
  return user.id;
}

export async function getUser(db: Db, id: number) {
  const user = await repo.findUserById(db, id);
  if (!user) throw new NotFoundError('member');
  return user;
}

export async function getUserByUsername(db: Db, username: string) {
  const user = await repo.findUserByUsername(db, username);
  if (!user) throw new NotFoundError('member');
  return user;
}

/** A member as the viewer may see them: missing when either has blocked the other. */
export async function visibleMember(db: Db, viewer: Viewer, username: string) {
  const user = await getUserByUsername(db, username);
  await requireAccess(db, viewer, 'member.read', user.id);
  return user;
}

/** A member's profile as the viewer may see it: missing when either has blocked the other. */
export async function getProfile(db: Db, viewer: Viewer, username: string) {
  const row = await repo.profilePage(db, viewer?.id ?? null, username);
  const facts = row && memberFactsOf(viewer?.id ?? 0, row);
  requireAccessOnFacts(viewer, 'member.read', facts);
  return { row: row!, profile: presentProfile(viewer, row!, facts) };
}

/** Home coordinates are kept coarse (about 1 km) from the moment they are stored. */
function coarse(value: number | null | undefined) {
  return value === null || value === undefined ? value : Math.round(value * 100) / 100;
}

export async function updateMe(db: Db, userId: number, input: UpdateMeBody) {
  const hasLat = input.lat !== undefined;
  const hasLng = input.lng !== undefined;
  if (hasLat !== hasLng || (input.lat === null) !== (input.lng === null)) {
    throw new ValidationError('Latitude and longitude go together.', { [hasLat ? 'lng' : 'lat']: 'is required with the other coordinate' });
  }
  const interests = input.interests?.map((i) => ({ tag: normalizeTag(i.tag), skill: i.skill ?? null }));
  const text = { displayName: input.displayName?.trim(), bio: input.bio?.trim() };
  const held = await screenText(db, text);
  if (interests && new Set(interests.map((i) => i.tag)).size !== interests.length) {
    throw new ValidationError('An interest is listed twice.', { interests: 'contains duplicates' });
  }
  const patch: Updateable<UsersTable> = {};
  if (input.displayName !== undefined) {
    if (!input.displayName.trim()) throw new ValidationError('The display name is empty.', { displayName: 'must not be blank' });
    patch.display_name = input.displayName.trim();
  }
  if (input.bio !== undefined) patch.bio = input.bio.trim();
  if (input.city !== undefined) patch.city = input.city?.trim() || null;
  if (hasLat) patch.lat = coarse(input.lat);
  if (hasLng) patch.lng = coarse(input.lng);
  if (input.birthYear !== undefined) {
    if (input.birthYear !== null && input.birthYear > new Date().getUTCFullYear() - 13) {
      throw new ValidationError('Members must be at least 13.', { birthYear: 'is too recent' });
    }
    patch.birth_year = input.birthYear;
  }
  if (input.gender !== undefined) patch.gender = input.gender;
  if (input.onboarded) patch.onboarded_at = new Date();
  // A held name or bio waits for review (the rest goes in); the profile keeps the earlier text meanwhile.
  if (held) {
    delete patch.display_name;
    delete patch.bio;
  }
  await db.transaction().execute(async (tx) => {
    if (held) await holdEdit(tx, { kind: 'user', targetId: userId, authorId: userId, fields: givenText(text) }, held, { kind: 'user', id: userId });
    else await dropHeldFields(tx, 'user', userId, Object.keys(givenText(text)));
    if (input.avatar !== undefined) patch.avatar_media_id = await placeSingleMedia(tx, userId, 'avatar', userId, input.avatar);
    await repo.updateUser(tx, userId, patch);
    if (interests) await repo.replaceInterests(tx, userId, interests);
  });
  // Recommendations follow a member's interests and place.
  if (interests || hasLat) await refreshRankingSoon(db, userId, 0);
  return getUser(db, userId);
}


/** A moderator decided on a member's held name or bio: it replaces the profile's (or is dropped). */
export async function settleHeldProfile(db: Db, userId: number, publish: boolean) {
  await db.transaction().execute(async (tx) => {
    const change = await takeHeldEdit(tx, 'user', userId);
    if (!publish || !change) return;
    const patch: Updateable<UsersTable> = {};
    if (change.fields.displayName !== undefined) patch.display_name = change.fields.displayName;
    if (change.fields.bio !== undefined) patch.bio = change.fields.bio;
    if (Object.keys(patch).length > 0) await repo.updateUser(tx, userId, patch);
  });
}

/** Blocks another member: from now on each is hidden from the other everywhere. */
export async function blockMember(db: Db, viewerId: number, username: string) {
  const target = await getUserByUsername(db, username);
  if (target.id === viewerId) throw new ValidationError('You cannot block yourself.', { username: 'is you' });
  await db.transaction().execute(async (tx) => {
    await tx.insertInto('blocks').values({ blocker_id: viewerId, blocked_id: target.id }).onConflict((oc) => oc.doNothing()).execute();
    await deleteFollowsOf(tx, viewerId, target.id);
  });
  await onMemberBlocked(db, viewerId, target.id);
}

export async function unblockMember(db: Db, viewerId: number, username: string) {
  const target = await getUserByUsername(db, username);
  await db.deleteFrom('blocks').where('blocker_id', '=', viewerId).where('blocked_id', '=', target.id).execute();
}

export function blockedBy(db: Db, viewerId: number) {
  return db
    .selectFrom('blocks')
    .innerJoin('users', 'users.id', 'blocks.blocked_id')
    .select(['users.id', 'users.username', 'users.display_name', 'users.avatar_media_id'])
    .where('blocks.blocker_id', '=', viewerId)
    .orderBy('blocks.created_at', 'desc')
    .limit(500)
    .execute();
}

/**
 * People search by username or display name (prefix, any case; a leading @
 * is ignored). Who is listed is decided by `member.read`, the rule of their
 * profile page, so a search never shows someone their profile would not.
 */
export async function searchPeople(db: Db, viewer: Viewer, query: { q: string; cursor?: string; limit?: number }): Promise<PageOf<UserSummary>> {
  const limit = query.limit ?? 20;
  const q = query.q.trim().replace(/^@/, '');
  if (q === '') throw new ValidationError('Type a name to search for.', { q: 'must name someone' });
  const after = decodeCursor(query.cursor, 'nsn');
  if (after && ![0, 1, 2].includes(after[0] as number)) throw new ValidationError('The cursor is not valid.', { cursor: 'malformed cursor' });
  const rows = await repo.searchPeople(db, viewer?.id ?? null, q, after as [number, string, number] | null, limit);
  const page = toPage(rows, limit, (r) => [r.part, r.key, r.id]);
  const allowed = await checkAccess(db, viewer, 'member.read', page.rows.map((r) => r.id));
  return { items: page.rows.filter((r) => allowed.has(r.id)).map(presentUserSummary), nextCursor: page.nextCursor };
}
