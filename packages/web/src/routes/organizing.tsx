import type { OrganizerDashboard } from '@kindred/contract';
import { useTranslation } from '../lib/translation';
import { Link } from 'react-router-dom';
import { CardSkeletons, EmptyState, ErrorView } from '../components/feedback';
import { Icon } from '../components/icons';
import { useOrganizerDashboard } from '../data/feedback';
import { useDocumentTitle } from '../lib/document-title';
import { useFormat } from '../lib/format';

/** How my activities of the last 90 days went: attendance, ratings and the latest notes, unsigned (only I see it). */
export function OrganizingPage() {
  const { t } = useTranslation();
  const board = useOrganizerDashboard();
  useDocumentTitle(t('organizing.title'));
  return (
    <div className="page page--narrow organizing">
      <header className="page-header">
        <Link to="/me" className="back-link">
          <Icon name="back" size={18} /> {t('profile.title')}
        </Link>
        <h1>{t('organizing.title')}</h1>
        <p className="muted">{t('organizing.subtitle')}</p>
      </header>
      {board.isPending ? (
        <CardSkeletons count={2} />
      ) : board.isError ? (
        <ErrorView error={board.error} onRetry={() => void board.refetch()} />
      ) : (
        <Dashboard board={board.data} />
      )}
    </div>
  );
}

function Dashboard({ board }: { board: OrganizerDashboard }) {
  const { t } = useTranslation();
  const f = useFormat();
  const titles = new Map(board.activities.map((a) => [a.id, a.title]));
  const total = board.ratings.reduce((sum, n) => sum + n, 0);
  const most = Math.max(1, ...board.ratings);
  return (
    <div className="stack">
      <section className="card card--padded organizing__ratings" aria-labelledby="organizing-average" data-testid="organizing-ratings">
        <div className="organizing__average">
          <h2 className="card__title" id="organizing-average">
            {t('organizing.average')}
          </h2>
          {board.averageRating === null ? (
            <p className="muted">{t('organizing.noRatings')}</p>
          ) : (
            <p data-testid="organizing-average">
              <span className="organizing__big">
                <Icon name="star" size={26} filled /> {board.averageRating.toFixed(1)}
              </span>
              <span className="visually-hidden">{t('organizing.outOf', { value: board.averageRating.toFixed(1) })}</span>
              <span className="small muted"> {t('organizing.ratingsCount', { count: total })}</span>
            </p>
          )}
        </div>
        <figure className="rating-bars" data-testid="rating-distribution">
          <figcaption className="field__label">{t('organizing.distribution')}</figcaption>
          <ul>
            {[5, 4, 3, 2, 1].map((stars) => {
              const n = board.ratings[stars - 1] ?? 0;
              return (
                <li key={stars} className="rating-bars__row" data-testid={`rating-bar-${stars}`}>
                  <span className="visually-hidden">{t('organizing.distributionRow', { stars, count: n })}</span>
                  <span className="rating-bars__label" aria-hidden="true">
                    {stars} <Icon name="star" size={14} filled />
                  </span>
                  <span className="rating-bars__track" aria-hidden="true">
                    <span className="rating-bars__fill" style={{ width: `${(n / most) * 100}%` }} />
                  </span>
                  <span className="rating-bars__count" aria-hidden="true">
                    {f.number(n)}
                  </span>
                </li>
              );
            })}
          </ul>
        </figure>
      </section>

      <section className="card card--padded" aria-labelledby="organizing-activities">
        <h2 className="card__title" id="organizing-activities">
          {t('organizing.activities')}
        </h2>
        {board.activities.length === 0 ? (
          <EmptyState icon="calendar" title={t('organizing.empty')} />
        ) : (
          <ul className="organizing__list">
            {board.activities.map((a) => (
              <li key={a.id} className="organizing__activity" data-testid="organizing-activity">
                <Link to={`/activities/${a.id}`} className="organizing__activity-title">
                  {a.title}
                </Link>
                <span className="small muted">{f.date(a.startsAt)}</span>
                <dl className="organizing__stats">
                  <div>
                    <dt>{t('organizing.confirmed')}</dt>
                    <dd>{a.confirmed}</dd>
                  </div>
                  <div>
                    <dt>{t('organizing.came')}</dt>
                    <dd>{a.attended}</dd>
                  </div>
                  <div>
                    <dt>{t('organizing.noShows')}</dt>
                    <dd>{a.noShows}</dd>
                  </div>
                  <div>
                    <dt>{t('organizing.rating')}</dt>
                    <dd data-testid="organizing-activity-rating">
                      {a.averageRating === null ? (
                        t('organizing.noRating')
                      ) : (
                        <>
                          {a.averageRating.toFixed(1)} <span className="small muted">({a.feedbackCount})</span>
                        </>
                      )}
                    </dd>
                  </div>
                </dl>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="card card--padded" aria-labelledby="organizing-notes">
        <h2 className="card__title" id="organizing-notes">
          {t('organizing.notes')}
        </h2>
        {board.notes.length === 0 ? (
          <p className="muted small">{t('organizing.notesEmpty')}</p>
        ) : (
          <ul className="organizing__notes">
            {board.notes.map((n, i) => (
              <li key={`${n.activityId}-${n.createdAt}-${i}`} className="organizing__note" data-testid="organizing-note">
                <p className="organizing__note-head small muted">
                  <span className="organizing__note-stars" aria-label={t('feedback.star', { count: n.rating })} role="img">
                    {[1, 2, 3, 4, 5].map((s) => (
                      <Icon key={s} name="star" size={14} filled={s <= n.rating} />
                    ))}
                  </span>
                  {titles.get(n.activityId) ? t('organizing.noteOn', { title: titles.get(n.activityId) }) : t('organizing.noteAnon')} · {f.timeAgo(n.createdAt)}
                </p>
                <blockquote className="organizing__note-text">{n.note}</blockquote>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
