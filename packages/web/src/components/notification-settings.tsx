import type { NotificationCategory, UpdateNotificationSettingsBody } from '@kindred/contract';
import { useTranslation } from '../lib/translation';
import { Link } from 'react-router-dom';
import { useMuteGroup, useNotificationSettings, useUpdateNotificationSettings } from '../data/notifications';
import { useErrorMessage } from '../lib/errors';
import { FormError } from './form-field';
import { useToast } from './toast';

type MutableCategory = keyof UpdateNotificationSettingsBody['muted'];

/** What I am notified about: a switch per category (saved as it changes), and the groups I muted. */
export function NotificationSettings() {
  const { t } = useTranslation();
  const toast = useToast();
  const errorMessage = useErrorMessage();
  const settings = useNotificationSettings();
  const update = useUpdateNotificationSettings();
  const unmute = useMuteGroup();
  if (!settings.data) return null;
  const { categories, mutedGroups } = settings.data;

  const setHeard = (category: NotificationCategory, heard: boolean) =>
    update.mutate({ muted: { [category as MutableCategory]: !heard } }, { onSuccess: () => toast.show(t('notifications.settings.saved'), 'success') });

  return (
    <section className="card card--padded" aria-labelledby="notification-settings-title" data-testid="notification-settings">
      <h2 className="card__title" id="notification-settings-title">
        {t('notifications.settings.title')}
      </h2>
      <p className="field__hint">{t('notifications.settings.intro')}</p>
      <div className="privacy-form">
        {categories.map(({ category, muted, mutable }) => (
          <div key={category}>
            <label className="switch">
              <input
                type="checkbox"
                checked={!mutable || !muted}
                disabled={!mutable || update.isPending}
                onChange={(e) => setHeard(category, e.target.checked)}
                aria-describedby={mutable ? undefined : `notification-always-${category}`}
                data-testid={`notification-setting-${category}`}
              />
              <span className="switch__track" aria-hidden="true" />
              <span>{t(`notifications.settings.categories.${category}`)}</span>
            </label>
            {mutable ? null : (
              <p className="field__hint" id={`notification-always-${category}`}>
                {category === 'account' ? t('notifications.settings.alwaysOnAccount') : t('notifications.settings.alwaysOn')}
              </p>
            )}
          </div>
        ))}
        <FormError message={update.error ? errorMessage(update.error) : unmute.error ? errorMessage(unmute.error) : null} />
        <div>
          <h3 className="field__label">{t('notifications.settings.mutedGroups')}</h3>
          {mutedGroups.length === 0 ? (
            <p className="field__hint">{t('notifications.settings.noMutedGroups')}</p>
          ) : (
            <ul className="notification-settings__groups" data-testid="muted-groups">
              {mutedGroups.map((g) => (
                <li key={g.id} className="notification-settings__group" data-testid="muted-group">
                  <Link to={`/groups/${g.id}`}>{g.name}</Link>
                  <button
                    type="button"
                    className="btn btn--ghost btn--sm"
                    disabled={unmute.isPending}
                    onClick={() => unmute.mutate({ groupId: g.id, name: g.name, muted: false })}
                    aria-label={t('notifications.settings.unmuteLabel', { name: g.name })}
                  >
                    {t('notifications.settings.unmute')}
                  </button>
                </li>
              ))}
            </ul>
          )}
        </div>
      </div>
    </section>
  );
}
