import type { Conversation, Room } from '@kindred/contract';
import { useTranslation } from '../lib/translation';
import { Link } from 'react-router-dom';
import { Avatar } from '../components/avatar';
import { CardSkeletons, EmptyState, ErrorView, LoadMore } from '../components/feedback';
import { useConversations } from '../data/chat';
import { useMyRooms } from '../data/rooms';
import { Icon } from '../components/icons';
import { useMe } from '../data/session';
import { useDocumentTitle } from '../lib/document-title';
import { useFormat } from '../lib/format';
import { useMemberName } from '../lib/member-name';

/** My activity and group chats, then my direct conversations, each most recent first with unread counts. */
export function ChatsTab() {
  const { t } = useTranslation();
  const list = useConversations(true, true);
  const rooms = useMyRooms(true, true);
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const roomItems = rooms.data?.pages.flatMap((p) => p.items) ?? [];
  useDocumentTitle(t('companions.chats.title'));

  if (list.isPending || rooms.isPending) return <CardSkeletons count={3} />;
  if (list.isError) return <ErrorView error={list.error} onRetry={() => void list.refetch()} />;
  if (rooms.isError) return <ErrorView error={rooms.error} onRetry={() => void rooms.refetch()} />;
  if (items.length === 0 && roomItems.length === 0) {
    return (
      <EmptyState
        icon="comment"
        title={t('companions.chats.empty')}
        body={t('companions.chats.emptyBody')}
        action={
          <Link to="/companions" className="btn btn--secondary">
            {t('companions.tabs.requests')}
          </Link>
        }
      />
    );
  }
  return (
    <div className="stack">
      {roomItems.length ? (
        <section aria-labelledby="rooms-title">
          <h2 className="chats__heading" id="rooms-title">
            {t('rooms.listTitle')}
          </h2>
          <ul className="card conversation-list" data-testid="room-list">
            {roomItems.map((r) => (
              <RoomItem key={r.id} room={r} />
            ))}
          </ul>
          <LoadMore hasMore={rooms.hasNextPage} loading={rooms.isFetchingNextPage} onLoad={() => void rooms.fetchNextPage()} />
        </section>
      ) : null}
      {items.length ? (
        <section aria-labelledby="direct-title">
          {roomItems.length ? (
            <h2 className="chats__heading" id="direct-title">
              {t('rooms.directTitle')}
            </h2>
          ) : (
            <h2 className="visually-hidden" id="direct-title">
              {t('rooms.directTitle')}
            </h2>
          )}
          <ul className="card conversation-list" data-testid="conversation-list">
            {items.map((c) => (
              <ConversationItem key={c.id} conversation={c} />
            ))}
          </ul>
          <LoadMore hasMore={list.hasNextPage} loading={list.isFetchingNextPage} onLoad={() => void list.fetchNextPage()} />
        </section>
      ) : null}
    </div>
  );
}

function RoomItem({ room: r }: { room: Room }) {
  const { t } = useTranslation();
  const f = useFormat();
  const me = useMe();
  const memberName = useMemberName();
  const last = r.lastMessage;
  const name = r.activity?.title ?? r.group?.name ?? '';
  const text = last ? (last.removed ? t('rooms.removed') : last.body || t('rooms.photo')) : null;
  const preview = !last || text === null ? t('rooms.noRoomMessages') : last.sender.id === me?.id ? t('companions.chats.you', { text }) : `${memberName(last.sender)}: ${text}`;
  const when = r.lastMessageAt ?? last?.createdAt;
  return (
    <li className={`conversation${r.unread ? ' conversation--unread' : ''}`} data-testid="room-item" data-room-id={r.id}>
      <Link to={`/rooms/${r.id}`} className="conversation__link">
        <span className={`room__icon room__icon--lg room__icon--${r.kind}`} aria-hidden="true">
          <Icon name={r.kind === 'activity' ? 'calendar' : 'users'} size={22} />
        </span>
        <span className="conversation__text">
          <span className="conversation__top">
            <span className="conversation__name">{name}</span>
            {when ? (
              <time className="small muted" dateTime={when}>
                {f.timeAgo(when)}
              </time>
            ) : null}
          </span>
          <span className="conversation__bottom">
            <span className="conversation__preview">{preview}</span>
            {r.unread ? (
              <span className="unread-count" aria-label={t('companions.chats.unread', { count: r.unread })} data-testid="room-unread">
                {r.unread > 99 ? '99+' : r.unread}
              </span>
            ) : null}
          </span>
          <span className="conversation__activity small">{r.kind === 'activity' ? t('rooms.activityChat') : t('rooms.groupChat')}</span>
        </span>
      </Link>
    </li>
  );
}

function ConversationItem({ conversation: c }: { conversation: Conversation }) {
  const { t } = useTranslation();
  const f = useFormat();
  const me = useMe();
  const last = c.lastMessage;
  const name = useMemberName()(c.other);
  const preview = last ? (last.senderId === me?.id ? t('companions.chats.you', { text: last.body }) : last.body) : t('companions.chats.noMessages');
  return (
    <li className={`conversation${c.unread ? ' conversation--unread' : ''}`} data-testid="conversation">
      <Link to={`/companions/chats/${c.id}`} className="conversation__link">
        <Avatar name={name} seed={c.other.id} src={c.other.avatarUrl} size={46} />
        <span className="conversation__text">
          <span className="conversation__top">
            <span className="conversation__name">{name}</span>
            <time className="small muted" dateTime={last?.createdAt ?? c.updatedAt}>
              {f.timeAgo(last?.createdAt ?? c.updatedAt)}
            </time>
          </span>
          <span className="conversation__bottom">
            <span className="conversation__preview">{preview}</span>
            {c.unread ? (
              <span className="unread-count" aria-label={t('companions.chats.unread', { count: c.unread })} data-testid="conversation-unread">
                {c.unread > 99 ? '99+' : c.unread}
              </span>
            ) : null}
          </span>
          {c.activity ? <span className="conversation__activity small">{c.activity.title}</span> : null}
        </span>
      </Link>
    </li>
  );
}
