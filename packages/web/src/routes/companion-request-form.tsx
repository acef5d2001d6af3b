import type { ActivityDetail, Budget, CostSharing, CreateCompanionRequestBody, MyCompanionCard, Me } from '@kindred/contract';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from '../lib/translation';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { AvailabilityGrid } from '../components/availability-grid';
import { AreaPicker, FormSection, MoneyFields, PreferencesFields, TagSelect, homeArea, preferencesDraft, preferencesFromDraft, type AreaDraft, type PreferencesDraft } from '../components/companion-fields';
import { distances } from '../components/companion-filters';
import { PageSpinner } from '../components/feedback';
import { Field, FormError } from '../components/form-field';
import { Icon } from '../components/icons';
import { Segmented } from '../components/segmented';
import { useToast } from '../components/toast';
import { useActivity } from '../data/activities';
import { useCreateRequest, useMyCard } from '../data/companions';
import { useMe } from '../data/session';
import { findInterest, useTaxonomy } from '../data/taxonomy';
import { browserTimeZone } from '../lib/activity-time';
import { todayLocal } from '../lib/availability';
import { useDocumentTitle } from '../lib/document-title';
import { fieldErrors, formErrorBanner, numberProblem, textProblem, useErrorMessage } from '../lib/errors';

type WhenType = 'once' | 'recurring';
const radii = [...distances, 50];

interface RequestDraft {
  tag: string;
  whenType: WhenType;
  date: string;
  from: string;
  to: string;
  slots: string[];
  until: string;
  area: AreaDraft;
  radiusKm: number;
  spots: string;
  preferences: PreferencesDraft;
  budget: Budget;
  costSharing: CostSharing;
  description: string;
}

/** A fresh request: my card's area and habits, else my home and interests. */
function initialDraft(card: MyCompanionCard | null | undefined, me: Me | null | undefined, lang: string, tag: string): RequestDraft {
  return {
    tag,
    whenType: 'once',
    date: '',
    from: '09:00',
    to: '12:00',
    slots: [],
    until: '',
    area: card ? { name: card.area.name, lat: card.area.lat, lng: card.area.lng, source: 'point' } : (homeArea(me, lang) ?? { name: '', lat: null, lng: null, source: '' }),
    radiusKm: 10,
    spots: '1',
    preferences: preferencesDraft(card?.preferences),
    budget: card?.budget ?? 'any',
    costSharing: card?.costSharing ?? 'either',
    description: '',
  };
}

/** /companions/requests/new — `?activity=ID` links the request to an activity and fills in its time and place. */
export function NewRequestPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const card = useMyCard();
  const me = useMe();
  const activityId = Number(params.get('activity')) || null;
  const activity = useActivity(activityId ?? 0);
  useDocumentTitle(t('companions.form.title'));
  if (card.isPending || !me || (activityId && activity.isPending)) return <PageSpinner />;
  return <RequestForm card={card.data ?? null} me={me} activity={activityId && activity.data ? activity.data : null} initialTag={params.get('tag') ?? ''} />;
}

function RequestForm({ card, me, activity, initialTag }: { card: MyCompanionCard | null; me: Me; activity: ActivityDetail | null; initialTag: string }) {
  const { t } = useTranslation();
  const { lang } = useTaxonomy();
  const navigate = useNavigate();
  const toast = useToast();
  const create = useCreateRequest();
  const errorMessage = useErrorMessage();
  const [linked, setLinked] = useState<ActivityDetail | null>(activity);
  const [d, setDraft] = useState<RequestDraft>(() => initialDraft(card, me, lang, initialTag));
  const [local, setLocal] = useState<Record<string, string>>({});
  const set = <K extends keyof RequestDraft>(key: K, value: RequestDraft[K]) => setDraft((prev) => ({ ...prev, [key]: value }));
  const fields = { ...fieldErrors(create.error), ...local };
  const timeZone = linked?.timeZone ?? browserTimeZone();
  const today = todayLocal();

  // Going to an activity: its interest, day, hours and place are the natural defaults.
  const prefilled = useRef(false);
  useEffect(() => {
    if (!activity || prefilled.current) return;
    prefilled.current = true;
    const tag = activity.tags.find((tg) => findInterest(tg)) ?? activity.tags[0] ?? '';
    const [date = '', from = '09:00'] = activity.startsAtLocal.split('T');
    const to = activity.endsAtLocal.slice(0, 10) === date ? activity.endsAtLocal.slice(11, 16) : '23:59';
    setDraft((prev) => ({
      ...prev,
      tag: prev.tag || tag,
      whenType: 'once',
      date: date >= todayLocal() ? date : prev.date,
      from: from.slice(0, 5),
      to,
      area: { name: activity.place.name.slice(0, 80), lat: activity.place.lat, lng: activity.place.lng, source: 'point' },
    }));
  }, [activity]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const problems: Record<string, string> = {};
    if (!d.tag) problems.tag = t('companions.form.interestRequired');
    if (d.whenType === 'once') {
      if (!d.date || d.date < today) problems['when.date'] = t('companions.form.dateRequired');
      if (!d.from || !d.to) problems['when.to'] = t('companions.form.timeRequired');
      else if (d.to <= d.from) problems['when.to'] = t('companions.form.timeOrder');
    } else {
      if (!d.slots.length) problems['when.slots'] = t('companions.form.slotsRequired');
      if (!d.until || d.until < today) problems['when.until'] = t('companions.form.untilRequired');
    }
    if (!d.area.name.trim()) problems['area.name'] = t('companions.card.areaNameRequired');
    if (d.area.lat === null || d.area.lng === null) problems.area = t('companions.card.pointRequired');
    const spots = Number(d.spots);
    const spotsProblem = numberProblem('spots', d.spots, { min: 1, max: 19 });
    if (spotsProblem) problems.spots = spotsProblem;
    const preferences = preferencesFromDraft(d.preferences);
    if (!preferences) problems['preferences.ageMin'] = t('companions.card.ageInvalid');
    if (!d.description.trim()) problems.description = t('companions.form.descriptionRequired');
    else {
      const descriptionProblem = textProblem('description', d.description, { max: 1000 });
      if (descriptionProblem) problems.description = descriptionProblem;
    }
    setLocal(problems);
    if (Object.keys(problems).length || !preferences || d.area.lat === null || d.area.lng === null) {
      window.requestAnimationFrame(() => document.querySelector<HTMLElement>('.companion-form [aria-invalid="true"], .companion-form .field--error')?.scrollIntoView({ block: 'center' }));
      return;
    }
    const body: CreateCompanionRequestBody = {
      tag: d.tag,
      activityId: linked?.id ?? null,
      when: d.whenType === 'once' ? { type: 'once', date: d.date, from: d.from, to: d.to } : { type: 'recurring', slots: d.slots, until: d.until },
      timeZone,
      area: { name: d.area.name.trim(), lat: d.area.lat, lng: d.area.lng },
      radiusKm: d.radiusKm,
      spots,
      preferences,
      budget: d.budget,
      costSharing: d.costSharing,
      description: d.description.trim(),
    };
    create.mutate(body, {
      onSuccess: (request) => {
        toast.show(request.heldForReview ? t('held.saved') : t('companions.form.posted'), request.heldForReview ? 'info' : 'success');
        navigate(`/companions/requests/${request.id}`, { replace: true });
      },
    });
  };

  return (
    <div className="page page--narrow">
      <header className="page-header">
        <Link to="/companions" className="back-link">
          <Icon name="back" size={18} /> {t('companions.title')}
        </Link>
        <h1>{t('companions.form.title')}</h1>
        <p className="muted">{t('companions.form.subtitle')}</p>
      </header>
      <form className="form card card--padded companion-form" onSubmit={submit} noValidate data-testid="request-form">
        <FormError message={formErrorBanner(create.error, errorMessage)} />

        <FormSection icon="sparkle" title={t('companions.form.sections.what')}>
          <Field label={t('companions.form.interest')} error={fields.tag}>
            <TagSelect value={d.tag} onChange={(tag) => set('tag', tag)} emptyLabel={t('companions.form.pickInterest')} extra={me.interests.map((i) => i.tag)} data-testid="request-interest" />
          </Field>
          {linked ? (
            <div className="field">
              <span className="field__label">{t('companions.form.activity')}</span>
              <div className="linked-activity" data-testid="linked-activity">
                <Icon name="ticket" size={18} />
                <Link to={`/activities/${linked.id}`}>{linked.title}</Link>
                <button type="button" className="icon-button" aria-label={t('companions.form.removeActivity')} title={t('companions.form.removeActivity')} onClick={() => setLinked(null)}>
                  <Icon name="x" size={16} />
                </button>
              </div>
              <p className="field__hint">{t('companions.form.activityHint')}</p>
            </div>
          ) : null}
          <Field label={t('companions.form.description')} hint={t('companions.form.descriptionHint')} error={fields.description} limit={1000}>
            <textarea rows={4} value={d.description} placeholder={t('companions.form.descriptionPlaceholder')} onChange={(e) => set('description', e.target.value)} />
          </Field>
        </FormSection>

        <FormSection icon="calendar" title={t('companions.form.sections.when')}>
          <Segmented<WhenType>
            label={t('companions.form.whenType')}
            value={d.whenType}
            onChange={(v) => set('whenType', v)}
            options={[
              { value: 'once', label: t('companions.form.once'), testId: 'when-once' },
              { value: 'recurring', label: t('companions.form.recurring'), testId: 'when-recurring' },
            ]}
          />
          {d.whenType === 'once' ? (
            <div className="form-grid form-grid--3">
              <Field label={t('companions.form.date')} error={fields['when.date'] ?? fields.when}>
                <input type="date" min={today} value={d.date} onChange={(e) => set('date', e.target.value)} />
              </Field>
              <Field label={t('companions.form.from')} error={fields['when.from']}>
                <input type="time" value={d.from} onChange={(e) => set('from', e.target.value)} />
              </Field>
              <Field label={t('companions.form.to')} error={fields['when.to']}>
                <input type="time" value={d.to} onChange={(e) => set('to', e.target.value)} />
              </Field>
            </div>
          ) : (
            <>
              <div className={`field${fields['when.slots'] ? ' field--error' : ''}`}>
                <span className="field__label">{t('companions.form.slots')}</span>
                {fields['when.slots'] ? (
                  <p className="field__error" role="alert">
                    {fields['when.slots']}
                  </p>
                ) : null}
                <AvailabilityGrid label={t('companions.form.slots')} value={d.slots} onChange={(v) => set('slots', v)} />
              </div>
              <Field label={t('companions.form.until')} error={fields['when.until']}>
                <input type="date" min={today} value={d.until} onChange={(e) => set('until', e.target.value)} />
              </Field>
            </>
          )}
          <p className="field__hint" data-testid="request-zone">
            <Icon name="globe" size={14} /> {t('companions.form.timeZone', { zone: timeZone.replace(/_/g, ' ') })}
          </p>
        </FormSection>

        <FormSection icon="mapPin" title={t('companions.form.sections.where')}>
          <AreaPicker value={d.area} onChange={(v) => set('area', v)} me={me} errors={{ name: fields['area.name'], point: fields.area ?? fields['area.lat'] }} />
          <Field label={t('companions.form.radius')} error={fields.radiusKm}>
            <select value={d.radiusKm} onChange={(e) => set('radiusKm', Number(e.target.value))} data-testid="request-radius">
              {radii.map((km) => (
                <option key={km} value={km}>
                  {t('companions.km', { km })}
                </option>
              ))}
            </select>
          </Field>
        </FormSection>

        <FormSection icon="users" title={t('companions.form.sections.who')}>
          <Field label={t('companions.form.spots')} error={fields.spots}>
            <input type="number" inputMode="numeric" min={1} max={19} value={d.spots} onChange={(e) => set('spots', e.target.value)} />
          </Field>
          <PreferencesFields value={d.preferences} onChange={(v) => set('preferences', v)} ageError={fields['preferences.ageMin'] ?? fields['preferences.ageMax']} />
          <MoneyFields budget={d.budget} costSharing={d.costSharing} onBudget={(v) => set('budget', v)} onCostSharing={(v) => set('costSharing', v)} />
        </FormSection>

        <div className="form__actions">
          <Link to="/companions" className="btn btn--ghost">
            {t('common.cancel')}
          </Link>
          <button type="submit" className="btn btn--primary btn--lg" disabled={create.isPending} data-testid="post-request">
            {create.isPending ? t('companions.form.posting') : t('companions.form.submit')}
          </button>
        </div>
      </form>
    </div>
  );
}
