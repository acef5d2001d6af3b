import { useTranslation } from '../lib/translation';
import { Icon } from './icons';

/**
 * What the keyword filter holds of the author's own text (`heldForReview` in the contract): `new` — all of
 * it is seen by them alone until a moderator lets it through; `change` — others still see the earlier text.
 */
export type HeldForReview = 'new' | 'change';

/** For the author, above what they wrote: it waits for a moderator, and who sees what meanwhile. */
export function HeldNotice({ held, note }: { held: HeldForReview | undefined; note?: string }) {
  const { t } = useTranslation();
  if (!held) return null;
  return (
    <div className="notice notice--warning held-notice" role="status" data-testid="held-notice" data-held={held}>
      <Icon name="hourglass" size={22} />
      <div className="notice__text">
        <p className="notice__title">{t(`held.${held}Title`)}</p>
        <p className="notice__body">
          {t(`held.${held}Body`)}
          {note ? ` ${note}` : null}
        </p>
      </div>
    </div>
  );
}

/** The same as a badge, on the author's item in a list. */
export function HeldBadge({ held }: { held: HeldForReview | undefined }) {
  const { t } = useTranslation();
  if (!held) return null;
  return (
    <span className="badge badge--warning" title={t(`held.${held}Body`)} data-testid="held-badge" data-held={held}>
      {t('held.badge')}
    </span>
  );
}

/** Under a held chat message, for its sender: nobody else sees it yet. */
export function HeldMessageMark() {
  const { t } = useTranslation();
  return (
    <span className="bubble__held" title={t('held.messageBody')} data-testid="message-held">
      <Icon name="hourglass" size={12} /> {t('held.message')}
    </span>
  );
}
