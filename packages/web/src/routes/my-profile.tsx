import type { Gender, Me } from '@kindred/contract';
import { useState, type FormEvent } from 'react';
import { useTranslation } from '../lib/translation';
import { Link, useNavigate } from 'react-router-dom';
import { CitySelect } from '../components/city-picker';
import { DeleteAccount } from '../components/delete-account';
import { FollowRequests, PrivacySettings } from '../components/privacy-settings';
import { LoadMore, PageSpinner, Skeleton } from '../components/feedback';
import { NotificationSettings } from '../components/notification-settings';
import { Field, FormError } from '../components/form-field';
import { GroupRoleList } from '../components/group-list';
import { Icon } from '../components/icons';
import { HeldNotice } from '../components/held-notice';
import { InterestPicker, type PickedInterest } from '../components/interest-picker';
import { LanguageSwitcher } from '../components/language-switcher';
import { InterestChips, ProfileHeader } from '../components/profile-header';
import { useToast } from '../components/toast';
import { ShowUpRecord } from '../components/show-up-record';
import { PhotoPicker, usePhotoPicker } from '../components/photo-picker';
import { useMyGroups } from '../data/groups';
import { useProfile } from '../data/profile';
import { useMe, useSignOut, useUpdateMe } from '../data/session';
import { cityValue, findCity } from '../data/taxonomy';
import { useDocumentTitle } from '../lib/document-title';
import { fieldErrors, numberProblem, textProblem, useErrorMessage } from '../lib/errors';

const genders: Gender[] = ['female', 'male', 'nonbinary', 'other'];

/** The member's own profile: view, edit, settings, sign out. */
export function MyProfilePage() {
  const { t } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  const toast = useToast();
  const signOut = useSignOut();
  const profile = useProfile(me?.username ?? '');
  const groups = useMyGroups();
  const [editing, setEditing] = useState(false);
  useDocumentTitle(t('profile.title'));

  if (!me) return <PageSpinner />;
  const groupItems = groups.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <div className="page page--with-aside">
      <div className="page__main stack">
        <ProfileHeader
          user={{
            ...me,
            groupCount: profile.data?.groupCount,
            postCount: profile.data?.postCount,
            followerCount: profile.data?.followerCount,
            followingCount: profile.data?.followingCount,
            friendCount: profile.data?.friendCount,
            followsOpen: true,
          }}
          actions={
            editing ? null : (
              <button type="button" className="btn btn--secondary btn--sm" onClick={() => setEditing(true)} data-testid="edit-profile">
                <Icon name="edit" size={16} />
                {t('profile.edit')}
              </button>
            )
          }
        />
        <HeldNotice held={me.heldForReview} />
        {editing ? (
          <ProfileForm
            me={me}
            onDone={(saved) => {
              setEditing(false);
              if (saved === 'held') toast.show(t('held.saved'), 'info');
              else if (saved) toast.show(t('profile.saved'), 'success');
            }}
          />
        ) : (
          <section className="card card--padded" aria-labelledby="my-interests">
            <h2 className="card__title" id="my-interests">
              {t('profile.interests')}
            </h2>
            <InterestChips interests={me.interests} />
          </section>
        )}
        <section className="card card--padded" aria-labelledby="my-groups-list">
          <h2 className="card__title" id="my-groups-list">
            {t('nav.myGroups')}
          </h2>
          {groups.isPending ? (
            <Skeleton height={48} width="100%" />
          ) : groupItems.length ? (
            <GroupRoleList items={groupItems} />
          ) : (
            <p className="muted small">
              {t('profile.noGroups')} <Link to="/discover">{t('home.emptyAction')}</Link>
            </p>
          )}
          <LoadMore hasMore={groups.hasNextPage} loading={groups.isFetchingNextPage} onLoad={() => void groups.fetchNextPage()} />
        </section>
        <ShowUpRecord />
      </div>
      <aside className="page__aside stack">
        <FollowRequests />
        <PrivacySettings />
        <NotificationSettings />
        <section className="card card--padded settings" aria-labelledby="settings-title" data-testid="settings">
          <h2 className="card__title" id="settings-title">
            {t('profile.settings')}
          </h2>
          <LanguageSwitcher />
          <ul className="settings__links">
            <li>
              <Link to="/me/activities" data-testid="profile-my-activities">
                <Icon name="ticket" size={18} /> {t('nav.myActivities')}
              </Link>
            </li>
            <li>
              <Link to="/me/payments" data-testid="profile-payments">
                <Icon name="wallet" size={18} /> {t('payments.title')}
              </Link>
            </li>
            <li>
              <Link to="/me/organizing" data-testid="profile-organizing">
                <Icon name="star" size={18} /> {t('feedback.dashboardLink')}
              </Link>
            </li>
            {me.role === 'moderator' || me.role === 'operator' ? (
              <li>
                <Link to="/console" data-testid="profile-console">
                  <Icon name="shield" size={18} /> {t('moderation.console')}
                </Link>
              </li>
            ) : null}
            <li>
              <Link to={`/u/${me.username}`}>
                <Icon name="user" size={18} /> {t('profile.viewPublic')}
              </Link>
            </li>
            <li>
              <a href="/api/docs">
                <Icon name="link" size={18} /> {t('app.apiDocs')}
              </a>
            </li>
          </ul>
          <button
            type="button"
            className="btn btn--ghost btn--block btn--danger-text"
            disabled={signOut.isPending}
            onClick={() =>
              signOut.mutate(undefined, {
                onSettled: () => {
                  toast.show(t('auth.signedOut'), 'info');
                  navigate('/signin', { replace: true });
                },
              })
            }
            data-testid="sign-out"
          >
            <Icon name="logout" size={18} />
            {t('auth.signOut')}
          </button>
          <DeleteAccount />
        </section>
      </aside>
    </div>
  );
}

function ProfileForm({ me, onDone }: { me: Me; onDone: (saved: boolean | 'held') => void }) {
  const { t } = useTranslation();
  const update = useUpdateMe();
  const errorMessage = useErrorMessage();
  const [displayName, setDisplayName] = useState(me.displayName);
  const [bio, setBio] = useState(me.bio);
  const [city, setCity] = useState(findCity(me.city) ?? null);
  const [birthYear, setBirthYear] = useState(me.birthYear ? String(me.birthYear) : '');
  const [gender, setGender] = useState<Gender | ''>(me.gender ?? '');
  const [interests, setInterests] = useState<PickedInterest[]>(me.interests.map((i) => ({ tag: i.tag, skill: i.skill })));
  const avatar = usePhotoPicker(me.avatar ? [me.avatar] : [], 1);
  const [local, setLocal] = useState<Record<string, string>>({});
  const fields = { ...fieldErrors(update.error), ...local };
  // The API accepts birth years up to 2025.
  const maxYear = Math.min(2025, new Date().getFullYear());

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const year = birthYear.trim() ? Number(birthYear) : null;
    const problems = Object.fromEntries(
      Object.entries({
        displayName: textProblem('displayName', displayName, { required: true, max: 50 }),
        bio: textProblem('bio', bio, { max: 500 }),
        birthYear: year === null ? null : numberProblem('birthYear', birthYear, { min: 1900, max: maxYear }),
      }).filter((entry): entry is [string, string] => entry[1] !== null),
    );
    if (Object.keys(problems).length) {
      setLocal(problems);
      return;
    }
    if (avatar.busy || avatar.failed) {
      setLocal({ avatar: t(avatar.busy ? 'photos.stillUploading' : 'photos.someFailed') });
      return;
    }
    setLocal({});
    const picked = avatar.photos[0] ?? null;
    const avatarChanged = JSON.stringify(picked) !== JSON.stringify(me.avatar ? { id: me.avatar.id, alt: me.avatar.alt } : null);
    // Keep a free-text city the member already had if they didn't pick a known one.
    const cityChanged = (city?.key ?? null) !== (findCity(me.city)?.key ?? null);
    update.mutate(
      {
        displayName: displayName.trim(),
        bio: bio.trim(),
        ...(cityChanged ? { city: city ? cityValue(city) : null, lat: city?.lat ?? null, lng: city?.lng ?? null } : {}),
        birthYear: year,
        gender: gender || null,
        interests: interests.map((i) => ({ tag: i.tag, skill: i.skill })),
        ...(avatarChanged ? { avatar: picked } : {}),
      },
      { onSuccess: (saved) => onDone(saved.heldForReview ? 'held' : true) },
    );
  };

  return (
    <form className="card card--padded form" onSubmit={submit} noValidate data-testid="profile-form">
      <h2 className="card__title">{t('profile.edit')}</h2>
      <FormError message={update.error ? errorMessage(update.error) : null} />
      <PhotoPicker state={avatar} label={t('photos.avatarLabel')} hint={t('photos.avatarHint')} error={fields.avatar} />
      <div className="form-grid">
        <Field label={t('profile.displayName')} error={fields.displayName} limit={50}>
          <input type="text" value={displayName} onChange={(e) => setDisplayName(e.target.value)} required />
        </Field>
        <Field label={t('profile.city')} error={fields.city} optional>
          <CitySelect value={city?.key ?? null} onChange={setCity} noneLabel={t('profile.noCity')} />
        </Field>
        <Field label={t('profile.birthYear')} hint={t('profile.birthYearHint')} error={fields.birthYear} optional>
          <input type="number" inputMode="numeric" min={1900} max={maxYear} value={birthYear} onChange={(e) => setBirthYear(e.target.value)} />
        </Field>
        <Field label={t('gender.label')} error={fields.gender} optional>
          <select value={gender} onChange={(e) => setGender(e.target.value as Gender | '')}>
            <option value="">{t('gender.unset')}</option>
            {genders.map((g) => (
              <option key={g} value={g}>
                {t(`gender.${g}`)}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <Field label={t('profile.bio')} hint={t('profile.bioHint')} error={fields.bio} optional limit={500}>
        <textarea rows={3} value={bio} placeholder={t('profile.bioPlaceholder')} onChange={(e) => setBio(e.target.value)} />
      </Field>
      <div className="field">
        <span className="field__label">{t('profile.editInterests')}</span>
        {fields.interests ? <p className="field__error">{fields.interests}</p> : null}
        <InterestPicker label={t('profile.editInterests')} value={interests} onChange={setInterests} withSkill collapsible max={30} />
      </div>
      <div className="form__actions">
        <button type="button" className="btn btn--ghost" onClick={() => onDone(false)}>
          {t('common.cancel')}
        </button>
        <button type="submit" className="btn btn--primary" disabled={update.isPending} data-testid="save-profile">
          {update.isPending ? t('common.saving') : t('common.save')}
        </button>
      </div>
    </form>
  );
}
