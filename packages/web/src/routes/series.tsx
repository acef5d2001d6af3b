import type { ActivityDetail, Series, UpdateSeriesBody } from '@kindred/contract';
import { toMajorUnits, toMinorUnits } from '@kindred/contract/money';
import type { TFunction } from 'i18next';
import { useState, type FormEvent } from 'react';
import { useTranslation } from '../lib/translation';
import { Link, useParams } from 'react-router-dom';
import { ActivityStatusBadge } from '../components/activity-card';
import { Dialog } from '../components/dialog';
import { EmptyState, ErrorView, PageSpinner } from '../components/feedback';
import { Field, FormError } from '../components/form-field';
import { Icon } from '../components/icons';
import { useToast } from '../components/toast';
import { useActivity } from '../data/activities';
import { useResumeSeries, useSeries, useUpdateSeries } from '../data/series';
import { wallDate, wallDateTime, wallTime, wallWeekday } from '../lib/activity-time';
import { isApiError } from '../lib/api';
import { useDocumentTitle } from '../lib/document-title';
import { fieldErrors, numberProblem, textProblem, useErrorMessage } from '../lib/errors';
import { useFormat } from '../lib/format';
import { NotFoundPage } from './not-found';

type Occurrence = Series['occurrences'][number];

/** A series, for its organizer and admins: how it repeats, whether it is paused, and its dates. */
export function SeriesPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const id = Number(useParams().id);
  const valid = Number.isInteger(id) && id > 0;
  const series = useSeries(valid ? id : null);
  // The latest date carries the series' current title and place (each edit "from here on" moves it forward).
  const latest = series.data?.occurrences.at(-1);
  const reference = useActivity(latest?.id ?? 0);
  const title = reference.data?.title;
  useDocumentTitle(title ? t('series.documentTitle', { title }) : null);
  const [editing, setEditing] = useState<Occurrence | null>(null);

  if (!valid || isApiError(series.error, 'not_found')) return <NotFoundPage />;
  if (isApiError(series.error, 'forbidden')) {
    return (
      <div className="page page--narrow" data-testid="series-forbidden">
        <EmptyState icon="lock" title={t('series.forbiddenTitle')} body={t('series.forbiddenBody')} action={<Link to="/activities" className="btn btn--secondary">{t('activities.title')}</Link>} />
      </div>
    );
  }
  if (series.isPending) return <PageSpinner />;
  if (series.isError) {
    return (
      <div className="page">
        <ErrorView error={series.error} onRetry={() => void series.refetch()} />
      </div>
    );
  }
  const s = series.data;
  return (
    <div className="page page--narrow" data-testid="series-page">
      <header className="page-header">
        <Link to={latest ? `/activities/${latest.id}` : '/activities'} className="back-link">
          <Icon name="back" size={18} /> {t('series.back')}
        </Link>
        <p className="eyebrow">{t('series.eyebrow')}</p>
        <h1 data-testid="series-title">{title ?? '\u00a0'}</h1>
      </header>

      <section className="card card--padded series-rule" aria-label={t('series.eyebrow')}>
        <p className="series-rule__main" data-testid="series-rule">
          <SeriesRule series={s} />
        </p>
        <p className="small muted">
          {t('series.lasts', { duration: durationText(s.durationMinutes, t) })} · {s.until ? t('series.untilDate', { date: wallDate(`${s.until}T00:00`, f.lang) }) : t('series.noEnd')}
        </p>
        <p className="small muted">{t('series.singleEditNote')}</p>
      </section>

      {s.paused ? <PausedNotice series={s} /> : null}

      <section className="card card--padded series-dates" aria-labelledby="series-dates">
        <h2 className="card__title" id="series-dates">
          {t('series.dates')} <span className="count-pill">{s.occurrences.length}</span>
        </h2>
        <ul className="occurrence-list" data-testid="occurrences">
          {s.occurrences.map((o) => (
            <OccurrenceRow key={o.id} occurrence={o} onEdit={() => setEditing(o)} />
          ))}
        </ul>
      </section>

      <Dialog open={editing !== null} title={editing ? t('series.editFollowingTitle', { date: wallDate(editing.startsAtLocal, f.lang) }) : ''} onClose={() => setEditing(null)}>
        {editing ? <EditFollowing series={s} from={editing} onDone={() => setEditing(null)} /> : null}
      </Dialog>
    </div>
  );
}

/** "Every Saturday at 10:00, Europe/London" / "Every month on the 31st at 19:00, Asia/Shanghai". */
function SeriesRule({ series: s }: { series: Series }) {
  const { t } = useTranslation();
  const f = useFormat();
  const time = wallTime(`2000-01-01T${s.localTime}`, f.lang);
  const first = s.occurrences[0];
  if (!first) return <>{s.localTime}</>;
  if (s.freq === 'weekly') return <>{t('series.ruleWeekly', { weekday: wallWeekday(first.startsAtLocal, f.lang), time, zone: s.timeZone })}</>;
  const day = Number(first.startsAtLocal.slice(8, 10));
  return (
    <>
      {t('series.ruleMonthly', { day: t('series.day', { count: day, ordinal: true }), time, zone: s.timeZone })}
      {day > 28 ? <span className="small muted"> {t('series.shortMonthNote')}</span> : null}
    </>
  );
}

function durationText(minutes: number, t: TFunction) {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h && m) return t('activity.hoursMinutes', { h, m });
  if (h) return t('activity.hoursOnly', { h });
  return t('activity.minutesOnly', { m });
}

function PausedNotice({ series: s }: { series: Series }) {
  const { t } = useTranslation();
  const toast = useToast();
  const resume = useResumeSeries(s.id);
  return (
    <div className="notice notice--warning series-paused" data-testid="series-paused">
      <Icon name="hourglass" size={22} />
      <div className="notice__text">
        <p className="notice__title">{t('series.paused')}</p>
        <p className="notice__body">{t('series.pausedBody')}</p>
        <button type="button" className="btn btn--primary btn--sm" disabled={resume.isPending} onClick={() => resume.mutate(undefined, { onSuccess: () => toast.show(t('series.resumed'), 'success') })} data-testid="series-resume">
          <Icon name="retry" size={16} /> {t('series.resume')}
        </button>
      </div>
    </div>
  );
}

function OccurrenceRow({ occurrence: o, onEdit }: { occurrence: Occurrence; onEdit: () => void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const upcoming = new Date(o.startsAt).getTime() > Date.now();
  const when = wallDateTime(o.startsAtLocal, f.lang);
  const live = o.status === 'published';
  return (
    <li className={`occurrence${upcoming ? '' : ' occurrence--past'}`} data-testid="occurrence">
      <Link to={`/activities/${o.id}`} className="occurrence__when" data-testid="occurrence-link">
        <time dateTime={o.startsAt}>{when}</time>
      </Link>
      <span className="occurrence__badges">
        <ActivityStatusBadge status={o.status as ActivityDetail['status']} />
        {live && o.confirmed ? (
          <span className="badge badge--confirmed">
            <Icon name="check" size={12} /> {t('series.confirmed')}
          </span>
        ) : live && o.unconfirmed ? (
          <span className="badge badge--unconfirmed">{t('series.notConfirmed')}</span>
        ) : live && upcoming ? (
          <span className="badge">{t('series.awaiting')}</span>
        ) : null}
      </span>
      {live && upcoming ? (
        <button type="button" className="btn btn--ghost btn--sm occurrence__edit" onClick={onEdit} data-testid="edit-following">
          <Icon name="edit" size={16} /> {t('series.editFollowing')}
          <span className="visually-hidden"> ({when})</span>
        </button>
      ) : null}
    </li>
  );
}

/** The fields "this and following" changes, as the inputs hold them. */
interface FollowingDraft {
  localTime: string;
  durationMinutes: string;
  title: string;
  placeName: string;
  address: string;
  fee: string;
  capacity: string;
}

function draftOf(series: Series, from: Occurrence, a: ActivityDetail): FollowingDraft {
  return {
    localTime: from.startsAtLocal.slice(11, 16),
    durationMinutes: String(series.durationMinutes),
    title: a.title,
    placeName: a.place.name,
    address: a.place.address,
    fee: a.fee.amount ? String(toMajorUnits(a.fee.amount, a.fee.currency)) : '0',
    capacity: String(a.capacity),
  };
}

/** "This and following" from one date: its fields prefilled, only the changed ones sent. */
function EditFollowing({ series, from, onDone }: { series: Series; from: Occurrence; onDone: () => void }) {
  const activity = useActivity(from.id);
  if (activity.isPending) return <PageSpinner />;
  if (activity.isError) return <ErrorView error={activity.error} onRetry={() => void activity.refetch()} />;
  return <EditFollowingForm series={series} from={from} activity={activity.data} onDone={onDone} />;
}

function EditFollowingForm({ series, from, activity: a, onDone }: { series: Series; from: Occurrence; activity: ActivityDetail; onDone: () => void }) {
  const { t } = useTranslation();
  const toast = useToast();
  const errorMessage = useErrorMessage();
  const update = useUpdateSeries(series.id);
  const [initial] = useState(() => draftOf(series, from, a));
  const [d, setDraft] = useState(initial);
  const [local, setLocal] = useState<Record<string, string>>({});
  const set = (key: keyof FollowingDraft, value: string) => setDraft((prev) => ({ ...prev, [key]: value }));
  const fields = { ...fieldErrors(update.error), ...local };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const problems: Record<string, string> = {};
    const duration = Number(d.durationMinutes);
    const capacity = Number(d.capacity);
    const fee = toMinorUnits(Number(d.fee || '0'), a.fee.currency);
    if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(d.localTime)) problems.localTime = t('activityForm.timeRequired');
    if (!Number.isInteger(duration) || duration < 15 || duration > 1440) problems.durationMinutes = t('series.durationInvalid');
    const titleProblem = textProblem('title', d.title, { min: 3, max: 120 });
    if (titleProblem) problems.title = titleProblem;
    if (!d.placeName.trim()) problems['place.name'] = t('activityForm.placeRequired');
    const feeProblem = d.fee.trim() ? numberProblem('fee.amount', d.fee, { min: 0, whole: false }) : null;
    if (feeProblem) problems['fee.amount'] = feeProblem;
    const capacityProblem = numberProblem('capacity', d.capacity, { min: 1, max: 10000 });
    if (capacityProblem) problems.capacity = capacityProblem;
    setLocal(problems);
    if (Object.keys(problems).length) return;
    const body: UpdateSeriesBody = { from: from.id };
    if (d.localTime !== initial.localTime) body.localTime = d.localTime;
    if (duration !== series.durationMinutes) body.durationMinutes = duration;
    if (d.title.trim() !== a.title) body.title = d.title.trim();
    if (d.placeName.trim() !== a.place.name || d.address.trim() !== a.place.address) body.place = { ...a.place, name: d.placeName.trim(), address: d.address.trim() };
    if (fee !== a.fee.amount) body.fee = { amount: fee, currency: a.fee.currency };
    if (capacity !== a.capacity) body.capacity = capacity;
    if (Object.keys(body).length === 1) {
      toast.show(t('series.nothingChanged'));
      onDone();
      return;
    }
    update.mutate(body, {
      onSuccess: () => {
        toast.show(t('series.saved'), 'success');
        onDone();
      },
    });
  };

  return (
    <form className="form stack" onSubmit={submit} noValidate data-testid="edit-following-form">
      <p className="small muted">{t('series.editFollowingNote')}</p>
      <FormError message={update.error ? errorMessage(update.error) : null} />
      <div className="form-grid">
        <Field label={t('series.startTime')} error={fields.localTime}>
          <input type="time" value={d.localTime} onChange={(e) => set('localTime', e.target.value)} required />
        </Field>
        <Field label={t('series.durationMinutes')} error={fields.durationMinutes}>
          <input type="number" inputMode="numeric" min={15} max={1440} step={5} value={d.durationMinutes} onChange={(e) => set('durationMinutes', e.target.value)} />
        </Field>
      </div>
      <Field label={t('activityForm.title')} error={fields.title} limit={120}>
        <input type="text" value={d.title} onChange={(e) => set('title', e.target.value)} />
      </Field>
      <div className="form-grid">
        <Field label={t('activityForm.placeName')} error={fields['place.name']} limit={120}>
          <input type="text" value={d.placeName} onChange={(e) => set('placeName', e.target.value)} />
        </Field>
        <Field label={t('activityForm.address')} error={fields['place.address']} optional limit={300}>
          <input type="text" value={d.address} onChange={(e) => set('address', e.target.value)} />
        </Field>
      </div>
      <div className="form-grid">
        <Field label={t('series.feeAmount', { currency: a.fee.currency })} hint={t('series.feeHint')} error={fields['fee.amount']}>
          <input type="number" inputMode="decimal" min={0} step="0.01" value={d.fee} onChange={(e) => set('fee', e.target.value)} />
        </Field>
        <Field label={t('activityForm.capacity')} error={fields.capacity}>
          <input type="number" inputMode="numeric" min={1} max={10000} step={1} value={d.capacity} onChange={(e) => set('capacity', e.target.value)} />
        </Field>
      </div>
      <p className="small muted">{t('series.singleEditNote')}</p>
      <div className="form__actions">
        <button type="button" className="btn btn--ghost" onClick={onDone}>
          {t('common.cancel')}
        </button>
        <button type="submit" className="btn btn--primary" disabled={update.isPending} data-testid="save-following">
          {update.isPending ? t('common.saving') : t('series.save')}
        </button>
      </div>
    </form>
  );
}
