import type { Relation } from '@kindred/contract';
import { useTranslation } from '../lib/translation';
import { Link, useParams } from 'react-router-dom';
import { ActivityCard } from '../components/activity-card';
import { ErrorView, LoadMore, PageSpinner, Skeleton } from '../components/feedback';
import { GroupRoleList } from '../components/group-list';
import { InterestChips, ProfileHeader } from '../components/profile-header';
import { ReportMenu } from '../components/report-action';
import { useFollow, useProfile, useUserActivities, useUserGroups } from '../data/profile';
import { useMe } from '../data/session';
import { isApiError } from '../lib/api';
import { useDocumentTitle } from '../lib/document-title';
import { NotFoundPage } from './not-found';

/** Someone's public profile at /u/:username. */
export function UserProfilePage() {
  const { t } = useTranslation();
  const username = useParams().username ?? '';
  const me = useMe();
  const profile = useProfile(username);
  const groups = useUserGroups(username, profile.data?.sections.groups === true);
  useDocumentTitle(profile.data?.displayName);

  if (isApiError(profile.error, 'not_found')) return <NotFoundPage />;
  if (profile.isPending) return <PageSpinner />;
  if (profile.isError) {
    return (
      <div className="page page--narrow">
        <ErrorView error={profile.error} onRetry={() => void profile.refetch()} />
      </div>
    );
  }
  const p = profile.data;
  const groupItems = groups.data?.pages.flatMap((pg) => pg.items) ?? [];
  return (
    <div className="page page--narrow stack">
      <ProfileHeader
        user={{ ...p, followsOpen: p.sections.follows }}
        actions={
          me?.username === p.username ? (
            <Link to="/me" className="btn btn--secondary btn--sm">
              {t('profile.edit')}
            </Link>
          ) : p.viewer ? (
            <span className="row">
              <FollowButton username={p.username} relation={p.viewer.relation} />
              <ReportMenu target={{ kind: 'user', user: p }} authorId={p.id} label={t('companions.report.userTitle', { name: p.displayName })} />
            </span>
          ) : null
        }
      />
      {p.viewer ? <YouBoth shared={p.viewer.youBoth} /> : null}
      <section className="card card--padded" aria-labelledby="interests-title">
        <h2 className="card__title" id="interests-title">
          {t('profile.interests')}
        </h2>
        <InterestChips interests={p.interests} />
      </section>
      {p.sections.activities ? <MemberActivities username={p.username} /> : null}
      <section className="card card--padded" aria-labelledby="groups-title">
        <h2 className="card__title" id="groups-title">
          {t('profile.groups')}
        </h2>
        {!p.sections.groups ? (
          <p className="muted small" data-testid="groups-hidden">
            {t('social.sectionHidden')}
          </p>
        ) : groups.isPending ? (
          <Skeleton height={48} width="100%" />
        ) : groupItems.length ? (
          <GroupRoleList items={groupItems} />
        ) : (
          <p className="muted small">{t('profile.noGroups')}</p>
        )}
        <LoadMore hasMore={groups.hasNextPage} loading={groups.isFetchingNextPage} onLoad={() => void groups.fetchNextPage()} />
      </section>
    </div>
  );
}

/** Follow, follow back, requested (tap to withdraw), following or friends (tap to unfollow). */
function FollowButton({ username, relation }: { username: string; relation: Relation }) {
  const { t } = useTranslation();
  const follow = useFollow(username);
  const label =
    relation.friends ? t('social.friends')
    : relation.following === 'following' ? t('social.following')
    : relation.following === 'requested' ? t('social.requested')
    : relation.followsMe ? t('social.followBack')
    : t('social.follow');
  const active = relation.following !== 'none';
  return (
    <button
      type="button"
      className={`btn btn--sm ${active ? 'btn--secondary' : 'btn--primary'}`}
      aria-pressed={active}
      disabled={follow.isPending}
      onClick={() => follow.mutate(!active)}
      data-testid="follow-button"
    >
      {label}
    </button>
  );
}

/** What the viewer shares with this member, when anything. */
function YouBoth({ shared }: { shared: { groups: number; activities: number; friends: number } }) {
  const { t } = useTranslation();
  const parts = [
    shared.groups ? t('social.youBoth.groups', { count: shared.groups }) : null,
    shared.activities ? t('social.youBoth.activities', { count: shared.activities }) : null,
    shared.friends ? t('social.youBoth.friends', { count: shared.friends }) : null,
  ].filter(Boolean);
  if (!parts.length) return null;
  return (
    <p className="card card--padded you-both small" data-testid="you-both">
      {t('social.youBoth.title')} {parts.join(' · ')}
    </p>
  );
}

/** Where the member is going and has been, a few of each. */
function MemberActivities({ username }: { username: string }) {
  const { t } = useTranslation();
  const going = useUserActivities(username, 'going', true);
  const went = useUserActivities(username, 'went', true);
  const lists = [
    { key: 'going', title: t('social.activities.going'), items: going.data?.items ?? [] },
    { key: 'went', title: t('social.activities.went'), items: went.data?.items ?? [] },
  ].filter((l) => l.items.length > 0);
  if (!lists.length) return null;
  return (
    <section className="card card--padded stack" aria-labelledby="member-activities-title" data-testid="member-activities">
      <h2 className="card__title" id="member-activities-title">
        {t('social.activities.title')}
      </h2>
      {lists.map((list) => (
        <div key={list.key} className="stack">
          <h3 className="small muted">{list.title}</h3>
          {list.items.map((a) => (
            <ActivityCard key={a.id} activity={a} compact />
          ))}
        </div>
      ))}
    </section>
  );
}

