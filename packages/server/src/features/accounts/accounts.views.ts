import type { Me, MemberInterest, PrivacySettings, Profile, UserSummary } from '@kindred/contract';
import { findInterest } from '@kindred/contract';
import type { Selectable } from 'kysely';
import { allows, type MemberFacts } from '../../auth/access.js';
import type { Viewer } from '../../auth/viewer.js';
import type { Db } from '../../db/database.js';
import type { UserInterestsTable, UsersTable } from '../../db/schema.js';
import { findMedia } from '../media/media.repository.js';
import { presentMedia } from '../media/media.views.js';
import { followState } from '../social/social.views.js';
import * as repo from './accounts.repository.js';
import { heldEditsBy } from '../moderation/held.js';

type UserRow = Selectable<UsersTable>;
type ProfileRow = NonNullable<Awaited<ReturnType<typeof repo.profilePage>>>;

export function presentInterest(row: Pick<Selectable<UserInterestsTable>, 'tag' | 'skill'>): MemberInterest {
  return { tag: row.tag, curated: findInterest(row.tag) !== undefined, skill: row.skill };
}

/** A member's avatar, small (its thumb): what lists and bylines show. */
export const avatarUrl = (mediaId: number | null) => (mediaId === null ? null : `/api/v1/media/${mediaId}/thumb.webp`);

export function presentUserSummary(row: { id: number; username: string; display_name: string; avatar_media_id: number | null }): UserSummary {
  return { id: row.id, username: row.username, displayName: row.display_name, avatarUrl: avatarUrl(row.avatar_media_id) };
}

/** A member's photo in full (their profile), or null. */
async function avatarOf(db: Db, user: UserRow) {
  const row = user.avatar_media_id === null ? undefined : await findMedia(db, user.avatar_media_id);
  return row ? presentMedia(row) : null;
}

export async function presentMe(db: Db, user: UserRow): Promise<Me> {
  const [interests, avatar, held] = await Promise.all([repo.interestsOf(db, [user.id]), avatarOf(db, user), heldEditsBy(db, 'user', [user.id], user.id)]);
  // A name or bio the keyword filter holds is read here by its author; others read the earlier one.
  const change = held.get(user.id);
  return {
    ...(change ? { heldForReview: 'change' as const } : {}),
    id: user.id,
    username: user.username,
    displayName: change?.displayName ?? user.display_name,
    bio: change?.bio ?? user.bio,
    city: user.city,
    lat: user.lat,
    lng: user.lng,
    birthYear: user.birth_year,
    gender: user.gender,
    interests: interests.map(presentInterest),
    onboarded: user.onboarded_at !== null,
    avatar,
    privacy: presentPrivacy(user),
    role: user.role,
    createdAt: user.created_at.toISOString(),
  };
}

export function presentPrivacy(user: UserRow): PrivacySettings {
  return { followApproval: user.follow_approval, showGroups: user.show_groups, showActivities: user.show_activities, showFollows: user.show_follows, allowInvites: user.allow_invites, suggestMe: user.suggest_me, searchEngines: user.search_engines };
}

/**
 * What a visitor may see of a member: no coordinates, birth year or gender;
 * their groups only when their privacy settings show them to this viewer;
 * for a signed-in viewer, where the two stand and what they share.
 */
export function presentProfile(viewer: Viewer, row: ProfileRow, facts: MemberFacts): Profile {
  const other = viewer && viewer.id !== row.id ? viewer : null;
  const shows = (section: 'groups' | 'activities' | 'follows' | 'invite') => allows(viewer, `member.${section}`, facts);
  const groups = shows('groups');
  let viewerFacts: Profile['viewer'] = null;
  if (other) {
    const followsMe = row.theirs === 'active';
    viewerFacts = {
      relation: { following: followState(row.mine ?? undefined), followsMe, friends: row.mine === 'active' && followsMe },
      youBoth: { groups: row.shared_groups, activities: row.shared_activities, friends: row.shared_friends },
      canInvite: shows('invite'),
    };
  }
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    bio: row.bio,
    city: row.city,
    interests: row.interests.map(presentInterest),
    groupCount: groups ? row.groups : null,
    postCount: row.posts,
    followerCount: row.follower_count,
    followingCount: row.following_count,
    friendCount: row.friends,
    avatar: row.avatar ? presentMedia(row.avatar) : null,
    createdAt: new Date(row.created_at).toISOString(),
    sections: { groups, activities: shows('activities'), follows: shows('follows') },
    viewer: viewerFacts,
  };
}

/** Loads user summaries for many ids in one query, for hydrating lists. */
export async function loadUserSummaries(db: Db, ids: number[]): Promise<Map<number, UserSummary>> {
  const rows = await repo.usersByIds(db, ids);
  return new Map(rows.map((r) => [r.id, presentUserSummary(r)]));
}
