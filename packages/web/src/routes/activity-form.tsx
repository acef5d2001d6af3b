import type { ActivityDetail, CreateActivityBody, KnownPlace, Media, UpdateActivityBody } from '@kindred/contract';
import { minorDigits, toMajorUnits, toMinorUnits } from '@kindred/contract/money';
import { CAPACITY, MIN_TITLE, TEXT_LIMITS } from '@kindred/contract/limits';
import { useMemo, useState, type ChangeEvent, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from '../lib/translation';
import { Link, Navigate, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { CitySelect } from '../components/city-picker';
import { PageSpinner } from '../components/feedback';
import { Field, FormError } from '../components/form-field';
import { Icon, type IconName } from '../components/icons';
import { InterestPicker, type PickedInterest } from '../components/interest-picker';
import { MapView, type MapPoint } from '../components/map-view';
import { PlaceSuggestions } from '../components/place-suggestions';
import { MarkdownEditor } from '../components/markdown-editor';
import { PhotoPicker, usePhotoPicker } from '../components/photo-picker';
import { useToast } from '../components/toast';
import { useActivity, useCreateActivity, useUpdateActivity } from '../data/activities';
import { useCreateSeries } from '../data/series';
import { useMyGroups } from '../data/groups';
import { useMe } from '../data/session';
import { cities, findCity, type City } from '../data/taxonomy';
import { browserTimeZone } from '../lib/activity-time';
import { isApiError } from '../lib/api';
import { useDocumentTitle } from '../lib/document-title';
import { fieldErrors, fieldMessage, numberProblem, textProblem, useErrorMessage } from '../lib/errors';
import { feeCurrencies } from '../lib/format';
import { instantToWallTime, isBefore, isValidZone, timeZoneOptions, wallTimeFromNow, wallTimeToInstant } from '../lib/wall-time';
import { NotFoundPage } from './not-found';

/** How a low show-up rate is handled, as the form shows each choice. */
const lowShowUpIcons: Record<'refuse' | 'approval' | 'waitlist', IconName> = { refuse: 'x', approval: 'shield', waitlist: 'hourglass' };
type Difficulty = 'easy' | 'moderate' | 'hard';

interface QuestionDraft {
  id: string;
  text: string;
  required: boolean;
}

/** Everything the form edits, as the inputs hold it (text for numbers). */
interface Draft {
  title: string;
  description: string;
  tags: PickedInterest[];
  groupId: number | null;
  startsLocal: string;
  endsLocal: string;
  timeZone: string;
  cityKey: string | null;
  placeName: string;
  address: string;
  meetingPoint: string;
  lat: string;
  lng: string;
  difficulty: Difficulty | '';
  distanceKm: string;
  durationHours: string;
  gear: string;
  included: string;
  paid: boolean;
  amount: string;
  currency: string;
  capacity: string;
  maxGuests: string;
  cancelCutoffHours: string;
  minShowUpRate: string;
  lowShowUp: 'refuse' | 'approval' | 'waitlist';
  deadlineLocal: string;
  requiresApproval: boolean;
  questions: QuestionDraft[];
  fullRefundHours: string;
  partial: boolean;
  partialHours: string;
  partialPercent: string;
  cover: Media | null;
}

function emptyDraft(city: City | undefined, groupId: number | null): Draft {
  const zone = city?.timeZone ?? browserTimeZone();
  return {
    cover: null,
    title: '',
    description: '',
    tags: [],
    groupId,
    startsLocal: wallTimeFromNow(zone, 7, 9),
    endsLocal: wallTimeFromNow(zone, 7, 12),
    timeZone: zone,
    cityKey: city?.key ?? null,
    placeName: '',
    address: '',
    meetingPoint: '',
    lat: '',
    lng: '',
    difficulty: '',
    distanceKm: '',
    durationHours: '',
    gear: '',
    included: '',
    paid: false,
    amount: '',
    currency: 'CNY',
    capacity: '20',
    maxGuests: '0',
    cancelCutoffHours: '24',
    minShowUpRate: '',
    lowShowUp: 'refuse',
    deadlineLocal: '',
    requiresApproval: false,
    questions: [],
    fullRefundHours: '24',
    partial: false,
    partialHours: '',
    partialPercent: '50',
  };
}

/** The city a place is in, roughly (within a degree of its centre). */
function cityAround(place: { lat: number; lng: number }): City | undefined {
  return cities.find((c) => Math.abs(c.lat - place.lat) < 1 && Math.abs(c.lng - place.lng) < 1);
}

function draftOf(a: ActivityDetail): Draft {
  const p = a.refundPolicy;
  const city = cityAround(a.place);
  return {
    cover: a.cover,
    title: a.title,
    description: a.description,
    tags: a.tags.map((tag) => ({ tag, skill: null })),
    groupId: a.group?.id ?? null,
    startsLocal: a.startsAtLocal,
    endsLocal: a.endsAtLocal,
    timeZone: a.timeZone,
    cityKey: city?.key ?? null,
    placeName: a.place.name,
    address: a.place.address,
    meetingPoint: a.place.meetingPoint,
    lat: String(a.place.lat),
    lng: String(a.place.lng),
    difficulty: a.details.difficulty ?? '',
    distanceKm: a.details.distanceKm === null ? '' : String(a.details.distanceKm),
    durationHours: a.details.durationMinutes === null ? '' : String(Math.round((a.details.durationMinutes / 60) * 100) / 100),
    gear: a.details.gear.join(', '),
    included: a.details.included.join(', '),
    paid: a.fee.amount > 0,
    amount: a.fee.amount > 0 ? String(toMajorUnits(a.fee.amount, a.fee.currency)) : '',
    currency: a.fee.currency,
    capacity: String(a.capacity),
    maxGuests: String(a.maxGuests),
    cancelCutoffHours: String(a.cancelCutoffHours),
    minShowUpRate: a.minShowUpRate === null ? '' : String(a.minShowUpRate),
    lowShowUp: a.lowShowUp,
    deadlineLocal: a.registrationDeadline ? instantToWallTime(a.registrationDeadline, a.timeZone) : '',
    requiresApproval: a.requiresApproval,
    questions: a.questions.map((q) => ({ ...q })),
    fullRefundHours: String(p.fullRefundHoursBefore),
    partial: p.partialRefundHoursBefore != null && p.partialRefundPercent != null,
    partialHours: p.partialRefundHoursBefore != null ? String(p.partialRefundHoursBefore) : '',
    partialPercent: p.partialRefundPercent != null ? String(p.partialRefundPercent) : '50',
  };
}

function splitList(text: string): string[] {
  return [...new Set(text.split(/[,，\n]+/).map((s) => s.trim()).filter(Boolean))].slice(0, 20).map((s) => s.slice(0, 80));
}

export function CreateActivityPage() {
  const { t } = useTranslation();
  const me = useMe();
  const [params] = useSearchParams();
  const create = useCreateActivity();
  const createSeries = useCreateSeries();
  const navigate = useNavigate();
  const toast = useToast();
  useDocumentTitle(t('activityForm.createTitle'));
  const groupId = Number(params.get('groupId')) || null;
  const initial = useMemo(() => emptyDraft(findCity(me?.city), groupId), [me?.city, groupId]);
  if (!me) return <PageSpinner />;
  return (
    <ActivityForm
      title={t('activityForm.createTitle')}
      subtitle={t('activityForm.createSubtitle')}
      initial={initial}
      creating
      busy={create.isPending || createSeries.isPending}
      error={create.error ?? createSeries.error}
      cancelTo={groupId ? `/groups/${groupId}?tab=activities` : '/activities'}
      onSubmit={(body, status, repeat) =>
        repeat
          ? createSeries.mutate(
              { activity: { ...body, status: 'published' }, freq: repeat.freq, ...(repeat.until ? { until: repeat.until } : {}) },
              {
                onSuccess: (series) => {
                  toast.show(t('series.created', { count: series.occurrences.length }), 'success');
                  navigate(`/activities/${series.occurrences[0]!.id}`, { replace: true });
                },
              },
            )
          : create.mutate(
          { ...body, status },
          {
            onSuccess: (activity) => {
              if (activity.heldForReview) toast.show(t('held.saved'), 'info');
              else toast.show(status === 'draft' ? t('activityForm.draftSaved') : t('activityForm.created'), 'success');
              navigate(`/activities/${activity.id}`, { replace: true });
            },
          },
        )
      }
    />
  );
}

export function EditActivityPage() {
  const { t } = useTranslation();
  const id = Number(useParams().id);
  const activity = useActivity(id);
  const update = useUpdateActivity(id);
  const navigate = useNavigate();
  const toast = useToast();
  useDocumentTitle(t('activityForm.editTitle'));
  // The draft starts from the activity as first loaded; later refetches must not wipe the edits.
  const initial = useMemo(() => (activity.data ? draftOf(activity.data) : null), [activity.data?.id]);
  if (isApiError(activity.error, 'not_found') || !Number.isInteger(id)) return <NotFoundPage />;
  if (activity.isPending || !initial) return <PageSpinner />;
  const a = activity.data;
  if (!a || !a.viewer.canManage || a.status === 'cancelled' || a.status === 'completed') return <Navigate to={`/activities/${id}`} replace />;
  return (
    <ActivityForm
      title={t('activityForm.editTitle')}
      subtitle={a.title}
      initial={initial}
      creating={false}
      busy={update.isPending}
      error={update.error}
      cancelTo={`/activities/${id}`}
      onSubmit={(body) => {
        const { groupId: _group, status: _status, ...edited } = body;
        const changes = changedFields(bodyOf(a), edited);
        if (Object.keys(changes).length === 0) {
          navigate(`/activities/${id}`, { replace: true });
          return;
        }
        update.mutate(changes, {
          onSuccess: (saved) => {
            toast.show(saved.heldForReview ? t('held.saved') : t('activityForm.saved'), saved.heldForReview ? 'info' : 'success');
            navigate(`/activities/${id}`, { replace: true });
          },
        });
      }}
    />
  );
}

/** The activity as the API takes it, to tell which fields an edit changed. */
function bodyOf(a: ActivityDetail): UpdateActivityBody {
  const p = a.refundPolicy;
  return {
    title: a.title,
    description: a.description,
    tags: a.tags,
    startsAt: a.startsAt,
    endsAt: a.endsAt,
    timeZone: a.timeZone,
    place: a.place,
    details: a.details,
    fee: a.fee,
    capacity: a.capacity,
    maxGuests: a.maxGuests,
    cancelCutoffHours: a.cancelCutoffHours,
    minShowUpRate: a.minShowUpRate,
    lowShowUp: a.lowShowUp,
    registrationDeadline: a.registrationDeadline,
    requiresApproval: a.requiresApproval,
    questions: a.questions,
    refundPolicy: { fullRefundHoursBefore: p.fullRefundHoursBefore, partialRefundHoursBefore: p.partialRefundHoursBefore ?? null, partialRefundPercent: p.partialRefundPercent ?? null },
    cover: a.cover ? { id: a.cover.id, alt: a.cover.alt } : null,
  };
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * Comparable form of a value: instants as whole minutes since the epoch, since the form edits
 * times to the minute ("…:00Z" equals "…:00.000Z", and seconds the form never showed don't count).
 */
function comparable(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'string' && ISO_INSTANT.test(v) ? Math.floor(Date.parse(v) / 60_000) : v));
}

/**
 * Only the fields an edit really changed. The server tells registrants about any time, place or fee
 * field it is sent, so sending unchanged ones would notify people of changes that did not happen.
 */
function changedFields(before: UpdateActivityBody, after: UpdateActivityBody): UpdateActivityBody {
  const changes: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(after)) {
    if (comparable(value) !== comparable(before[key as keyof UpdateActivityBody])) changes[key] = value;
  }
  return changes as UpdateActivityBody;
}

/** The contract's limits, so the form refuses what the server would, in the same words. */
const LIMITS = {
  title: { minLength: MIN_TITLE, maxLength: TEXT_LIMITS.activityTitle },
  description: { maxLength: TEXT_LIMITS.activityDescription },
  placeName: { maxLength: TEXT_LIMITS.placeName },
  address: { maxLength: TEXT_LIMITS.address },
  meetingPoint: { maxLength: TEXT_LIMITS.meetingPoint },
  capacity: { minimum: CAPACITY.min, maximum: CAPACITY.max },
  question: TEXT_LIMITS.question,
};

/** How a new activity repeats: weekly or monthly, up to an optional last local date (YYYY-MM-DD). */
interface Repeat {
  freq: 'weekly' | 'monthly';
  until: string | null;
}

/** A series' errors name the first occurrence's fields under `activity.`: the form shows them at its own fields. */
function seriesFieldErrors(fields: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(fields).map(([key, message]) => [key.replace(/^activity\./, ''), message]));
}

function Section({ icon, title, children }: { icon: IconName; title: string; children: ReactNode }) {
  return (
    <section className="form-section">
      <h2 className="form-section__title">
        <span className="form-section__icon">
          <Icon name={icon} size={18} />
        </span>
        {title}
      </h2>
      <div className="form-section__body">{children}</div>
    </section>
  );
}

function ActivityForm({ title, subtitle, initial, creating, busy, error, cancelTo, onSubmit }: {
  title: string;
  subtitle: string;
  initial: Draft;
  creating: boolean;
  busy: boolean;
  error: unknown;
  cancelTo: string;
  onSubmit: (body: CreateActivityBody, status: 'draft' | 'published', repeat: Repeat | null) => void;
}) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const groups = useMyGroups(creating);
  const [d, setDraft] = useState<Draft>(initial);
  const cover = usePhotoPicker(initial.cover ? [initial.cover] : [], 1);
  const [local, setLocal] = useState<Record<string, string>>({});
  const [freq, setFreq] = useState<Repeat['freq'] | 'never'>('never');
  const [until, setUntil] = useState('');
  /** What the organizer is typing as a place or an address, until they pick a suggestion. */
  const [placeQuery, setPlaceQuery] = useState('');
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((prev) => ({ ...prev, [key]: value }));
  const fields = { ...seriesFieldErrors(fieldErrors(error)), ...local };
  const zones = useMemo(() => timeZoneOptions([d.timeZone, browserTimeZone(), ...cities.map((c) => c.timeZone)]), [d.timeZone]);
  const adminGroups = (groups.data?.pages.flatMap((p) => p.items) ?? []).filter((g) => g.role === 'owner' || g.role === 'admin');

  const lat = Number(d.lat);
  const lng = Number(d.lng);
  const hasPin = d.lat.trim() !== '' && d.lng.trim() !== '' && Math.abs(lat) <= 90 && Math.abs(lng) <= 180;
  const city = cities.find((c) => c.key === d.cityKey);
  const pin = useMemo<MapPoint | null>(() => (hasPin ? { lat, lng } : null), [hasPin, lat, lng]);
  const center = useMemo<MapPoint>(() => pin ?? (city ? { lat: city.lat, lng: city.lng } : { lat: 31.23, lng: 121.47 }), [pin, city]);

  /** Typing a place or an address also asks for suggestions of both. */
  const typePlace = (key: 'placeName' | 'address') => (e: ChangeEvent<HTMLInputElement>) => {
    set(key, e.target.value);
    setPlaceQuery(e.target.value);
  };

  const pickPlace = (place: KnownPlace) => {
    const around = cityAround(place);
    setPlaceQuery('');
    setDraft((prev) => ({
      ...prev,
      placeName: place.name,
      address: place.address,
      lat: String(place.lat),
      lng: String(place.lng),
      ...(around ? { cityKey: around.key, timeZone: around.timeZone } : {}),
    }));
  };

  const pickCity = (c: City | null) => {
    setDraft((prev) => ({
      ...prev,
      cityKey: c?.key ?? null,
      ...(c ? { timeZone: c.timeZone, lat: String(c.lat), lng: String(c.lng) } : {}),
    }));
  };

  const build = (): CreateActivityBody | null => {
    const problems: Record<string, string> = {};
    const text = (field: string, value: string, rule: Parameters<typeof textProblem>[2]) => {
      const problem = textProblem(field, value, rule);
      if (problem) problems[field] = problem;
    };
    const number = (field: string, raw: string, rule: Parameters<typeof numberProblem>[2]) => {
      const problem = numberProblem(field, raw, rule);
      if (problem) problems[field] = problem;
    };
    text('title', d.title, { min: LIMITS.title.minLength, max: LIMITS.title.maxLength });
    text('description', d.description, { max: LIMITS.description.maxLength });
    text('place.address', d.address, { max: LIMITS.address.maxLength });
    text('place.meetingPoint', d.meetingPoint, { max: LIMITS.meetingPoint.maxLength });
    if (d.tags.length === 0) problems.tags = t('activityForm.tagsRequired');
    if (!isValidZone(d.timeZone)) problems.timeZone = t('activityForm.zoneInvalid');
    const startsAt = wallTimeToInstant(d.startsLocal, d.timeZone);
    const endsAt = wallTimeToInstant(d.endsLocal, d.timeZone);
    if (!startsAt) problems.startsAt = t('activityForm.timeRequired');
    else if (new Date(startsAt).getTime() < Date.now()) problems.startsAt = t('activityForm.startInPast');
    if (!endsAt) problems.endsAt = t('activityForm.timeRequired');
    else if (startsAt && !isBefore(d.startsLocal, d.endsLocal, d.timeZone)) problems.endsAt = t('activityForm.endBeforeStart');
    const deadline = d.deadlineLocal ? wallTimeToInstant(d.deadlineLocal, d.timeZone) : null;
    if (deadline && startsAt && deadline > startsAt) problems.registrationDeadline = t('activityForm.deadlineAfterStart');
    if (!d.placeName.trim()) problems['place.name'] = t('activityForm.placeRequired');
    else text('place.name', d.placeName, { max: LIMITS.placeName.maxLength });
    if (!hasPin) problems['place.lat'] = t('activityForm.pinRequired');
    const capacity = Number(d.capacity);
    number('capacity', d.capacity, { min: LIMITS.capacity.minimum, max: LIMITS.capacity.maximum });
    const maxGuests = d.maxGuests.trim() === '' ? 0 : Number(d.maxGuests);
    if (d.maxGuests.trim() !== '') number('maxGuests', d.maxGuests, { min: 0, max: 10 });
    const cancelCutoffHours = d.cancelCutoffHours.trim() === '' ? 24 : Number(d.cancelCutoffHours);
    if (d.cancelCutoffHours.trim() !== '') number('cancelCutoffHours', d.cancelCutoffHours, { min: 0, max: 168 });
    const minShowUpRate = d.minShowUpRate.trim() === '' ? null : Number(d.minShowUpRate);
    if (minShowUpRate !== null) number('minShowUpRate', d.minShowUpRate, { min: 1, max: 100 });
    const amount = d.paid ? toMinorUnits(Number(d.amount), d.currency) : 0;
    if (d.paid) {
      number('fee.amount', d.amount, { min: 0, whole: false });
      // A paid activity costs something: zero is what "free" is for.
      if (!problems['fee.amount'] && amount <= 0) problems['fee.amount'] = fieldMessage('fee.amount', { kind: 'above', limit: 0 });
    }
    const full = Number(d.fullRefundHours);
    if (!Number.isInteger(full) || full < 0) problems['refundPolicy.fullRefundHoursBefore'] = t('activityForm.hoursInvalid');
    const partialHours = Number(d.partialHours);
    const partialPercent = Number(d.partialPercent);
    if (d.paid && d.partial) {
      if (!Number.isInteger(partialHours) || partialHours < 0 || d.partialHours.trim() === '') problems['refundPolicy.partialRefundHoursBefore'] = t('activityForm.hoursInvalid');
      else if (partialHours > full) problems['refundPolicy.partialRefundHoursBefore'] = t('activityForm.partialAfterFull');
      if (!Number.isInteger(partialPercent) || partialPercent < 1 || partialPercent > 99) problems['refundPolicy.partialRefundPercent'] = t('activityForm.percentInvalid');
    }
    d.questions.forEach((q, i) => {
      if (!q.text.trim()) problems[`questions.${i}`] = t('activityForm.questionEmpty');
      else text(`questions.${i}`, q.text, { max: LIMITS.question });
    });
    const distanceKm = d.distanceKm.trim() ? Number(d.distanceKm) : null;
    const durationMinutes = d.durationHours.trim() ? Math.round(Number(d.durationHours) * 60) : null;
    if (distanceKm !== null && !(distanceKm >= 0)) problems['details.distanceKm'] = t('activityForm.numberInvalid');
    if (durationMinutes !== null && !(durationMinutes >= 1)) problems['details.durationMinutes'] = t('activityForm.numberInvalid');
    if (creating && freq !== 'never' && until && until < d.startsLocal.slice(0, 10)) problems.until = t('series.untilBeforeStart');
    if (cover.busy) problems.cover = t('photos.stillUploading');
    else if (cover.failed) problems.cover = t('photos.someFailed');
    setLocal(problems);
    if (Object.keys(problems).length || !startsAt || !endsAt) return null;
    return {
      ...(creating && d.groupId ? { groupId: d.groupId } : {}),
      title: d.title.trim(),
      description: d.description,
      tags: d.tags.map((x) => x.tag),
      startsAt,
      endsAt,
      timeZone: d.timeZone,
      place: { name: d.placeName.trim(), address: d.address.trim(), lat, lng, meetingPoint: d.meetingPoint.trim() },
      details: { difficulty: d.difficulty || null, distanceKm, durationMinutes, gear: splitList(d.gear), included: splitList(d.included) },
      fee: { amount, currency: d.currency },
      capacity,
      maxGuests,
      cancelCutoffHours,
      minShowUpRate,
      lowShowUp: d.lowShowUp,
      registrationDeadline: deadline,
      requiresApproval: d.requiresApproval,
      questions: d.questions.map((q) => ({ id: q.id, text: q.text.trim(), required: q.required })),
      cover: cover.photos[0] ?? null,
      refundPolicy: d.paid && d.partial ? { fullRefundHoursBefore: full, partialRefundHoursBefore: partialHours, partialRefundPercent: partialPercent } : { fullRefundHoursBefore: full, partialRefundHoursBefore: null, partialRefundPercent: null },
    };
  };

  const submit = (status: 'draft' | 'published') => (e?: FormEvent) => {
    e?.preventDefault();
    const body = build();
    if (body) onSubmit(body, status, creating && freq !== 'never' ? { freq, until: until || null } : null);
    else window.requestAnimationFrame(() => document.querySelector<HTMLElement>('.activity-form [aria-invalid="true"], .activity-form .field--error')?.scrollIntoView({ block: 'center' }));
  };

  const addQuestion = () => {
    const used = new Set(d.questions.map((q) => q.id));
    let n = d.questions.length + 1;
    while (used.has(`q${n}`)) n++;
    set('questions', [...d.questions, { id: `q${n}`, text: '', required: false }]);
  };

  return (
    <div className="page page--narrow">
      <header className="page-header">
        <Link to={cancelTo} className="back-link">
          <Icon name="back" size={18} /> {t('common.back')}
        </Link>
        <h1>{title}</h1>
        <p className="muted">{subtitle}</p>
      </header>
      <form className="form card card--padded activity-form" onSubmit={submit('published')} noValidate data-testid="activity-form">
        <FormError message={error ? errorMessage(error) : null} />

        <Section icon="sparkle" title={t('activityForm.sections.basics')}>
          <Field label={t('activityForm.title')} hint={t('activityForm.titleHint')} error={fields.title} limit={LIMITS.title.maxLength}>
            <input type="text" value={d.title} onChange={(e) => set('title', e.target.value)} required />
          </Field>
          <PhotoPicker state={cover} label={t('photos.coverLabel')} hint={t('photos.coverHint')} error={fields.cover} />
          <Field label={t('activityForm.description')} hint={t('activityForm.descriptionHint')} error={fields.description} optional limit={LIMITS.description.maxLength}>
            <MarkdownEditor value={d.description} onChange={(v) => set('description', v)} rows={5} />
          </Field>
          <div className={`field${fields.tags ? ' field--error' : ''}`}>
            <span className="field__label">{t('activityForm.tags')}</span>
            <p className="field__hint">{t('activityForm.tagsHint')}</p>
            {fields.tags ? (
              <p className="field__error" role="alert">
                {fields.tags}
              </p>
            ) : null}
            <InterestPicker label={t('activityForm.tags')} value={d.tags} onChange={(v) => set('tags', v)} max={8} collapsible />
          </div>
          {creating && adminGroups.length ? (
            <Field label={t('activityForm.group')} hint={t('activityForm.groupHint')} error={fields.groupId}>
              <select value={d.groupId ?? ''} onChange={(e) => set('groupId', Number(e.target.value) || null)} data-testid="activity-group-select">
                <option value="">{t('activityForm.noGroup')}</option>
                {adminGroups.map((g) => (
                  <option key={g.group.id} value={g.group.id}>
                    {g.group.name}
                  </option>
                ))}
              </select>
            </Field>
          ) : null}
        </Section>

        <Section icon="calendar" title={t('activityForm.sections.when')}>
          <div className="form-grid">
            <Field label={t('activityForm.starts')} error={fields.startsAt}>
              <input type="datetime-local" value={d.startsLocal} onChange={(e) => set('startsLocal', e.target.value)} required />
            </Field>
            <Field label={t('activityForm.ends')} error={fields.endsAt}>
              <input type="datetime-local" value={d.endsLocal} onChange={(e) => set('endsLocal', e.target.value)} required />
            </Field>
          </div>
          <Field label={t('activityForm.timeZone')} hint={t('activityForm.timeZoneHint')} error={fields.timeZone}>
            <select value={d.timeZone} onChange={(e) => set('timeZone', e.target.value)} data-testid="time-zone-select">
              {zones.map((z) => (
                <option key={z.zone} value={z.zone}>
                  {z.label}
                </option>
              ))}
            </select>
          </Field>
          {creating ? (
            <fieldset className="fieldset repeat-fields" data-testid="repeat-fields">
              <legend className="field__label">{t('series.repeats')}</legend>
              <div className="choice-cards">
                {(['never', 'weekly', 'monthly'] as const).map((v) => (
                  <label key={v} className="choice-card">
                    <input type="radio" name="repeats" value={v} checked={freq === v} onChange={() => setFreq(v)} data-testid={`repeats-${v}`} />
                    <Icon name={v === 'never' ? 'calendar' : 'retry'} size={20} />
                    <span>{t(`series.${v}`)}</span>
                  </label>
                ))}
              </div>
              {freq !== 'never' ? (
                <>
                  <p className="field__hint" data-testid="repeat-note">
                    {t('series.formNote')}
                    {freq === 'monthly' && Number(d.startsLocal.slice(8, 10)) > 28 ? ` ${t('series.shortMonthNote')}` : ''}
                  </p>
                  <Field label={t('series.until')} hint={t('series.untilHint')} error={fields.until} optional>
                    <input type="date" value={until} min={d.startsLocal.slice(0, 10)} onChange={(e) => setUntil(e.target.value)} data-testid="repeat-until" />
                  </Field>
                </>
              ) : null}
            </fieldset>
          ) : null}
        </Section>

        <Section icon="mapPin" title={t('activityForm.sections.where')}>
          <Field label={t('activityForm.city')} hint={t('activityForm.cityHint')}>
            <CitySelect value={d.cityKey} onChange={pickCity} noneLabel={t('activityForm.noCity')} />
          </Field>
          <div className="form-grid">
            <Field label={t('activityForm.placeName')} hint={t('activityForm.placeHint')} error={fields['place.name']} limit={LIMITS.placeName.maxLength}>
              <input
                type="text"
                value={d.placeName}
                onChange={typePlace('placeName')}
                autoComplete="off"
                required
              />
            </Field>
            <Field label={t('activityForm.address')} error={fields['place.address']} optional limit={LIMITS.address.maxLength}>
              <input
                type="text"
                value={d.address}
                onChange={typePlace('address')}
                autoComplete="off"
              />
            </Field>
          </div>
          <PlaceSuggestions
            query={placeQuery}
            onPlace={pickPlace}
            onCity={(c) => {
              setPlaceQuery('');
              pickCity(c);
            }}
          />
          <div className="field">
            <span className="field__label">{t('activityForm.pin')}</span>
            <p className="field__hint">{t('activityForm.mapHint')}</p>
            <MapView label={t('activityForm.pin')} center={center} zoom={pin ? 13 : 11} pin={pin} onPick={(p) => setDraft((prev) => ({ ...prev, lat: String(p.lat), lng: String(p.lng) }))} size="md" testId="place-map" />
          </div>
          <div className="form-grid">
            <Field label={t('activityForm.lat')} error={fields['place.lat']}>
              <input type="number" inputMode="decimal" step="any" min={-90} max={90} value={d.lat} onChange={(e) => set('lat', e.target.value)} />
            </Field>
            <Field label={t('activityForm.lng')} error={fields['place.lng']}>
              <input type="number" inputMode="decimal" step="any" min={-180} max={180} value={d.lng} onChange={(e) => set('lng', e.target.value)} />
            </Field>
          </div>
          <Field label={t('activityForm.meetingPoint')} hint={t('activityForm.meetingPointHint')} error={fields['place.meetingPoint']} optional limit={LIMITS.meetingPoint.maxLength}>
            <input type="text" value={d.meetingPoint} onChange={(e) => set('meetingPoint', e.target.value)} />
          </Field>
        </Section>

        <Section icon="backpack" title={t('activityForm.sections.details')}>
          <div className="form-grid form-grid--3">
            <Field label={t('activity.difficulty')} optional>
              <select value={d.difficulty} onChange={(e) => set('difficulty', e.target.value as Difficulty | '')}>
                <option value="">{t('activityForm.difficultyNone')}</option>
                {(['easy', 'moderate', 'hard'] as const).map((level) => (
                  <option key={level} value={level}>
                    {t(`activity.difficultyLevel.${level}`)}
                  </option>
                ))}
              </select>
            </Field>
            <Field label={t('activityForm.distanceKm')} error={fields['details.distanceKm']} optional>
              <input type="number" inputMode="decimal" min={0} step="any" value={d.distanceKm} onChange={(e) => set('distanceKm', e.target.value)} />
            </Field>
            <Field label={t('activityForm.durationHours')} error={fields['details.durationMinutes']} optional>
              <input type="number" inputMode="decimal" min={0} step="0.5" value={d.durationHours} onChange={(e) => set('durationHours', e.target.value)} />
            </Field>
          </div>
          <Field label={t('activity.gear')} hint={t('activityForm.listHint')} optional>
            <input type="text" value={d.gear} onChange={(e) => set('gear', e.target.value)} placeholder={t('activityForm.gearPlaceholder')} />
          </Field>
          <Field label={t('activity.included')} hint={t('activityForm.listHint')} optional>
            <input type="text" value={d.included} onChange={(e) => set('included', e.target.value)} placeholder={t('activityForm.includedPlaceholder')} />
          </Field>
        </Section>

        <Section icon="ticket" title={t('activityForm.sections.tickets')}>
          <fieldset className="fieldset">
            <legend className="field__label">{t('activityForm.fee')}</legend>
            <div className="choice-cards">
              <label className="choice-card">
                <input type="radio" name="fee-kind" checked={!d.paid} onChange={() => set('paid', false)} />
                <Icon name="heart" size={20} />
                <span>{t('activityForm.free')}</span>
              </label>
              <label className="choice-card">
                <input type="radio" name="fee-kind" checked={d.paid} onChange={() => set('paid', true)} />
                <Icon name="wallet" size={20} />
                <span>{t('activityForm.paid')}</span>
              </label>
            </div>
          </fieldset>
          {d.paid ? (
            <div className="form-grid">
              <Field label={t('activityForm.amount')} error={fields['fee.amount']}>
                <input type="number" inputMode="decimal" min={10 ** -minorDigits(d.currency)} step={10 ** -minorDigits(d.currency)} value={d.amount} onChange={(e) => set('amount', e.target.value)} data-testid="fee-amount" />
              </Field>
              <Field label={t('activityForm.currency')} error={fields['fee.currency']}>
                <select value={d.currency} onChange={(e) => set('currency', e.target.value)}>
                  {feeCurrencies.map((c) => (
                    <option key={c} value={c}>
                      {c}
                    </option>
                  ))}
                </select>
              </Field>
            </div>
          ) : null}
          <Field label={t('activityForm.capacity')} hint={t('activityForm.capacityHint')} error={fields.capacity}>
            <input type="number" inputMode="numeric" min={1} max={10000} step={1} value={d.capacity} onChange={(e) => set('capacity', e.target.value)} />
          </Field>
          {d.paid ? (
            <fieldset className="fieldset refund-fields">
              <legend className="field__label">{t('activityForm.refund')}</legend>
              <Field label={t('activityForm.fullRefundHours')} hint={t('activityForm.fullRefundHoursHint')} error={fields['refundPolicy.fullRefundHoursBefore'] ?? fields.refundPolicy}>
                <input type="number" inputMode="numeric" min={0} step={1} value={d.fullRefundHours} onChange={(e) => set('fullRefundHours', e.target.value)} />
              </Field>
              <label className="switch">
                <input type="checkbox" checked={d.partial} onChange={(e) => set('partial', e.target.checked)} />
                <span className="switch__track" aria-hidden="true" />
                <span>{t('activityForm.partialRefund')}</span>
              </label>
              {d.partial ? (
                <div className="form-grid">
                  <Field label={t('activityForm.partialHours')} error={fields['refundPolicy.partialRefundHoursBefore']}>
                    <input type="number" inputMode="numeric" min={0} step={1} value={d.partialHours} onChange={(e) => set('partialHours', e.target.value)} />
                  </Field>
                  <Field label={t('activityForm.partialPercent')} error={fields['refundPolicy.partialRefundPercent']}>
                    <input type="number" inputMode="numeric" min={1} max={99} step={1} value={d.partialPercent} onChange={(e) => set('partialPercent', e.target.value)} />
                  </Field>
                </div>
              ) : null}
            </fieldset>
          ) : null}
        </Section>

        <Section icon="shield" title={t('activityForm.sections.registration')}>
          <Field label={t('activityForm.deadline')} hint={t('activityForm.deadlineHint')} error={fields.registrationDeadline} optional>
            <input type="datetime-local" value={d.deadlineLocal} onChange={(e) => set('deadlineLocal', e.target.value)} />
          </Field>
          <Field label={t('guests.maxGuests')} hint={t('guests.maxGuestsHint')} error={fields.maxGuests}>
            <input type="number" inputMode="numeric" min={0} max={10} step={1} value={d.maxGuests} onChange={(e) => set('maxGuests', e.target.value)} data-testid="max-guests" />
          </Field>
          <Field
            label={t('attendance.cancelCutoff')}
            hint={t('attendance.cancelCutoffHint', { count: Number.isInteger(Number(d.cancelCutoffHours)) && d.cancelCutoffHours.trim() ? Number(d.cancelCutoffHours) : 24 })}
            error={fields.cancelCutoffHours}
          >
            <input type="number" inputMode="numeric" min={0} max={168} step={1} value={d.cancelCutoffHours} onChange={(e) => set('cancelCutoffHours', e.target.value)} data-testid="cancel-cutoff" />
          </Field>
          <Field label={t('attendance.minShowUpRate')} hint={t('attendance.minShowUpRateHint')} error={fields.minShowUpRate} optional>
            <input type="number" inputMode="numeric" min={1} max={100} step={1} value={d.minShowUpRate} onChange={(e) => set('minShowUpRate', e.target.value)} data-testid="min-show-up-rate" />
          </Field>
          {d.minShowUpRate.trim() ? (
            <fieldset className="fieldset">
              <legend className="field__label">{t('attendance.lowShowUp')}</legend>
              <div className="choice-cards">
                {(['refuse', 'approval', 'waitlist'] as const).map((v) => (
                  <label key={v} className="choice-card">
                    <input type="radio" name="low-show-up" value={v} checked={d.lowShowUp === v} onChange={() => set('lowShowUp', v)} data-testid={`low-show-up-${v}`} />
                    <Icon name={lowShowUpIcons[v]} size={20} />
                    <span>{t(`attendance.lowShowUp_${v}`)}</span>
                  </label>
                ))}
              </div>
            </fieldset>
          ) : null}
          <label className="switch">
            <input type="checkbox" checked={d.requiresApproval} onChange={(e) => set('requiresApproval', e.target.checked)} data-testid="requires-approval" />
            <span className="switch__track" aria-hidden="true" />
            <span>{t('activityForm.requiresApproval')}</span>
          </label>
          <div className="field">
            <span className="field__label">{t('activityForm.questions')}</span>
            <p className="field__hint">{t('activityForm.questionsHint')}</p>
            {d.questions.length ? (
              <ol className="question-list">
                {d.questions.map((q, i) => (
                  <li key={q.id} className="question-row">
                    <Field label={t('activityForm.questionN', { n: i + 1 })} error={fields[`questions.${i}`] ?? fields[`questions.${i}.text`]} limit={LIMITS.question}>
                      <input type="text" value={q.text} onChange={(e) => set('questions', d.questions.map((x) => (x.id === q.id ? { ...x, text: e.target.value } : x)))} />
                    </Field>
                    <div className="question-row__actions">
                      <label className="checkbox">
                        <input type="checkbox" checked={q.required} onChange={(e) => set('questions', d.questions.map((x) => (x.id === q.id ? { ...x, required: e.target.checked } : x)))} />
                        {t('activityForm.questionRequired')}
                      </label>
                      <button type="button" className="text-button text-button--danger" onClick={() => set('questions', d.questions.filter((x) => x.id !== q.id))}>
                        <Icon name="trash" size={15} /> {t('activityForm.removeQuestion')}
                      </button>
                    </div>
                  </li>
                ))}
              </ol>
            ) : null}
            {d.questions.length < 10 ? (
              <button type="button" className="btn btn--ghost btn--sm question-add" onClick={addQuestion}>
                <Icon name="plus" size={16} /> {t('activityForm.addQuestion')}
              </button>
            ) : null}
          </div>
        </Section>

        <div className="form__actions">
          <Link to={cancelTo} className="btn btn--ghost">
            {t('common.cancel')}
          </Link>
          {creating && freq === 'never' ? (
            <button type="button" className="btn btn--secondary" disabled={busy} onClick={() => submit('draft')()} data-testid="save-draft">
              {t('activityForm.saveDraft')}
            </button>
          ) : null}
          <button type="submit" className="btn btn--primary btn--lg" disabled={busy} data-testid="save-activity">
            {busy ? t('common.saving') : creating ? t('activityForm.publish') : t('activityForm.saveChanges')}
          </button>
        </div>
      </form>
    </div>
  );
}
