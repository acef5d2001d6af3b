import type { ActivityDetail, FollowState, MyRegistration, PhotoRef, RegisterBody, UserSummary } from '@kindred/contract';
import { Fact } from '../components/fact';
import type { TFunction } from 'i18next';
import { useEffect, useId, useMemo, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from '../lib/translation';
import { ReportMenu } from '../components/report-action';
import { useFeatureItem } from '../components/feature-action';
import { Menu } from '../components/menu';
import { Link, useParams } from 'react-router-dom';
import { ActivityCover, ActivityStatusBadge, ActivityTime, DateTile, FeeLabel, RegistrationBadge, SeatsLabel, UnconfirmedBadge, formatKm } from '../components/activity-card';
import { SeriesLine, StillOnCard, UnconfirmedNotice } from '../components/occurrence';
import { Avatar } from '../components/avatar';
import { ConfirmDialog, Dialog } from '../components/dialog';
import { ErrorView, Skeleton } from '../components/feedback';
import { Field, FormError } from '../components/form-field';
import { Icon, type IconName } from '../components/icons';
import { HeldNotice } from '../components/held-notice';
import { MapView } from '../components/map-view';
import { PhotoGallery } from '../components/photo-gallery';
import { PhotoPicker, usePhotoPicker } from '../components/photo-picker';
import { TagList } from '../components/tag-chip';
import { pathWithIntent, signUpReturningTo, useReturnIntent } from '../lib/return-to';
import { useToast } from '../components/toast';
import { activityLinks, isPaymentProcessing, useActivity, useAddToAlbum, useCancelRegistration, usePay, useRegister, useRemoveFromAlbum, useWentWith } from '../data/activities';
import { useActivityRoom } from '../data/rooms';
import { useMe } from '../data/session';
import { browserTimeZone, gmtLabel, instantIn } from '../lib/activity-time';
import { isApiError } from '../lib/api';
import { useDocumentTitle } from '../lib/document-title';
import { fieldErrors, useErrorMessage } from '../lib/errors';
import { useFormat } from '../lib/format';
import { newIdempotencyKey } from '../lib/idempotency';
import { refundDue, refundSteps } from '../lib/refund';
import { NotFoundPage } from './not-found';
import { isDeletedMember, useMemberName } from '../lib/member-name';
import { FriendsLine } from '../components/friends-line';
import { useFollow } from '../data/profile';
import { useGiveFeedback, useMyFeedback } from '../data/feedback';
import { useScrollToAnchor } from '../lib/use-anchor';

export function ActivityPage() {
  const id = Number(useParams().id);
  const activity = useActivity(id);
  const { t } = useTranslation();
  useDocumentTitle(activity.data?.title);

  if (!Number.isInteger(id) || id <= 0 || isApiError(activity.error, 'not_found')) return <NotFoundPage />;
  if (activity.isPending) return <ActivitySkeleton />;
  if (activity.isError) {
    return (
      <div className="page">
        <ErrorView error={activity.error} onRetry={() => void activity.refetch()} />
      </div>
    );
  }
  const a = activity.data;
  return (
    <div className="page page--activity">
      <Link to="/activities" className="back-link">
        <Icon name="back" size={18} /> {t('activities.title')}
      </Link>
      <ActivityHero activity={a} />
      <HeldNotice held={a.heldForReview} note={a.heldForReview === 'new' ? t('held.activityNew') : undefined} />
      <div className="activity-layout">
        <aside className="activity-layout__aside">
          <StillOnCard activity={a} />
          <UnconfirmedNotice activity={a} />
          <RegistrationPanel activity={a} />
          <ActivityChatLink activity={a} />
          <FindCompanionLink activity={a} />
        </aside>
        <div className="activity-layout__main stack">
          <AfterTheActivity activity={a} />
          <WhenWhere activity={a} />
          {a.descriptionHtml.trim() ? (
            <section className="card card--padded" aria-labelledby="activity-about">
              <h2 className="card__title" id="activity-about">
                {t('activity.about')}
              </h2>
              <div className="prose" data-testid="activity-description" dangerouslySetInnerHTML={{ __html: a.descriptionHtml }} />
            </section>
          ) : null}
          <DetailsCard activity={a} />
          <PolicyCard activity={a} />
          <Album activity={a} />
          <WentWith activity={a} />
          <GoingFromGroups activity={a} />
        </div>
      </div>
    </div>
  );
}

/** Photos participants added once it began; those who may add pick, upload and add theirs. */
function Album({ activity: a }: { activity: ActivityDetail }) {
  const { t } = useTranslation();
  const add = useAddToAlbum(a.id);
  const remove = useRemoveFromAlbum(a.id);
  const errorMessage = useErrorMessage();
  const [pickerKey, setPickerKey] = useState(0);
  if (!a.album.length && !a.viewer.canAddPhotos) return null;
  return (
    <section className="card card--padded" aria-labelledby="activity-album" data-testid="activity-album">
      <h2 className="card__title" id="activity-album">
        {t('activity.album')} <span className="muted">({a.album.length})</span>
      </h2>
      {a.album.length ? (
        <PhotoGallery photos={a.album} onRemove={a.viewer.canManage ? (photo) => remove.mutateAsync(photo.id) : undefined} />
      ) : (
        <p className="muted">{t('activity.albumEmpty')}</p>
      )}
      {a.viewer.canAddPhotos ? <AlbumAdder key={pickerKey} busy={add.isPending} error={add.error ? errorMessage(add.error) : null} onAdd={(photos) => add.mutate(photos, { onSuccess: () => setPickerKey((k) => k + 1) })} /> : null}
    </section>
  );
}

/** Once it has begun, who else was there, to follow (its organizer and confirmed participants see it). */
function WentWith({ activity: a }: { activity: ActivityDetail }) {
  const { t } = useTranslation();
  const people = useWentWith(a.id, a.viewer.canAddPhotos);
  const items = people.data?.items ?? [];
  if (!a.viewer.canAddPhotos || !items.length) return null;
  return (
    <section className="card card--padded" aria-labelledby="went-with-title" data-testid="went-with">
      <h2 className="card__title" id="went-with-title">
        {t('activity.wentWith')}
      </h2>
      <ul className="request-list">
        {items.map(({ user, following }) => (
          <WentWithRow key={user.id} user={user} following={following} />
        ))}
      </ul>
    </section>
  );
}

function WentWithRow({ user, following }: { user: UserSummary; following: FollowState }) {
  const { t } = useTranslation();
  const follow = useFollow(user.username);
  const [state, setState] = useState(following);
  return (
    <li className="request-row" data-testid="went-with-person">
      <Link to={`/u/${user.username}`} className="request-row__who">
        <Avatar name={user.displayName} seed={user.id} src={user.avatarUrl} size={36} />
        <span>{user.displayName}</span>
      </Link>
      {state === 'none' ? (
        <button type="button" className="btn btn--primary btn--sm" disabled={follow.isPending} onClick={() => follow.mutate(true, { onSuccess: (r) => setState(r.following) })} aria-label={t('activity.followPerson', { name: user.displayName })}>
          {t('social.follow')}
        </button>
      ) : (
        <span className="muted small">{state === 'following' ? t('social.following') : t('social.requested')}</span>
      )}
    </li>
  );
}

function AlbumAdder({ busy, error, onAdd }: { busy: boolean; error: string | null; onAdd: (photos: PhotoRef[]) => void }) {
  const { t } = useTranslation();
  const picker = usePhotoPicker([], 9);
  return (
    <div className="album-adder">
      <PhotoPicker state={picker} label={t('activity.albumAdd')} hint={t('activity.albumHint')} />
      <FormError message={error} />
      {picker.photos.length ? (
        <button type="button" className="btn btn--primary" disabled={busy || picker.busy || picker.failed} onClick={() => onAdd(picker.photos)} data-testid="album-submit">
          <Icon name="image" size={18} />
          {t('activity.albumSubmit', { count: picker.photos.length })}
        </button>
      ) : null}
    </div>
  );
}

/**
 * The activity's chat, for its organizer, its admins and the people going; a waitlisted member gets the
 * organizer's pinned notes from it. Anyone else is not in it (the server says 404) and sees nothing.
 */
function ActivityChatLink({ activity: a }: { activity: ActivityDetail }) {
  const { t } = useTranslation();
  const me = useMe();
  const status = a.viewer.registration?.status;
  const mayBeIn = !!me && (a.viewer.canManage || status === 'confirmed' || status === 'waitlisted');
  const room = useActivityRoom(a.id, mayBeIn);
  if (!mayBeIn || !room.data) return null;
  const r = room.data;
  const reads = r.viewer.canRead;
  return (
    <Link to={`/rooms/${r.id}`} className="panel panel--link find-companion room-entry" data-testid="activity-chat-link">
      <Icon name={reads ? 'comment' : 'pin'} size={20} />
      <span>
        {reads ? t('rooms.entryActivity') : t('rooms.entryPinned')}
        <span className="small muted find-companion__body">{reads ? t('rooms.entryActivityBody') : t('rooms.entryPinnedBody')}</span>
      </span>
      {reads && r.unread ? (
        <span className="unread-count" data-testid="activity-chat-unread">
          <span aria-hidden="true">{r.unread > 99 ? '99+' : r.unread}</span>
          <span className="visually-hidden">{t('companions.chats.unread', { count: r.unread })}</span>
        </span>
      ) : null}
      <Icon name="chevronRight" size={16} />
    </Link>
  );
}

/** Going alone? A companion request for this activity, prefilled from it. */
function FindCompanionLink({ activity: a }: { activity: ActivityDetail }) {
  const { t } = useTranslation();
  const me = useMe();
  if (!me || a.status !== 'published' || Date.now() >= new Date(a.startsAt).getTime()) return null;
  return (
    <Link to={`/companions/requests/new?activity=${a.id}`} className="panel panel--link find-companion" data-testid="find-companion">
      <Icon name="users" size={20} />
      <span>
        {t('companions.findForActivity')}
        <span className="small muted find-companion__body">{t('companions.findForActivityBody')}</span>
      </span>
      <Icon name="chevronRight" size={16} />
    </Link>
  );
}

function ActivitySkeleton() {
  return (
    <div className="page page--activity" aria-busy="true">
      <div className="card activity-hero">
        <Skeleton height={120} width="100%" />
        <div className="activity-hero__body stack stack--sm">
          <Skeleton height={28} width="70%" />
          <Skeleton width="40%" />
        </div>
      </div>
    </div>
  );
}

function ActivityHero({ activity: a }: { activity: ActivityDetail }) {
  const { t } = useTranslation();
  const memberName = useMemberName();
  const pin = useFeatureItem('activity', a.id, a.title, a.status === 'published' && new Date(a.startsAt).getTime() > Date.now());
  return (
    <header className="card activity-hero" data-testid="activity-hero">
      <ActivityCover activity={a} eager />
      <div className="activity-hero__body">
        <DateTile activity={a} size="lg" />
        <div className="activity-hero__info">
          <div className="activity-hero__badges">
            <ActivityStatusBadge status={a.status} />
            <UnconfirmedBadge activity={a} />
            <RegistrationBadge registration={a.viewer.registration} />
            {a.viewer.canManage ? (
              pin.item ? (
                <span className="activity-hero__report">
                  <Menu label={t('moderation.report.more')} items={[pin.item]} />
                </span>
              ) : null
            ) : (
              <ReportMenu className="activity-hero__report" target={{ kind: 'activity', id: a.id }} authorId={a.organizer.id} label={pin.item ? undefined : t('moderation.report.activity')} extra={pin.item ? [pin.item] : []} />
            )}
            {pin.dialog}
          </div>
          <h1 className="activity-hero__title" data-testid="activity-title">
            {a.title}
          </h1>
          <p className="activity-hero__when">
            <Icon name="clock" size={16} />
            <ActivityTime activity={a} />
          </p>
          <SeriesLine activity={a} />
          <p className="activity-hero__by muted">
            <Avatar name={memberName(a.organizer)} seed={a.organizer.id} src={a.organizer.avatarUrl} size={22} />
            <span>
              {t('activity.organizedBy')}{' '}
              {isDeletedMember(a.organizer) ? memberName(a.organizer) : <Link to={`/u/${a.organizer.username}`}>{a.organizer.displayName}</Link>}
              {a.group ? (
                <>
                  {' · '}
                  <Link to={`/groups/${a.group.id}`} data-testid="activity-group">
                    {a.group.name}
                  </Link>
                </>
              ) : null}
            </span>
          </p>
          <FriendsLine friends={a.friendsGoing} kind="going" />
          {a.tags.length ? <TagList tags={a.tags} max={5} /> : null}
        </div>
      </div>
    </header>
  );
}

function WhenWhere({ activity: a }: { activity: ActivityDetail }) {
  const { t } = useTranslation();
  const f = useFormat();
  const pin = useMemo(() => ({ lat: a.place.lat, lng: a.place.lng }), [a.place.lat, a.place.lng]);
  const myZone = browserTimeZone();
  const differentZone = instantIn(a.startsAt, myZone, 'en') !== instantIn(a.startsAt, a.timeZone, 'en');
  return (
    <section className="card card--padded facts" aria-label={t('activity.whenWhere')}>
      <Fact icon="calendar" label={t('activity.when')}>
        <p className="fact__main">
          <ActivityTime activity={a} />
        </p>
        <p className="small muted">
          {t('activity.zone', { zone: a.timeZone, offset: gmtLabel(a.utcOffset) })} · {f.timeAgo(a.startsAt)}
        </p>
        {differentZone ? <p className="small muted">{t('activity.yourTime', { time: instantIn(a.startsAt, myZone, f.lang) })}</p> : null}
        <a href={activityLinks.calendar(a.id)} className="btn btn--ghost btn--sm fact__action" download data-testid="add-to-calendar">
          <Icon name="calendar" size={16} /> {t('activity.addToCalendar')}
        </a>
      </Fact>
      <Fact icon="mapPin" label={t('activity.where')}>
        <p className="fact__main" data-testid="activity-place">
          {a.place.name}
        </p>
        {a.place.address ? <p className="small muted">{a.place.address}</p> : null}
        {a.distanceKm !== null ? <p className="small muted">{t('activity.kmAway', { distance: formatKm(a.distanceKm, f.lang) })}</p> : null}
      </Fact>
      <MapView label={t('activity.mapLabel', { place: a.place.name })} center={pin} pin={pin} zoom={13} size="sm" testId="activity-map" whenVisible />
      {a.place.meetingPoint ? (
        <Fact icon="flag" label={t('activity.meetingPoint')}>
          <p className="fact__main">{a.place.meetingPoint}</p>
        </Fact>
      ) : null}
    </section>
  );
}

function durationText(minutes: number, t: TFunction) {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h && m) return t('activity.hoursMinutes', { h, m });
  if (h) return t('activity.hoursOnly', { h });
  return t('activity.minutesOnly', { m });
}

function DetailsCard({ activity: a }: { activity: ActivityDetail }) {
  const { t } = useTranslation();
  const f = useFormat();
  const d = a.details;
  if (!d.difficulty && d.distanceKm === null && d.durationMinutes === null && !d.gear.length && !d.included.length) return null;
  return (
    <section className="card card--padded" aria-labelledby="activity-details" data-testid="activity-details">
      <h2 className="card__title" id="activity-details">
        {t('activity.details')}
      </h2>
      <dl className="detail-stats">
        {d.difficulty ? (
          <div className={`detail-stat detail-stat--${d.difficulty}`}>
            <dt>{t('activity.difficulty')}</dt>
            <dd>
              <Icon name="gauge" size={18} /> {t(`activity.difficultyLevel.${d.difficulty}`)}
            </dd>
          </div>
        ) : null}
        {d.distanceKm !== null ? (
          <div className="detail-stat">
            <dt>{t('activity.distance')}</dt>
            <dd>
              <Icon name="route" size={18} /> {t('activity.km', { km: formatKm(d.distanceKm, f.lang) })}
            </dd>
          </div>
        ) : null}
        {d.durationMinutes !== null ? (
          <div className="detail-stat">
            <dt>{t('activity.duration')}</dt>
            <dd>
              <Icon name="hourglass" size={18} /> {durationText(d.durationMinutes, t)}
            </dd>
          </div>
        ) : null}
      </dl>
      {d.gear.length ? <ItemList icon="backpack" title={t('activity.gear')} items={d.gear} /> : null}
      {d.included.length ? <ItemList icon="gift" title={t('activity.included')} items={d.included} /> : null}
    </section>
  );
}

function ItemList({ icon, title, items }: { icon: IconName; title: string; items: string[] }) {
  return (
    <div className="item-list">
      <h3 className="item-list__title">
        <Icon name={icon} size={18} /> {title}
      </h3>
      <ul>
        {items.map((item) => (
          <li key={item}>{item}</li>
        ))}
      </ul>
    </div>
  );
}

/** "2 days", "36 hours". */
function useHoursText() {
  const { t } = useTranslation();
  return (hours: number) => (hours >= 24 && hours % 24 === 0 ? t('activity.days', { count: hours / 24 }) : t('activity.hours', { count: hours }));
}

/** The refund policy in plain words. */
function RefundPolicyText({ activity: a }: { activity: Pick<ActivityDetail, 'fee' | 'refundPolicy'> }) {
  const { t } = useTranslation();
  const hoursText = useHoursText();
  if (a.fee.amount === 0) return <p>{t('activity.refundFree')}</p>;
  const { full, partial } = refundSteps(a.refundPolicy);
  return (
    <ul className="policy" data-testid="refund-policy">
      <li>
        <Icon name="checkCircle" size={18} />
        {full === 0 ? t('activity.refundFullUntilStart') : t('activity.refundFull', { time: hoursText(full) })}
      </li>
      {partial ? (
        <li>
          <Icon name="receipt" size={18} />
          {partial.hours === 0 ? t('activity.refundPartialUntilStart', { percent: partial.percent }) : t('activity.refundPartial', { percent: partial.percent, time: hoursText(partial.hours) })}
        </li>
      ) : null}
      {full > 0 || partial ? (
        <li className="policy__none">
          <Icon name="x" size={18} />
          {t('activity.refundNone')}
        </li>
      ) : null}
    </ul>
  );
}

function PolicyCard({ activity: a }: { activity: ActivityDetail }) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <section className="card card--padded" aria-labelledby="activity-policy">
      <h2 className="card__title" id="activity-policy">
        {t('activity.policyTitle')}
      </h2>
      <RefundPolicyText activity={a} />
      <ul className="policy policy--plain">
        {a.registrationDeadline ? (
          <li>
            <Icon name="clock" size={18} />
            {t('activity.deadline', { when: instantIn(a.registrationDeadline, a.timeZone, f.lang) })}
          </li>
        ) : null}
        {a.requiresApproval ? (
          <li>
            <Icon name="shield" size={18} />
            {t('activity.approvalNeeded')}
          </li>
        ) : null}
        {a.maxGuests > 0 ? (
          <li data-testid="guests-policy">
            <Icon name="users" size={18} />
            {t('guests.policy', { count: a.maxGuests })}
          </li>
        ) : null}
      </ul>
    </section>
  );
}

function GoingFromGroups({ activity: a }: { activity: ActivityDetail }) {
  const { t } = useTranslation();
  const going = a.goingFromMyGroups;
  if (going.count === 0) return null;
  return (
    <section className="card card--padded" aria-labelledby="activity-going" data-testid="going-from-groups">
      <h2 className="card__title" id="activity-going">
        {t('activity.goingFromGroups')}
      </h2>
      <div className="going">
        <ul className="avatar-stack">
          {going.sample.map((u) => (
            <li key={u.id}>
              <Link to={`/u/${u.username}`} title={u.displayName}>
                <Avatar name={u.displayName} seed={u.id} src={u.avatarUrl} size={40} />
                <span className="visually-hidden">{u.displayName}</span>
              </Link>
            </li>
          ))}
        </ul>
        <p className="muted small">{t('activity.goingFromGroupsCount', { count: going.count })}</p>
      </div>
    </section>
  );
}

/** The payment attempt in progress: its key is reused if the same attempt is retried. */
interface PayAttempt {
  key: string;
  registrationId: number;
  /** The server accepted the charge (it is pending), so its outcome will show on the activity. */
  accepted: boolean;
}

/** Fee, seats, and what the viewer can do now: register, pay, wait, cancel, check in. */
function RegistrationPanel({ activity: a }: { activity: ActivityDetail }) {
  const { t } = useTranslation();
  const f = useFormat();
  const me = useMe();
  const toast = useToast();
  const register = useRegister(a.id);
  const pay = usePay(a.id);
  const cancel = useCancelRegistration(a.id);
  const [asking, setAsking] = useState(false);
  const [confirmingCancel, setConfirmingCancel] = useState(false);
  const [attempt, setAttempt] = useState<PayAttempt | null>(null);
  const [payFailed, setPayFailed] = useState(false);
  const r = a.viewer.registration;
  const processing = isPaymentProcessing(a);

  // The wallet's answer arrives by webhook; the activity is re-read until it shows here.
  useEffect(() => {
    if (!attempt?.accepted || !r || r.id !== attempt.registrationId) return;
    if (r.status === 'confirmed') {
      toast.show(t('activity.payConfirmed'), 'success');
      setAttempt(null);
    } else if (r.status === 'awaiting_payment' && r.paymentStatus !== 'pending') {
      // Failed payments are not live, so the registration shows no pending charge any more.
      setPayFailed(true);
      setAttempt(null);
    } else if (r.status !== 'awaiting_payment') {
      setAttempt(null);
    }
  }, [attempt, r, t, toast]);

  const startPay = (retrySameAttempt: boolean) => {
    if (!r) return;
    const current = retrySameAttempt && attempt && attempt.registrationId === r.id ? attempt : { key: newIdempotencyKey(), registrationId: r.id, accepted: false };
    setAttempt(current);
    setPayFailed(false);
    pay.mutate(
      { registrationId: r.id, idempotencyKey: current.key },
      { onSuccess: () => setAttempt({ ...current, accepted: true }) },
    );
  };

  const doRegister = (body: RegisterBody = {}) => {
    register.mutate(body, {
      onSuccess: (reg) => {
        setAsking(false);
        const key = reg.heldUntil ? 'activity.onHoldToast' : reg.status === 'waitlisted' ? 'activity.waitlistedToast' : reg.status === 'pending_approval' ? 'activity.pendingToast' : reg.status === 'awaiting_payment' ? 'activity.heldToast' : 'activity.registeredToast';
        toast.show(t(key, { position: reg.waitlistPosition ?? '' }), 'success');
      },
    });
  };

  const closesAt = new Date(a.registrationDeadline ?? a.startsAt).getTime();
  const open = a.status === 'published' && Date.now() < closesAt;
  const live = r && ['pending_approval', 'awaiting_payment', 'confirmed', 'waitlisted'].includes(r.status);

  // Back from signing up to register: register now, or open the questions to answer first.
  useReturnIntent('register', !!me, () => {
    if (!open || live) return;
    if (a.questions.length || a.maxGuests > 0) setAsking(true);
    else doRegister();
  });
  const full = a.seatsLeft <= 0;
  const fillPercent = Math.min(100, Math.round((a.confirmedCount / Math.max(1, a.capacity)) * 100));

  let state: ReactNode;
  if (a.status === 'cancelled') {
    state = <Notice tone="danger" icon="x" title={t('activity.activityCancelled')} body={r && r.amountRefunded > 0 ? t('activity.refundedBody', { amount: f.money(r.amountRefunded, a.fee.currency) }) : undefined} testId="activity-cancelled" />;
  } else if (r && live) {
    state = (
      <LiveRegistration
        activity={a}
        registration={r}
        processing={processing}
        payFailed={payFailed}
        payError={pay.isError && !processing ? pay.error : null}
        paying={pay.isPending}
        onPay={() => startPay(false)}
        onRetryPay={() => startPay(true)}
        onCancel={() => setConfirmingCancel(true)}
      />
    );
  } else {
    state = (
      <>
        {r ? <PastRegistration activity={a} registration={r} /> : null}
        {!open ? (
          <Notice tone="muted" icon="lock" title={a.status === 'completed' ? t('activity.activityCompleted') : a.status === 'draft' ? t('activity.draftNotice') : t('activity.closed')} />
        ) : me === null ? (
          <Link to={signUpReturningTo(pathWithIntent(`/activities/${a.id}`, 'register'))} className="btn btn--primary btn--lg btn--block" data-testid="register-signup">
            <Icon name="ticket" size={20} />
            {t('front.signUpToRegister')}
          </Link>
        ) : (
          <button
            type="button"
            className="btn btn--primary btn--lg btn--block"
            disabled={register.isPending || !me}
            onClick={() => (a.questions.length || a.maxGuests > 0 ? setAsking(true) : doRegister())}
            data-testid="register-button"
          >
            <Icon name={full ? 'hourglass' : 'ticket'} size={20} />
            {register.isPending ? t('activity.registering') : full ? t('activity.joinWaitlist') : r ? t('activity.registerAgain') : t('activity.register')}
          </button>
        )}
        {!asking ? <RegistrationError activity={a} error={register.error} /> : null}
        {open && a.requiresApproval && !r ? <p className="small muted center">{t('activity.approvalNeeded')}</p> : null}
      </>
    );
  }

  const refund = r ? refundDue(a, r.amountPaid) : 0;
  return (
    <section className="card registration-panel" aria-labelledby="registration-title" data-testid="registration-panel">
      <div className="registration-panel__top">
        <div>
          <h2 className="visually-hidden" id="registration-title">
            {t('activity.registration')}
          </h2>
          <p className="registration-panel__fee" data-testid="activity-fee">
            <FeeLabel fee={a.fee} />
          </p>
          <p className="small muted">{a.fee.amount ? t('activity.perPerson') : t('activity.noFee')}</p>
        </div>
        <div className="registration-panel__seats">
          <SeatsLabel activity={a} />
          <span className="small muted">{t('activity.goingOf', { count: a.confirmedCount, capacity: a.capacity })}</span>
        </div>
      </div>
      <div className="seat-bar" role="meter" aria-valuemin={0} aria-valuemax={a.capacity} aria-valuenow={a.confirmedCount} aria-label={t('activity.goingOf', { count: a.confirmedCount, capacity: a.capacity })}>
        <span style={{ width: `${fillPercent}%` }} />
      </div>
      <div className="registration-panel__state">{state}</div>
      {a.viewer.canManage ? (
        <div className="registration-panel__manage">
          <Link to={`/activities/${a.id}/manage`} className="btn btn--secondary btn--block" data-testid="manage-activity">
            <Icon name="users" size={18} /> {t('activity.manage')}
          </Link>
          {a.status === 'draft' || a.status === 'published' ? (
            <Link to={`/activities/${a.id}/edit`} className="btn btn--ghost btn--block" data-testid="edit-activity">
              <Icon name="edit" size={18} /> {t('activity.edit')}
            </Link>
          ) : null}
        </div>
      ) : null}

      {asking ? (
        <RegistrationDialog
          open={asking}
          activity={a}
          busy={register.isPending}
          error={register.error}
          onClose={() => setAsking(false)}
          onSubmit={(body) => doRegister(body)}
        />
      ) : null}
      <ConfirmDialog
        open={confirmingCancel}
        title={r?.status === 'waitlisted' ? t('activity.leaveWaitlistTitle') : t('activity.cancelTitle')}
        body={r ? cancelRefundText(a, r, refund, t, f.money) : undefined}
        confirmLabel={r?.status === 'waitlisted' ? t('activity.leaveWaitlist') : t('activity.confirmCancel')}
        cancelLabel={t('activity.keepPlace')}
        danger
        busy={cancel.isPending}
        onClose={() => setConfirmingCancel(false)}
        onConfirm={() => {
          if (!r) return;
          cancel.mutate(r.id, {
            onSuccess: (done) => {
              setConfirmingCancel(false);
              toast.show(done.amountRefunded > 0 ? t('activity.refundedToast', { amount: f.money(done.amountRefunded, a.fee.currency) }) : t('activity.cancelledToast'), 'success');
            },
            onError: () => setConfirmingCancel(false),
          });
        }}
      />
    </section>
  );
}

/** "Ann, Bo and Cy" / "Ann、Bo和Cy", as the reader's language lists names. */
function listFormat(lang: string, items: string[]): string {
  try {
    return new Intl.ListFormat(lang, { style: 'long', type: 'conjunction' }).format(items);
  } catch {
    return items.join(', ');
  }
}

/** What the confirm dialog says about money before a member cancels. */
function cancelRefundText(a: ActivityDetail, r: MyRegistration, refund: number, t: TFunction, money: (amount: number, currency: string) => string): string {
  const seat = r.status === 'confirmed' || r.status === 'awaiting_payment' ? ` ${t('activity.cancelSeat')}` : '';
  if (r.amountPaid === 0) return t('activity.cancelUnpaid') + seat;
  if (refund >= r.amountPaid) return t('activity.cancelRefundFull', { amount: money(refund, a.fee.currency) }) + seat;
  if (refund > 0) return t('activity.cancelRefundPartial', { amount: money(refund, a.fee.currency), paid: money(r.amountPaid, a.fee.currency) }) + seat;
  return t('activity.cancelRefundNone', { paid: money(r.amountPaid, a.fee.currency) }) + seat;
}

function Notice({ tone, icon, title, body, children, testId }: { tone: 'success' | 'info' | 'warning' | 'danger' | 'muted'; icon: IconName; title: string; body?: string; children?: ReactNode; testId?: string }) {
  return (
    <div className={`notice notice--${tone}`} data-testid={testId}>
      <Icon name={icon} size={22} />
      <div className="notice__text">
        <p className="notice__title">{title}</p>
        {body ? <p className="notice__body">{body}</p> : null}
        {children}
      </div>
    </div>
  );
}

function LiveRegistration({ activity: a, registration: r, processing, payFailed, payError, paying, onPay, onRetryPay, onCancel }: {
  activity: ActivityDetail;
  registration: MyRegistration;
  processing: boolean;
  payFailed: boolean;
  payError: unknown;
  paying: boolean;
  onPay: () => void;
  onRetryPay: () => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const errorMessage = useErrorMessage();
  // Each guest pays the fee too.
  const price = f.money(a.fee.amount * (1 + r.guests.length), a.fee.currency);
  let body: ReactNode = null;
  let cancelLabel = t('activity.cancel');

  if (r.status === 'confirmed') {
    body = (
      <>
        <Notice tone="success" icon="checkCircle" title={t('activity.going')} body={r.amountPaid ? t('activity.paid', { amount: f.money(r.amountPaid, a.fee.currency) }) : undefined} testId="registration-confirmed">
          {r.amountPaid && r.paymentId ? (
            <p className="notice__body">
              <Link to={`/payments/${r.paymentId}/receipt`} data-testid="view-receipt">
                {t('payments.viewReceipt')}
              </Link>
            </p>
          ) : null}
        </Notice>
        {r.checkInCode ? (
          <div className="check-in-code" data-testid="check-in-code">
            <Icon name="qr" size={28} />
            <div>
              <span className="small muted">{r.checkedIn ? t('activity.checkedIn') : t('activity.checkInCode')}</span>
              <strong>{r.checkInCode}</strong>
              {!r.checkedIn ? <span className="small muted">{t('activity.checkInHint')}</span> : null}
            </div>
            {r.checkedIn ? <Icon name="checkCircle" size={24} className="check-in-code__done" /> : null}
          </div>
        ) : null}
      </>
    );
  } else if (r.status === 'awaiting_payment') {
    if (processing) {
      body = (
        <div className="notice notice--info" role="status" data-testid="payment-processing">
          <span className="spinner spinner--sm" aria-hidden="true" />
          <div className="notice__text">
            <p className="notice__title">{t('activity.processing')}</p>
            <p className="notice__body">{t('activity.processingBody')}</p>
          </div>
        </div>
      );
    } else {
      body = (
        <>
          <Notice
            tone={payFailed ? 'danger' : 'warning'}
            icon={payFailed ? 'x' : 'wallet'}
            title={payFailed ? t('activity.payFailed') : t('activity.seatHeld')}
            body={r.paymentDeadline ? t('activity.heldUntil', { time: instantIn(r.paymentDeadline, browserTimeZone(), f.lang) }) : undefined}
            testId="payment-needed"
          />
          {payError ? (
            <div className="form-error" role="alert">
              {errorMessage(payError)}{' '}
              <button type="button" className="text-button" onClick={onRetryPay} disabled={paying} data-testid="retry-pay">
                {t('common.retry')}
              </button>
            </div>
          ) : null}
          <button type="button" className="btn btn--primary btn--lg btn--block" onClick={onPay} disabled={paying} data-testid="pay-button">
            <Icon name="wallet" size={20} />
            {paying ? t('activity.paying') : t('activity.pay', { amount: price })}
          </button>
        </>
      );
    }
  } else if (r.status === 'waitlisted' && r.heldUntil) {
    cancelLabel = t('activity.leaveWaitlist');
    body = <Notice tone="info" icon="hourglass" title={t('activity.onHold')} body={t('activity.onHoldBody', { time: instantIn(r.heldUntil, browserTimeZone(), f.lang) })} testId="registration-on-hold" />;
  } else if (r.status === 'waitlisted') {
    cancelLabel = t('activity.leaveWaitlist');
    body = <Notice tone="info" icon="hourglass" title={t('activity.waitlisted', { position: r.waitlistPosition ?? '?' })} body={t('activity.waitlistedBody')} testId="registration-waitlisted" />;
  } else if (r.status === 'pending_approval') {
    cancelLabel = t('activity.withdraw');
    body = <Notice tone="info" icon="shield" title={t('activity.pendingApproval')} body={t('activity.pendingApprovalBody')} testId="registration-pending" />;
  }

  return (
    <>
      {body}
      <MyAttendance registration={r} />
      {r.guests.length ? (
        <div className="my-guests" data-testid="my-guests">
          <Icon name="users" size={18} />
          <p>
            <span className="visually-hidden">{t('guests.yourGuests')}: </span>
            {t('guests.withGuests', { names: listFormat(f.lang, r.guests) })}
          </p>
        </div>
      ) : null}
      {!processing ? (
        <button type="button" className="btn btn--ghost btn--block btn--danger-text" onClick={onCancel} data-testid="cancel-registration">
          {cancelLabel}
        </button>
      ) : null}
    </>
  );
}

/** A registration that ended: cancelled (with the refund), rejected or expired. */
function PastRegistration({ activity: a, registration: r }: { activity: ActivityDetail; registration: MyRegistration }) {
  const { t } = useTranslation();
  const f = useFormat();
  if (r.status === 'cancelled') {
    return (
      <Notice tone="muted" icon="receipt" title={t('activity.youCancelled')} testId="registration-cancelled">
        {r.amountPaid > 0 ? (
          <p className="notice__body">
            <strong className="refund-amount" data-testid="refund-amount">
              {r.amountRefunded > 0 ? t('activity.refunded', { amount: f.money(r.amountRefunded, a.fee.currency) }) : t('activity.noRefund')}
            </strong>
            {r.amountRefunded > 0 && r.amountRefunded < r.amountPaid ? ` · ${t('activity.ofPaid', { paid: f.money(r.amountPaid, a.fee.currency) })}` : null}
            {r.paymentId ? (
              <>
                {' · '}
                <Link to={`/payments/${r.paymentId}/receipt`} data-testid="view-receipt">
                  {t('payments.viewReceipt')}
                </Link>
              </>
            ) : null}
          </p>
        ) : null}
        {r.lateCancel ? (
          <p className="notice__body" data-testid="late-cancel">
            <strong>{t('attendance.lateCancel')}</strong> · {t('attendance.lateCancelBody', { count: a.cancelCutoffHours })}
          </p>
        ) : null}
      </Notice>
    );
  }
  if (r.status === 'rejected') return <Notice tone="muted" icon="x" title={t('activity.rejected')} />;
  if (r.status === 'expired') return <Notice tone="muted" icon="clock" title={t('activity.expired')} />;
  return null;
}

/** The registration sheet: the guests I bring (when the activity allows any), with the total, and the organizer's questions. */
function RegistrationDialog({ open, activity: a, busy, error, onClose, onSubmit }: {
  open: boolean;
  activity: ActivityDetail;
  busy: boolean;
  error: unknown;
  onClose: () => void;
  onSubmit: (body: RegisterBody) => void;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const [answers, setAnswers] = useState<Record<string, string>>({});
  const [guests, setGuests] = useState<string[]>([]);
  const [missing, setMissing] = useState<Record<string, string>>({});
  const formId = useId();
  const serverFields = fieldErrors(error);
  const people = 1 + guests.length;
  const setGuestCount = (n: number) => setGuests((all) => (n > all.length ? [...all, ...Array<string>(n - all.length).fill('')] : all.slice(0, n)));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const problems: Record<string, string> = {};
    guests.forEach((name, i) => {
      if (!name.trim()) problems[`guests.${i}`] = t('guests.nameRequired');
    });
    for (const q of a.questions) if (q.required && !answers[q.id]?.trim()) problems[q.id] = t('activity.answerRequired');
    setMissing(problems);
    if (Object.keys(problems).length) return;
    const filled = Object.fromEntries(Object.entries(answers).filter(([, v]) => v.trim()).map(([k, v]) => [k, v.trim()]));
    onSubmit({
      ...(a.questions.length ? { answers: filled } : {}),
      ...(guests.length ? { guests: guests.map((g) => g.trim()) } : {}),
    });
  };
  return (
    <Dialog open={open} title={a.questions.length ? t('activity.questionsTitle') : t('guests.registerTitle')} onClose={onClose}>
      <form className="form" onSubmit={submit} noValidate data-testid="questions-form">
        {a.questions.length ? <p className="muted small">{t('activity.questionsBody')}</p> : null}
        <RegistrationError activity={a} error={error} />
        {a.maxGuests > 0 ? (
          <div className="guests" role="group" aria-labelledby={`${formId}-guests`} data-testid="guests-fieldset">
            <p className="field__label" id={`${formId}-guests`}>
              {t('guests.label')}
            </p>
            <p className="field__hint">{t('guests.hint', { count: a.maxGuests })}</p>
            <div className="stepper">
              <button type="button" className="icon-button stepper__button" onClick={() => setGuestCount(guests.length - 1)} disabled={guests.length === 0} aria-label={t('guests.fewer')} title={t('guests.fewer')} data-testid="guests-minus">
                <span aria-hidden="true">−</span>
              </button>
              <output className="stepper__value" aria-live="polite" data-testid="guests-count">
                {t('guests.count', { count: guests.length })}
              </output>
              <button type="button" className="icon-button stepper__button" onClick={() => setGuestCount(guests.length + 1)} disabled={guests.length >= a.maxGuests} aria-label={t('guests.more')} title={t('guests.more')} data-testid="guests-plus">
                <Icon name="plus" size={18} />
              </button>
            </div>
            {guests.map((name, i) => (
              <Field key={i} label={t('guests.name', { n: i + 1 })} error={missing[`guests.${i}`] ?? serverFields[`guests.${i}`]} limit={60}>
                <input type="text" autoComplete="off" value={name} onChange={(e) => {
                    setGuests(guests.map((g, j) => (j === i ? e.target.value : g)));
                    if (missing[`guests.${i}`]) setMissing(({ [`guests.${i}`]: _fixed, ...rest }) => rest);
                  }} data-testid={`guest-name-${i}`} />
              </Field>
            ))}
            {serverFields.guests ? <p className="field__error" role="alert">{serverFields.guests}</p> : null}
            {a.fee.amount > 0 ? (
              <p className="guests__total" data-testid="registration-total">
                <strong>{t('guests.total', { amount: f.money(a.fee.amount * people, a.fee.currency) })}</strong>
                {guests.length ? <span className="small muted"> · {t('guests.totalFor', { fee: f.money(a.fee.amount, a.fee.currency), people })}</span> : null}
              </p>
            ) : null}
            {guests.length && a.seatsLeft > 0 && a.seatsLeft < people ? <p className="small muted" data-testid="guests-seats-needed">{t('guests.seatsNeeded', { count: people, left: a.seatsLeft })}</p> : null}
          </div>
        ) : null}
        {a.questions.map((q) => (
          <Field key={q.id} label={q.text} optional={!q.required} error={missing[q.id] ?? serverFields[`answers.${q.id}`]} limit={1000}>
            <textarea rows={2} value={answers[q.id] ?? ''} onChange={(e) => setAnswers({ ...answers, [q.id]: e.target.value })} />
          </Field>
        ))}
        <div className="form__actions">
          <button type="button" className="btn btn--ghost" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="btn btn--primary" disabled={busy} data-testid="submit-registration">
            {busy ? t('activity.registering') : t('activity.sendRegistration')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

/** Why a registration was refused, said plainly; a show-up rate below the activity's minimum leads to my record. */
function RegistrationError({ activity: a, error }: { activity: ActivityDetail; error: unknown }) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  if (!error) return null;
  if (isApiError(error, 'show_up_too_low')) {
    return (
      <div className="form-error" role="alert" data-testid="show-up-too-low">
        {a.minShowUpRate ? t('attendance.tooLow', { min: a.minShowUpRate }) : t('attendance.tooLowNoMin')}{' '}
        <Link to="/me#show-up">{t('attendance.seeRecord')}</Link>
      </div>
    );
  }
  return <FormError message={errorMessage(error)} />;
}

/** Whether I came, once the organizer's check-in or marks say so. */
function MyAttendance({ registration: r }: { registration: MyRegistration }) {
  const { t } = useTranslation();
  if (r.attendance === 'attended') return <Notice tone="success" icon="checkCircle" title={t('attendance.youCame')} testId="my-attendance" />;
  if (r.attendance === 'no_show') {
    return (
      <Notice tone="warning" icon="flag" title={t('attendance.youNoShow')} body={t('attendance.youNoShowBody')} testId="my-attendance">
        <Link to="/me#show-up" className="notice__link">
          {t('attendance.seeRecord')}
        </Link>
      </Notice>
    );
  }
  return null;
}

const DAY = 86_400_000;

/**
 * Once it has ended: its participants (those who did not miss it) rate it privately for the organizer,
 * and its organizer is asked for a recap in the group and shown how it went.
 */
function AfterTheActivity({ activity: a }: { activity: ActivityDetail }) {
  const me = useMe();
  const ended = Date.now() >= new Date(a.endsAt).getTime();
  if (!me || !ended || a.status === 'cancelled' || a.status === 'draft') return null;
  const r = a.viewer.registration;
  const mayRate = r?.status === 'confirmed' && r.attendance !== 'no_show' && a.organizer.id !== me.id && Date.now() < new Date(a.endsAt).getTime() + 30 * DAY;
  return (
    <>
      {a.viewer.canManage ? <RecapPrompt activity={a} /> : null}
      {mayRate ? <FeedbackCard activity={a} /> : null}
    </>
  );
}

function RecapPrompt({ activity: a }: { activity: ActivityDetail }) {
  const { t } = useTranslation();
  return (
    <section className="card card--padded recap-prompt" aria-labelledby="recap-title" id="recap" data-testid="recap-prompt">
      <h2 className="card__title" id="recap-title">
        <Icon name="edit" size={20} /> {t('feedback.recapTitle')}
      </h2>
      <p className="muted small">{a.group ? t('feedback.recapBody') : t('feedback.recapNoGroup')}</p>
      <div className="recap-prompt__actions">
        {a.group ? (
          <Link to={`/groups/${a.group.id}/posts/new?recap=${a.id}`} className="btn btn--primary btn--sm" data-testid="write-recap">
            <Icon name="edit" size={16} /> {t('feedback.recapTitle')}
          </Link>
        ) : null}
        <Link to="/me/organizing" className="btn btn--ghost btn--sm" data-testid="organizer-dashboard-link">
          <Icon name="star" size={16} /> {t('feedback.dashboardLink')}
        </Link>
      </div>
    </section>
  );
}

/** "How was it?": 1–5 stars and a note, privately to the organizer; the #feedback link lands here. */
function FeedbackCard({ activity: a }: { activity: ActivityDetail }) {
  const { t } = useTranslation();
  const mine = useMyFeedback(a.id, true);
  useScrollToAnchor(!mine.isPending);
  return (
    <section className="card card--padded feedback-card" aria-labelledby="feedback-title" id="feedback" data-testid="feedback-card">
      <h2 className="card__title" id="feedback-title">
        <Icon name="star" size={20} /> {t('feedback.title')}
      </h2>
      <p className="small muted feedback-card__private">
        <Icon name="lock" size={14} /> {t('feedback.private')}
      </p>
      {mine.isPending ? <Skeleton height={44} width="100%" /> : <FeedbackForm key={mine.data?.createdAt ?? 'new'} activityId={a.id} given={mine.data ?? null} />}
    </section>
  );
}

function FeedbackForm({ activityId, given }: { activityId: number; given: { rating: number; note: string } | null }) {
  const { t } = useTranslation();
  const toast = useToast();
  const errorMessage = useErrorMessage();
  const give = useGiveFeedback(activityId);
  const [rating, setRating] = useState(given?.rating ?? 0);
  const [note, setNote] = useState(given?.note ?? '');
  const [missing, setMissing] = useState(false);
  const legendId = useId();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (rating < 1) {
      setMissing(true);
      return;
    }
    setMissing(false);
    give.mutate({ rating, note: note.trim() }, { onSuccess: () => toast.show(t('feedback.sent'), 'success') });
  };
  return (
    <form className="form feedback-form" onSubmit={submit} noValidate data-testid="feedback-form">
      {given ? <p className="small" data-testid="feedback-given">{t('feedback.given', { count: given.rating })}</p> : null}
      <FormError message={give.error ? errorMessage(give.error) : null} />
      <fieldset className="fieldset stars" aria-describedby={missing ? `${legendId}-error` : undefined}>
        <legend className="field__label" id={legendId}>
          {t('feedback.ratingLabel')}
        </legend>
        <div className="stars__row">
          {[1, 2, 3, 4, 5].map((n) => (
            <label key={n} className={`star${n <= rating ? ' star--on' : ''}`}>
              <input type="radio" name={`rating-${activityId}`} value={n} checked={rating === n} onChange={() => {
                  setRating(n);
                  setMissing(false);
                }} />
              <Icon name="star" size={30} filled={n <= rating} />
              <span className="visually-hidden">{t('feedback.star', { count: n })}</span>
            </label>
          ))}
        </div>
        {missing ? (
          <p className="field__error" id={`${legendId}-error`} role="alert">
            {t('feedback.ratingRequired')}
          </p>
        ) : null}
      </fieldset>
      <Field label={t('feedback.note')} optional limit={1000}>
        <textarea rows={3} value={note} placeholder={t('feedback.notePlaceholder')} onChange={(e) => setNote(e.target.value)} data-testid="feedback-note" />
      </Field>
      <div className="form__actions">
        <button type="submit" className="btn btn--primary" disabled={give.isPending} data-testid="send-feedback">
          <Icon name="send" size={16} /> {given ? t('feedback.update') : t('feedback.send')}
        </button>
      </div>
    </form>
  );
}
