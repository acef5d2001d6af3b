import { useTranslation } from '../lib/translation';
import { Link, useSearchParams } from 'react-router-dom';
import { ActivityCard } from '../components/activity-card';
import { Avatar } from '../components/avatar';
import { CardSkeletons, EmptyState, ErrorView, LoadMore } from '../components/feedback';
import { Icon } from '../components/icons';
import { MyGroupsPanel } from '../components/my-groups-panel';
import { NearbyPanel } from '../components/nearby-panel';
import { PostCard } from '../components/post-card';
import { RecGroupCard } from '../components/recommendation-cards';
import { Segmented } from '../components/segmented';
import { useFeed, useFollowingFeed } from '../data/posts';
import { useRecommendedGroups } from '../data/recommendations';
import { useMe } from '../data/session';
import { useDocumentTitle } from '../lib/document-title';
import { useProgressiveList } from '../lib/use-progressive-list';

type Tab = 'groups' | 'following';

export function HomePage() {
  const { t } = useTranslation();
  const me = useMe();
  const [search, setSearch] = useSearchParams();
  const tab: Tab = search.get('tab') === 'following' ? 'following' : 'groups';
  const feed = useFeed(tab === 'groups');
  useDocumentTitle(t('nav.home'));
  const posts = feed.data?.pages.flatMap((p) => p.items) ?? [];
  const shown = useProgressiveList(posts, 3);
  const empty = feed.isSuccess && posts.length === 0;

  return (
    <div className="page page--with-aside">
      <div className="page__main">
        <header className="page-header">
          <div>
            <p className="eyebrow">{t('home.subtitle')}</p>
            <h1>{t('home.greeting', { name: me?.displayName ?? '' })}</h1>
          </div>
        </header>
        <div className="home-tabs">
          <Segmented<Tab>
            label={t('home.tabs.label')}
            value={tab}
            onChange={(next) => setSearch(next === 'following' ? { tab: next } : {}, { replace: true })}
            options={[
              { value: 'groups', label: t('home.tabs.groups'), testId: 'feed-tab-groups' },
              { value: 'following', label: t('home.tabs.following'), testId: 'feed-tab-following' },
            ]}
          />
        </div>
        {tab === 'following' ? (
          <FollowingFeed />
        ) : (
          /* Busy until every post is shown: on a phone the aside then stays below the fold (see the stylesheet). */
          <section aria-labelledby="home-feed-title" aria-busy={feed.isPending || shown.length < posts.length} data-testid="home-feed">
            <h2 id="home-feed-title" className="visually-hidden">
              {t('home.title')}
            </h2>
            {feed.isPending ? (
              <CardSkeletons count={4} />
            ) : feed.isError ? (
              <ErrorView error={feed.error} onRetry={() => void feed.refetch()} />
            ) : empty ? (
              <>
                <EmptyState
                  icon="compass"
                  title={t('home.emptyTitle')}
                  body={t('home.emptyBody')}
                  action={
                    <Link to="/discover" className="btn btn--primary" data-testid="empty-discover">
                      {t('home.emptyAction')}
                    </Link>
                  }
                />
                <SuggestedGroups />
              </>
            ) : (
              <>
                <div className="stack">
                  {/* A phone's first screen shows two cards. */}
                  {shown.map((post, i) => (
                    <PostCard key={post.id} post={post} eagerCover={i < 2} />
                  ))}
                </div>
                {shown.length === posts.length ? (
                  <>
                    <LoadMore hasMore={feed.hasNextPage} loading={feed.isFetchingNextPage} onLoad={() => void feed.fetchNextPage()} />
                    {!feed.hasNextPage && posts.length > 5 ? <p className="end-of-list muted">{t('common.end')}</p> : null}
                  </>
                ) : null}
              </>
            )}
          </section>
        )}
      </div>
      <aside className="page__aside">
        <NearbyPanel />
        <MyGroupsPanel />
        <Link to="/discover" className="panel panel--link">
          <Icon name="compass" />
          <span>{t('home.emptyAction')}</span>
          <Icon name="chevronRight" size={18} />
        </Link>
      </aside>
    </div>
  );
}

/** Three recommended groups, with why, so an empty home still leads somewhere. */
function SuggestedGroups() {
  const { t } = useTranslation();
  const recs = useRecommendedGroups(3);
  if (recs.isPending) return <CardSkeletons count={2} variant="group" />;
  const items = recs.data?.items ?? [];
  if (!items.length) return null;
  return (
    <section className="section" aria-labelledby="suggested-title" data-testid="suggested-groups">
      <header className="section__header">
        <h2 id="suggested-title">{t('home.suggested')}</h2>
        <Link to="/discover">{t('home.seeAll')}</Link>
      </header>
      <ul className="rec-row rec-row--groups" data-rec-list tabIndex={-1} aria-labelledby="suggested-title">
        {items.map((rec) => (
          <li key={rec.group.id}>
            <RecGroupCard rec={rec} />
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Posts by members I follow and activities my friends registered for, newest first. */
function FollowingFeed() {
  const { t } = useTranslation();
  const feed = useFollowingFeed(true);
  const items = feed.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <section aria-labelledby="following-feed-title" aria-busy={feed.isPending} data-testid="following-feed">
      <h2 id="following-feed-title" className="visually-hidden">
        {t('home.tabs.following')}
      </h2>
      {feed.isPending ? (
        <CardSkeletons count={3} />
      ) : feed.isError ? (
        <ErrorView error={feed.error} onRetry={() => void feed.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState icon="users" title={t('home.followingEmptyTitle')} body={t('home.followingEmptyBody')} />
      ) : (
        <>
          <div className="stack">
            {items.map((item) =>
              item.kind === 'post' ? (
                <PostCard key={`post-${item.post.id}`} post={item.post} />
              ) : (
                <div key={`going-${item.user.id}-${item.activity.id}`} className="following-going" data-testid="following-going">
                  <p className="following-going__who small">
                    <Avatar name={item.user.displayName} seed={item.user.id} src={item.user.avatarUrl} size={22} />
                    <span>{t('home.friendGoing', { name: item.user.displayName })}</span>
                  </p>
                  <ActivityCard activity={item.activity} />
                </div>
              ),
            )}
          </div>
          <LoadMore hasMore={feed.hasNextPage} loading={feed.isFetchingNextPage} onLoad={() => void feed.fetchNextPage()} />
        </>
      )}
    </section>
  );
}

