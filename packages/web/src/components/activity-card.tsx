import type { Activity, ActivitySummary, MyRegistration } from '@kindred/contract';
import type { ReactNode } from 'react';
import { useTranslation } from '../lib/translation';
import { Link } from 'react-router-dom';
import { categoryOfTag } from '../data/taxonomy';
import { numberFormat } from '../lib/intl';
import { dateTile, gmtLabel, wallDate, wallRange, wallTime } from '../lib/activity-time';
import { hueOf, useFormat } from '../lib/format';
import { CategoryIcon, Icon } from './icons';
import { Photo } from './photo';
import { FriendsLine } from './friends-line';

/** "Sat, Nov 28 · 09:00–13:00 (GMT+8)" in the activity's own zone. */
export function ActivityTime({ activity, withDate = true }: { activity: Pick<Activity, 'startsAtLocal' | 'endsAtLocal' | 'utcOffset' | 'startsAt'>; withDate?: boolean }) {
  const { lang } = useFormat();
  const text = withDate ? wallRange(activity.startsAtLocal, activity.endsAtLocal, lang) : `${wallTime(activity.startsAtLocal, lang)}–${wallTime(activity.endsAtLocal, lang)}`;
  return (
    <time dateTime={activity.startsAt}>
      {text} <span className="zone">({gmtLabel(activity.utcOffset)})</span>
    </time>
  );
}

/** The calendar tile: month, day and weekday of the start, tinted by the activity's interest. */
export function DateTile({ activity, size = 'md' }: { activity: Pick<Activity, 'startsAtLocal' | 'tags' | 'id'>; size?: 'md' | 'lg' }) {
  const { lang } = useFormat();
  const tile = dateTile(activity.startsAtLocal, lang);
  const hue = hueOf(activity.tags[0] ?? activity.id);
  return (
    <span className={`date-tile date-tile--${size}`} style={{ ['--tile-hue' as string]: String(hue) }} aria-hidden="true">
      <span className="date-tile__month">{tile.month}</span>
      <span className="date-tile__day">{tile.day}</span>
      <span className="date-tile__weekday">{tile.weekday}</span>
    </span>
  );
}

/** An activity's cover photo, or else a colour band from its main interest. */
export function ActivityCover({ activity, eager = false }: { activity: Pick<Activity, 'tags' | 'id' | 'cover'>; eager?: boolean }) {
  if (activity.cover) {
    return <Photo media={{ ...activity.cover, alt: '' }} fit="cover" className="activity-cover activity-cover--photo" sizes="(min-width: 760px) 720px, 100vw" eager={eager} />;
  }
  const hue = hueOf(activity.tags[0] ?? activity.id);
  const category = activity.tags.map(categoryOfTag).find(Boolean);
  return (
    <div
      className="activity-cover"
      aria-hidden="true"
      style={{
        background: `radial-gradient(circle at 85% 15%, hsl(${(hue + 50) % 360} 85% 72% / .85), transparent 55%), linear-gradient(135deg, hsl(${hue} 58% 40%), hsl(${(hue + 35) % 360} 62% 28%))`,
      }}
    >
      <span className="activity-cover__icon">
        <CategoryIcon category={category?.key} size={56} />
      </span>
    </div>
  );
}

export function FeeLabel({ fee }: { fee: Activity['fee'] }) {
  const { t } = useTranslation();
  const f = useFormat();
  return fee.amount === 0 ? <span className="fee fee--free">{t('activity.free')}</span> : <span className="fee">{f.money(fee.amount, fee.currency)}</span>;
}

/** "6 seats left", "Last seat!", or "Full · waitlist 3". */
export function SeatsLabel({ activity }: { activity: Pick<Activity, 'seatsLeft' | 'waitlistCount'> }) {
  const { t } = useTranslation();
  if (activity.seatsLeft <= 0) {
    return <span className="seats seats--full">{activity.waitlistCount > 0 ? t('activity.fullWaitlist', { count: activity.waitlistCount }) : t('activity.full')}</span>;
  }
  return <span className={`seats${activity.seatsLeft <= 3 ? ' seats--few' : ''}`}>{t('activity.seatsLeft', { count: activity.seatsLeft })}</span>;
}

/** The viewer's place in an activity, as a small badge. */
export function RegistrationBadge({ registration }: { registration: MyRegistration | null }) {
  const { t } = useTranslation();
  if (!registration) return null;
  const s = registration.status;
  if (s === 'confirmed') return <span className="badge badge--going"><Icon name="check" size={12} /> {t('activity.badge.confirmed')}</span>;
  if (s === 'awaiting_payment') {
    return <span className="badge badge--pay">{registration.paymentStatus === 'pending' ? t('activity.badge.processing') : t('activity.badge.awaiting_payment')}</span>;
  }
  if (s === 'waitlisted' && registration.heldUntil) return <span className="badge badge--waitlist">{t('activity.badge.onHold')}</span>;
  if (s === 'waitlisted') return <span className="badge badge--waitlist">{t('activity.badge.waitlisted', { position: registration.waitlistPosition ?? '?' })}</span>;
  if (s === 'pending_approval') return <span className="badge badge--approval">{t('activity.badge.pending_approval')}</span>;
  return null;
}

/** An occurrence of a series its organizer did not confirm 48 hours before: it may not happen. */
export function UnconfirmedBadge({ activity }: { activity: Pick<Activity, 'unconfirmed' | 'status'> }) {
  const { t } = useTranslation();
  if (!activity.unconfirmed || activity.status !== 'published') return null;
  return (
    <span className="badge badge--unconfirmed" data-testid="unconfirmed-badge">
      <Icon name="hourglass" size={12} /> {t('series.unconfirmed')}
    </span>
  );
}

export function ActivityStatusBadge({ status }: { status: Activity['status'] }) {
  const { t } = useTranslation();
  if (status === 'published') return null;
  return <span className={`badge badge--activity-${status}`}>{t(`activity.status.${status}`)}</span>;
}

/**
 * An activity in a list: when, what, where, how far, what it costs and whether there is room.
 * `extra` goes at the end of the body (a recommendation's reason), `corner` in the top-right corner.
 */
export function ActivityCard({ activity, compact = false, extra, corner, testId = 'activity-card' }: { activity: ActivitySummary; compact?: boolean; extra?: ReactNode; corner?: ReactNode; testId?: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const a = activity;
  return (
    <article
      className={`card activity-card${compact ? ' activity-card--compact' : ''}${a.status === 'cancelled' ? ' activity-card--cancelled' : ''}${corner ? ' card--with-corner' : ''}`}
      data-testid={testId}
      aria-labelledby={`activity-title-${a.id}`}
    >
      <DateTile activity={a} />
      {corner ? <div className="card__corner">{corner}</div> : null}
      {a.cover && !compact ? <Photo media={{ ...a.cover, alt: '' }} fit="cover" className="activity-card__cover" sizes="88px" /> : null}
      <div className="activity-card__body">
        <div className="activity-card__badges">
          <ActivityStatusBadge status={a.status} />
          <UnconfirmedBadge activity={a} />
          <RegistrationBadge registration={a.viewer.registration} />
          {a.viewer.canManage ? <span className="badge badge--organizer">{t('activity.badge.organizer')}</span> : null}
        </div>
        <h3 className="activity-card__title" id={`activity-title-${a.id}`}>
          <Link to={`/activities/${a.id}`} className="stretched-link">
            {a.title}
          </Link>
        </h3>
        <p className="activity-card__line">
          <Icon name="clock" size={15} />
          <span>
            <span className="visually-hidden">{wallDate(a.startsAtLocal, f.lang)} </span>
            <ActivityTime activity={a} withDate={false} />
          </span>
        </p>
        <p className="activity-card__line">
          <Icon name="mapPin" size={15} />
          <span className="activity-card__place">{a.place.name}</span>
          {a.distanceKm !== null ? <span className="activity-card__distance">· {t('activity.kmAway', { distance: formatKm(a.distanceKm, f.lang) })}</span> : null}
        </p>
        <footer className="activity-card__footer">
          <FeeLabel fee={a.fee} />
          <SeatsLabel activity={a} />
          {a.group ? (
            <Link to={`/groups/${a.group.id}`} className="activity-card__group">
              <Icon name="users" size={14} />
              <span>{a.group.name}</span>
            </Link>
          ) : null}
        </footer>
        <FriendsLine friends={a.friendsGoing} kind="going" />
        {extra}
      </div>
    </article>
  );
}

export function formatKm(km: number, lang: string): string {
  return numberFormat(lang, { maximumFractionDigits: km < 10 ? 1 : 0 }).format(km);
}
