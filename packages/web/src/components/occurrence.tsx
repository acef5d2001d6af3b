import type { ActivityDetail } from '@kindred/contract';
import { useTranslation } from '../lib/translation';
import { Link } from 'react-router-dom';
import { useConfirmOccurrence, useSeries } from '../data/series';
import { Icon } from './icons';

/**
 * What an occurrence of a series shows about the series. Its organizer reads the series
 * (weekly or monthly, confirmed or not); anyone else may not, and sees only that it repeats.
 */
function useOccurrenceSeries(a: ActivityDetail) {
  const series = useSeries(a.seriesId, a.viewer.canManage);
  const occurrence = series.data?.occurrences.find((o) => o.id === a.id);
  return { series: series.data, occurrence };
}

/** "Part of a weekly series", with a link to manage it for its organizer. */
export function SeriesLine({ activity: a }: { activity: ActivityDetail }) {
  const { t } = useTranslation();
  const { series } = useOccurrenceSeries(a);
  if (a.seriesId === null) return null;
  const text = series?.freq === 'weekly' ? t('series.partOfWeekly') : series?.freq === 'monthly' ? t('series.partOfMonthly') : t('series.partOf');
  return (
    <p className="series-line" data-testid="series-line">
      <Icon name="retry" size={16} />
      <span>
        {text}
        {a.viewer.canManage ? (
          <>
            {' · '}
            <Link to={`/series/${a.seriesId}`} data-testid="series-link">
              {t('series.manageLink')}
            </Link>
          </>
        ) : null}
      </span>
    </p>
  );
}

/** The badge everyone sees on an occurrence its organizer did not confirm 48 hours before. */
export function UnconfirmedNotice({ activity: a }: { activity: ActivityDetail }) {
  const { t } = useTranslation();
  if (!a.unconfirmed || a.status !== 'published') return null;
  return (
    <div className="notice notice--warning" data-testid="unconfirmed-notice">
      <Icon name="hourglass" size={22} />
      <div className="notice__text">
        <p className="notice__title">{t('series.unconfirmed')}</p>
        <p className="notice__body">{t('series.unconfirmedBody')}</p>
      </div>
    </div>
  );
}

/** "Still on?" for the organizer of an occurrence that has not begun and is not confirmed yet. */
export function StillOnCard({ activity: a }: { activity: ActivityDetail }) {
  const { t } = useTranslation();
  const { occurrence } = useOccurrenceSeries(a);
  const confirm = useConfirmOccurrence(a.id, a.seriesId);
  const begun = Date.now() >= new Date(a.startsAt).getTime();
  if (a.seriesId === null || !a.viewer.canManage || a.status !== 'published' || begun) return null;
  if (!occurrence || occurrence.confirmed) {
    // Just confirmed here: say so once, where the card was (a live region tells screen readers).
    return confirm.isSuccess ? (
      <p className="notice notice--success still-on--done" role="status" data-testid="still-on-done">
        <Icon name="checkCircle" size={22} />
        <span className="notice__text">{t('series.stillOnDone')}</span>
      </p>
    ) : null;
  }
  return (
    <section className="panel still-on" aria-labelledby="still-on-title" data-testid="still-on">
      <h2 className="still-on__title" id="still-on-title">
        <Icon name="clock" size={18} /> {t('series.stillOnTitle')}
      </h2>
      <p className="small muted">{t('series.stillOnBody')}</p>
      <div className="still-on__actions">
        <button type="button" className="btn btn--primary btn--sm" disabled={confirm.isPending} onClick={() => confirm.mutate()} data-testid="still-on-yes">
          <Icon name="check" size={16} /> {t('series.stillOnYes')}
        </button>
        <Link to={`/activities/${a.id}/manage`} className="btn btn--ghost btn--sm">
          {t('series.callOff')}
        </Link>
      </div>
    </section>
  );
}
