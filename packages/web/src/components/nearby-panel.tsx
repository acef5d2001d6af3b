import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useNearbyActivities } from '../data/activities';
import { useMe } from '../data/session';
import { findCity } from '../data/taxonomy';
import { useFormat } from '../lib/format';
import { DateTile, FeeLabel, formatKm } from './activity-card';
import { Skeleton } from './feedback';
import { Icon } from './icons';

/** "Happening near you": the few most popular activities around the member's home, for the home page. */
export function NearbyPanel() {
  const { t } = useTranslation();
  const f = useFormat();
  const me = useMe();
  const city = findCity(me?.city);
  const lat = me?.lat ?? city?.lat;
  const lng = me?.lng ?? city?.lng;
  const nearby = useNearbyActivities(lat != null && lng != null ? { lat, lng, radiusKm: 25, sort: 'popular' } : null);
  const items = nearby.data?.pages[0]?.items.slice(0, 3) ?? [];
  if (lat == null || lng == null || (nearby.isSuccess && items.length === 0)) return null;
  return (
    <section className="panel" aria-labelledby="nearby-panel-title" data-testid="nearby-panel">
      <header className="panel__header">
        <h2 id="nearby-panel-title">{t('activities.nearYou')}</h2>
        <Link to="/activities" className="small">
          {t('home.seeAll')}
        </Link>
      </header>
      {nearby.isPending ? (
        <div className="stack stack--sm">
          <Skeleton height={48} width="100%" />
          <Skeleton height={48} width="100%" />
        </div>
      ) : (
        <ul className="mini-activities">
          {items.map((a) => (
            <li key={a.id}>
              <Link to={`/activities/${a.id}`} className="mini-activity">
                <DateTile activity={a} />
                <span className="mini-activity__text">
                  <span className="mini-activity__title">{a.title}</span>
                  <span className="small muted">
                    {a.place.name}
                    {a.distanceKm !== null ? ` · ${t('activity.kmAway', { distance: formatKm(a.distanceKm, f.lang) })}` : ''}
                  </span>
                  <span className="small">
                    <FeeLabel fee={a.fee} />
                  </span>
                </span>
                <Icon name="chevronRight" size={16} />
              </Link>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
