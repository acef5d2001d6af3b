import type { ReportTargetKind } from '@kindred/contract';
import { sql } from 'kysely';
import type { Db, Tx } from '../../db/database.js';
import type { HeldEditsTable } from '../../db/schema.js';
import { rejection, screen, type Verdict } from './keywords.js';

/**
 * Text the keyword filter holds is kept for review and seen only by its author
 * until a moderator decides (the queue's dismiss lets it through, any other
 * action discards it; release.ts). New things are held in place (a held
 * message, request or group carries `held_at`); a change to text others
 * already read waits in `held_edits` while the earlier text stays public, and
 * its author reads the change in its place.
 */

export type HeldEditKind = HeldEditsTable['kind'];

/** Screens text: a term set to refuse refuses it (400 `content_rejected`); one set to hold is returned for the caller to hold the text. */
export async function screenText(db: Db, fields: Record<string, string | null | undefined>): Promise<Verdict | null> {
  const verdict = await screen(db, fields);
  if (verdict?.action === 'reject') throw rejection(verdict);
  return verdict;
}

/**
 * Screens a first message to members who did not ask to hear from the sender
 * (a companion invite or application, a join request to a group's admins):
 * any term refuses it (400 `content_rejected`). Such a message is where
 * off-platform contact spam lands, it is addressed to a few people rather
 * than published, and it cannot wait for a moderator (an invite is for a
 * window of days), so it is sent as written or not at all.
 */
export async function refuseFlagged(db: Db, fields: Record<string, string | null | undefined>) {
  const verdict = await screen(db, fields);
  if (verdict) throw rejection(verdict);
}

/** Files held text in the moderation queue, as a report by no one naming the term (once per target while one is open). */
export async function fileHeld(tx: Db | Tx, target: { kind: ReportTargetKind; id: number }, authorId: number, verdict: Verdict, extra: { groupId?: number | null; messageIds?: number[] } = {}) {
  const details = `Held by the keyword filter: “${verdict.term}” in the ${verdict.field}.`;
  const open = await tx
    .selectFrom('reports')
    .select(['id', 'message_ids'])
    .where('reporter_id', 'is', null)
    .where('kind', '=', target.kind)
    .where('subject_id', '=', target.id)
    .where('status', '=', 'open')
    .executeTakeFirst();
  if (open) {
    if (extra.messageIds?.length) {
      await tx
        .updateTable('reports')
        .set({ message_ids: sql`array(select distinct unnest(message_ids || ${extra.messageIds}::bigint[]) order by 1)` })
        .where('subject_id', '=', target.id)
        .where('id', '=', open.id)
        .execute();
    }
    return;
  }
  await tx
    .insertInto('reports')
    .values({ reporter_id: null, kind: target.kind, subject_id: target.id, reason: 'other', details, group_id: extra.groupId ?? null, author_id: authorId, message_ids: extra.messageIds ?? [] })
    .execute();
}

/** Only the fields that were given, as text. */
export function givenText(fields: Record<string, string | null | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(fields).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

/**
 * Holds a change of text: its fields wait (over any change already waiting),
 * and it is filed under `reportAs`. `publish` marks a new activity to go out
 * when let through.
 */
export async function holdEdit(
  tx: Db | Tx,
  edit: { kind: HeldEditKind; targetId: number; authorId: number; fields: Record<string, string>; publish?: boolean },
  verdict: Verdict,
  reportAs: { kind: ReportTargetKind; id: number; groupId?: number | null },
) {
  await tx
    .insertInto('held_edits')
    .values({ kind: edit.kind, target_id: edit.targetId, author_id: edit.authorId, fields: JSON.stringify(edit.fields), publish: edit.publish ?? false })
    .onConflict((oc) =>
      oc.columns(['kind', 'target_id']).doUpdateSet({
        fields: sql`held_edits.fields || excluded.fields`,
        author_id: edit.authorId,
        publish: sql`held_edits.publish or excluded.publish`,
      }),
    )
    .execute();
  await fileHeld(tx, reportAs, edit.authorId, verdict, { groupId: reportAs.groupId });
}

/** The changes this member has waiting on these targets. */
export async function heldEditsBy(db: Db, kind: HeldEditKind, targetIds: readonly number[], authorId: number): Promise<Map<number, Record<string, string>>> {
  if (targetIds.length === 0) return new Map();
  const rows = await db.selectFrom('held_edits').select(['target_id', 'fields']).where('kind', '=', kind).where('target_id', 'in', [...targetIds]).where('author_id', '=', authorId).execute();
  return new Map(rows.map((r) => [Number(r.target_id), r.fields]));
}

/** Whether a change is waiting on the target (a held activity is not published until it is decided). */
export async function hasHeldEdit(db: Db | Tx, kind: HeldEditKind, targetId: number) {
  return (await db.selectFrom('held_edits').select('target_id').where('kind', '=', kind).where('target_id', '=', targetId).executeTakeFirst()) !== undefined;
}

/** A later edit of these fields that passed the filter replaces what was waiting for them. */
export async function dropHeldFields(tx: Db | Tx, kind: HeldEditKind, targetId: number, names: string[]) {
  if (names.length === 0) return;
  const left = await tx
    .updateTable('held_edits')
    .set({ fields: sql`fields - ${names}::text[]` })
    .where('kind', '=', kind)
    .where('target_id', '=', targetId)
    .returning(['fields', 'publish'])
    .executeTakeFirst();
  if (left && Object.keys(left.fields).length === 0 && !left.publish) await takeHeldEdit(tx, kind, targetId);
}

/** Takes the waiting change off (to apply it, or to drop it). */
export function takeHeldEdit(tx: Db | Tx, kind: HeldEditKind, targetId: number) {
  return tx.deleteFrom('held_edits').where('kind', '=', kind).where('target_id', '=', targetId).returning(['author_id', 'fields', 'publish']).executeTakeFirst();
}
