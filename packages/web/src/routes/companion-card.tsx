import type { Budget, CompanionCardBody, CostSharing, Me, MyCompanionCard } from '@kindred/contract';
import { useState, type FormEvent } from 'react';
import { useTranslation } from '../lib/translation';
import { useNavigate } from 'react-router-dom';
import { AvailabilityGrid, DateList } from '../components/availability-grid';
import { AreaPicker, FormSection, MoneyFields, PreferencesFields, homeArea, preferencesDraft, preferencesFromDraft, type AreaDraft, type PreferencesDraft } from '../components/companion-fields';
import { ConfirmDialog } from '../components/dialog';
import { CardSkeletons, ErrorView } from '../components/feedback';
import { Field, FormError } from '../components/form-field';
import { PhotoPicker, usePhotoPicker } from '../components/photo-picker';
import { Icon } from '../components/icons';
import { HeldNotice } from '../components/held-notice';
import { InterestPicker, type PickedInterest } from '../components/interest-picker';
import { useToast } from '../components/toast';
import { cardBody, useLeaveCompanions, useMyCard, useSaveCard } from '../data/companions';
import { useMe } from '../data/session';
import { useTaxonomy } from '../data/taxonomy';
import { useDocumentTitle } from '../lib/document-title';
import { fieldErrors, formErrorBanner, numberProblem, textProblem, useErrorMessage } from '../lib/errors';
import { useFormat } from '../lib/format';

const travelOptions = [1, 2, 3, 5, 10, 15, 25, 50, 100];
const MAX_INTERESTS = 10;

interface CardDraft {
  discoverable: boolean;
  interests: PickedInterest[];
  slots: string[];
  dates: string[];
  area: AreaDraft;
  travelKm: number;
  preferences: PreferencesDraft;
  groupSizeMax: string;
  budget: Budget;
  costSharing: CostSharing;
  intro: string;
}

function draftFrom(card: MyCompanionCard | null, me: Me | null | undefined, lang: string): CardDraft {
  if (card) {
    return {
      discoverable: card.discoverable,
      interests: card.interests.map((i) => ({ tag: i.tag, skill: i.skill })),
      slots: card.availability.slots,
      dates: card.availability.dates,
      area: { name: card.area.name, lat: card.area.lat, lng: card.area.lng, source: 'point' },
      travelKm: card.travelKm,
      preferences: preferencesDraft(card.preferences),
      groupSizeMax: String(card.groupSizeMax),
      budget: card.budget,
      costSharing: card.costSharing,
      intro: card.intro,
    };
  }
  // A new card starts from the profile: its interests and home area.
  return {
    discoverable: true,
    interests: (me?.interests ?? []).slice(0, MAX_INTERESTS).map((i) => ({ tag: i.tag, skill: i.skill })),
    slots: [],
    dates: [],
    area: homeArea(me, lang) ?? { name: '', lat: null, lng: null, source: '' },
    travelKm: 10,
    preferences: preferencesDraft(undefined),
    groupSizeMax: '4',
    budget: 'any',
    costSharing: 'either',
    intro: '',
  };
}

/** My card: create it, change it, pause it, or delete it. */
export function MyCardTab() {
  const { t } = useTranslation();
  const card = useMyCard();
  useDocumentTitle(t('companions.card.title'));
  if (card.isPending) return <CardSkeletons count={2} />;
  if (card.isError) return <ErrorView error={card.error} onRetry={() => void card.refetch()} />;
  // Keyed by save time, so a saved card reloads the form from what the server stored.
  return (
    <div className="companion-card-page">
      {card.data ? <CardStatus card={card.data} /> : <p className="muted lead card-intro">{t('companions.card.intro')}</p>}
      <HeldNotice held={card.data?.heldForReview} />
      <CardForm key={card.data?.updatedAt ?? 'new'} card={card.data} />
    </div>
  );
}

function CardStatus({ card }: { card: MyCompanionCard }) {
  const { t } = useTranslation();
  const f = useFormat();
  const toast = useToast();
  const save = useSaveCard();
  const leave = useLeaveCompanions();
  const [leaving, setLeaving] = useState(false);
  const live = card.discoverable;
  return (
    <section className={`notice ${live ? 'notice--success' : 'notice--warning'} card-status`} data-testid="card-status">
      <Icon name={live ? 'checkCircle' : 'hourglass'} size={22} />
      <div className="notice__text">
        <p className="notice__title">{live ? t('companions.card.live') : t('companions.card.paused')}</p>
        <p className="notice__body">
          {live ? t('companions.card.liveBody') : t('companions.card.pausedBody')} {t('companions.card.updated', { when: f.timeAgo(card.updatedAt) })}
        </p>
      </div>
      <div className="card-status__actions">
        <button
          type="button"
          className="btn btn--secondary btn--sm"
          disabled={save.isPending}
          onClick={() =>
            save.mutate(
              { ...cardBody(card), discoverable: !live },
              { onSuccess: () => toast.show(live ? t('companions.card.pausedToast') : t('companions.card.resumedToast'), 'success') },
            )
          }
          data-testid="toggle-pause"
        >
          {live ? t('companions.card.pause') : t('companions.card.resume')}
        </button>
        <button type="button" className="btn btn--ghost btn--sm btn--danger-text" onClick={() => setLeaving(true)} data-testid="leave-companions">
          {t('companions.card.leave')}
        </button>
      </div>
      <ConfirmDialog
        open={leaving}
        title={t('companions.card.leaveTitle')}
        body={t('companions.card.leaveBody')}
        confirmLabel={t('companions.card.leaveConfirm')}
        danger
        busy={leave.isPending}
        onClose={() => setLeaving(false)}
        onConfirm={() =>
          leave.mutate(undefined, {
            onSuccess: () => {
              setLeaving(false);
              toast.show(t('companions.card.left'), 'success');
            },
            onError: () => setLeaving(false),
          })
        }
      />
    </section>
  );
}

function CardForm({ card }: { card: MyCompanionCard | null }) {
  const { t } = useTranslation();
  const me = useMe();
  const { lang } = useTaxonomy();
  const navigate = useNavigate();
  const toast = useToast();
  const save = useSaveCard();
  const errorMessage = useErrorMessage();
  const [d, setDraft] = useState<CardDraft>(() => draftFrom(card, me, lang));
  const photo = usePhotoPicker(card?.photo ? [card.photo] : [], 1);
  const [local, setLocal] = useState<Record<string, string>>({});
  const set = <K extends keyof CardDraft>(key: K, value: CardDraft[K]) => setDraft((prev) => ({ ...prev, [key]: value }));
  const server = fieldErrors(save.error);
  const fields = { ...server, ...local };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const problems: Record<string, string> = {};
    if (d.interests.length === 0) problems.interests = t('companions.card.interestsRequired');
    if (d.interests.length > MAX_INTERESTS) problems.interests = t('companions.card.tooManyInterests');
    if (!d.area.name.trim()) problems['area.name'] = t('companions.card.areaNameRequired');
    if (d.area.lat === null || d.area.lng === null) problems.area = t('companions.card.pointRequired');
    const preferences = preferencesFromDraft(d.preferences);
    if (!preferences) problems['preferences.ageMin'] = t('companions.card.ageInvalid');
    const groupSizeMax = Number(d.groupSizeMax);
    const introProblem = textProblem('intro', d.intro, { max: 500 });
    if (introProblem) problems.intro = introProblem;
    const groupSizeProblem = numberProblem('groupSizeMax', d.groupSizeMax, { min: 2, max: 20 });
    if (groupSizeProblem) problems.groupSizeMax = groupSizeProblem;
    if (photo.busy) problems.photo = t('photos.stillUploading');
    else if (photo.failed) problems.photo = t('photos.someFailed');
    setLocal(problems);
    if (Object.keys(problems).length || !preferences || d.area.lat === null || d.area.lng === null) {
      window.requestAnimationFrame(() => document.querySelector<HTMLElement>('.companion-form [aria-invalid="true"], .companion-form .field--error')?.scrollIntoView({ block: 'center' }));
      return;
    }
    const body: CompanionCardBody = {
      discoverable: d.discoverable,
      // A level left on "Any" is saved as beginner: the card always says where someone is.
      interests: d.interests.map((i) => ({ tag: i.tag, skill: i.skill ?? 'beginner' })),
      availability: { slots: d.slots, dates: d.dates },
      area: { name: d.area.name.trim(), lat: d.area.lat, lng: d.area.lng },
      travelKm: d.travelKm,
      preferences,
      groupSizeMax,
      budget: d.budget,
      costSharing: d.costSharing,
      intro: d.intro.trim(),
    };
    const picked = photo.photos[0] ?? null;
    if (JSON.stringify(picked) !== JSON.stringify(card?.photo ? { id: card.photo.id, alt: card.photo.alt } : null)) body.photo = picked;
    const creating = !card;
    save.mutate(body, {
      onSuccess: (saved) => {
        if (saved.heldForReview) toast.show(t('held.saved'), 'info');
        else toast.show(creating ? t('companions.card.created') : t('companions.card.saved'), 'success');
        if (creating) navigate('/companions/people');
      },
    });
  };

  return (
    <form className="form card card--padded companion-form" onSubmit={submit} noValidate data-testid="card-form">
      <h2 className="card__title">{t('companions.card.title')}</h2>
      <FormError message={formErrorBanner(save.error, errorMessage)} />

      <label className="switch">
        <input type="checkbox" checked={d.discoverable} onChange={(e) => set('discoverable', e.target.checked)} data-testid="card-discoverable" />
        <span className="switch__track" aria-hidden="true" />
        <span>{t('companions.card.discoverable')}</span>
      </label>

      <FormSection icon="heart" title={t('companions.card.sections.interests')}>
        <div className={`field${fields.interests ? ' field--error' : ''}`}>
          <span className="field__label">{t('companions.card.interests')}</span>
          <p className="field__hint">{t('companions.card.interestsHint')}</p>
          {fields.interests ? (
            <p className="field__error" role="alert">
              {fields.interests}
            </p>
          ) : null}
          <InterestPicker label={t('companions.card.interests')} value={d.interests} onChange={(v) => set('interests', v)} withSkill collapsible max={MAX_INTERESTS} />
        </div>
      </FormSection>

      <FormSection icon="clock" title={t('companions.card.sections.time')}>
        <div className="field">
          <span className="field__label">{t('companions.card.availability')}</span>
          <p className="field__hint">{t('companions.card.availabilityHint')}</p>
          {fields['availability.slots'] ? <p className="field__error">{fields['availability.slots']}</p> : null}
          <AvailabilityGrid label={t('companions.card.availability')} value={d.slots} onChange={(v) => set('slots', v)} />
        </div>
        <div className="field">
          <span className="field__label">{t('companions.card.dates')}</span>
          <p className="field__hint">{t('companions.card.datesHint')}</p>
          <DateList value={d.dates} onChange={(v) => set('dates', v)} />
        </div>
      </FormSection>

      <FormSection icon="mapPin" title={t('companions.card.sections.place')}>
        <AreaPicker value={d.area} onChange={(v) => set('area', v)} me={me} errors={{ name: fields['area.name'], point: fields.area ?? fields['area.lat'] }} />
        <Field label={t('companions.card.travelKm')} error={fields.travelKm}>
          <select value={d.travelKm} onChange={(e) => set('travelKm', Number(e.target.value))} data-testid="travel-km">
            {travelOptions.map((km) => (
              <option key={km} value={km}>
                {t('companions.km', { km })}
              </option>
            ))}
          </select>
        </Field>
      </FormSection>

      <FormSection icon="users" title={t('companions.card.sections.who')}>
        <p className="field__label">{t('companions.card.preferences')}</p>
        <PreferencesFields value={d.preferences} onChange={(v) => set('preferences', v)} ageError={fields['preferences.ageMin'] ?? fields['preferences.ageMax']} />
      </FormSection>

      <FormSection icon="wallet" title={t('companions.card.sections.more')}>
        <Field label={t('companions.card.groupSizeMax')} hint={t('companions.card.groupSizeHint')} error={fields.groupSizeMax}>
          <input type="number" inputMode="numeric" min={2} max={20} value={d.groupSizeMax} onChange={(e) => set('groupSizeMax', e.target.value)} />
        </Field>
        <MoneyFields budget={d.budget} costSharing={d.costSharing} onBudget={(v) => set('budget', v)} onCostSharing={(v) => set('costSharing', v)} />
        <PhotoPicker state={photo} label={t('photos.cardLabel')} hint={t('photos.cardHint')} error={fields.photo} />
        <Field label={t('companions.card.about')} hint={t('companions.card.aboutHint')} error={fields.intro} optional limit={500}>
          <textarea rows={3} value={d.intro} placeholder={t('companions.card.aboutPlaceholder')} onChange={(e) => set('intro', e.target.value)} />
        </Field>
      </FormSection>

      <div className="form__actions">
        <button type="submit" className="btn btn--primary btn--lg" disabled={save.isPending} data-testid="save-card">
          {save.isPending ? t('common.saving') : card ? t('companions.card.save') : t('companions.card.create')}
        </button>
      </div>
    </form>
  );
}
