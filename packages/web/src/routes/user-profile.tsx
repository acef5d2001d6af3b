import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { ErrorView, LoadMore, PageSpinner, Skeleton } from '../components/feedback';
import { GroupRoleList } from '../components/group-list';
import { InterestChips, ProfileHeader } from '../components/profile-header';
import { useProfile, useUserGroups } from '../data/profile';
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
  const groups = useUserGroups(username);
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
        user={p}
        actions={
          me?.username === p.username ? (
            <Link to="/me" className="btn btn--secondary btn--sm">
              {t('profile.edit')}
            </Link>
          ) : null
        }
      />
      <section className="card card--padded" aria-labelledby="interests-title">
        <h2 className="card__title" id="interests-title">
          {t('profile.interests')}
        </h2>
        <InterestChips interests={p.interests} />
      </section>
      <section className="card card--padded" aria-labelledby="groups-title">
        <h2 className="card__title" id="groups-title">
          {t('profile.groups')}
        </h2>
        {groups.isPending ? (
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
