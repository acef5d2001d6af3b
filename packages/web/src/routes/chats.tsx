import type { Conversation } from '@kindred/contract';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { Avatar } from '../components/avatar';
import { CardSkeletons, EmptyState, ErrorView, LoadMore } from '../components/feedback';
import { useConversations } from '../data/chat';
import { useMe } from '../data/session';
import { useDocumentTitle } from '../lib/document-title';
import { useFormat } from '../lib/format';
import { useMemberName } from '../lib/member-name';

/** My conversations, most recent first, with unread counts. */
export function ChatsTab() {
  const { t } = useTranslation();
  const list = useConversations(true, true);
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  useDocumentTitle(t('companions.chats.title'));

  if (list.isPending) return <CardSkeletons count={3} />;
  if (list.isError) return <ErrorView error={list.error} onRetry={() => void list.refetch()} />;
  if (items.length === 0) {
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
    <>
      <ul className="card conversation-list" data-testid="conversation-list">
        {items.map((c) => (
          <ConversationItem key={c.id} conversation={c} />
        ))}
      </ul>
      <LoadMore hasMore={list.hasNextPage} loading={list.isFetchingNextPage} onLoad={() => void list.fetchNextPage()} />
    </>
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
