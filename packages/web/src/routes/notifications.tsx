import { useTranslation } from '../lib/translation';
import { CardSkeletons, EmptyState, ErrorView, LoadMore } from '../components/feedback';
import { Icon } from '../components/icons';
import { NotificationItem } from '../components/notification-item';
import { useMarkAllNotificationsRead, useNotifications, useUnreadCount } from '../data/notifications';
import { useDocumentTitle } from '../lib/document-title';
import { Link } from 'react-router-dom';

/** My notifications, newest activity first; each row opens what it is about and is then read. */
export function NotificationsPage() {
  const { t } = useTranslation();
  const list = useNotifications();
  const markAll = useMarkAllNotificationsRead();
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const unread = useUnreadCount(true).data ?? list.data?.pages[0]?.unread ?? 0;
  const anyUnread = unread > 0 || items.some((n) => !n.read);
  useDocumentTitle(t('notifications.title'));

  return (
    <div className="page page--narrow">
      <header className="page-header page-header--split">
        <h1>{t('notifications.title')}</h1>
        {items.length ? (
          <button type="button" className="btn btn--ghost btn--sm" disabled={!anyUnread || markAll.isPending} onClick={() => markAll.mutate()} data-testid="mark-all-read">
            <Icon name="check" size={16} />
            {anyUnread ? t('notifications.markAllRead') : t('notifications.allRead')}
          </button>
        ) : null}
      </header>
      {list.isPending ? (
        <CardSkeletons count={3} />
      ) : list.isError ? (
        <ErrorView error={list.error} onRetry={() => void list.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState icon="bell" title={t('notifications.empty')} body={t('notifications.emptyBody')} />
      ) : (
        <>
          {items.some((n) => n.kind === 'activity.recap') ? (
            <Link to="/me/organizing" className="panel panel--link find-companion" data-testid="notifications-organizing">
              <Icon name="star" size={20} />
              <span>{t('feedback.dashboardLink')}</span>
              <Icon name="chevronRight" size={16} />
            </Link>
          ) : null}
          <ul className="card notification-list" data-testid="notifications">
            {items.map((n) => (
              <NotificationItem key={n.id} notification={n} />
            ))}
          </ul>
          <LoadMore hasMore={list.hasNextPage} loading={list.isFetchingNextPage} onLoad={() => void list.fetchNextPage()} />
        </>
      )}
    </div>
  );
}
