import type { ActivityDetail, Participant, RegistrationStatus } from '@kindred/contract';
import { useState, type FormEvent } from 'react';
import { useTranslation } from '../lib/translation';
import { Link, Navigate, useParams } from 'react-router-dom';
import { ActivityStatusBadge, ActivityTime } from '../components/activity-card';
import { Avatar } from '../components/avatar';
import { ConfirmDialog } from '../components/dialog';
import { CardSkeletons, ErrorView, PageSpinner } from '../components/feedback';
import { Icon } from '../components/icons';
import { SeriesLine } from '../components/occurrence';
import { useToast } from '../components/toast';
import { useMarkAttendance } from '../data/attendance';
import { activityLinks, useActivity, useCancelActivity, useCheckIn, useDecideRegistration, useParticipants, usePublishActivity } from '../data/activities';
import { isApiError } from '../lib/api';
import { useDocumentTitle } from '../lib/document-title';
import { useErrorMessage } from '../lib/errors';
import { FormError } from '../components/form-field';
import { useFormat } from '../lib/format';
import { HeldNotice } from '../components/held-notice';
import { NotFoundPage } from './not-found';

type Filter = 'all' | 'going' | 'waitlist' | 'pending' | 'other';
const filterStatuses: Record<Exclude<Filter, 'all'>, RegistrationStatus[]> = {
  going: ['confirmed', 'awaiting_payment'],
  waitlist: ['waitlisted'],
  pending: ['pending_approval'],
  other: ['cancelled', 'rejected', 'expired'],
};

/** The organizer's view: who is coming, approvals, check-in, export, and calling it off. */
export function ActivityManagePage() {
  const { t } = useTranslation();
  const id = Number(useParams().id);
  const activity = useActivity(id);
  const canManage = activity.data?.viewer.canManage ?? false;
  const participants = useParticipants(id, canManage);
  useDocumentTitle(activity.data ? t('manage.documentTitle', { title: activity.data.title }) : null);

  if (!Number.isInteger(id) || id <= 0 || isApiError(activity.error, 'not_found')) return <NotFoundPage />;
  if (activity.isPending) return <PageSpinner />;
  if (activity.isError) {
    return (
      <div className="page">
        <ErrorView error={activity.error} onRetry={() => void activity.refetch()} />
      </div>
    );
  }
  if (!canManage) return <Navigate to={`/activities/${id}`} replace />;
  const a = activity.data;
  const items = participants.data?.items ?? [];

  return (
    <div className="page page--manage">
      <Link to={`/activities/${a.id}`} className="back-link">
        <Icon name="back" size={18} /> {t('manage.viewPage')}
      </Link>
      <header className="page-header page-header--split manage-header">
        <div>
          <p className="eyebrow">{t('manage.eyebrow')}</p>
          <h1 data-testid="manage-title">{a.title}</h1>
          <p className="muted manage-header__when">
            <ActivityStatusBadge status={a.status} /> <ActivityTime activity={a} />
          </p>
          <SeriesLine activity={a} />
        </div>
        <ManageActions activity={a} participants={items} />
      </header>
      <HeldNotice held={a.heldForReview} note={a.heldForReview === 'new' ? t('held.activityNew') : undefined} />

      <Stats activity={a} participants={items} />

      <div className="manage-layout">
        <section className="card card--padded" aria-labelledby="participants-title" data-testid="participants">
          <h2 className="card__title" id="participants-title">
            {t('manage.participants')} <span className="count-pill">{items.length}</span>
          </h2>
          {participants.isPending ? (
            <CardSkeletons count={2} />
          ) : participants.isError ? (
            <ErrorView error={participants.error} onRetry={() => void participants.refetch()} />
          ) : (
            <ParticipantList activity={a} participants={items} />
          )}
        </section>
        <aside className="manage-layout__aside">
          <CheckInByCode activity={a} />
        </aside>
      </div>
    </div>
  );
}

function ManageActions({ activity: a, participants }: { activity: ActivityDetail; participants: Participant[] }) {
  const { t } = useTranslation();
  const toast = useToast();
  const publish = usePublishActivity(a.id);
  const errorMessage = useErrorMessage();
  // Held for review, publishing is refused (409) until a moderator lets it through: say so rather than "conflict".
  const publishError = publish.error ? (a.heldForReview && isApiError(publish.error, 'conflict') ? t('held.publishWaiting') : errorMessage(publish.error)) : null;
  const cancel = useCancelActivity(a.id);
  const [confirming, setConfirming] = useState(false);
  const affected = participants.filter((p) => ['pending_approval', 'awaiting_payment', 'confirmed', 'waitlisted'].includes(p.status)).length;
  const editable = a.status === 'draft' || a.status === 'published';
  return (
    <div className="manage-actions">
      {a.status === 'draft' ? (
        <button type="button" className="btn btn--primary btn--sm" disabled={publish.isPending} onClick={() => publish.mutate(undefined, { onSuccess: () => toast.show(t('manage.publishedToast'), 'success') })} data-testid="publish-activity">
          <Icon name="send" size={16} /> {t('manage.publish')}
        </button>
      ) : null}
      {publishError ? (
        <div className="manage-actions__error">
          <FormError message={publishError} />
        </div>
      ) : null}
      {editable ? (
        <Link to={`/activities/${a.id}/edit`} className="btn btn--ghost btn--sm" data-testid="edit-activity">
          <Icon name="edit" size={16} /> {t('activity.edit')}
        </Link>
      ) : null}
      <a href={activityLinks.participantsCsv(a.id)} className="btn btn--ghost btn--sm" download data-testid="export-csv">
        <Icon name="download" size={16} /> {t('manage.exportCsv')}
      </a>
      {editable ? (
        <button type="button" className="btn btn--ghost btn--sm btn--danger-text" onClick={() => setConfirming(true)} data-testid="cancel-activity">
          <Icon name="x" size={16} /> {t('manage.cancelActivity')}
        </button>
      ) : null}
      <ConfirmDialog
        open={confirming}
        title={t('manage.cancelTitle')}
        body={t('manage.cancelBody', { count: affected })}
        confirmLabel={t('manage.cancelConfirm')}
        cancelLabel={t('manage.keepActivity')}
        danger
        busy={cancel.isPending}
        onClose={() => setConfirming(false)}
        onConfirm={() =>
          cancel.mutate(undefined, {
            onSuccess: () => toast.show(t('manage.cancelledToast'), 'success'),
            onSettled: () => setConfirming(false),
          })
        }
      />
    </div>
  );
}

function Stats({ activity: a, participants }: { activity: ActivityDetail; participants: Participant[] }) {
  const { t } = useTranslation();
  const f = useFormat();
  const count = (s: RegistrationStatus) => participants.filter((p) => p.status === s).length;
  const checkedIn = participants.filter((p) => p.checkedIn).length;
  const collected = participants.filter((p) => p.status === 'confirmed').reduce((sum, p) => sum + p.amountPaid, 0);
  const stats = [
    { key: 'going', value: t('manage.goingValue', { count: a.confirmedCount, capacity: a.capacity }), label: t('manage.stats.going') },
    { key: 'waitlist', value: String(a.waitlistCount), label: t('manage.stats.waitlist') },
    { key: 'pending', value: String(count('pending_approval')), label: t('manage.stats.pending') },
    { key: 'checkedIn', value: String(checkedIn), label: t('manage.stats.checkedIn') },
    ...(a.fee.amount ? [{ key: 'collected', value: f.money(collected, a.fee.currency), label: t('manage.stats.collected') }] : []),
  ];
  return (
    <dl className="manage-stats">
      {stats.map((s) => (
        <div key={s.key} className="manage-stat" data-testid={`stat-${s.key}`}>
          <dt>{s.label}</dt>
          <dd>{s.value}</dd>
        </div>
      ))}
    </dl>
  );
}

function ParticipantStatus({ participant: p }: { participant: Participant }) {
  const { t } = useTranslation();
  const label = p.heldUntil
    ? t('manage.status.onHold')
    : p.status === 'waitlisted' && p.waitlistPosition
      ? t('manage.status.waitlistedAt', { position: p.waitlistPosition })
      : t(`manage.status.${p.status}`);
  return <span className={`badge badge--reg-${p.status}`}>{label}</span>;
}

function ParticipantList({ activity: a, participants }: { activity: ActivityDetail; participants: Participant[] }) {
  const { t } = useTranslation();
  const f = useFormat();
  const toast = useToast();
  const errorMessage = useErrorMessage();
  const decide = useDecideRegistration(a.id);
  const checkIn = useCheckIn(a.id);
  const [filter, setFilter] = useState<Filter>('all');
  // Once it has begun, the organizer marks who came (check-in codes are for the door).
  const begun = Date.now() >= new Date(a.startsAt).getTime();
  const shown = filter === 'all' ? participants : participants.filter((p) => filterStatuses[filter].includes(p.status));
  const countOf = (k: Filter) => (k === 'all' ? participants.length : participants.filter((p) => filterStatuses[k].includes(p.status)).length);

  if (participants.length === 0) {
    return (
      <div className="manage-empty">
        <p className="manage-empty__title">{t('manage.noParticipants')}</p>
        <p className="muted small">{t('manage.noParticipantsBody')}</p>
      </div>
    );
  }

  return (
    <div className="stack">
      <div className="chip-row chip-row--scroll" role="group" aria-label={t('manage.filterLabel')}>
        {(['all', 'going', 'waitlist', 'pending', 'other'] as const).map((k) => (
          <button key={k} type="button" className={`chip chip--toggle${filter === k ? ' chip--on' : ''}`} aria-pressed={filter === k} onClick={() => setFilter(k)} data-testid={`participants-filter-${k}`}>
            {t(`manage.filter.${k}`)} <span className="chip__meta">{countOf(k)}</span>
          </button>
        ))}
      </div>
      {begun && participants.some((p) => p.status === 'confirmed') ? <p className="small muted">{t('attendance.markHint')}</p> : null}
      {shown.length === 0 ? <p className="muted small">{t('manage.noneInFilter')}</p> : null}
      <ul className="people participants">
        {shown.map((p) => (
          <li key={p.registrationId} className="person participant" data-testid="participant">
            <Avatar name={p.user.displayName} seed={p.user.id} src={p.user.avatarUrl} size={40} />
            <div className="person__text">
              <div className="participant__head">
                <Link to={`/u/${p.user.username}`} className="person__name">
                  {p.user.displayName}
                </Link>
                <ParticipantStatus participant={p} />
                {p.checkedIn ? (
                  <span className="badge badge--going">
                    <Icon name="check" size={12} /> {t('manage.checkedIn')}
                  </span>
                ) : null}
                {p.attendance ? (
                  <span className={`badge badge--attendance-${p.attendance}`} data-testid="participant-attendance">
                    {p.attendance === 'attended' ? t('attendance.came') : t('attendance.noShow')}
                  </span>
                ) : null}
              </div>
              <span className="small muted">
                @{p.user.username} · {t('manage.registered', { when: f.timeAgo(p.createdAt) })}
                {p.amountPaid ? ` · ${t('manage.paid', { amount: f.money(p.amountPaid, a.fee.currency) })}` : ''}
              </span>
              {p.showUp ? <ShowUpLine showUp={p.showUp} /> : null}
              {p.contest ? (
                <p className="participant__contest" data-testid="participant-contest">
                  <Icon name="flag" size={14} /> {t('attendance.disputes', { note: p.contest.note })}
                </p>
              ) : null}
              {p.guests.length ? (
                <ul className="participant__guests" aria-label={t('guests.ofParticipant', { name: p.user.displayName })} data-testid="participant-guests">
                  {p.guests.map((name, i) => (
                    <li key={i} data-testid="participant-guest">
                      <Icon name="plus" size={12} /> {name}
                    </li>
                  ))}
                </ul>
              ) : null}
              {a.questions.some((q) => p.answers[q.id]) ? (
                <dl className="answers">
                  {a.questions
                    .filter((q) => p.answers[q.id])
                    .map((q) => (
                      <div key={q.id}>
                        <dt>{q.text}</dt>
                        <dd>{p.answers[q.id]}</dd>
                      </div>
                    ))}
                </dl>
              ) : null}
            </div>
            <div className="person__actions">
              {p.status === 'pending_approval' ? (
                <>
                  <button
                    type="button"
                    className="btn btn--primary btn--sm"
                    disabled={decide.isPending}
                    onClick={() => decide.mutate({ registrationId: p.registrationId, decision: 'approve' }, { onSuccess: () => toast.show(t('manage.approvedToast', { name: p.user.displayName }), 'success') })}
                    data-testid="approve-registration"
                  >
                    {t('manage.approve')}
                  </button>
                  <button
                    type="button"
                    className="btn btn--ghost btn--sm"
                    disabled={decide.isPending}
                    onClick={() => decide.mutate({ registrationId: p.registrationId, decision: 'reject' }, { onSuccess: () => toast.show(t('manage.rejectedToast', { name: p.user.displayName }), 'info') })}
                    data-testid="reject-registration"
                  >
                    {t('manage.reject')}
                  </button>
                </>
              ) : null}
              {p.status === 'confirmed' && begun ? <AttendanceToggle activityId={a.id} participant={p} /> : null}
              {p.status === 'confirmed' && !begun ? (
                <button
                  type="button"
                  className={`btn btn--sm ${p.checkedIn ? 'btn--checked' : 'btn--secondary'}`}
                  aria-pressed={p.checkedIn}
                  disabled={p.checkedIn || checkIn.isPending}
                  onClick={() =>
                    checkIn.mutate(
                      { registrationId: p.registrationId },
                      {
                        onSuccess: () => toast.show(t('manage.checkedInToast', { name: p.user.displayName }), 'success'),
                        onError: (e) => toast.show(errorMessage(e), 'error'),
                      },
                    )
                  }
                  data-testid="check-in-button"
                >
                  <Icon name={p.checkedIn ? 'checkCircle' : 'check'} size={16} />
                  {p.checkedIn ? t('manage.checkedIn') : t('manage.checkIn')}
                </button>
              ) : null}
            </div>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** "Came" / "Didn't come" for a confirmed participant, once the activity has begun. */
function AttendanceToggle({ activityId, participant: p }: { activityId: number; participant: Participant }) {
  const { t } = useTranslation();
  const toast = useToast();
  const errorMessage = useErrorMessage();
  const mark = useMarkAttendance(activityId);
  const set = (attended: boolean) =>
    mark.mutate(
      { registrationId: p.registrationId, attended },
      {
        onSuccess: () => toast.show(t(attended ? 'attendance.markedCame' : 'attendance.markedNoShow', { name: p.user.displayName }), 'success'),
        onError: (e) => toast.show(errorMessage(e), 'error'),
      },
    );
  return (
    <div className="attendance-toggle" role="group" aria-label={t('attendance.markGroup', { name: p.user.displayName })} data-testid="attendance-toggle">
      <button type="button" className={`btn btn--sm ${p.attendance === 'attended' ? 'btn--checked' : 'btn--ghost'}`} aria-pressed={p.attendance === 'attended'} disabled={mark.isPending} onClick={() => set(true)} data-testid="mark-came">
        <Icon name="check" size={16} /> {t('attendance.came')}
      </button>
      <button type="button" className={`btn btn--sm ${p.attendance === 'no_show' ? 'btn--marked-no-show' : 'btn--ghost'}`} aria-pressed={p.attendance === 'no_show'} disabled={mark.isPending} onClick={() => set(false)} data-testid="mark-no-show">
        <Icon name="x" size={16} /> {t('attendance.noShow')}
      </button>
    </div>
  );
}

/** A participant's show-up record, for activities that choose their participants. */
function ShowUpLine({ showUp }: { showUp: NonNullable<Participant['showUp']> }) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <span className="small participant__show-up" data-testid="participant-show-up">
      <Icon name="checkCircle" size={14} />{' '}
      {showUp.rate === null
        ? t('attendance.showUpUnknown', { late: showUp.lateCancellations })
        : t('attendance.showUp', { rate: f.percent(showUp.rate), attended: showUp.attended, noShows: showUp.noShows, late: showUp.lateCancellations })}
    </span>
  );
}

function CheckInByCode({ activity: a }: { activity: ActivityDetail }) {
  const { t } = useTranslation();
  const toast = useToast();
  const errorMessage = useErrorMessage();
  const checkIn = useCheckIn(a.id);
  const participants = useParticipants(a.id, true);
  const [code, setCode] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const value = code.trim().toUpperCase();
    if (value.length < 4) {
      setProblem(t('manage.codeTooShort'));
      return;
    }
    setProblem(null);
    checkIn.mutate(
      { code: value },
      {
        onSuccess: ({ registrationId }) => {
          const who = participants.data?.items.find((p) => p.registrationId === registrationId);
          toast.show(t('manage.checkedInToast', { name: who?.user.displayName ?? value }), 'success');
          setCode('');
        },
        onError: (err) => setProblem(isApiError(err, 'not_found') ? t('manage.codeNotFound') : errorMessage(err)),
      },
    );
  };
  return (
    <form className="card card--padded check-in-form" onSubmit={submit} noValidate data-testid="check-in-form">
      <h2 className="card__title">
        <Icon name="qr" size={20} /> {t('manage.checkInByCode')}
      </h2>
      <p className="small muted">{t('manage.checkInByCodeHint')}</p>
      <label htmlFor="check-in-code" className="visually-hidden">
        {t('manage.code')}
      </label>
      <div className="input-row">
        <input
          id="check-in-code"
          type="text"
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          maxLength={12}
          placeholder={t('manage.codePlaceholder')}
          value={code}
          onChange={(e) => setCode(e.target.value)}
          aria-invalid={problem ? true : undefined}
          aria-describedby={problem ? 'check-in-problem' : undefined}
          className="code-input"
        />
        <button type="submit" className="btn btn--primary" disabled={checkIn.isPending}>
          {t('manage.checkIn')}
        </button>
      </div>
      {problem ? (
        <p className="field__error" id="check-in-problem" role="alert">
          {problem}
        </p>
      ) : null}
    </form>
  );
}
