import type { GroupSummary } from '@kindred/contract';
import { useMemo, useState } from 'react';
import { useTranslation } from '../lib/translation';
import { Link, useSearchParams } from 'react-router-dom';
import { ActivityCard } from '../components/activity-card';
import { CardSkeletons, EmptyState, ErrorView } from '../components/feedback';
import { GroupCard } from '../components/group-card';
import { Icon } from '../components/icons';
import { PostCard } from '../components/post-card';
import { useNearbyActivities } from '../data/activities';
import { frontActivitiesFilters, frontGroupsFilters, frontPageCity, useGuidesOfGroups } from '../data/front-page';
import { useGroups } from '../data/groups';
import { cities, rememberCity, useTaxonomy, type City } from '../data/taxonomy';
import { useDocumentTitle } from '../lib/document-title';
import './front-page.css';

const DEFAULT_CITY = cities[0]!;

/** A browser position rounded to about a kilometre: enough to find what is near, no more. */
interface CoarsePoint {
  lat: number;
  lng: number;
}

type LocationState = 'idle' | 'asking' | 'denied' | 'unavailable';

/**
 * The front page for a first-time visitor: what Kindred is, shown through what is happening in a city —
 * popular upcoming activities, lively groups by interest and a few good guides. Public content only.
 */
export function FrontPage() {
  const { t } = useTranslation();
  const { lang } = useTaxonomy();
  useDocumentTitle(t('front.documentTitle'));
  const [search, setSearch] = useSearchParams();
  const city = frontPageCity(search);
  const [point, setPoint] = useState<CoarsePoint | null>(null);
  const [locating, setLocating] = useState<LocationState>('idle');

  const pickCity = (next: City) => {
    setPoint(null);
    setLocating('idle');
    rememberCity(next);
    setSearch(next === DEFAULT_CITY ? {} : { city: next.key }, { replace: true });
  };

  const useMyLocation = () => {
    if (!('geolocation' in navigator)) {
      setLocating('unavailable');
      return;
    }
    setLocating('asking');
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        setPoint({ lat: Math.round(pos.coords.latitude * 100) / 100, lng: Math.round(pos.coords.longitude * 100) / 100 });
        setLocating('idle');
      },
      (err) => setLocating(err.code === err.PERMISSION_DENIED ? 'denied' : 'unavailable'),
      { enableHighAccuracy: false, maximumAge: 30 * 60_000, timeout: 10_000 },
    );
  };

  const where = point ?? { lat: city.lat, lng: city.lng };
  const placeName = point ? t('front.nearYou') : lang === 'zh-CN' ? city.zh : city.en;

  return (
    <div className="page front" data-testid="front-page">
      <section className="front-hero" aria-labelledby="front-title">
        <p className="eyebrow">{t('front.eyebrow')}</p>
        <h1 id="front-title">{t('front.title')}</h1>
        <p className="front-hero__lede">{t('front.lede')}</p>
        <div className="front-hero__actions">
          <Link to="/signup" className="btn btn--primary btn--lg" data-testid="front-signup">
            {t('front.signUp')}
          </Link>
          <Link to="/signin" className="btn btn--secondary btn--lg" data-testid="front-signin">
            {t('front.signIn')}
          </Link>
        </div>
      </section>

      <section className="front-where" aria-labelledby="front-where-title">
        <h2 id="front-where-title" className="front-where__title">
          {t('front.pickCity')}
        </h2>
        <div className="front-cities" role="radiogroup" aria-labelledby="front-where-title">
          {cities.map((c) => (
            <button
              key={c.key}
              type="button"
              role="radio"
              aria-checked={!point && c.key === city.key}
              className="front-city"
              onClick={() => pickCity(c)}
              data-testid={`front-city-${c.key}`}
            >
              {lang === 'zh-CN' ? c.zh : c.en}
            </button>
          ))}
          <button
            type="button"
            role="radio"
            aria-checked={point !== null}
            className="front-city front-city--locate"
            onClick={useMyLocation}
            disabled={locating === 'asking'}
            data-testid="front-use-location"
          >
            <Icon name="mapPin" size={16} />
            {locating === 'asking' ? t('front.locating') : t('front.useLocation')}
          </button>
        </div>
        {locating === 'denied' || locating === 'unavailable' ? (
          <p className="small muted" role="status" data-testid="front-location-fallback">
            {t(locating === 'denied' ? 'front.locationDenied' : 'front.locationUnavailable')}
          </p>
        ) : null}
      </section>

      <FrontActivities where={where} placeName={placeName} />
      <FrontGroups cityName={point ? null : city.en} placeName={placeName} />
    </div>
  );
}

function FrontActivities({ where, placeName }: { where: CoarsePoint; placeName: string }) {
  const { t } = useTranslation();
  const nearby = useNearbyActivities(frontActivitiesFilters(where));
  const items = nearby.data?.pages[0]?.items.slice(0, 6) ?? [];
  return (
    <section className="front-section" aria-labelledby="front-activities-title" aria-busy={nearby.isPending} data-testid="front-activities">
      <header className="front-section__header">
        <h2 id="front-activities-title">{t('front.activitiesTitle', { place: placeName })}</h2>
        <Link to="/activities" className="small">
          {t('front.seeAll')}
        </Link>
      </header>
      {nearby.isPending ? (
        <CardSkeletons count={3} />
      ) : nearby.isError ? (
        <ErrorView error={nearby.error} onRetry={() => void nearby.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState icon="calendar" title={t('front.activitiesEmptyTitle')} body={t('front.activitiesEmptyBody')} />
      ) : (
        <div className="front-grid">
          {items.map((a) => (
            <ActivityCard key={a.id} activity={a} testId="front-activity" />
          ))}
        </div>
      )}
    </section>
  );
}

/** Popular public groups in the city, with the interests they gather around as a filter; then their best guides. */
function FrontGroups({ cityName, placeName }: { cityName: string | null; placeName: string }) {
  const { t } = useTranslation();
  const { tagLabel } = useTaxonomy();
  const groups = useGroups(frontGroupsFilters(cityName));
  const all = useMemo(() => (groups.data?.pages[0]?.items ?? []).filter((g) => g.visibility === 'public'), [groups.data]);
  const interests = useMemo(() => topInterests(all, 6), [all]);
  const [interest, setInterest] = useState<string | null>(null);
  const shown = (interest ? all.filter((g) => g.tags.includes(interest)) : all).slice(0, 6);
  const guideGroups = all.slice(0, 4).map((g) => g.id);
  const guides = useGuidesOfGroups(guideGroups);

  return (
    <>
      <section className="front-section" aria-labelledby="front-groups-title" aria-busy={groups.isPending} data-testid="front-groups">
        <header className="front-section__header">
          <h2 id="front-groups-title">{t('front.groupsTitle', { place: placeName })}</h2>
          <Link to="/discover" className="small">
            {t('front.seeAll')}
          </Link>
        </header>
        {interests.length > 1 ? (
          <div className="front-interests" role="group" aria-label={t('front.byInterest')}>
            <button type="button" className="chip" aria-pressed={interest === null} onClick={() => setInterest(null)}>
              {t('front.allInterests')}
            </button>
            {interests.map((tag) => (
              <button key={tag} type="button" className="chip" aria-pressed={interest === tag} onClick={() => setInterest(tag)}>
                {tagLabel(tag)}
              </button>
            ))}
          </div>
        ) : null}
        {groups.isPending ? (
          <CardSkeletons count={3} variant="group" />
        ) : groups.isError ? (
          <ErrorView error={groups.error} onRetry={() => void groups.refetch()} />
        ) : shown.length === 0 ? (
          <EmptyState icon="users" title={t('front.groupsEmptyTitle')} body={t('front.groupsEmptyBody')} />
        ) : (
          <div className="front-grid">
            {shown.map((g) => (
              <GroupCard key={g.id} group={g} testId="front-group" />
            ))}
          </div>
        )}
      </section>

      <section className="front-section" aria-labelledby="front-guides-title" aria-busy={groups.isPending || guides.isPending} data-testid="front-guides">
        <header className="front-section__header">
          <h2 id="front-guides-title">{t('front.guidesTitle')}</h2>
        </header>
        {groups.isPending || guides.isPending ? (
          <CardSkeletons count={2} />
        ) : guides.posts.length === 0 ? (
          <EmptyState icon="book" title={t('front.guidesEmptyTitle')} body={t('front.guidesEmptyBody')} />
        ) : (
          <div className="front-grid">
            {guides.posts.slice(0, 4).map((p) => (
              <PostCard key={p.id} post={p} testId="front-guide" />
            ))}
          </div>
        )}
      </section>

      <section className="front-closing card card--padded">
        <h2>{t('front.closingTitle')}</h2>
        <p className="muted">{t('front.closingBody')}</p>
        <Link to="/signup" className="btn btn--primary">
          {t('front.signUp')}
        </Link>
      </section>
    </>
  );
}

/** The interests the most groups share, most common first. */
function topInterests(groups: GroupSummary[], max: number): string[] {
  const counts = new Map<string, number>();
  for (const g of groups) for (const tag of g.tags) counts.set(tag, (counts.get(tag) ?? 0) + 1);
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, max)
    .map(([tag]) => tag);
}
