import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { CardSkeletons, EmptyState, ErrorView, LoadMore } from '../components/feedback';
import { Icon, type IconName } from '../components/icons';
import { useMarkNotificationsRead, useNotifications, type AppNotification } from '../data/notifications';
import { useDocumentTitle } from '../lib/document-title';
import { useFormat } from '../lib/format';

const kinds = [
  'activity.changed',
  'activity.cancelled',
  'activity.reminder',
  'registration.promoted',
  'registration.confirmed',
  'registration.expired',
  'registration.pending',
  'registration.approved',
  'registration.rejected',
  'payment.failed',
  'follow.new',
  'follow.request',
  'follow.accepted',
  'mention',
] as const;
type Kind = (typeof kinds)[number];

const icons: Record<Kind, IconName> = {
  'activity.changed': 'edit',
  'activity.cancelled': 'x',
  'activity.reminder': 'clock',
  'registration.promoted': 'sparkle',
  'registration.confirmed': 'checkCircle',
  'registration.expired': 'hourglass',
  'registration.pending': 'users',
  'registration.approved': 'check',
  'registration.rejected': 'x',
  'payment.failed': 'wallet',
  'follow.new': 'user',
  'follow.request': 'user',
  'follow.accepted': 'check',
  mention: 'comment',
};

/** The member's notifications; opening the page marks them read. */
export function NotificationsPage() {
  const { t } = useTranslation();
  const list = useNotifications();
  const markRead = useMarkNotificationsRead();
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const unread = list.data?.pages[0]?.unread ?? 0;
  useDocumentTitle(t('notifications.title'));

  // Seeing the list marks it read (once per load that has unread items).
  const { mutate: markAllRead } = markRead;
  useEffect(() => {
    if (unread > 0) markAllRead();
  }, [unread, markAllRead]);

  return (
    <div className="page page--narrow">
      <header className="page-header">
        <h1>{t('notifications.title')}</h1>
      </header>
      {list.isPending ? (
        <CardSkeletons count={3} />
      ) : list.isError ? (
        <ErrorView error={list.error} onRetry={() => void list.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState icon="bell" title={t('notifications.empty')} body={t('notifications.emptyBody')} />
      ) : (
        <>
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

function NotificationItem({ notification: n }: { notification: AppNotification }) {
  const { t } = useTranslation();
  const f = useFormat();
  const kind = kinds.find((k) => k === n.kind);
  const title = typeof n.payload.title === 'string' ? n.payload.title : '';
  const activityId = typeof n.payload.activityId === 'number' ? n.payload.activityId : null;
  const changed = Array.isArray(n.payload.changed) ? (n.payload.changed as string[]) : [];
  const what = changed.map((c) => (['time', 'place', 'fee'].includes(c) ? t(`notifications.changed.${c as 'time'}`) : c)).join(t('notifications.listSeparator'));
  // Follow events name the member (`from` follows or asks; `by` accepted), and lead to them or to my requests.
  const who = typeof n.payload.from === 'string' ? n.payload.from : typeof n.payload.by === 'string' ? n.payload.by : '';
  const postId = typeof n.payload.postId === 'number' ? n.payload.postId : null;
  const to = activityId ? `/activities/${activityId}` : postId ? `/posts/${postId}` : kind === 'follow.request' ? '/me' : who ? `/u/${who}` : null;
  const text = kind
    ? t(`notifications.kinds.${kind.replace('.', '_') as 'activity_changed'}`, { title, what, hours: n.payload.hours ?? '', who })
    : t('notifications.generic', { title });
  const body = (
    <>
      <span className={`notification__icon notification__icon--${kind ? (kind.split('.')[1] ?? kind) : 'generic'}`}>
        <Icon name={kind ? icons[kind] : 'bell'} size={18} />
      </span>
      <span className="notification__text">
        <span>{text}</span>
        <time className="small muted" dateTime={n.createdAt}>
          {f.timeAgo(n.createdAt)}
        </time>
      </span>
      {!n.read ? <span className="notification__dot" aria-label={t('notifications.unread')} /> : null}
    </>
  );
  return (
    <li className={`notification${n.read ? '' : ' notification--unread'}`} data-testid="notification">
      {to ? (
        <Link to={to} className="notification__link">
          {body}
        </Link>
      ) : (
        <div className="notification__link">{body}</div>
      )}
    </li>
  );
}
