import { useId, type KeyboardEvent } from 'react';
import { useTranslation } from '../lib/translation';
import { Link, useLocation, useSearchParams } from 'react-router-dom';
import { CitySelect } from '../components/city-picker';
import { CardSkeletons, EmptyState, ErrorView, LoadMore } from '../components/feedback';
import { ActivityCard } from '../components/activity-card';
import { GroupCard } from '../components/group-card';
import { CategoryIcon, Icon, type IconName } from '../components/icons';
import { Segmented } from '../components/segmented';
import { TagChip } from '../components/tag-chip';
import { useFeatured } from '../data/featured';
import { useGroups, type GroupFilters } from '../data/groups';
import { useMe } from '../data/session';
import { cityValue, interestCategories, useTaxonomy } from '../data/taxonomy';
import { useDocumentTitle } from '../lib/document-title';
import { ForYouView } from './for-you';
import { PeopleYouMayKnow } from '../components/people-you-may-know';

type View = 'for-you' | 'browse';
const views: { view: View; icon: IconName; label: 'forYou.tab' | 'forYou.browseTab' }[] = [
  { view: 'for-you', icon: 'sparkle', label: 'forYou.tab' },
  { view: 'browse', icon: 'compass', label: 'forYou.browseTab' },
];
const browseParams = ['view', 'category', 'tag', 'city', 'sort'];

/** Onboarding sends newcomers here with this state, for a welcome line. */
export interface DiscoverState {
  welcome?: boolean;
}

/**
 * Discover: for members, "For you" (recommendations) and "Browse" (every group by interest);
 * visitors who are not signed in browse. Any browse filter in the URL opens Browse.
 */
export function DiscoverPage() {
  const { t } = useTranslation();
  const me = useMe();
  const location = useLocation();
  const [params, setParams] = useSearchParams();
  const view: View = !me || browseParams.some((k) => params.has(k)) ? 'browse' : 'for-you';
  const welcome = (location.state as DiscoverState | null)?.welcome === true;
  useDocumentTitle(view === 'for-you' ? t('forYou.title') : t('discover.title'));

  const select = (next: View) => setParams(next === 'browse' ? { view: 'browse' } : {}, { replace: true });
  const onKey = (e: KeyboardEvent, index: number) => {
    const delta = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
    if (!delta) return;
    const next = views[(index + delta + views.length) % views.length]!.view;
    select(next);
    document.getElementById(`discover-tab-${next}`)?.focus();
  };

  return (
    <div className="page">
      <header className="page-header page-header--split">
        <div>
          {view === 'for-you' ? (
            <>
              <h1>{t('forYou.title')}</h1>
              <p className="muted">{welcome && me ? t('forYou.welcome', { name: me.displayName }) : t('forYou.subtitle')}</p>
            </>
          ) : (
            <>
              <h1>{t('discover.title')}</h1>
              <p className="muted">{t('discover.subtitle')}</p>
            </>
          )}
        </div>
        {me ? (
          <>
            <Link to="/groups/new" className="btn btn--primary only-wide" data-testid="create-group">
              <Icon name="plus" size={18} />
              {t('nav.createGroup')}
            </Link>
            <Link to="/groups/new" className="fab" aria-label={t('nav.createGroup')} title={t('nav.createGroup')}>
              <Icon name="plus" size={26} />
            </Link>
          </>
        ) : null}
      </header>

      {me ? (
        <div className="discover-bar">
          <div className="tabs tabs--pills discover-tabs" role="tablist" aria-label={t('forYou.tabsLabel')}>
            {views.map((v, i) => (
              <button
                key={v.view}
                id={`discover-tab-${v.view}`}
                type="button"
                role="tab"
                aria-selected={view === v.view}
                aria-controls={view === v.view ? 'discover-panel' : undefined}
                tabIndex={view === v.view ? 0 : -1}
                className="tabs__tab"
                onClick={() => select(v.view)}
                onKeyDown={(e) => onKey(e, i)}
                data-testid={`discover-tab-${v.view}`}
              >
                <Icon name={v.icon} size={17} />
                {t(v.label)}
              </button>
            ))}
          </div>
          {view === 'for-you' && (me.interests.length > 0 || me.city) ? (
            <div className="based-on" data-testid="based-on">
              <span className="based-on__label muted">{t('forYou.basedOn')}</span>
              <ul className="tag-list">
                {me.interests.slice(0, 5).map((i) => (
                  <li key={i.tag}>
                    <TagChip tag={i.tag} />
                  </li>
                ))}
                {me.city ? (
                  <li>
                    <CityChip city={me.city} />
                  </li>
                ) : null}
              </ul>
              <Link to="/me" className="based-on__edit small">
                <Icon name="edit" size={14} />
                {t('forYou.editInterests')}
              </Link>
            </div>
          ) : null}
        </div>
      ) : null}

      {me === undefined ? (
        <CardSkeletons count={4} variant="group" />
      ) : (
        <div id="discover-panel" role={me ? 'tabpanel' : undefined} aria-labelledby={me ? `discover-tab-${view}` : undefined}>
          {view === 'for-you' ? (
            <>
              <ForYouView />
              <PeopleYouMayKnow />
            </>
          ) : (
            <BrowseGroups />
          )}
        </div>
      )}
    </div>
  );
}

function CityChip({ city }: { city: string }) {
  const { cityLabel } = useTaxonomy();
  return (
    <span className="chip chip--city">
      <Icon name="mapPin" size={13} />
      {cityLabel(city)}
    </span>
  );
}

/** Every group, by category, tag and city, popular or new first. */
function BrowseGroups() {
  const { t } = useTranslation();
  const me = useMe();
  const { tagLabel, categoryLabel } = useTaxonomy();
  const [params, setParams] = useSearchParams();
  const cityId = useId();

  const category = params.get('category') ?? undefined;
  const tag = params.get('tag') ?? undefined;
  const city = params.get('city') ?? undefined;
  const sort = params.get('sort') === 'new' ? 'new' : 'popular';
  const filters: GroupFilters = { category, tag, city, sort };
  const groups = useGroups(filters);
  const items = groups.data?.pages.flatMap((p) => p.items) ?? [];

  const update = (change: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(change)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    // Stay on Browse when the last filter is cleared.
    if (me && !browseParams.some((k) => next.has(k))) next.set('view', 'browse');
    setParams(next, { replace: true });
  };

  return (
    <>
      <FeaturedSection />
      <div className="category-bar" role="group" aria-label={t('discover.categories')}>
        <button type="button" className={`category-chip${!category ? ' category-chip--on' : ''}`} aria-pressed={!category} onClick={() => update({ category: undefined, tag: undefined })}>
          <Icon name="sparkle" size={18} />
          {t('discover.all')}
        </button>
        {interestCategories.map((c) => (
          <button
            key={c.key}
            type="button"
            className={`category-chip category-chip--${c.key}${category === c.key ? ' category-chip--on' : ''}`}
            aria-pressed={category === c.key}
            onClick={() => update({ category: category === c.key ? undefined : c.key, tag: undefined })}
            data-testid={`category-${c.key}`}
          >
            <CategoryIcon category={c.key} size={18} />
            {categoryLabel(c)}
          </button>
        ))}
      </div>

      <div className="toolbar">
        <Segmented
          label={t('discover.sort')}
          size="sm"
          value={sort}
          onChange={(v) => update({ sort: v === 'popular' ? undefined : v })}
          options={[
            { value: 'popular', label: t('discover.popular') },
            { value: 'new', label: t('discover.new') },
          ]}
        />
        <div className="toolbar__right">
          {tag ? (
            <button type="button" className="chip chip--filter" onClick={() => update({ tag: undefined })} aria-label={`${tagLabel(tag)} ✕`}>
              {tagLabel(tag)} <Icon name="x" size={13} />
            </button>
          ) : null}
          <label htmlFor={cityId} className="visually-hidden">
            {t('discover.cityFilter')}
          </label>
          <div className="select-wrap select-wrap--sm">
            <Icon name="mapPin" size={16} />
            <CitySelect id={cityId} value={city ?? null} noneLabel={t('discover.everywhere')} onChange={(c) => update({ city: c ? cityValue(c) : undefined })} />
          </div>
        </div>
      </div>

      {groups.isPending ? (
        <CardSkeletons count={6} variant="group" />
      ) : groups.isError ? (
        <ErrorView error={groups.error} onRetry={() => void groups.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState
          icon="users"
          title={t('discover.emptyTitle')}
          body={t('discover.emptyBody')}
          action={
            me ? (
              <Link to="/groups/new" className="btn btn--primary">
                {t('nav.createGroup')}
              </Link>
            ) : null
          }
        />
      ) : (
        <>
          <div className="group-grid" data-testid="group-list">
            {items.map((g) => (
              <GroupCard key={g.id} group={g} />
            ))}
          </div>
          <LoadMore hasMore={groups.hasNextPage} loading={groups.isFetchingNextPage} onLoad={() => void groups.fetchNextPage()} />
        </>
      )}
    </>
  );
}

/** What the operators pinned to Discover: groups, then activities to come; nothing when there is none (or it fails). */
function FeaturedSection() {
  const { t } = useTranslation();
  const featured = useFeatured();
  if (featured.isPending) {
    return (
      <div className="featured featured--loading" aria-hidden="true">
        <CardSkeletons count={1} variant="group" />
      </div>
    );
  }
  const groups = featured.data?.groups ?? [];
  const activities = featured.data?.activities ?? [];
  if (groups.length === 0 && activities.length === 0) return null;
  return (
    <section className="rec-section featured" aria-labelledby="featured-title" data-testid="featured">
      <header className="section__header rec-section__header">
        <h2 id="featured-title">
          <span className="rec-section__icon featured__icon" aria-hidden="true">
            <Icon name="star" size={18} />
          </span>
          {t('featured.title')}
        </h2>
      </header>
      {groups.length > 0 ? (
        <ul className="rec-row rec-row--groups" aria-label={t('featured.groups')} data-testid="featured-groups">
          {groups.map((g) => (
            <li key={g.id}>
              <GroupCard group={g} testId="featured-group" />
            </li>
          ))}
        </ul>
      ) : null}
      {activities.length > 0 ? (
        <ul className="rec-row featured__activities" aria-label={t('featured.activities')} data-testid="featured-activities">
          {activities.map((a) => (
            <li key={a.id}>
              <ActivityCard activity={a} testId="featured-activity" />
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
