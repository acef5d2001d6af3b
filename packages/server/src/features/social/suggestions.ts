import type { Suggestion, SuggestionReason } from '@kindred/contract';
import { sql } from 'kysely';
import { blockedEitherWaySql, requireAccess } from '../../auth/access.js';
import type { SignedInViewer } from '../../auth/viewer.js';
import type { AppContext } from '../../context.js';
import { getUserByUsername } from '../accounts/accounts.service.js';
import { presentUserSummary } from '../accounts/accounts.views.js';

/** Groups up to this size count as "knowing" the other members; in bigger ones, sharing a group says little. */
const SMALL_GROUP = 300;
/** How much each kind of tie weighs, per activity, group, friend or chat. */
const WEIGHTS: Record<SuggestionReason['kind'], number> = { activities: 3, chatted: 3, mutual: 2, groups: 1 };

/**
 * People the member may know, strongest ties first: members they held a seat
 * with at an activity that has ended, members of the small groups they share,
 * friends of their friends, and companions they chatted with. Never themselves,
 * someone they already follow or asked to, someone either has blocked, a
 * deleted account, someone who keeps out of suggestions, or someone they dismissed.
 */
export async function peopleYouMayKnow(ctx: AppContext, viewer: SignedInViewer, limit: number): Promise<Suggestion[]> {
  const me = viewer.id;
  const { rows } = await sql<{ id: number; kind: SuggestionReason['kind']; n: number }>`
    with ties as (
      select b.user_id as id, 'activities' as kind, count(*)::int as n
      from registrations a
      join activities act on act.id = a.activity_id and act.ends_at < now()
      join registrations b on b.activity_id = a.activity_id and b.user_id <> a.user_id and b.status = 'confirmed'
      where a.user_id = ${me} and a.status = 'confirmed'
      group by b.user_id
      union all
      select m2.user_id, 'groups', count(*)::int
      from group_members m1
      join groups g on g.id = m1.group_id and g.member_count <= ${SMALL_GROUP}
      join group_members m2 on m2.group_id = m1.group_id and m2.user_id <> m1.user_id
      where m1.user_id = ${me}
      group by m2.user_id
      union all
      select ff.followee_id, 'mutual', count(*)::int
      from follows f
      join follows back on back.follower_id = f.followee_id and back.followee_id = f.follower_id and back.status = 'active'
      join follows ff on ff.follower_id = f.followee_id and ff.status = 'active' and ff.followee_id <> ${me}
      join follows ffb on ffb.follower_id = ff.followee_id and ffb.followee_id = ff.follower_id and ffb.status = 'active'
      where f.follower_id = ${me} and f.status = 'active'
      group by ff.followee_id
      union all
      select case when c.user_low = ${me} then c.user_high else c.user_low end, 'chatted', 1
      from conversation_members cm join conversations c on c.id = cm.conversation_id
      where cm.user_id = ${me} and c.last_message_id is not null
    ),
    scored as (
      select t.id, sum(t.n * case t.kind when 'activities' then ${WEIGHTS.activities}::int when 'chatted' then ${WEIGHTS.chatted}::int when 'mutual' then ${WEIGHTS.mutual}::int else ${WEIGHTS.groups}::int end) as score
      from ties t
      join users u on u.id = t.id and u.deleted_at is null and u.suggest_me
      where not exists (select 1 from follows f where f.follower_id = ${me} and f.followee_id = t.id)
        and not exists (select 1 from suggestion_dismissals d where d.user_id = ${me} and d.dismissed_id = t.id)
        and not ${blockedEitherWaySql(me, 't.id')}
      group by t.id
      order by score desc, t.id
      limit ${limit}
    )
    select t.id, t.kind, t.n from scored s join ties t on t.id = s.id order by s.score desc, s.id`.execute(ctx.db);
  const reasons = new Map<number, SuggestionReason[]>();
  for (const r of rows) reasons.set(r.id, [...(reasons.get(r.id) ?? []), { kind: r.kind, count: r.n }]);
  const users = await ctx.db.selectFrom('users').select(['id', 'username', 'display_name', 'avatar_media_id']).where('id', 'in', [...reasons.keys(), 0]).execute();
  const byId = new Map(users.map((u) => [u.id, u]));
  return [...reasons].map(([id, why]) => ({
    user: presentUserSummary(byId.get(id)!),
    reasons: why.sort((a, b) => WEIGHTS[b.kind] * b.count - WEIGHTS[a.kind] * a.count),
  }));
}

/** Stops suggesting a member to me. */
export async function dismissSuggestion(ctx: AppContext, viewer: SignedInViewer, username: string) {
  const user = await getUserByUsername(ctx.db, username);
  await requireAccess(ctx.db, viewer, 'member.read', user.id);
  await ctx.db.insertInto('suggestion_dismissals').values({ user_id: viewer.id, dismissed_id: user.id }).onConflict((oc) => oc.doNothing()).execute();
}
