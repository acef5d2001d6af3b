import type { PrivacySettings as Settings } from '@kindred/contract';
import { useTranslation } from '../lib/translation';
import { Link } from 'react-router-dom';
import { useDecideFollowRequest, useFollowRequests, usePrivacy, useUpdatePrivacy } from '../data/profile';
import { useErrorMessage } from '../lib/errors';
import { useScrollToAnchor } from '../lib/use-anchor';
import { Avatar } from './avatar';
import { FormError } from './form-field';
import { useToast } from './toast';

type Choice = 'showGroups' | 'showActivities' | 'showFollows' | 'allowInvites';

/** My privacy settings, each saved as it changes. */
export function PrivacySettings() {
  const { t } = useTranslation();
  const toast = useToast();
  const errorMessage = useErrorMessage();
  const privacy = usePrivacy();
  const update = useUpdatePrivacy();
  if (!privacy.data) return null;
  const settings = privacy.data;
  const save = (patch: Partial<Settings>) => update.mutate(patch, { onSuccess: () => toast.show(t('social.privacy.saved'), 'success') });
  const choice = (name: Choice, options: readonly string[]) => (
    <label className="field" key={name}>
      <span className="field__label">{t(`social.privacy.${name}`)}</span>
      <select value={settings[name]} onChange={(e) => save({ [name]: e.target.value })} disabled={update.isPending} data-testid={`privacy-${name}`}>
        {options.map((o) => (
          <option key={o} value={o}>
            {t(`social.privacy.${o as 'everyone' | 'friends' | 'me' | 'nobody'}`)}
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <section className="card card--padded" aria-labelledby="privacy-title" data-testid="privacy-settings">
      <h2 className="card__title" id="privacy-title">
        {t('social.privacy.title')}
      </h2>
      <div className="privacy-form">
        <div>
          <label className="switch">
            <input type="checkbox" checked={settings.followApproval} onChange={(e) => save({ followApproval: e.target.checked })} disabled={update.isPending} data-testid="privacy-followApproval" />
            <span className="switch__track" aria-hidden="true" />
            <span>{t('social.privacy.followApproval')}</span>
          </label>
          <p className="field__hint">{t('social.privacy.followApprovalHint')}</p>
        </div>
        <label className="switch">
          <input type="checkbox" checked={settings.suggestMe} onChange={(e) => save({ suggestMe: e.target.checked })} disabled={update.isPending} data-testid="privacy-suggestMe" />
          <span className="switch__track" aria-hidden="true" />
          <span>{t('social.privacy.suggestMe')}</span>
        </label>
        <label className="switch">
          <input type="checkbox" checked={settings.searchEngines} onChange={(e) => save({ searchEngines: e.target.checked })} disabled={update.isPending} data-testid="privacy-searchEngines" />
          <span className="switch__track" aria-hidden="true" />
          <span>{t('social.privacy.searchEngines')}</span>
        </label>
        {choice('showGroups', ['everyone', 'friends', 'me'])}
        {choice('showActivities', ['everyone', 'friends', 'me'])}
        {choice('showFollows', ['everyone', 'friends', 'me'])}
        {choice('allowInvites', ['everyone', 'friends', 'nobody'])}
        <FormError message={update.error ? errorMessage(update.error) : null} />
      </div>
    </section>
  );
}

/** Members asking to follow me, to accept or decline; nothing when there are none. */
export function FollowRequests() {
  const { t } = useTranslation();
  const requests = useFollowRequests();
  const decide = useDecideFollowRequest();
  const entries = requests.data?.pages.flatMap((p) => p.items) ?? [];
  // A link to #follow-requests (from a notification) lands here once they are in.
  useScrollToAnchor(entries.length > 0);
  if (!entries.length) return null;
  return (
    <section className="card card--padded" id="follow-requests" aria-labelledby="follow-requests-title" data-testid="follow-requests">
      <h2 className="card__title" id="follow-requests-title">
        {t('social.requests.title')} <span className="muted">({entries.length})</span>
      </h2>
      <ul className="request-list">
        {entries.map(({ user: u }) => (
          <li key={u.id} className="request-row" data-testid="follow-request">
            <Link to={`/u/${u.username}`} className="request-row__who">
              <Avatar name={u.displayName} seed={u.id} src={u.avatarUrl} size={36} />
              <span>{u.displayName}</span>
            </Link>
            <button type="button" className="btn btn--primary btn--sm" disabled={decide.isPending} onClick={() => decide.mutate({ username: u.username, accept: true })} aria-label={t('social.requests.acceptLabel', { name: u.displayName })}>
              {t('social.requests.accept')}
            </button>
            <button type="button" className="btn btn--ghost btn--sm" disabled={decide.isPending} onClick={() => decide.mutate({ username: u.username, accept: false })} aria-label={t('social.requests.declineLabel', { name: u.displayName })}>
              {t('social.requests.decline')}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
