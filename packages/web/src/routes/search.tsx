import { useEffect, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { CardSkeletons, EmptyState, ErrorView, LoadMore } from '../components/feedback';
import { GroupCard } from '../components/group-card';
import { Icon } from '../components/icons';
import { PostCard } from '../components/post-card';
import { useSearchGroups, useSearchPosts } from '../data/search';
import { useDocumentTitle } from '../lib/document-title';

type Tab = 'groups' | 'posts';
const examples = ['徒步', 'hiking', '桌游', 'coffee', '摄影', 'running'];

export function SearchPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const inputId = useId();
  const q = (params.get('q') ?? '').trim();
  const tab: Tab = params.get('tab') === 'posts' ? 'posts' : 'groups';
  const [draft, setDraft] = useState(q);
  useEffect(() => setDraft(q), [q]);
  useDocumentTitle(q ? `${q} — ${t('search.title')}` : t('search.title'));

  const groups = useSearchGroups(q, tab === 'groups');
  const posts = useSearchPosts(q, tab === 'posts');

  const go = (nextQ: string, nextTab: Tab = tab) => {
    const p = new URLSearchParams();
    if (nextQ.trim()) p.set('q', nextQ.trim());
    if (nextTab === 'posts') p.set('tab', 'posts');
    setParams(p);
  };
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

      <div className="tabs tabs--compact" role="tablist" aria-label={t('search.tabs')}>
        {(['groups', 'posts'] as const).map((name) => (
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
                <Link key={ex} className="chip chip--tag" to={`/search?q=${encodeURIComponent(ex)}${tab === 'posts' ? '&tab=posts' : ''}`}>
                  {ex}
                </Link>
              ))}
            </div>
          </div>
        ) : tab === 'groups' ? (
          groups.isPending ? (
            <CardSkeletons count={4} variant="group" />
          ) : groups.isError ? (
            <ErrorView error={groups.error} onRetry={() => void groups.refetch()} />
          ) : (groups.data.pages[0]?.items.length ?? 0) === 0 ? (
            <NoResults q={q} />
          ) : (
            <>
              <div className="group-grid group-grid--narrow">
                {groups.data.pages.flatMap((p) => p.items).map((g) => (
                  <GroupCard key={g.id} group={g} />
                ))}
              </div>
              <LoadMore hasMore={groups.hasNextPage} loading={groups.isFetchingNextPage} onLoad={() => void groups.fetchNextPage()} />
            </>
          )
        ) : posts.isPending ? (
          <CardSkeletons count={4} />
        ) : posts.isError ? (
          <ErrorView error={posts.error} onRetry={() => void posts.refetch()} />
        ) : (posts.data.pages[0]?.items.length ?? 0) === 0 ? (
          <NoResults q={q} />
        ) : (
          <>
            <div className="stack">
              {posts.data.pages.flatMap((p) => p.items).map((p) => (
                <PostCard key={p.id} post={p} />
              ))}
            </div>
            <LoadMore hasMore={posts.hasNextPage} loading={posts.isFetchingNextPage} onLoad={() => void posts.fetchNextPage()} />
          </>
        )}
      </section>
    </div>
  );
}

function NoResults({ q }: { q: string }) {
  const { t } = useTranslation();
  return (
    <EmptyState
      icon="search"
      title={t('search.noResults', { q })}
      body={t('search.noResultsBody')}
      action={
        <Link to="/discover" className="btn btn--secondary">
          {t('home.emptyAction')}
        </Link>
      }
    />
  );
}
