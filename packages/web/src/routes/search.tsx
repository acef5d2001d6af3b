import { useEffect, useId, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from '../lib/translation';
import { Link, useSearchParams } from 'react-router-dom';
import type { UserSummary } from '@kindred/contract';
import type { UseInfiniteQueryResult, InfiniteData } from '@tanstack/react-query';
import { ActivityCard } from '../components/activity-card';
import { Avatar } from '../components/avatar';
import { CardSkeletons, EmptyState, ErrorView, LoadMore } from '../components/feedback';
import { GroupCard } from '../components/group-card';
import { Icon } from '../components/icons';
import { PostCard } from '../components/post-card';
import { useSearchActivities, useSearchGroups, useSearchPeople, useSearchPosts } from '../data/search';
import { useDocumentTitle } from '../lib/document-title';

const tabs = ['groups', 'activities', 'people', 'posts'] as const;
type Tab = (typeof tabs)[number];
const examples = ['徒步', 'hiking', '爬山', '桌游', 'coffee', '摄影', 'running'];

export function SearchPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const inputId = useId();
  const q = (params.get('q') ?? '').trim();
  const asked = params.get('tab');
  const tab: Tab = tabs.find((name) => name === asked) ?? 'groups';
  const [draft, setDraft] = useState(q);
  useEffect(() => setDraft(q), [q]);
  useDocumentTitle(q ? `${q} — ${t('search.title')}` : t('search.title'));

  const groups = useSearchGroups(q, tab === 'groups');
  const activities = useSearchActivities(q, tab === 'activities');
  const people = useSearchPeople(q, tab === 'people');
  const posts = useSearchPosts(q, tab === 'posts');

  const href = (nextQ: string, nextTab: Tab) => {
    const p = new URLSearchParams();
    if (nextQ.trim()) p.set('q', nextQ.trim());
    if (nextTab !== 'groups') p.set('tab', nextTab);
    return p;
  };
  const go = (nextQ: string, nextTab: Tab = tab) => setParams(href(nextQ, nextTab));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    go(draft);
  };

  return (
    <div className="page page--narrow">
      <header className="page-header">
        <h1>{t('search.title')}</h1>
      </header>
      <form role="search" className="search-box" onSubmit={submit}>
        <label htmlFor={inputId} className="visually-hidden">
          {t('search.label')}
        </label>
        <Icon name="search" size={20} />
        <input
          id={inputId}
          type="search"
          value={draft}
          maxLength={100}
          placeholder={t('search.placeholder')}
          onChange={(e) => setDraft(e.target.value)}
          enterKeyHint="search"
          data-testid="search-input"
        />
        <button type="submit" className="btn btn--primary" data-testid="search-submit">
          {t('search.submit')}
        </button>
      </form>

      <div className="tabs tabs--compact search-tabs" role="tablist" aria-label={t('search.tabs')}>
        {tabs.map((name) => (
          <button
            key={name}
            type="button"
            role="tab"
            id={`search-tab-${name}`}
            aria-selected={tab === name}
            aria-controls="search-results"
            className="tabs__tab"
            onClick={() => go(q, name)}
            data-testid={`search-tab-${name}`}
          >
            {t(`search.${name}`)}
          </button>
        ))}
      </div>

      <section id="search-results" role="tabpanel" aria-labelledby={`search-tab-${tab}`} data-testid="search-results">
        {!q ? (
          <div className="empty-state">
            <span className="empty-state__icon">
              <Icon name="search" size={28} />
            </span>
            <h2 className="empty-state__title">{t('search.hintTitle')}</h2>
            <p className="muted">{t('search.hintBody')}</p>
            <div className="chip-row chip-row--center" aria-label={t('search.tryThese')}>
              {examples.map((ex) => (
                <Link key={ex} className="chip chip--tag" to={`/search?${href(ex, tab).toString()}`}>
                  {ex}
                </Link>
              ))}
            </div>
          </div>
        ) : tab === 'groups' ? (
          <Results q={q} query={groups} skeleton="group" render={(items) => <div className="group-grid group-grid--narrow">{items.map((g) => <GroupCard key={g.id} group={g} />)}</div>} />
        ) : tab === 'activities' ? (
          <Results
            q={q}
            query={activities}
            empty={t('search.noActivitiesBody')}
            render={(items) => <div className="stack">{items.map((a) => <ActivityCard key={a.id} activity={a} />)}</div>}
          />
        ) : tab === 'people' ? (
          <Results
            q={q}
            query={people}
            empty={t('search.noPeopleBody')}
            render={(items) => (
              <ul className="card follow-list" data-testid="search-people">
                {items.map((u) => <PersonRow key={u.id} user={u} />)}
              </ul>
            )}
          />
        ) : (
          <Results q={q} query={posts} render={(items) => <div className="stack">{items.map((p) => <PostCard key={p.id} post={p} />)}</div>} />
        )}
      </section>
    </div>
  );
}

/** One tab's results: loading, failed, none, or the items with "load more". */
function Results<T>({
  q,
  query,
  render,
  skeleton,
  empty,
}: {
  q: string;
  query: UseInfiniteQueryResult<InfiniteData<{ items: T[]; nextCursor: string | null }>>;
  render: (items: T[]) => ReactNode;
  skeleton?: 'group';
  empty?: string;
}) {
  if (query.isPending) return <CardSkeletons count={4} variant={skeleton} />;
  if (query.isError) return <ErrorView error={query.error} onRetry={() => void query.refetch()} />;
  const items = query.data.pages.flatMap((p) => p.items);
  if (items.length === 0) return <NoResults q={q} body={empty} />;
  return (
    <>
      {render(items)}
      <LoadMore hasMore={query.hasNextPage} loading={query.isFetchingNextPage} onLoad={() => void query.fetchNextPage()} />
    </>
  );
}

function PersonRow({ user }: { user: UserSummary }) {
  return (
    <li className="follow-list__item" data-testid="search-person">
      <Link to={`/u/${user.username}`} className="follow-list__link">
        <Avatar name={user.displayName} seed={user.id} src={user.avatarUrl} size={40} />
        <span className="search-person__names">
          <span className="follow-list__name">{user.displayName}</span>
          <span className="muted small"> @{user.username}</span>
        </span>
      </Link>
    </li>
  );
}

function NoResults({ q, body }: { q: string; body?: string }) {
  const { t } = useTranslation();
  return (
    <EmptyState
      icon="search"
      title={t('search.noResults', { q })}
      body={body ?? t('search.noResultsBody')}
      action={
        <Link to="/discover" className="btn btn--secondary">
          {t('home.emptyAction')}
        </Link>
      }
    />
  );
}
