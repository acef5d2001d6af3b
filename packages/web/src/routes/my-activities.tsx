import type { KeyboardEvent } from 'react';
import { useTranslation } from '../lib/translation';
import { Link, useSearchParams } from 'react-router-dom';
import { ActivityCard } from '../components/activity-card';
import { CardSkeletons, EmptyState, ErrorView, LoadMore } from '../components/feedback';
import { Icon } from '../components/icons';
import { useMyActivities, type MyActivitiesTab } from '../data/activities';
import { useDocumentTitle } from '../lib/document-title';

const tabs: MyActivitiesTab[] = ['upcoming', 'waitlisted', 'past', 'organizing'];

/** The member's activities: going, waiting, been, and organizing. */
export function MyActivitiesPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const requested = params.get('tab') as MyActivitiesTab | null;
  const tab: MyActivitiesTab = requested && tabs.includes(requested) ? requested : 'upcoming';
  const list = useMyActivities(tab);
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  useDocumentTitle(t('myActivities.title'));

  const select = (next: MyActivitiesTab) => setParams(next === 'upcoming' ? {} : { tab: next }, { replace: true });
  const onKey = (e: KeyboardEvent, index: number) => {
    const delta = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
    if (!delta) return;
    const next = tabs[(index + delta + tabs.length) % tabs.length] ?? 'upcoming';
    select(next);
    document.getElementById(`my-activities-tab-${next}`)?.focus();
  };

  return (
    <div className="page page--narrow">
      <header className="page-header page-header--split">
        <div>
          <p className="eyebrow">{t('nav.activities')}</p>
          <h1>{t('myActivities.title')}</h1>
        </div>
        <Link to="/activities/new" className="btn btn--secondary btn--sm">
          <Icon name="plus" size={16} /> {t('nav.newActivity')}
        </Link>
      </header>
      <div className="tabs tabs--pills" role="tablist" aria-label={t('myActivities.tabsLabel')}>
        {tabs.map((name, i) => (
          <button
            key={name}
            id={`my-activities-tab-${name}`}
            type="button"
            role="tab"
            aria-selected={tab === name}
            aria-controls={tab === name ? 'my-activities-panel' : undefined}
            tabIndex={tab === name ? 0 : -1}
            className="tabs__tab"
            onClick={() => select(name)}
            onKeyDown={(e) => onKey(e, i)}
            data-testid={`my-tab-${name}`}
          >
            {t(`myActivities.tabs.${name}`)}
          </button>
        ))}
      </div>
      <section id="my-activities-panel" role="tabpanel" aria-labelledby={`my-activities-tab-${tab}`}>
        {list.isPending ? (
          <CardSkeletons count={3} />
        ) : list.isError ? (
          <ErrorView error={list.error} onRetry={() => void list.refetch()} />
        ) : items.length === 0 ? (
          <EmptyState
            icon={tab === 'organizing' ? 'flag' : 'ticket'}
            title={t(`myActivities.empty.${tab}`)}
            body={tab === 'organizing' ? t('myActivities.emptyOrganizingBody') : t('myActivities.emptyBody')}
            action={
              tab === 'organizing' ? (
                <Link to="/activities/new" className="btn btn--primary">
                  {t('nav.newActivity')}
                </Link>
              ) : (
                <Link to="/activities" className="btn btn--primary">
                  {t('myActivities.find')}
                </Link>
              )
            }
          />
        ) : (
          <>
            <div className="stack" data-testid="my-activities-list">
              {items.map((a) => (
                <ActivityCard key={a.id} activity={a} />
              ))}
            </div>
            <LoadMore hasMore={list.hasNextPage} loading={list.isFetchingNextPage} onLoad={() => void list.fetchNextPage()} />
          </>
        )}
      </section>
    </div>
  );
}
