import type { DistanceBucket, Match, MatchReason } from '@kindred/contract';
import { useTranslation } from '../lib/translation';
import { useTaxonomy } from '../data/taxonomy';
import { Icon, type IconName } from './icons';

const reasonIcons: Record<MatchReason['kind'], IconName> = {
  interests: 'heart',
  skill: 'gauge',
  time: 'clock',
  distance: 'mapPin',
  preferences: 'users',
};

/** "87% match", tinted by how good it is. */
export function MatchBadge({ match }: { match: Match }) {
  const { t } = useTranslation();
  const percent = Math.round(match.score * 100);
  const tier = percent >= 75 ? 'high' : percent >= 50 ? 'mid' : 'low';
  return (
    <span className={`match-badge match-badge--${tier}`} data-testid="match-score">
      <Icon name="sparkle" size={14} />
      {t('companions.match.score', { percent })}
    </span>
  );
}

/**
 * Why two people match: the summary sentence, in the UI language; then each reason with its
 * icon — folded away under "Why you match" on a card, listed on a detail page.
 */
export function MatchWhy({ match, reasons = 'none' }: { match: Match; reasons?: 'none' | 'folded' | 'listed' }) {
  const { t } = useTranslation();
  const { lang } = useTaxonomy();
  const zh = lang === 'zh-CN';
  const list = (
    <ul className="match-why__reasons" aria-label={t('companions.match.why')}>
      {match.reasons.map((r, i) => (
        <li key={`${r.kind}-${i}`} className={`match-reason match-reason--${r.kind}`}>
          <Icon name={reasonIcons[r.kind]} size={14} />
          {zh ? r.zh : r.en}
        </li>
      ))}
    </ul>
  );
  return (
    <div className="match-why">
      <p className="match-why__summary" data-testid="match-summary">
        <Icon name="sparkle" size={15} />
        <span>{zh ? match.summary.zh : match.summary.en}</span>
      </p>
      {reasons === 'listed' && match.reasons.length ? list : null}
      {reasons === 'folded' && match.reasons.length > 1 ? (
        <details className="match-why__more">
          <summary>{t('companions.match.why')}</summary>
          {list}
        </details>
      ) : null}
    </div>
  );
}

/** Where, as others may see it: the area's name and a distance range, never coordinates. */
export function AreaLine({ area, distance }: { area: string; distance: DistanceBucket | null }) {
  const { t } = useTranslation();
  return (
    <span className="area-line">
      <Icon name="mapPin" size={15} />
      <span>
        {area}
        {distance ? <span className="area-line__distance"> · {t(`companions.distance.${distance}`)}</span> : null}
      </span>
    </span>
  );
}
