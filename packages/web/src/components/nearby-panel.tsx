import { useTranslation } from '../lib/translation';
import { Link } from 'react-router-dom';
import { nearMember, useNearbyActivities } from '../data/activities';
import { useMe } from '../data/session';
import { useFormat } from '../lib/format';
import { DateTile, FeeLabel, formatKm } from './activity-card';
import { Skeleton } from './feedback';
import { Icon } from './icons';

/** "Happening near you": the few most popular activities around the member's home, for the home page. */
export function NearbyPanel() {
  const { t } = useTranslation();
  const f = useFormat();
  const filters = nearMember(useMe());
  const nearby = useNearbyActivities(filters);
  const items = nearby.data?.pages[0]?.items.slice(0, 3) ?? [];
  if (!filters || (nearby.isSuccess && items.length === 0)) return null;
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
