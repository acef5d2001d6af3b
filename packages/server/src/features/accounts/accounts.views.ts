import type { Me, MemberInterest, Profile, UserSummary } from '@kindred/contract';
import { findInterest } from '@kindred/contract';
import type { Selectable } from 'kysely';
import type { Db } from '../../db/database.js';
import type { UserInterestsTable, UsersTable } from '../../db/schema.js';
import * as repo from './accounts.repository.js';

type UserRow = Selectable<UsersTable>;

export function presentInterest(row: Pick<Selectable<UserInterestsTable>, 'tag' | 'skill'>): MemberInterest {
  return { tag: row.tag, curated: findInterest(row.tag) !== undefined, skill: row.skill };
}

export function presentUserSummary(row: { id: number; username: string; display_name: string }): UserSummary {
  return { id: row.id, username: row.username, displayName: row.display_name };
}

export async function presentMe(db: Db, user: UserRow): Promise<Me> {
  const interests = await repo.interestsOf(db, [user.id]);
  return {
    id: user.id,
    username: user.username,
    displayName: user.display_name,
    bio: user.bio,
    city: user.city,
    lat: user.lat,
    lng: user.lng,
    birthYear: user.birth_year,
    gender: user.gender,
    interests: interests.map(presentInterest),
    onboarded: user.onboarded_at !== null,
    role: user.role,
    createdAt: user.created_at.toISOString(),
  };
}

/** What any visitor may see of a member: no coordinates, birth year or gender. */
export async function presentProfile(db: Db, user: UserRow): Promise<Profile> {
  const [interests, counts] = await Promise.all([repo.interestsOf(db, [user.id]), repo.profileCounts(db, user.id)]);
  return {
    id: user.id,
    username: user.username,
    displayName: user.display_name,
    bio: user.bio,
    city: user.city,
    interests: interests.map(presentInterest),
    groupCount: counts.groups,
    postCount: counts.posts,
    createdAt: user.created_at.toISOString(),
  };
}

/** Loads user summaries for many ids in one query, for hydrating lists. */
export async function loadUserSummaries(db: Db, ids: number[]): Promise<Map<number, UserSummary>> {
  const rows = await repo.usersByIds(db, ids);
  return new Map(rows.map((r) => [r.id, presentUserSummary(r)]));
}
