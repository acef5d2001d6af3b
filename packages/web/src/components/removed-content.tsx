import { Link } from 'react-router-dom';
import { useRemovedContent, useRestoreContent } from '../data/moderation';
import { useFormat } from '../lib/format';
import { useTranslation } from '../lib/translation';
import { ErrorView, LoadMore } from './feedback';

/** A group's posts and comments its moderators removed in the last 30 days, each with Restore (its admins and staff). */
export function RemovedContent({ groupId }: { groupId: number }) {
  const { t } = useTranslation();
  const f = useFormat();
  const removed = useRemovedContent(groupId);
  const restore = useRestoreContent();
  const items = removed.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <section className="stack removed-content" aria-labelledby={`removed-${groupId}`} data-testid="removed-content">
      <h2 id={`removed-${groupId}`} className="removed-content__title">
        {t('moderation.removed.title')}
      </h2>
      <p className="small muted">{t('moderation.removed.intro')}</p>
      {removed.isError ? <ErrorView error={removed.error} onRetry={() => void removed.refetch()} /> : null}
      {removed.isSuccess && items.length === 0 ? <p className="small muted">{t('moderation.removed.none')}</p> : null}
      <ul className="removed-content__list">
        {items.map((item) => (
          <li key={`${item.kind}-${item.id}`} className="card card--padded removed-content__item" data-testid="removed-item" data-kind={item.kind} data-id={item.id}>
            <p className="small muted">
              <span className="badge">{t(`moderation.kinds.${item.kind}`)}</span>{' '}
              {item.kind === 'comment' ? <Link to={`/posts/${item.postId}`}>{t('moderation.removed.onPost', { title: item.title })}</Link> : null}
            </p>
            {item.kind === 'post' ? <p className="removed-content__name">{item.title}</p> : null}
            {item.text ? <p className="removed-content__text">{item.text}</p> : null}
            <p className="small muted">
              {t('moderation.removed.by', { author: item.author?.displayName ?? '—', moderator: item.removedBy?.displayName ?? '—' })} · <time dateTime={item.removedAt}>{f.timeAgo(item.removedAt)}</time>
            </p>
            <button
              type="button"
              className="btn btn--secondary btn--sm"
              disabled={restore.isPending}
              onClick={() => restore.mutate({ kind: item.kind, id: item.id })}
              data-testid="restore-content"
            >
              {t('moderation.removed.restore')} <span className="visually-hidden">{item.kind === 'post' ? item.title : item.text}</span>
            </button>
          </li>
        ))}
      </ul>
      <LoadMore hasMore={removed.hasNextPage} loading={removed.isFetchingNextPage} onLoad={() => void removed.fetchNextPage()} />
    </section>
  );
}
