import type { ChatMessage, Conversation, PhotoRef } from '@kindred/contract';
import { Fragment, useCallback, useEffect, useLayoutEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useTranslation } from '../lib/translation';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { Avatar } from '../components/avatar';
import { dayKey, dayLabel } from '../lib/day-label';
import { SafetyMenu } from '../components/companion-dialogs';
import { EmptyState, ErrorView, PageSpinner } from '../components/feedback';
import { Icon } from '../components/icons';
import { PhotoGallery } from '../components/photo-gallery';
import { PhotoButton } from '../components/photo-picker';
import { messagesInOrder, useConversation, useMarkRead, useMessages, useRealtimeStatus, useSendMessage } from '../data/chat';
import { useMe } from '../data/session';
import { isApiError } from '../lib/api';
import { useDocumentTitle } from '../lib/document-title';
import { useErrorMessage } from '../lib/errors';
import { useFormat } from '../lib/format';
import { newClientId } from '../lib/realtime';
import { uploadPhoto } from '../lib/upload';
import { isDeletedMember, useMemberName } from '../lib/member-name';
import { MentionText } from '../components/mention-text';
import { HeldMessageMark } from '../components/held-notice';
import { TEXT_LIMITS } from '@kindred/contract/limits';
import { overLimit, TextLimit } from '../components/form-field';

/** A message on its way: shown at once, replaced by the stored one when it arrives. */
interface Outgoing {
  clientId: string;
  body: string;
  failed: boolean;
  /** A photo to send: uploaded first (once; a retry reuses the upload), then sent as the message. */
  file?: File;
  preview?: string;
  photo?: PhotoRef;
}

// Within this distance of the bottom, new messages keep the view pinned to the newest.
const NEAR_BOTTOM_PX = 120;

/** One conversation: history (older pages on demand), live messages, composer, read marks. */

const MESSAGE_LIMIT = TEXT_LIMITS.message;
export function ChatPage() {
  const { t } = useTranslation();
  const id = Number(useParams().id);
  const me = useMe();
  const conversation = useConversation(id);
  const memberName = useMemberName();
  useDocumentTitle(conversation.data ? memberName(conversation.data.other) : t('companions.chats.title'));

  if (!me) return <PageSpinner />;
  if (!Number.isInteger(id) || id <= 0 || isApiError(conversation.error, 'not_found')) {
    return (
      <div className="page page--narrow">
        <EmptyState
          icon="comment"
          title={t('companions.chat.notFound')}
          action={
            <Link to="/companions/chats" className="btn btn--secondary">
              {t('companions.chats.title')}
            </Link>
          }
        />
      </div>
    );
  }
  if (conversation.isPending) return <PageSpinner />;
  if (conversation.isError) {
    return (
      <div className="page page--narrow">
        <ErrorView error={conversation.error} onRetry={() => void conversation.refetch()} />
      </div>
    );
  }
  return <ChatView conversation={conversation.data} meId={me.id} />;
}


function ChatView({ conversation: c, meId }: { conversation: Conversation; meId: number }) {
  const { t } = useTranslation();
  const memberName = useMemberName();
  const f = useFormat();
  const navigate = useNavigate();
  const errorMessage = useErrorMessage();
  const status = useRealtimeStatus();
  const messages = useMessages(c.id);
  const send = useSendMessage(c.id, meId);
  const markRead = useMarkRead(c.id);
  const [outgoing, setOutgoing] = useState<Outgoing[]>([]);
  const [draft, setDraft] = useState('');
  const [sendError, setSendError] = useState<unknown>(null);
  const scroller = useRef<HTMLDivElement>(null);
  const list = messagesInOrder(messages.data);
  const newestId = list.at(-1)?.id ?? 0;
  const oldestId = list[0]?.id ?? 0;

  // Ones the server has stored (by ack, socket or reload) are no longer "on the way".
  const stored = new Set(list.map((m) => m.clientId).filter(Boolean));
  const pending = outgoing.filter((o) => !stored.has(o.clientId));

  // ——— Scrolling: start at the newest; keep the place when older messages load above.
  const pinned = useRef(true);
  const heightBeforeOlder = useRef<number | null>(null);
  const onScroll = () => {
    const el = scroller.current;
    if (el) pinned.current = el.scrollHeight - el.scrollTop - el.clientHeight < NEAR_BOTTOM_PX;
  };
  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    if (heightBeforeOlder.current !== null) {
      el.scrollTop += el.scrollHeight - heightBeforeOlder.current;
      heightBeforeOlder.current = null;
    } else if (pinned.current) {
      el.scrollTop = el.scrollHeight;
    }
  }, [newestId, oldestId, pending.length]);
  const loadOlder = () => {
    heightBeforeOlder.current = scroller.current?.scrollHeight ?? null;
    void messages.fetchNextPage();
  };

  // ——— Read marks: whatever is on screen while the tab is visible counts as read.
  const markedUpTo = useRef(c.myLastReadId);
  const { mutate: markAsRead } = markRead;
  const markVisibleRead = useCallback(() => {
    if (document.visibilityState !== 'visible' || newestId <= markedUpTo.current) return;
    markedUpTo.current = newestId;
    markAsRead(newestId);
  }, [newestId, markAsRead]);
  useEffect(() => {
    markVisibleRead();
    document.addEventListener('visibilitychange', markVisibleRead);
    window.addEventListener('focus', markVisibleRead);
    return () => {
      document.removeEventListener('visibilitychange', markVisibleRead);
      window.removeEventListener('focus', markVisibleRead);
    };
  }, [markVisibleRead]);

  const failed = (item: Outgoing, error: unknown) => {
    setSendError(error);
    setOutgoing((all) => all.map((o) => (o.clientId === item.clientId ? { ...o, failed: true } : o)));
  };
  const deliver = (item: Outgoing) => {
    setSendError(null);
    setOutgoing((all) => [...all.filter((o) => o.clientId !== item.clientId), { ...item, failed: false }]);
    pinned.current = true;
    if (item.file && !item.photo) {
      uploadPhoto(item.file, () => {})
        .then((media) => deliver({ ...item, photo: { id: media.id } }))
        .catch((error: unknown) => failed(item, error));
      return;
    }
    send.mutate(
      { body: item.body, clientId: item.clientId, photo: item.photo },
      {
        onSuccess: () => setOutgoing((all) => all.filter((o) => o.clientId !== item.clientId)),
        onError: (error) => failed(item, error),
      },
    );
  };
  const sendPhoto = (file: File) => deliver({ clientId: newClientId(), body: '', failed: false, file, preview: URL.createObjectURL(file) });
  const submit = (e?: FormEvent) => {
    e?.preventDefault();
    const body = draft.trim();
    if (!body || overLimit(draft, MESSAGE_LIMIT) > 0) return;
    setDraft('');
    deliver({ clientId: newClientId(), body, failed: false });
  };
  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    // Enter sends; Shift+Enter is a new line; Enter while an IME is composing (pinyin) is not a send.
    if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      submit();
    }
  };

  const lastMine = [...list].reverse().find((m) => m.senderId === meId);
  const seenId = lastMine && c.otherLastReadId >= lastMine.id ? lastMine.id : null;
  const other = c.other;
  const name = memberName(other);
  const left = isDeletedMember(other);

  return (
    <div className="page page--narrow page--chat">
      <section className="chat card" aria-label={t('companions.chat.messages', { name })}>
        <header className="chat__header">
          <Link to="/companions/chats" className="icon-button" aria-label={t('companions.chat.back')} title={t('companions.chat.back')}>
            <Icon name="back" size={22} />
          </Link>
          {left ? (
            <span className="chat__who">
              <Avatar name={name} seed={other.id} size={38} />
              <span className="chat__name" data-testid="chat-with">
                {name}
              </span>
            </span>
          ) : (
            <>
              <Link to={`/u/${other.username}`} className="chat__who">
                <Avatar name={name} seed={other.id} src={other.avatarUrl} size={38} />
                <span className="chat__name" data-testid="chat-with">
                  {name}
                </span>
              </Link>
              <SafetyMenu
                label={t('companions.chat.actions', { name })}
                user={other}
                extra={[{ label: t('companions.chat.viewProfile'), icon: 'user', onSelect: () => navigate(`/u/${other.username}`) }]}
                onBlocked={() => navigate('/companions/chats', { replace: true })}
              />
            </>
          )}
        </header>
        {c.activity ? (
          <Link to={`/activities/${c.activity.id}`} className="chat__activity" data-testid="chat-activity-link">
            <Icon name="ticket" size={18} />
            <span>{t('companions.chat.registerFor', { title: c.activity.title })}</span>
            <Icon name="chevronRight" size={16} />
          </Link>
        ) : null}
        {status === 'closed' ? (
          <p className="chat__status small" role="status" data-testid="chat-reconnecting">
            <span className="spinner spinner--sm" aria-hidden="true" /> {t('companions.chat.reconnecting')}
          </p>
        ) : null}

        {/* Focusable, so the messages can be scrolled from the keyboard even when none holds a link or button. */}
        <div className="chat__scroller" ref={scroller} onScroll={onScroll} tabIndex={0}>
          {messages.hasNextPage ? (
            <div className="chat__older">
              <button type="button" className="btn btn--ghost btn--sm" onClick={loadOlder} disabled={messages.isFetchingNextPage} data-testid="load-older">
                {messages.isFetchingNextPage ? t('common.loading') : t('companions.chat.loadOlder')}
              </button>
            </div>
          ) : messages.isSuccess ? (
            <p className="chat__start small muted">{t('companions.chat.start', { name: other.displayName })}</p>
          ) : null}
          {messages.isPending ? (
            <div className="page-spinner">
              <span className="spinner" aria-hidden="true" />
            </div>
          ) : messages.isError ? (
            <ErrorView error={messages.error} onRetry={() => void messages.refetch()} />
          ) : null}
          <ol className="chat__messages" aria-live="polite" aria-relevant="additions" data-testid="chat-messages">
            {list.map((m, i) => (
              <Fragment key={m.id}>
                {i === 0 || dayKey(list[i - 1]!.createdAt) !== dayKey(m.createdAt) ? (
                  <li className="chat__day" aria-hidden="true">
                    <span>{dayLabel(m.createdAt, f.lang, f.date)}</span>
                  </li>
                ) : null}
                <MessageBubble message={m} mine={m.senderId === meId} seen={m.id === seenId} />
              </Fragment>
            ))}
            {pending.map((o) => (
              <li key={o.clientId} className={`bubble bubble--mine bubble--pending${o.failed ? ' bubble--failed' : ''}`} data-testid="message-pending">
                {o.preview ? <img className="bubble__photo" src={o.preview} alt="" /> : null}
                {o.body ? <p className="bubble__body">{o.body}</p> : null}
                <span className="bubble__meta">
                  {o.failed ? (
                    <>
                      <Icon name="x" size={12} /> {t('companions.chat.failed')} ·{' '}
                      <button type="button" className="bubble__retry" onClick={() => deliver(o)}>
                        {t('companions.chat.retry')}
                      </button>
                    </>
                  ) : (
                    t('companions.chat.sending')
                  )}
                </span>
              </li>
            ))}
          </ol>
        </div>

        {left ? (
          <p className="chat__closed muted small" data-testid="chat-closed">
            {t('companions.chat.memberLeft')}
          </p>
        ) : (
          <form className="chat__composer" onSubmit={submit}>
            {sendError && pending.some((o) => o.failed) ? (
              <p className="chat__error small" role="alert">
                {errorMessage(sendError)}
              </p>
            ) : null}
            <TextLimit value={draft} limit={MESSAGE_LIMIT} />
            <label htmlFor="chat-input" className="visually-hidden">
              {t('companions.chat.composer')}
            </label>
            <PhotoButton className="chat__photo" onPick={sendPhoto} testId="chat-photo-input" />
            <textarea
              id="chat-input"
              rows={1}
              value={draft}
              placeholder={t('companions.chat.placeholder')}
              onChange={(e) => setDraft(e.target.value)}
              onKeyDown={onKeyDown}
              data-testid="chat-input"
            />
            <button type="submit" className="btn btn--primary chat__send" disabled={!draft.trim() || overLimit(draft, MESSAGE_LIMIT) > 0} aria-label={t('companions.chat.send')} title={t('companions.chat.send')} data-testid="chat-send">
              <Icon name="send" size={20} />
            </button>
          </form>
        )}
      </section>
    </div>
  );
}

function MessageBubble({ message: m, mine, seen }: { message: ChatMessage; mine: boolean; seen: boolean }) {
  const { t } = useTranslation();
  const time = useFormat().time(m.createdAt);
  return (
    <li className={`bubble${mine ? ' bubble--mine' : ' bubble--theirs'}${m.held ? ' bubble--held' : ''}`} data-testid="message" data-message-id={m.id} data-held={m.held || undefined}>
      {m.photo ? <PhotoGallery photos={[m.photo]} compact /> : null}
      {m.body ? (
        <p className="bubble__body">
          <MentionText text={m.body} />
        </p>
      ) : null}
      {m.held ? <HeldMessageMark /> : null}
      <span className="bubble__meta">
        <time dateTime={m.createdAt}>{time}</time>
        {seen ? (
          <span className="bubble__seen" data-testid="message-seen">
            {' · '}
            {t('companions.chat.seen')}
          </span>
        ) : null}
      </span>
    </li>
  );
}
