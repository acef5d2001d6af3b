import type { ReportTargetKind } from '@kindred/contract';
import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../../db/database.js';
import { mediaJson, type MediaJson } from '../media/media.repository.js';

/** What the queue shows of a reported target, read as it is (a suspended author's content too). */
export interface TargetRow {
  id: number;
  author_id: number | null;
  group_id: number | null;
  group_name: string | null;
  title: string;
  text: string;
  removed: boolean;
  photo: MediaJson | null;
  link: string | null;
}

/**
 * One statement per kind: the target's author (whom warn, suspend and ban
 * act on), its group (whose admins may act on it), and what it says.
 */
const targetQueries: Record<ReportTargetKind, (ids: number[]) => RawBuilder<TargetRow>> = {
  post: (ids) => sql<TargetRow>`
    select p.id, p.author_id, p.group_id, g.name as group_name, p.title, p.body as text, p.deleted_at is not null and p.held_at is null as removed, null as photo,
      '/posts/' || p.id as link
    from posts p join groups g on g.id = p.group_id where p.id = any(${ids}::bigint[])`,
  comment: (ids) => sql<TargetRow>`
    select c.id, c.author_id, p.group_id, g.name as group_name, p.title, c.body as text, c.deleted_at is not null and c.held_at is null as removed, null as photo,
      '/posts/' || p.id || '#comment-' || c.id as link
    from comments c join posts p on p.group_id = c.group_id and p.id = c.post_id join groups g on g.id = p.group_id where c.id = any(${ids}::bigint[])`,
  activity: (ids) => sql<TargetRow>`
    select a.id, a.organizer_id as author_id, a.group_id, g.name as group_name, a.title, a.description as text, a.status = 'cancelled' as removed,
      null as photo, '/activities/' || a.id as link
    from activities a left join groups g on g.id = a.group_id where a.id = any(${ids}::bigint[])`,
  group: (ids) => sql<TargetRow>`
    select g.id, g.owner_id as author_id, g.id as group_id, g.name as group_name, g.name as title, g.description as text, g.removed_at is not null and g.held_at is null as removed,
      null as photo, '/groups/' || g.id as link
    from groups g where g.id = any(${ids}::bigint[])`,
  room_message: (ids) => sql<TargetRow>`
    select m.id, m.sender_id as author_id, coalesce(r.group_id, a.group_id) as group_id, g.name as group_name, coalesce(a.title, g.name, '') as title,
      m.body as text, m.removed_at is not null as removed, null as photo, '/rooms/' || r.id as link
    from room_messages m join rooms r on r.id = m.room_id left join activities a on a.id = r.activity_id
    left join groups g on g.id = coalesce(r.group_id, a.group_id) where m.id = any(${ids}::bigint[])`,
  photo: (ids) => sql<TargetRow>`
    select md.id, md.owner_id as author_id, null as group_id, null as group_name, '' as title, md.alt as text, false as removed,
      ${mediaJson('md.id')} as photo, null as link
    from media md where md.id = any(${ids}::bigint[])`,
  companion_request: (ids) => sql<TargetRow>`
    select r.id, r.author_id, null as group_id, null as group_name, r.tag || ' · ' || r.area_name as title, r.description as text,
      r.closed_at is not null and r.held_at is null as removed, null as photo, '/companions/requests/' || r.id as link
    from companion_requests r where r.id = any(${ids}::bigint[])`,
  user: (ids) => sql<TargetRow>`
    select u.id, u.id as author_id, null as group_id, null as group_name, u.display_name as title, u.bio as text, u.deleted_at is not null as removed,
      null as photo, '/u/' || u.username as link
    from users u where u.id = any(${ids}::bigint[])`,
  // The reported member of a conversation is decided per report (the reporter's other member); see queue.ts.
  conversation: (ids) => sql<TargetRow>`
    select c.id, null as author_id, null as group_id, null as group_name, '' as title, '' as text, false as removed, null as photo, null as link
    from conversations c where c.id = any(${ids}::bigint[])`,
};

export async function loadTargets(db: Db, kind: ReportTargetKind, ids: number[]): Promise<Map<number, TargetRow>> {
  if (ids.length === 0) return new Map();
  const { rows } = await targetQueries[kind](ids).execute(db);
  return new Map(rows.map((r) => [Number(r.id), r]));
}
