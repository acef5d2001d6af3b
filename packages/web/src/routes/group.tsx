import type { Group, PostKind, PostSort } from '@kindred/contract';
import { useState, type KeyboardEvent, type ReactNode } from 'react';
import { useTranslation } from '../lib/translation';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { ActivityCard } from '../components/activity-card';
import { Avatar } from '../components/avatar';
import { ConfirmDialog } from '../components/dialog';
import { CardSkeletons, EmptyState, ErrorView, LoadMore, Skeleton } from '../components/feedback';
import { GroupBadges, GroupCover } from '../components/group-card';
import { MembershipButton } from '../components/membership-button';
import { Icon } from '../components/icons';
import { postKinds } from '../components/kind-badge';
import { Menu } from '../components/menu';
import { ReportMenu } from '../components/report-action';
import { useFeatureItem } from '../components/feature-action';
import { RemovedContent } from '../components/removed-content';
import { ReportQueue } from '../components/report-queue';
import { PostCard } from '../components/post-card';
import { Segmented } from '../components/segmented';
import { TagList } from '../components/tag-chip';
import { useToast } from '../components/toast';
import {
  useChangeRole,
  useDecideRequest,
  useGroup,
  useJoinRequests,
  useMembers,
  useRemoveMember,
  useStewardship,
  useStewardshipAction,
  useTransferGroup,
} from '../data/groups';
import { browserTimeZone, instantIn } from '../lib/activity-time';
import { useGroupActivities } from '../data/activities';
import { useGroupPosts } from '../data/posts';
import { useMe } from '../data/session';
import { useTaxonomy } from '../data/taxonomy';
import { useDocumentTitle } from '../lib/document-title';
import { useAnchorId, useScrollToAnchor } from '../lib/use-anchor';
import { useMuteGroup, useNotificationSettings } from '../data/notifications';
import { useGroupRoom, useSetGroupRoom } from '../data/rooms';
import { useProgressiveList } from '../lib/use-progressive-list';
import { useFormat } from '../lib/format';
import { NotFoundPage } from './not-found';
import { isApiError } from '../lib/api';
import { FriendsLine } from '../components/friends-line';
import { HeldNotice } from '../components/held-notice';

type Tab = 'about' | 'posts' | 'activities' | 'members';
const tabs: Tab[] = ['posts', 'activities', 'about', 'members'];

export function GroupPage() {
  const id = Number(useParams().id);
  const group = useGroup(id);
  const [params, setParams] = useSearchParams();
  const { t } = useTranslation();
  const anchor = useAnchorId();
  useDocumentTitle(group.data?.name);

  if (!Number.isInteger(id) || id <= 0 || isApiError(group.error, 'not_found')) return <NotFoundPage />;
  if (group.isPending) return <GroupSkeleton />;
  if (group.isError) {
    return (
      <div className="page">
        <ErrorView error={group.error} onRetry={() => void group.refetch()} />
      </div>
    );
  }

  const g = group.data;
  const requested = params.get('tab') as Tab | null;
  const isAdmin = g.viewer.role === 'owner' || g.viewer.role === 'admin';
  // A link to the join requests (#join-requests, from a notification) opens the tab they are on.
  const fallback: Tab = anchor === 'join-requests' && isAdmin ? 'members' : g.viewer.canReadPosts ? 'posts' : 'about';
  const tab: Tab = requested && tabs.includes(requested) ? requested : fallback;
  const selectTab = (next: Tab) => {
    const p = new URLSearchParams(params);
    p.set('tab', next);
    setParams(p, { replace: true });
  };
  const onTabKey = (e: KeyboardEvent, index: number) => {
    const delta = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
    if (!delta) return;
    const next = tabs[(index + delta + tabs.length) % tabs.length] ?? 'posts';
    selectTab(next);
    document.getElementById(`group-tab-${next}`)?.focus();
  };

  return (
    <div className="page page--group">
      <GroupHeader group={g}>
        <div className="tabs tabs--in-card" role="tablist" aria-label={t('group.tabs.label')}>
          {tabs.map((name, i) => (
            <button
              key={name}
              id={`group-tab-${name}`}
              type="button"
              role="tab"
              aria-selected={tab === name}
              aria-controls={tab === name ? `group-panel-${name}` : undefined}
              tabIndex={tab === name ? 0 : -1}
              className="tabs__tab"
              onClick={() => selectTab(name)}
              onKeyDown={(e) => onTabKey(e, i)}
              data-testid={`group-tab-${name}`}
            >
              {t(`group.tabs.${name}`)}
              {name === 'members' ? <span className="tabs__count">{g.memberCount}</span> : null}
              {name === 'posts' && g.viewer.canReadPosts ? <span className="tabs__count">{g.postCount}</span> : null}
            </button>
          ))}
        </div>
      </GroupHeader>
      <HeldNotice held={g.heldForReview} />
      {g.viewer.role ? <StewardshipCard group={g} /> : null}
      {isAdmin ? <GroupReports groupId={g.id} /> : null}
      <div className={`group-layout${tab === 'about' ? ' group-layout--single' : ''}`}>
        <section id={`group-panel-${tab}`} role="tabpanel" aria-labelledby={`group-tab-${tab}`} className="group-layout__main">
          {tab === 'about' ? <AboutTab group={g} /> : null}
          {tab === 'posts' ? g.viewer.canReadPosts ? <PostsTab group={g} /> : <LockedState group={g} /> : null}
          {tab === 'activities' ? g.viewer.canReadPosts ? <ActivitiesTab group={g} /> : <LockedState group={g} /> : null}
          {tab === 'members' ? g.viewer.canReadPosts ? <MembersTab group={g} /> : <LockedState group={g} /> : null}
        </section>
        {tab !== 'about' ? (
          <aside className="group-layout__aside">
            <AboutSummary group={g} onMore={() => selectTab('about')} />
          </aside>
        ) : null}
      </div>
    </div>
  );
}

function GroupSkeleton() {
  return (
    <div className="page page--group" aria-busy="true">
      <div className="group-hero card">
        <Skeleton height={140} width="100%" />
        <div className="group-hero__body stack stack--sm">
          <Skeleton height={28} width="60%" />
          <Skeleton width="40%" />
          <Skeleton width="30%" />
        </div>
      </div>
      <CardSkeletons count={3} />
    </div>
  );
}

function GroupHeader({ group, children }: { group: Group; children: ReactNode }) {
  const { t } = useTranslation();
  const { cityLabel } = useTaxonomy();
  const f = useFormat();
  const isAdmin = group.viewer.role === 'owner' || group.viewer.role === 'admin';
  const pin = useFeatureItem('group', group.id, group.name, group.visibility === 'public');
  return (
    <header className="group-hero card" data-testid="group-header">
      <GroupCover group={group} size="lg" />
      <div className="group-hero__body">
        <div className="group-hero__info">
          <div className="group-hero__badges">
            <GroupBadges group={group} />
          </div>
          <h1 className="group-hero__name">{group.name}</h1>
          <p className="group-hero__meta muted">
            <span className="inline-icon">
              <Icon name="users" size={16} /> <span data-testid="member-count">{t('common.members', { count: group.memberCount })}</span>
            </span>
            <span className="inline-icon">
              <Icon name="mapPin" size={16} /> {cityLabel(group.city) ?? t('common.online')}
            </span>
            <span className="inline-icon">
              <Icon name="comment" size={16} /> {t('common.posts', { count: group.postCount })}
            </span>
          </p>
          {group.quiet ? (
            <p className="small muted group-hero__quiet" data-testid="group-quiet">
              <Icon name="moon" size={14} /> {t('quiet.explain')}
            </p>
          ) : null}
          {group.attendedRecently > 0 ? (
            <p className="small group-hero__went" data-testid="attended-recently">
              <Icon name="checkCircle" size={14} /> {t('quiet.attendedRecently', { count: group.attendedRecently })}
            </p>
          ) : null}
          <FriendsLine friends={group.friends} kind="members" />
          <TagList tags={group.tags} linked />
          <p className="small muted">
            {group.owner && <>{t('group.ownedBy', { name: group.owner.displayName })} · </>}{t('group.created', { date: f.date(group.createdAt) })}
          </p>
        </div>
        <div className="group-hero__actions">
          {group.viewer.role ? (
            <Link to={`/groups/${group.id}/posts/new`} className="btn btn--primary" data-testid="new-post-button">
              <Icon name="edit" size={18} />
              {t('group.newPost')}
            </Link>
          ) : null}
          {isAdmin ? (
            <Link to={`/activities/new?groupId=${group.id}`} className="btn btn--secondary" data-testid="new-activity-button">
              <Icon name="calendar" size={18} />
              {t('group.newActivity')}
            </Link>
          ) : null}
          <MembershipButton group={group} />
          {group.viewer.role ? <GroupChatEntry group={group} isAdmin={isAdmin} /> : null}
          {group.viewer.role ? <MuteGroupButton group={group} /> : null}
          {isAdmin ? (
            <>
              <Link to={`/groups/${group.id}/edit`} className="btn btn--ghost" data-testid="edit-group">
                <Icon name="settings" size={18} />
                {t('group.edit')}
              </Link>
              {pin.item ? (
                <span className="report-menu">
                  <Menu label={t('moderation.report.more')} items={[pin.item]} />
                </span>
              ) : null}
            </>
          ) : (
            <ReportMenu target={{ kind: 'group', id: group.id }} authorId={group.owner?.id} label={pin.item ? undefined : t('moderation.report.group')} extra={pin.item ? [pin.item] : []} />
          )}
          {pin.dialog}
        </div>
      </div>
      {children}
    </header>
  );
}

/** The group's chat for its members once the admins opened it; the admins open and close it here. */
function GroupChatEntry({ group, isAdmin }: { group: Group; isAdmin: boolean }) {
  const { t } = useTranslation();
  const toast = useToast();
  const room = useGroupRoom(group.id, true);
  const setRoom = useSetGroupRoom(group.id);
  const [confirmingClose, setConfirmingClose] = useState(false);
  const open = room.data?.open === true;
  if (room.isPending) return null;
  if (room.isError && !isApiError(room.error, 'not_found')) return null;
  return (
    <>
      {open && room.data ? (
        <Link to={`/rooms/${room.data.id}`} className="btn btn--secondary" data-testid="group-chat-link">
          <Icon name="comment" size={18} />
          {t('rooms.entryGroup')}
          {room.data.unread ? (
            <span className="unread-count" data-testid="group-chat-unread">
              <span aria-hidden="true">{room.data.unread > 99 ? '99+' : room.data.unread}</span>
              <span className="visually-hidden">{t('companions.chats.unread', { count: room.data.unread })}</span>
            </span>
          ) : null}
        </Link>
      ) : null}
      {isAdmin && !open ? (
        <button
          type="button"
          className="btn btn--secondary"
          disabled={setRoom.isPending}
          onClick={() => setRoom.mutate(true, { onSuccess: () => toast.show(t('rooms.openedToast'), 'success') })}
          data-testid="open-group-chat"
        >
          <Icon name="comment" size={18} />
          {t('rooms.openGroupChat')}
        </button>
      ) : null}
      {isAdmin && open ? (
        <button type="button" className="btn btn--ghost" onClick={() => setConfirmingClose(true)} data-testid="close-group-chat">
          <Icon name="lock" size={18} />
          {t('rooms.closeGroupChat')}
        </button>
      ) : null}
      <ConfirmDialog
        open={confirmingClose}
        title={t('rooms.closeTitle')}
        body={t('rooms.closeBody')}
        confirmLabel={t('rooms.closeGroupChat')}
        danger
        busy={setRoom.isPending}
        onClose={() => setConfirmingClose(false)}
        onConfirm={() =>
          setRoom.mutate(false, {
            onSuccess: () => {
              setConfirmingClose(false);
              toast.show(t('rooms.closedToast'), 'success');
            },
            onError: () => setConfirmingClose(false),
          })
        }
      />
    </>
  );
}

/** Members mute (and unmute) the group's notifications here; the muted groups are listed in my settings. */
function MuteGroupButton({ group }: { group: Group }) {
  const { t } = useTranslation();
  const toast = useToast();
  const settings = useNotificationSettings();
  const mute = useMuteGroup();
  if (!settings.data) return null;
  const muted = settings.data.mutedGroups.some((g) => g.id === group.id);
  return (
    <button
      type="button"
      className="btn btn--ghost"
      aria-pressed={muted}
      disabled={mute.isPending}
      onClick={() =>
        mute.mutate(
          { groupId: group.id, name: group.name, muted: !muted },
          { onSuccess: () => toast.show(t(muted ? 'notifications.group.unmuted' : 'notifications.group.muted'), 'success') },
        )
      }
      data-testid="mute-group"
    >
      <Icon name={muted ? 'bell' : 'bellOff'} size={18} />
      {muted ? t('notifications.group.unmute') : t('notifications.group.mute')}
    </button>
  );
}

function LockedState({ group }: { group: Group }) {
  const { t } = useTranslation();
  return (
    <div data-testid="locked-state">
      <EmptyState icon="lock" title={t('group.lockedTitle')} body={t('group.lockedBody')} action={<MembershipButton group={group} />} />
    </div>
  );
}

function AboutTab({ group }: { group: Group }) {
  const { t } = useTranslation();
  return (
    <div className="about-grid">
      <article className="card card--padded">
        <h2 className="card__title">{t('group.about')}</h2>
        {group.descriptionHtml.trim() ? (
          <div className="prose" data-testid="group-description" dangerouslySetInnerHTML={{ __html: group.descriptionHtml }} />
        ) : (
          <p className="muted">{t('group.noDescription')}</p>
        )}
      </article>
      <aside className="card card--padded">
        <h2 className="card__title">{t('group.rulesTitle')}</h2>
        <GroupRules group={group} />
      </aside>
    </div>
  );
}

/** The group's description and rules beside its posts and members (wide screens). */
function AboutSummary({ group, onMore }: { group: Group; onMore: () => void }) {
  const { t } = useTranslation();
  return (
    <section className="card card--padded about-summary" aria-labelledby="about-summary-title">
      <h2 className="card__title" id="about-summary-title">
        {t('group.about')}
      </h2>
      {group.descriptionHtml.trim() ? (
        <div className="prose prose--compact about-summary__text" dangerouslySetInnerHTML={{ __html: group.descriptionHtml }} />
      ) : (
        <p className="muted">{t('group.noDescription')}</p>
      )}
      <button type="button" className="text-button about-summary__more" onClick={onMore}>
        {t('home.seeAll')} <Icon name="chevronRight" size={15} />
      </button>
      <GroupRules group={group} />
    </section>
  );
}

function GroupRules({ group }: { group: Group }) {
  const { t } = useTranslation();
  return (
    <ul className="rules">
      <li>
        <Icon name={group.visibility === 'private' ? 'lock' : 'globe'} size={18} />
        {group.visibility === 'private' ? t('group.rulePrivate') : t('group.rulePublic')}
      </li>
      <li>
        <Icon name={group.joinPolicy === 'approval' ? 'shield' : 'users'} size={18} />
        {group.joinPolicy === 'approval' ? t('group.ruleApproval') : t('group.ruleOpen')}
      </li>
      <li>
        <Icon name="heart" size={18} />
        {t('group.ruleKind')}
      </li>
    </ul>
  );
}

function PostsTab({ group }: { group: Group }) {
  const { t } = useTranslation();
  const [sort, setSort] = useState<PostSort>('new');
  const [kind, setKind] = useState<PostKind | null>(null);
  const posts = useGroupPosts(group.id, sort, kind, true);
  const pinned = posts.data?.pages[0]?.pinned ?? [];
  const items = posts.data?.pages.flatMap((p) => p.items) ?? [];
  const pinnedIds = new Set(pinned.map((p) => p.id));
  const unpinned = items.filter((p) => !pinnedIds.has(p.id));
  const regular = useProgressiveList(unpinned, 3);
  // On the first screen, under the group's header: its photo is the page's largest, fetched at once.
  const firstWithCover = [...pinned, ...unpinned].slice(0, 2).find((p) => p.cover);

  return (
    <div className="stack">
      <h2 className="visually-hidden">{t('group.tabs.posts')}</h2>
      <div className="toolbar toolbar--posts">
        <Segmented<PostSort>
          label={t('group.sortLabel')}
          size="sm"
          value={sort}
          onChange={setSort}
          options={(['new', 'hot', 'top'] as const).map((s) => ({ value: s, label: t(`group.sort.${s}`), testId: `sort-${s}` }))}
        />
        <div className="chip-row" role="group" aria-label={t('group.kindFilter')}>
        <button type="button" className={`chip chip--toggle${kind === null ? ' chip--on' : ''}`} aria-pressed={kind === null} onClick={() => setKind(null)}>
          {t('group.allKinds')}
        </button>
        {postKinds.map((k) => (
          <button key={k} type="button" className={`chip chip--toggle chip--kind-${k}${kind === k ? ' chip--on' : ''}`} aria-pressed={kind === k} onClick={() => setKind(kind === k ? null : k)} data-testid={`kind-filter-${k}`}>
            {t(`kind.${k}`)}
          </button>
        ))}
        </div>
      </div>

      {posts.isPending ? (
        <CardSkeletons count={3} />
      ) : posts.isError ? (
        <ErrorView error={posts.error} onRetry={() => void posts.refetch()} />
      ) : pinned.length + regular.length === 0 ? (
        <EmptyState
          icon="edit"
          title={t('group.noPosts')}
          body={t('group.noPostsBody')}
          action={
            group.viewer.role ? (
              <Link to={`/groups/${group.id}/posts/new`} className="btn btn--primary">
                {t('group.newPost')}
              </Link>
            ) : null
          }
        />
      ) : (
        <>
          <div className="stack" data-testid="group-posts">
            {pinned.map((p) => (
              <PostCard key={`pin-${p.id}`} post={p} showGroup={false} eagerCover={p === firstWithCover} />
            ))}
            {regular.map((p) => (
              <PostCard key={p.id} post={p} showGroup={false} eagerCover={p === firstWithCover} />
            ))}
          </div>
          <LoadMore hasMore={posts.hasNextPage && regular.length === unpinned.length} loading={posts.isFetchingNextPage} onLoad={() => void posts.fetchNextPage()} />
        </>
      )}
    </div>
  );
}

function ActivitiesTab({ group }: { group: Group }) {
  const { t } = useTranslation();
  const [when, setWhen] = useState<'upcoming' | 'past'>('upcoming');
  const activities = useGroupActivities(group.id, when === 'past', true);
  const items = activities.data?.pages.flatMap((p) => p.items) ?? [];
  const isAdmin = group.viewer.role === 'owner' || group.viewer.role === 'admin';
  return (
    <div className="stack">
      <h2 className="visually-hidden">{t('group.tabs.activities')}</h2>
      <div className="toolbar toolbar--posts">
        <Segmented<'upcoming' | 'past'>
          label={t('group.activitiesWhen')}
          size="sm"
          value={when}
          onChange={setWhen}
          options={[
            { value: 'upcoming', label: t('group.activitiesUpcoming'), testId: 'group-activities-upcoming' },
            { value: 'past', label: t('group.activitiesPast'), testId: 'group-activities-past' },
          ]}
        />
      </div>
      {activities.isPending ? (
        <CardSkeletons count={2} />
      ) : activities.isError ? (
        <ErrorView error={activities.error} onRetry={() => void activities.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState
          icon="calendar"
          title={when === 'past' ? t('group.noPastActivities') : t('group.noActivities')}
          body={isAdmin ? t('group.noActivitiesAdmin') : t('group.noActivitiesBody')}
          action={
            isAdmin ? (
              <Link to={`/activities/new?groupId=${group.id}`} className="btn btn--primary">
                {t('group.newActivity')}
              </Link>
            ) : null
          }
        />
      ) : (
        <>
          <div className="stack" data-testid="group-activities">
            {items.map((a) => (
              <ActivityCard key={a.id} activity={a} />
            ))}
          </div>
          <LoadMore hasMore={activities.hasNextPage} loading={activities.isFetchingNextPage} onLoad={() => void activities.fetchNextPage()} />
        </>
      )}
    </div>
  );
}

type MemberAction = { kind: 'remove' | 'transfer'; userId: number; name: string } | null;

function MembersTab({ group }: { group: Group }) {
  const { t } = useTranslation();
  const me = useMe();
  const f = useFormat();
  const toast = useToast();
  const role = group.viewer.role;
  const isAdmin = role === 'owner' || role === 'admin';
  const members = useMembers(group.id, true);
  const requests = useJoinRequests(group.id, isAdmin && group.joinPolicy === 'approval');
  const changeRole = useChangeRole(group.id);
  const remove = useRemoveMember(group.id);
  const transfer = useTransferGroup(group.id);
  const decide = useDecideRequest(group.id);
  const [pending, setPending] = useState<MemberAction>(null);

  const memberItems = members.data?.pages.flatMap((p) => p.items) ?? [];
  const requestItems = requests.data?.pages.flatMap((p) => p.items) ?? [];
  useScrollToAnchor(!requests.isPending);

  return (
    <div className="stack">
      {isAdmin && group.joinPolicy === 'approval' ? (
        <section className="card card--padded" id="join-requests" aria-labelledby="requests-title" data-testid="join-requests">
          <h2 className="card__title" id="requests-title">
            {t('group.requestsTitle')} {requestItems.length ? <span className="count-pill">{requestItems.length}</span> : null}
          </h2>
          {requests.isPending ? (
            <Skeleton height={40} width="100%" />
          ) : requestItems.length === 0 ? (
            <p className="muted small">{t('group.noRequests')}</p>
          ) : (
            <ul className="people">
              {requestItems.map((r) => (
                <li key={r.user.id} className="person">
                  <Avatar name={r.user.displayName} seed={r.user.id} src={r.user.avatarUrl} size={40} />
                  <div className="person__text">
                    <Link to={`/u/${r.user.username}`} className="person__name">
                      {r.user.displayName}
                    </Link>
                    {r.message ? <p className="person__note">“{r.message}”</p> : null}
                    <span className="small muted">{f.timeAgo(r.createdAt)}</span>
                  </div>
                  <div className="person__actions">
                    <button
                      type="button"
                      className="btn btn--primary btn--sm"
                      disabled={decide.isPending}
                      onClick={() => decide.mutate({ userId: r.user.id, decision: 'approve' }, { onSuccess: () => toast.show(t('group.approved', { name: r.user.displayName }), 'success') })}
                    >
                      {t('group.approve')}
                    </button>
                    <button
                      type="button"
                      className="btn btn--ghost btn--sm"
                      disabled={decide.isPending}
                      onClick={() => decide.mutate({ userId: r.user.id, decision: 'reject' }, { onSuccess: () => toast.show(t('group.rejected', { name: r.user.displayName }), 'info') })}
                    >
                      {t('group.reject')}
                    </button>
                  </div>
                </li>
              ))}
            </ul>
          )}
        </section>
      ) : null}

      <section className="card card--padded" aria-labelledby="members-title">
        <h2 className="card__title" id="members-title">
          {t('group.membersTitle')} <span className="count-pill">{group.memberCount}</span>
        </h2>
        {members.isPending ? (
          <div className="stack stack--sm">
            <Skeleton height={44} width="100%" />
            <Skeleton height={44} width="100%" />
            <Skeleton height={44} width="100%" />
          </div>
        ) : members.isError ? (
          <ErrorView error={members.error} onRetry={() => void members.refetch()} />
        ) : (
          <ul className="people" data-testid="member-list">
            {memberItems.map((m) => {
              const self = me?.id === m.user.id;
              const canManage = !self && m.role !== 'owner' && (role === 'owner' || (role === 'admin' && m.role === 'member'));
              return (
                <li key={m.user.id} className="person" data-testid="member">
                  <Avatar name={m.user.displayName} seed={m.user.id} src={m.user.avatarUrl} size={40} />
                  <div className="person__text">
                    <Link to={`/u/${m.user.username}`} className="person__name">
                      {m.user.displayName}
                      {self ? <span className="muted"> ({t('group.you')})</span> : null}
                    </Link>
                    <span className="small muted">
                      @{m.user.username} · {t('group.joinedAt', { date: f.date(m.joinedAt) })}
                    </span>
                  </div>
                  {m.role !== 'member' ? <span className={`badge badge--role badge--${m.role}`}>{t(`group.role.${m.role}`)}</span> : null}
                  {canManage ? (
                    <Menu
                      label={t('group.memberActions', { name: m.user.displayName })}
                      items={[
                        ...(role === 'owner'
                          ? [
                              {
                                label: m.role === 'admin' ? t('group.demote') : t('group.promote'),
                                icon: 'shield' as const,
                                onSelect: () => changeRole.mutate({ userId: m.user.id, role: m.role === 'admin' ? 'member' : 'admin' }),
                              },
                              {
                                label: t('group.transfer'),
                                icon: 'sparkle' as const,
                                onSelect: () => setPending({ kind: 'transfer', userId: m.user.id, name: m.user.displayName }),
                              },
                            ]
                          : []),
                        {
                          label: t('group.remove'),
                          icon: 'trash' as const,
                          danger: true,
                          onSelect: () => setPending({ kind: 'remove', userId: m.user.id, name: m.user.displayName }),
                        },
                      ]}
                    />
                  ) : null}
                </li>
              );
            })}
          </ul>
        )}
        <LoadMore hasMore={members.hasNextPage} loading={members.isFetchingNextPage} onLoad={() => void members.fetchNextPage()} />
      </section>

      <ConfirmDialog
        open={pending !== null}
        title={
          pending?.kind === 'transfer'
            ? t('group.transferConfirm', { name: pending.name })
            : t('group.removeConfirm', { name: pending?.name ?? '' })
        }
        confirmLabel={pending?.kind === 'transfer' ? t('group.transfer') : t('group.remove')}
        danger={pending?.kind === 'remove'}
        busy={remove.isPending || transfer.isPending}
        onClose={() => setPending(null)}
        onConfirm={() => {
          if (!pending) return;
          const done = { onSettled: () => setPending(null) };
          if (pending.kind === 'remove') remove.mutate(pending.userId, done);
          else transfer.mutate(pending.userId, done);
        }}
      />
    </div>
  );
}

/**
 * Who looks after the group, for its members: an owner away 60 days, an admin's claim (7 days' notice the
 * owner may object to, the claimant may withdraw), and with no admin left, members who may step up.
 */
function StewardshipCard({ group }: { group: Group }) {
  const { t } = useTranslation();
  const f = useFormat();
  const toast = useToast();
  const me = useMe();
  const state = useStewardship(group.id, true);
  const act = useStewardshipAction(group.id);
  const [confirmingClaim, setConfirmingClaim] = useState(false);
  const s = state.data;
  if (!s || (!s.ownerAway && !s.claim && !s.stepUp.length)) return null;
  const mine = s.claim && me && s.claim.claimant.id === me.id;
  // The owner, back to find a claim, is told of it rather than that they have been away.
  const title = s.canObject ? t('stewardship.claimedTitle') : s.stepUp.length && !s.claim ? t('stewardship.stepUpTitle') : t('stewardship.ownerAway');
  return (
    <section className="card card--padded stewardship" aria-labelledby="stewardship-title" data-testid="stewardship">
      <h2 className="card__title" id="stewardship-title">
        <Icon name="shield" size={20} /> {title}
      </h2>
      {s.claim ? (
        <p className="stewardship__claim" data-testid="stewardship-claim">
          {t('stewardship.claimPending', { name: s.claim.claimant.displayName, date: instantIn(s.claim.effectiveAt, browserTimeZone(), f.lang) })}
        </p>
      ) : s.ownerAway && !s.stepUp.length ? (
        <p className="small muted">{t('stewardship.ownerAwayBody')}</p>
      ) : null}
      {s.stepUp.length ? (
        <>
          <p className="small muted">{t('stewardship.stepUpBody')}</p>
          <ul className="stewardship__people">
            {s.stepUp.map((u) => (
              <li key={u.id}>
                <Link to={`/u/${u.username}`} className="stewardship__person">
                  <Avatar name={u.displayName} seed={u.id} src={u.avatarUrl} size={28} />
                  <span>{u.displayName}</span>
                </Link>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <div className="stewardship__actions">
        {s.canClaim ? (
          <button type="button" className="btn btn--primary btn--sm" onClick={() => setConfirmingClaim(true)} data-testid="claim-group">
            {t('stewardship.claim')}
          </button>
        ) : null}
        {s.canObject ? (
          <button type="button" className="btn btn--secondary btn--sm" disabled={act.isPending} onClick={() => act.mutate('withdraw', { onSuccess: () => toast.show(t('stewardship.objected'), 'success') })} data-testid="object-claim">
            {t('stewardship.object')}
          </button>
        ) : null}
        {mine && !s.canObject ? (
          <button type="button" className="btn btn--ghost btn--sm" disabled={act.isPending} onClick={() => act.mutate('withdraw', { onSuccess: () => toast.show(t('stewardship.withdrawn'), 'success') })} data-testid="withdraw-claim">
            {t('stewardship.withdraw')}
          </button>
        ) : null}
        {s.canStepUp ? (
          <button type="button" className="btn btn--primary btn--sm" disabled={act.isPending} onClick={() => act.mutate('stepUp', { onSuccess: () => toast.show(t('stewardship.steppedUp'), 'success') })} data-testid="step-up">
            {t('stewardship.stepUp')}
          </button>
        ) : null}
      </div>
      <ConfirmDialog
        open={confirmingClaim}
        title={t('stewardship.claimTitle')}
        body={t('stewardship.claimBody')}
        confirmLabel={t('stewardship.claimConfirm')}
        busy={act.isPending}
        onClose={() => setConfirmingClaim(false)}
        onConfirm={() =>
          act.mutate('claim', {
            onSuccess: () => toast.show(t('stewardship.claimed'), 'success'),
            onSettled: () => setConfirmingClaim(false),
          })
        }
      />
    </section>
  );
}

/** The open reports of the group's content, for its admins: dismiss them, or remove the content (opened on demand). */
function GroupReports({ groupId }: { groupId: number }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <details className="card card--padded group-reports" data-testid="group-reports" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary className="group-reports__summary">
        <Icon name="flag" size={18} /> {t('moderation.group.link')}
      </summary>
      {open ? (
        <div className="stack">
          <p className="small muted">{t('moderation.group.intro')}</p>
          <ReportQueue groupId={groupId} headingLevel={2} />
          <RemovedContent groupId={groupId} />
        </div>
      ) : null}
    </details>
  );
}
