import type { CreateGroupBody, Group } from '@kindred/contract';
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from '../lib/translation';
import { Link, Navigate, useNavigate, useParams } from 'react-router-dom';
import { CitySelect } from '../components/city-picker';
import { PageSpinner } from '../components/feedback';
import { Field, FormError } from '../components/form-field';
import { Icon, type IconName } from '../components/icons';
import { InterestPicker, type PickedInterest } from '../components/interest-picker';
import { MarkdownEditor } from '../components/markdown-editor';
import { PhotoPicker, usePhotoPicker } from '../components/photo-picker';
import { useToast } from '../components/toast';
import { useCreateGroup, useGroup, useUpdateGroup } from '../data/groups';
import { useMe } from '../data/session';
import { cityValue, findCity, type City } from '../data/taxonomy';
import { useDocumentTitle } from '../lib/document-title';
import { fieldErrors, textProblem, useErrorMessage } from '../lib/errors';
import { NotFoundPage } from './not-found';

export function CreateGroupPage() {
  const { t } = useTranslation();
  const me = useMe();
  const create = useCreateGroup();
  const navigate = useNavigate();
  const toast = useToast();
  useDocumentTitle(t('groupForm.createTitle'));
  return (
    <GroupForm
      title={t('groupForm.createTitle')}
      subtitle={t('groupForm.createSubtitle')}
      initialCity={me?.city ?? null}
      submitLabel={t('groupForm.create')}
      busyLabel={t('groupForm.creating')}
      busy={create.isPending}
      error={create.error}
      cancelTo="/discover"
      onSubmit={(body) =>
        create.mutate(body, {
          onSuccess: (group) => {
            toast.show(group.heldForReview ? t('held.saved') : t('groupForm.created'), group.heldForReview ? 'info' : 'success');
            navigate(`/groups/${group.id}?tab=about`, { replace: true });
          },
        })
      }
    />
  );
}

export function EditGroupPage() {
  const { t } = useTranslation();
  const id = Number(useParams().id);
  const group = useGroup(id);
  const update = useUpdateGroup(id);
  const navigate = useNavigate();
  const toast = useToast();
  useDocumentTitle(t('groupForm.editTitle'));
  if (group.isPending) return <PageSpinner />;
  if (group.isError) return <NotFoundPage />;
  const role = group.data.viewer.role;
  if (role !== 'owner' && role !== 'admin') return <Navigate to={`/groups/${id}`} replace />;
  return (
    <GroupForm
      title={t('groupForm.editTitle')}
      subtitle={group.data.name}
      initial={group.data}
      initialCity={group.data.city}
      submitLabel={t('common.save')}
      busyLabel={t('common.saving')}
      busy={update.isPending}
      error={update.error}
      cancelTo={`/groups/${id}`}
      onSubmit={(body) =>
        update.mutate(body, {
          onSuccess: (saved) => {
            toast.show(saved.heldForReview ? t('held.saved') : t('groupForm.saved'), saved.heldForReview ? 'info' : 'success');
            navigate(`/groups/${id}?tab=about`, { replace: true });
          },
        })
      }
    />
  );
}

function GroupForm({ title, subtitle, initial, initialCity, submitLabel, busyLabel, busy, error, cancelTo, onSubmit }: {
  title: string;
  subtitle: string;
  initial?: Group;
  initialCity: string | null;
  submitLabel: string;
  busyLabel: string;
  busy: boolean;
  error: unknown;
  cancelTo: string;
  onSubmit: (body: CreateGroupBody) => void;
}) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const [name, setName] = useState(initial?.name ?? '');
  const [description, setDescription] = useState(initial?.description ?? '');
  const [tags, setTags] = useState<PickedInterest[]>(initial?.tags.map((tag) => ({ tag, skill: null })) ?? []);
  const [city, setCity] = useState<City | null>(findCity(initialCity) ?? null);
  const [visibility, setVisibility] = useState<'public' | 'private'>(initial?.visibility ?? 'public');
  const [joinPolicy, setJoinPolicy] = useState<'open' | 'approval'>(initial?.joinPolicy ?? 'open');
  const cover = usePhotoPicker(initial?.cover ? [initial.cover] : [], 1);
  const [local, setLocal] = useState<Record<string, string>>({});
  const fields = { ...fieldErrors(error), ...local };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const problems: Record<string, string> = {};
    const nameProblem = textProblem('name', name, { min: 3, max: 60 });
    if (nameProblem) problems.name = nameProblem;
    const descriptionProblem = textProblem('description', description, { max: 5000 });
    if (descriptionProblem) problems.description = descriptionProblem;
    if (tags.length === 0) problems.tags = t('groupForm.tagsRequired');
    if (cover.busy) problems.cover = t('photos.stillUploading');
    else if (cover.failed) problems.cover = t('photos.someFailed');
    setLocal(problems);
    if (Object.keys(problems).length) return;
    const picked = cover.photos[0] ?? null;
    const before = initial?.cover ? { id: initial.cover.id, alt: initial.cover.alt } : null;
    onSubmit({
      ...(JSON.stringify(picked) !== JSON.stringify(before) ? { cover: picked } : {}),
      name: name.trim(),
      description,
      tags: tags.map((x) => x.tag),
      city: city ? cityValue(city) : null,
      lat: city?.lat ?? null,
      lng: city?.lng ?? null,
      visibility,
      joinPolicy,
    });
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
      <form className="form card card--padded" onSubmit={submit} noValidate data-testid="group-form">
        <FormError message={error ? errorMessage(error) : null} />
        <Field label={t('groupForm.name')} hint={t('groupForm.nameHint')} error={fields.name} limit={60}>
          <input type="text" value={name} onChange={(e) => setName(e.target.value)} required />
        </Field>
        <PhotoPicker state={cover} label={t('photos.coverLabel')} hint={t('photos.coverHint')} error={fields.cover} />
        <Field label={t('groupForm.description')} hint={t('groupForm.descriptionHint')} error={fields.description} optional limit={5000}>
          <MarkdownEditor value={description} onChange={setDescription} rows={6} />
        </Field>
        <div className={`field${fields.tags ? ' field--error' : ''}`}>
          <span className="field__label">{t('groupForm.tags')}</span>
          <p className="field__hint">{t('groupForm.tagsHint')}</p>
          {fields.tags ? (
            <p className="field__error" role="alert">
              {fields.tags}
            </p>
          ) : null}
          <InterestPicker label={t('groupForm.tags')} value={tags} onChange={setTags} max={8} collapsible />
        </div>
        <Field label={t('groupForm.city')} error={fields.city}>
          <CitySelect value={city?.key ?? null} onChange={setCity} noneLabel={t('groupForm.noCity')} />
        </Field>
        <ChoiceCards
          legend={t('groupForm.visibility')}
          name="visibility"
          value={visibility}
          onChange={setVisibility}
          options={[
            { value: 'public', label: t('groupForm.visibilityPublic'), icon: 'globe' },
            { value: 'private', label: t('groupForm.visibilityPrivate'), icon: 'lock' },
          ]}
        />
        <ChoiceCards
          legend={t('groupForm.joinPolicy')}
          name="joinPolicy"
          value={joinPolicy}
          onChange={setJoinPolicy}
          options={[
            { value: 'open', label: t('groupForm.joinOpen'), icon: 'users' },
            { value: 'approval', label: t('groupForm.joinApproval'), icon: 'shield' },
          ]}
        />
        <div className="form__actions">
          <Link to={cancelTo} className="btn btn--ghost">
            {t('common.cancel')}
          </Link>
          <button type="submit" className="btn btn--primary btn--lg" disabled={busy} data-testid="save-group">
            {busy ? busyLabel : submitLabel}
          </button>
        </div>
      </form>
    </div>
  );
}

function ChoiceCards<T extends string>({ legend, name, value, onChange, options }: {
  legend: ReactNode;
  name: string;
  value: T;
  onChange: (v: T) => void;
  options: { value: T; label: string; icon: IconName }[];
}) {
  return (
    <fieldset className="fieldset">
      <legend className="field__label">{legend}</legend>
      <div className="choice-cards">
        {options.map((o) => (
          <label key={o.value} className="choice-card">
            <input type="radio" name={name} value={o.value} checked={value === o.value} onChange={() => onChange(o.value)} />
            <Icon name={o.icon} size={20} />
            <span>{o.label}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
