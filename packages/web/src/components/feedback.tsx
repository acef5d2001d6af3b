import type { ReactNode } from 'react';
import { useTranslation } from '../lib/translation';
import { Link } from 'react-router-dom';
import { useErrorMessage } from '../lib/errors';
import { Icon } from './icons';

export function Skeleton({ width, height = 14, round = false }: { width?: string | number; height?: number; round?: boolean }) {
  return <span className={`skeleton${round ? ' skeleton--round' : ''}`} style={{ width, height }} aria-hidden="true" />;
}

/** Placeholder cards while a list loads. */
export function CardSkeletons({ count = 3, variant = 'post' }: { count?: number; variant?: 'post' | 'group' }) {
  const { t } = useTranslation();
  return (
    <div className={variant === 'group' ? 'group-grid' : 'stack'} role="status" aria-busy="true">
      <span className="visually-hidden">{t('common.loading')}</span>
      {Array.from({ length: count }, (_, i) => (
        <div className={`card ${variant === 'group' ? 'group-card' : 'post-card'} card--skeleton`} key={i}>
          {variant === 'group' ? <Skeleton height={72} width="100%" /> : null}
          <div className={variant === 'group' ? 'group-card__body' : 'stack stack--sm'}>
            <Skeleton width="30%" height={12} />
            <Skeleton width="80%" height={20} />
            <Skeleton width="95%" />
            <Skeleton width="60%" />
          </div>
        </div>
      ))}
    </div>
  );
}

export function PageSpinner() {
  const { t } = useTranslation();
  return (
    <div className="page-spinner" role="status">
      <span className="spinner" aria-hidden="true" />
      <span className="visually-hidden">{t('common.loading')}</span>
    </div>
  );
}

export function EmptyState({ icon = 'sparkle', title, body, action }: { icon?: Parameters<typeof Icon>[0]['name']; title: string; body?: string; action?: ReactNode }) {
  return (
    <div className="empty-state" data-testid="empty-state">
      <span className="empty-state__icon">
        <Icon name={icon} size={28} />
      </span>
      <h2 className="empty-state__title">{title}</h2>
      {body ? <p className="muted">{body}</p> : null}
      {action ? <div className="empty-state__action">{action}</div> : null}
    </div>
  );
}

/** A failed load, with the translated reason and a retry. */
export function ErrorView({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  const message = useErrorMessage();
  return (
    <div className="empty-state empty-state--error" role="alert">
      <span className="empty-state__icon">
        <Icon name="x" size={28} />
      </span>
      <h2 className="empty-state__title">{message(error)}</h2>
      <div className="empty-state__action">
        {onRetry ? (
          <button type="button" className="btn btn--secondary" onClick={onRetry}>
            {t('common.retry')}
          </button>
        ) : (
          <Link className="btn btn--secondary" to="/">
            {t('notFound.home')}
          </Link>
        )}
      </div>
    </div>
  );
}

/** "Load more" for paginated lists. */
export function LoadMore({ hasMore, loading, onLoad }: { hasMore: boolean; loading: boolean; onLoad: () => void }) {
  const { t } = useTranslation();
  if (!hasMore) return null;
  return (
    <div className="load-more">
      <button type="button" className="btn btn--secondary" onClick={onLoad} disabled={loading} data-testid="load-more">
        {loading ? t('common.loading') : t('common.loadMore')}
      </button>
    </div>
  );
}
