import type { ActivitySummary, Me } from '@kindred/contract';
import { toMinorUnits } from '@kindred/contract/money';
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { useTranslation } from '../lib/translation';
import { Link, useSearchParams } from 'react-router-dom';
import { ActivityCard } from '../components/activity-card';
import { CardSkeletons, EmptyState, ErrorView, LoadMore } from '../components/feedback';
import { Icon } from '../components/icons';
import { MapView, type MapMarker } from '../components/map-view';
import { Segmented } from '../components/segmented';
import { useAreaActivities, useNearbyActivities, type MapArea, type NearbyFilters, type NearbySort, type NearbyWhen } from '../data/activities';
import { useMe } from '../data/session';
import { cities, findCity, findInterest, interests, useTaxonomy } from '../data/taxonomy';
import { ApiError } from '../lib/api';
import { useDocumentTitle } from '../lib/document-title';
import { feeCurrencies } from '../lib/format';
import { useMediaQuery } from '../lib/use-media-query';

type View = 'list' | 'map';
const whens: NearbyWhen[] = ['today', 'weekend', 'week', 'month'];
const radii = [5, 10, 25, 50, 100, 250, 500];
const DEFAULT_RADIUS = 25;

interface SearchPoint {
  lat: number;
  lng: number;
  /** What the select shows: 'home', 'here' or a city key. */
  source: string;
}

/** Where to look: the URL's choice (my location or a city), else the member's home area. */
function searchPoint(params: URLSearchParams, me: Me | null | undefined): SearchPoint | null {
  const near = params.get('near');
  if (near === 'here') {
    const lat = Number(params.get('lat'));
    const lng = Number(params.get('lng'));
    if (params.get('lat') && params.get('lng') && Math.abs(lat) <= 90 && Math.abs(lng) <= 180) return { lat, lng, source: 'here' };
  }
  const city = near && near !== 'home' ? cities.find((c) => c.key === near) : undefined;
  if (city) return { lat: city.lat, lng: city.lng, source: city.key };
  if (me?.lat != null && me.lng != null) return { lat: me.lat, lng: me.lng, source: 'home' };
  const homeCity = findCity(me?.city);
  if (homeCity) return { lat: homeCity.lat, lng: homeCity.lng, source: 'home' };
  return null;
}

/** "Popular nearby": activities around a point, as a list or on a map, with filters kept in the URL. */
export function ActivitiesPage() {
  const { t } = useTranslation();
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const wide = useMediaQuery('(min-width: 960px)');
  const [filtersOpen, setFiltersOpen] = useState(false);
  const { lang } = useTaxonomy();
  useDocumentTitle(t('activities.title'));

  const update = (change: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(change)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    setParams(next, { replace: true });
  };

  const view: View = params.get('view') === 'map' ? 'map' : 'list';
  const point = searchPoint(params, me);
  const radius = radii.includes(Number(params.get('radius'))) ? Number(params.get('radius')) : DEFAULT_RADIUS;
  const sort: NearbySort = params.get('sort') === 'distance' ? 'distance' : 'popular';
  const when = whens.find((w) => w === params.get('when'));
  const interest = params.get('interest') ?? undefined;
  const free = params.get('free') === '1';
  const maxFeeMajor = Number(params.get('maxFee'));
  const currency = feeCurrencies.find((c) => c === params.get('currency')) ?? feeCurrencies[0];
  const maxFee = params.get('maxFee') && Number.isFinite(maxFeeMajor) && maxFeeMajor >= 0 ? toMinorUnits(maxFeeMajor, currency) : undefined;
  const hasSeats = params.get('seats') === '1';

  const filters: NearbyFilters | null = point
    ? { lat: point.lat, lng: point.lng, radiusKm: radius, sort, interest, when, free: free || undefined, ...(free || maxFee === undefined ? {} : { maxFee, currency }), hasSeats: hasSeats || undefined }
    : null;
  const nearby = useNearbyActivities(filters);
  const items = useMemo(() => nearby.data?.pages.flatMap((p) => p.items) ?? [], [nearby.data]);
  const extraFilters = [sort !== 'popular', radius !== DEFAULT_RADIUS, free, maxFee !== undefined && !free, hasSeats].filter(Boolean).length;

  const filterPanel = (
    <FiltersPanel
      sort={sort}
      radius={radius}
      free={free}
      maxFee={params.get('maxFee') ?? ''}
      currency={currency}
      hasSeats={hasSeats}
      onChange={update}
      onClear={() => update({ sort: undefined, radius: undefined, free: undefined, maxFee: undefined, currency: undefined, seats: undefined, when: undefined, interest: undefined })}
    />
  );

  return (
    <div className="page page--activities">
      <header className="page-header page-header--split activities-header">
        <div>
          <p className="eyebrow hide-sm">{t('nav.activities')}</p>
          <h1>{t('activities.title')}</h1>
          <p className="muted hide-sm">{t('activities.subtitle')}</p>
        </div>
        {me ? (
          <div className="row activities-header__actions">
            <Link to="/me/activities" className="btn btn--secondary btn--sm" aria-label={t('nav.myActivities')} data-testid="my-activities-link">
              <Icon name="ticket" size={18} />
              <span className="hide-sm">{t('nav.myActivities')}</span>
            </Link>
            <Link to="/activities/new" className="btn btn--primary btn--sm only-wide" data-testid="new-activity">
              <Icon name="plus" size={18} />
              {t('nav.newActivity')}
            </Link>
            <Link to="/activities/new" className="fab" aria-label={t('nav.newActivity')} title={t('nav.newActivity')}>
              <Icon name="plus" size={26} />
            </Link>
          </div>
        ) : null}
      </header>

      <div className="activities-bar activities-bar--top">
        <LocationChooser point={point} me={me} onChange={update} />
        <Segmented<View>
          label={t('activities.view')}
          size="sm"
          value={view}
          onChange={(v) => update({ view: v === 'list' ? undefined : v })}
          options={[
            { value: 'list', label: t('activities.list'), testId: 'view-list', icon: 'list' },
            { value: 'map', label: t('activities.map'), testId: 'view-map', icon: 'map' },
          ]}
        />
      </div>

      <InterestChips value={interest} me={me} onChange={(tag) => update({ interest: tag })} />

      <div className="activities-bar activities-bar--filters">
        <div className="chip-row chip-row--scroll" role="group" aria-label={t('activities.when')}>
          <button type="button" className={`chip chip--toggle${!when ? ' chip--on' : ''}`} aria-pressed={!when} onClick={() => update({ when: undefined })}>
            {t('activities.whenAny')}
          </button>
          {whens.map((w) => (
            <button key={w} type="button" className={`chip chip--toggle${when === w ? ' chip--on' : ''}`} aria-pressed={when === w} onClick={() => update({ when: when === w ? undefined : w })} data-testid={`when-${w}`}>
              {t(`activities.${w}`)}
            </button>
          ))}
        </div>
        {!wide ? (
          <button type="button" className={`btn btn--ghost btn--sm filters-button${extraFilters ? ' filters-button--on' : ''}`} aria-expanded={filtersOpen} aria-controls="activity-filters" onClick={() => setFiltersOpen((o) => !o)} data-testid="filters-button">
            <Icon name="sliders" size={16} />
            {t('activities.filters')}
            {extraFilters ? <span className="count-pill">{extraFilters}</span> : null}
          </button>
        ) : null}
      </div>
      {!wide && filtersOpen ? <div id="activity-filters" className="filters-sheet card card--padded">{filterPanel}</div> : null}

      <div className="activities-layout">
        {wide ? (
          <aside className="activities-layout__filters card card--padded" id="activity-filters" aria-label={t('activities.filters')}>
            <h2 className="card__title">
              <Icon name="sliders" size={18} /> {t('activities.filters')}
            </h2>
            {filterPanel}
          </aside>
        ) : null}
        <section className="activities-layout__results" aria-label={t('activities.results')}>
          {!filters ? (
            <EmptyState
              icon="mapPin"
              title={t('activities.pickTitle')}
              body={t('activities.pickBody')}
              action={
                <div className="chip-row chip-row--center">
                  {cities.map((c) => (
                    <button key={c.key} type="button" className="chip chip--toggle" onClick={() => update({ near: c.key, lat: undefined, lng: undefined })}>
                      <Icon name="mapPin" size={14} /> {lang === 'zh-CN' ? c.zh : c.en}
                    </button>
                  ))}
                </div>
              }
            />
          ) : nearby.isPending ? (
            view === 'map' ? <div className="map map--lg map--loading" /> : <CardSkeletons count={4} />
          ) : nearby.isError ? (
            <ErrorView error={nearby.error} onRetry={() => void nearby.refetch()} />
          ) : view === 'map' ? (
            <MapResults key={JSON.stringify(filters)} filters={filters} items={items} hasMore={nearby.hasNextPage} loading={nearby.isFetchingNextPage} onMore={() => void nearby.fetchNextPage()} />
          ) : items.length === 0 ? (
            <NoResults radius={radius} signedIn={!!me} onWiden={(r) => update({ radius: String(r) })} />
          ) : (
            <>
              <div className="activity-grid" data-testid="activity-list">
                {items.map((a) => (
                  <ActivityCard key={a.id} activity={a} />
                ))}
              </div>
              <LoadMore hasMore={nearby.hasNextPage} loading={nearby.isFetchingNextPage} onLoad={() => void nearby.fetchNextPage()} />
              {!nearby.hasNextPage && items.length > 6 ? <p className="end-of-list muted">{t('common.end')}</p> : null}
            </>
          )}
        </section>
      </div>
    </div>
  );
}

/** Home area, a city, or the browser's location. */
function LocationChooser({ point, me, onChange }: { point: SearchPoint | null; me: Me | null | undefined; onChange: (change: Record<string, string | undefined>) => void }) {
  const { t } = useTranslation();
  const { cityLabel, lang } = useTaxonomy();
  const id = useId();
  const [locating, setLocating] = useState(false);
  const [failed, setFailed] = useState(false);
  const hasHome = me?.lat != null || !!findCity(me?.city);

  const locate = () => {
    if (!('geolocation' in navigator)) {
      setFailed(true);
      return;
    }
    setLocating(true);
    setFailed(false);
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        setLocating(false);
        // Coarse (about 100 m) is plenty for "near me", and keeps the URL from pinpointing anyone.
        onChange({ near: 'here', lat: pos.coords.latitude.toFixed(3), lng: pos.coords.longitude.toFixed(3) });
      },
      () => {
        setLocating(false);
        setFailed(true);
      },
      { enableHighAccuracy: false, timeout: 10_000, maximumAge: 300_000 },
    );
  };

  return (
    <div className="location-chooser">
      <label htmlFor={id} className="visually-hidden">
        {t('activities.location')}
      </label>
      <div className="select-wrap select-wrap--sm">
        <Icon name="mapPin" size={16} />
        <select
          id={id}
          value={point?.source ?? ''}
          onChange={(e) => {
            const v = e.target.value;
            if (v === 'here') locate();
            else onChange({ near: v || undefined, lat: undefined, lng: undefined });
          }}
          data-testid="location-select"
        >
          {!point ? <option value="">{t('activities.pickShort')}</option> : null}
          {hasHome ? <option value="home">{t('activities.home', { city: cityLabel(me?.city) ?? t('activities.homeArea') })}</option> : null}
          <option value="here">{t('activities.here')}</option>
          {cities.map((c) => (
            <option key={c.key} value={c.key}>
              {lang === 'zh-CN' ? c.zh : c.en}
            </option>
          ))}
        </select>
      </div>
      <button type="button" className="icon-button icon-button--bordered" onClick={locate} disabled={locating} aria-label={t('activities.useMyLocation')} title={t('activities.useMyLocation')} data-testid="use-my-location">
        {locating ? <span className="spinner spinner--sm" aria-hidden="true" /> : <Icon name="locate" size={20} />}
      </button>
      {failed ? (
        <p className="small location-chooser__error" role="alert">
          {t('activities.locateFailed')}
        </p>
      ) : null}
    </div>
  );
}

/** Interests as a scrolling chip row: the member's own first, then the rest of the taxonomy. */
function InterestChips({ value, me, onChange }: { value: string | undefined; me: Me | null | undefined; onChange: (tag: string | undefined) => void }) {
  const { t } = useTranslation();
  const { tagLabel } = useTaxonomy();
  const mine = (me?.interests ?? []).map((i) => i.tag).filter((tag) => findInterest(tag));
  const ordered = [...new Set([...(value ? [value] : []), ...mine, ...interests.map((i) => i.key)])];
  return (
    <div className="category-bar category-bar--scroll" role="group" aria-label={t('activities.interest')}>
      <button type="button" className={`category-chip${!value ? ' category-chip--on' : ''}`} aria-pressed={!value} onClick={() => onChange(undefined)}>
        <Icon name="sparkle" size={16} />
        {t('activities.allInterests')}
      </button>
      {ordered.map((tag) => (
        <button key={tag} type="button" className={`category-chip${value === tag ? ' category-chip--on' : ''}`} aria-pressed={value === tag} onClick={() => onChange(value === tag ? undefined : tag)} data-testid={`interest-filter-${tag}`}>
          {tagLabel(tag)}
        </button>
      ))}
    </div>
  );
}

function FiltersPanel({ sort, radius, free, maxFee, currency, hasSeats, onChange, onClear }: {
  sort: NearbySort;
  radius: number;
  free: boolean;
  maxFee: string;
  currency: string;
  hasSeats: boolean;
  onChange: (change: Record<string, string | undefined>) => void;
  onClear: () => void;
}) {
  const { t } = useTranslation();
  const radiusId = useId();
  const feeId = useId();
  const [fee, setFee] = useState(maxFee);
  useEffect(() => setFee(maxFee), [maxFee]);
  // Typing a fee refreshes the list once the member pauses.
  useEffect(() => {
    if (fee === maxFee) return;
    const timer = window.setTimeout(() => onChange({ maxFee: fee.trim() && Number(fee) >= 0 ? fee.trim() : undefined }), 500);
    return () => window.clearTimeout(timer);
  });

  return (
    <div className="filters">
      <div className="filters__group">
        <span className="field__label">{t('activities.sort')}</span>
        <Segmented<NearbySort>
          label={t('activities.sort')}
          size="sm"
          value={sort}
          onChange={(v) => onChange({ sort: v === 'popular' ? undefined : v })}
          options={[
            { value: 'popular', label: t('activities.popular'), testId: 'sort-popular' },
            { value: 'distance', label: t('activities.distance'), testId: 'sort-distance' },
          ]}
        />
      </div>
      <div className="filters__group">
        <label className="field__label" htmlFor={radiusId}>
          {t('activities.radius')}
        </label>
        <select id={radiusId} value={radius} onChange={(e) => onChange({ radius: Number(e.target.value) === DEFAULT_RADIUS ? undefined : e.target.value })} data-testid="radius-select">
          {radii.map((r) => (
            <option key={r} value={r}>
              {t('activities.radiusKm', { count: r })}
            </option>
          ))}
        </select>
      </div>
      <label className="switch">
        <input type="checkbox" checked={free} onChange={(e) => onChange({ free: e.target.checked ? '1' : undefined })} data-testid="free-only" />
        <span className="switch__track" aria-hidden="true" />
        <span>{t('activities.freeOnly')}</span>
      </label>
      {!free ? (
        <div className="filters__group">
          <label className="field__label" htmlFor={feeId}>
            {t('activities.maxFee')}
          </label>
          <div className="filters__fee">
            <input id={feeId} type="number" inputMode="decimal" min={0} step="any" placeholder={t('activities.maxFeeAny')} value={fee} onChange={(e) => setFee(e.target.value)} data-testid="max-fee" />
            <select
              aria-label={t('activityForm.currency')}
              value={currency}
              onChange={(e) => onChange({ currency: e.target.value === feeCurrencies[0] ? undefined : e.target.value })}
              data-testid="max-fee-currency"
            >
              {feeCurrencies.map((c) => (
                <option key={c} value={c}>
                  {c}
                </option>
              ))}
            </select>
          </div>
        </div>
      ) : null}
      <label className="switch">
        <input type="checkbox" checked={hasSeats} onChange={(e) => onChange({ seats: e.target.checked ? '1' : undefined })} data-testid="has-seats" />
        <span className="switch__track" aria-hidden="true" />
        <span>{t('activities.hasSeats')}</span>
      </label>
      <button type="button" className="text-button filters__clear" onClick={onClear}>
        <Icon name="x" size={14} /> {t('activities.clear')}
      </button>
    </div>
  );
}

function NoResults({ radius, signedIn, onWiden }: { radius: number; signedIn: boolean; onWiden: (radius: number) => void }) {
  const { t } = useTranslation();
  const wider = radii.find((r) => r > radius);
  return (
    <EmptyState
      icon="calendar"
      title={t('activities.emptyTitle')}
      body={t('activities.emptyBody')}
      action={
        <>
          {wider ? (
            <button type="button" className="btn btn--secondary" onClick={() => onWiden(wider)}>
              {t('activities.widen', { count: wider })}
            </button>
          ) : null}
          {signedIn ? (
            <Link to="/activities/new" className="btn btn--primary">
              {t('nav.newActivity')}
            </Link>
          ) : null}
        </>
      }
    />
  );
}

/** Activities grouped by where they happen (the same point to about a metre), in the order first seen. */
function activitiesByPlace(activities: ActivitySummary[]): ActivitySummary[][] {
  const byPlace = new Map<string, ActivitySummary[]>();
  for (const a of activities) {
    const key = `${a.place.lat.toFixed(5)},${a.place.lng.toFixed(5)}`;
    const here = byPlace.get(key);
    if (here) here.push(a);
    else byPlace.set(key, [a]);
  }
  return [...byPlace.values()];
}

/**
 * The loaded activities as pins; tapping one shows its card under the map. Once the member moves the map,
 * "Search this area" shows the most popular activities inside its view instead (same filters).
 */
function MapResults({ filters, items, hasMore, loading, onMore }: {
  filters: NearbyFilters;
  items: ActivitySummary[];
  hasMore: boolean;
  loading: boolean;
  onMore: () => void;
}) {
  const { t } = useTranslation();
  const [selectedId, setSelectedId] = useState<number | null>(null);
  const [moved, setMoved] = useState<MapArea | null>(null);
  const [area, setArea] = useState<MapArea | null>(null);
  const { lat: _lat, lng: _lng, radiusKm: _radius, sort: _sort, ...shared } = filters;
  const inArea = useAreaActivities(area ? { ...shared, ...area } : null);
  const shown = useMemo(() => (area ? (inArea.data?.items ?? []) : items), [area, inArea.data, items]);
  // Activities at one place share one pin (one would hide the others); tapping it lists them all.
  const places = useMemo(() => activitiesByPlace(shown), [shown]);
  const markers = useMemo<MapMarker[]>(
    () =>
      places.map((here) => {
        const first = here[0]!;
        const label = here.length === 1 ? first.title : t('activities.mapPlace', { count: here.length, place: first.place.name });
        return { id: first.id, lat: first.place.lat, lng: first.place.lng, label, count: here.length };
      }),
    [places, t],
  );
  const origin = useMemo(() => ({ lat: filters.lat, lng: filters.lng }), [filters.lat, filters.lng]);
  const selectedPlace = selectedId === null ? null : (places.find((here) => here.some((a) => a.id === selectedId)) ?? null);
  const selectedRef = useRef<HTMLDivElement>(null);
  // On a phone the card sits under the map: bring it into view when a pin is tapped.
  useEffect(() => {
    if (selectedId !== null) selectedRef.current?.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  }, [selectedId]);
  const searchArea = () => {
    setArea(moved);
    setMoved(null);
    setSelectedId(null);
  };
  const tooLarge = inArea.error instanceof ApiError && inArea.error.status === 400;
  return (
    <div className="map-results">
      <div className="map-results__map">
        <MapView
          label={t('activities.mapLabel')}
          center={origin}
          origin={origin}
          radiusKm={filters.radiusKm}
          markers={markers}
          selectedId={selectedId}
          onSelect={setSelectedId}
          onViewChange={setMoved}
          size="lg"
          testId="activities-map"
        />
        {moved ? (
          <button type="button" className="btn btn--secondary btn--sm map-results__area" onClick={searchArea} data-testid="search-area">
            <Icon name="search" size={16} />
            {t('activities.searchArea')}
          </button>
        ) : null}
      </div>
      <p className="small muted map-results__hint" aria-live="polite" data-testid="map-count">
        {area ? (
          <>
            {inArea.isPending ? t('common.loading') : tooLarge ? t('activities.zoomIn') : inArea.isError ? t('activities.areaFailed') : t('activities.areaCount', { count: shown.length })}
            <button type="button" className="text-button" onClick={() => setArea(null)} data-testid="back-to-nearby">
              {t('activities.backToNearby')}
            </button>
          </>
        ) : (
          <>
            {items.length === 0 ? t('activities.emptyTitle') : t('activities.mapCount', { count: items.length })}
            {hasMore ? (
              <button type="button" className="text-button" onClick={onMore} disabled={loading}>
                {loading ? t('common.loading') : t('activities.mapMore')}
              </button>
            ) : null}
          </>
        )}
      </p>
      {selectedPlace && selectedPlace.length > 1 ? (
        <section data-testid="map-selected" ref={selectedRef} className="map-results__selected map-results__place" aria-labelledby="map-place-title">
          <h2 id="map-place-title" className="map-results__place-title">
            {t('activities.mapPlace', { count: selectedPlace.length, place: selectedPlace[0]!.place.name })}
          </h2>
          <ul className="map-results__place-list">
            {selectedPlace.map((a) => (
              <li key={a.id}>
                <ActivityCard activity={a} />
              </li>
            ))}
          </ul>
        </section>
      ) : selectedPlace ? (
        <div data-testid="map-selected" ref={selectedRef} className="map-results__selected">
          <ActivityCard activity={selectedPlace[0]!} />
        </div>
      ) : shown.length ? (
        <p className="map-results__tip muted small">
          <Icon name="mapPin" size={15} /> {t('activities.mapHint')}
        </p>
      ) : null}
    </div>
  );
}
