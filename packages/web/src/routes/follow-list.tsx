import type { FollowEntry } from '@kindred/contract';
import { useTranslation } from '../lib/translation';
import { Link, NavLink, useParams } from 'react-router-dom';
import { Avatar } from '../components/avatar';
import { EmptyState, ErrorView, LoadMore, PageSpinner } from '../components/feedback';
import { Icon } from '../components/icons';
import { useFollowList, useProfile, type FollowListKind } from '../data/profile';
import { isApiError } from '../lib/api';
import { useDocumentTitle } from '../lib/document-title';
import { NotFoundPage } from './not-found';

const kinds: FollowListKind[] = ['followers', 'following', 'friends'];

/** A member's followers, following or friends at /u/:username/:list, as their privacy settings allow. */
export function FollowListPage() {
  const { t } = useTranslation();
  const params = useParams();
  const username = params.username ?? '';
  const kind = kinds.find((k) => k === params.list);
  const profile = useProfile(username);
  const list = useFollowList(username, kind ?? 'followers');
  useDocumentTitle(profile.data && kind ? t('social.lists.title', { name: profile.data.displayName, list: t(`social.lists.${kind}`) }) : undefined);

  if (!kind || isApiError(profile.error, 'not_found') || isApiError(list.error, 'not_found')) return <NotFoundPage />;
  if (profile.isPending) return <PageSpinner />;
  const entries = list.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <div className="page page--narrow stack">
      <header className="card card--padded follow-list__head">
        <Link to={`/u/${username}`} className="inline-icon small">
          <Icon name="back" size={16} /> {t('social.lists.back')}
        </Link>
        <h1 className="follow-list__title">{profile.data?.displayName}</h1>
        <nav aria-label={profile.data?.displayName}>
          <ul className="tabs" role="list">
            {kinds.map((k) => (
              <li key={k}>
                <NavLink to={`/u/${username}/${k}`} className="tabs__tab" replace data-testid={`follow-tab-${k}`}>
                  {t(`social.lists.${k}`)}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
      </header>
      {isApiError(list.error, 'forbidden') ? (
        <EmptyState icon="lock" title={t('social.sectionHidden')} />
      ) : list.isError ? (
        <ErrorView error={list.error} onRetry={() => void list.refetch()} />
      ) : list.isPending ? (
        <PageSpinner />
      ) : entries.length ? (
        <ul className="card follow-list" data-testid="follow-list">
          {entries.map((entry) => (
            <FollowRow key={entry.user.id} entry={entry} />
          ))}
        </ul>
      ) : (
        <EmptyState icon="user" title={t('social.lists.empty')} />
      )}
      <LoadMore hasMore={list.hasNextPage} loading={list.isFetchingNextPage} onLoad={() => void list.fetchNextPage()} />
    </div>
  );
}

function FollowRow({ entry }: { entry: FollowEntry }) {
  const u = entry.user;
  return (
    <li className="follow-list__item" data-testid="follow-entry">
      <Link to={`/u/${u.username}`} className="follow-list__link">
        <Avatar name={u.displayName} seed={u.id} src={u.avatarUrl} size={40} />
        <span>
          <span className="follow-list__name">{u.displayName}</span>
          <span className="muted small"> @{u.username}</span>
        </span>
      </Link>
    </li>
  );
}
