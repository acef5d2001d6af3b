import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { CitySelect } from '../components/city-picker';
import { CardSkeletons, EmptyState, ErrorView, LoadMore } from '../components/feedback';
import { GroupCard } from '../components/group-card';
import { CategoryIcon, Icon } from '../components/icons';
import { Segmented } from '../components/segmented';
import { useGroups, type GroupFilters } from '../data/groups';
import { useMe } from '../data/session';
import { cityValue, interestCategories, useTaxonomy } from '../data/taxonomy';
import { useDocumentTitle } from '../lib/document-title';

export function DiscoverPage() {
  const { t } = useTranslation();
  const me = useMe();
  const { tagLabel, categoryLabel } = useTaxonomy();
  const [params, setParams] = useSearchParams();
  const cityId = useId();
  useDocumentTitle(t('discover.title'));

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
    setParams(next, { replace: true });
  };

  return (
    <div className="page">
      <header className="page-header page-header--split">
        <div>
          <h1>{t('discover.title')}</h1>
          <p className="muted">{t('discover.subtitle')}</p>
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
    </div>
  );
}
