import type { PhotoRef, Room, RoomMessage } from '@kindred/contract';
import { Fragment, useCallback, useEffect, useId, useLayoutEffect, useRef, useState, type FormEvent, type KeyboardEvent, type MouseEvent } from 'react';
import { useTranslation } from '../lib/translation';
import { Link, useParams } from 'react-router-dom';
import { Avatar } from '../components/avatar';
import { ReportDialog } from '../components/companion-dialogs';
import { ConfirmDialog } from '../components/dialog';
import { EmptyState, ErrorView, PageSpinner } from '../components/feedback';
import { Icon } from '../components/icons';
import { HeldMessageMark } from '../components/held-notice';
import { MentionText } from '../components/mention-text';
import { PhotoGallery } from '../components/photo-gallery';
import { PhotoButton } from '../components/photo-picker';
import { useToast } from '../components/toast';
import { useRealtimeStatus } from '../data/chat';
import {
  roomKeys,
  roomMessagesInOrder,
  useMarkRoomRead,
  useMuteRoomMember,
  usePinRoomMessage,
  usePinnedNotes,
  useRemoveRoomMessage,
  useRoom,
  useRoomMessages,
  useSendRoomMessage,
} from '../data/rooms';
import { useMe } from '../data/session';
import { isApiError } from '../lib/api';
import { useDocumentTitle } from '../lib/document-title';
import { useErrorMessage } from '../lib/errors';
import { useFormat } from '../lib/format';
import { dateTimeFormat } from '../lib/intl';
import { dayKey, dayLabel } from '../lib/day-label';
import { isDeletedMember, useMemberName } from '../lib/member-name';
import { newClientId } from '../lib/realtime';
import { uploadPhoto } from '../lib/upload';
import { useQueryClient } from '@tanstack/react-query';
import { TEXT_LIMITS } from '@kindred/contract/limits';
import { overLimit, TextLimit } from '../components/form-field';

/** A message on its way: shown at once, dropped once the stored one (same clientId) is in the history. */
interface Outgoing {
  clientId: string;
  body: string;
  failed: boolean;
  replyTo: RoomMessage | null;
  /** A photo to send: uploaded first (once; a retry reuses the upload), then sent as the message. */
  file?: File;
  preview?: string;
  photo?: PhotoRef;
}

// Within this distance of the bottom, new messages keep the view pinned to the newest.
const NEAR_BOTTOM_PX = 120;
// Within this distance of the top, scrolling up loads older messages.
const NEAR_TOP_PX = 80;
const HOUR = 60;
const DAY = 24 * 60;

/** The name a room goes by: its activity's title or its group's name. */
function roomName(room: Room): string {
  return room.activity?.title ?? room.group?.name ?? '';
}

function roomHome(room: Room): string {
  return room.activity ? `/activities/${room.activity.id}` : room.group ? `/groups/${room.group.id}` : '/companions/chats';
}

/** An activity's or a group's chat: history (older on scroll-up), live messages, pinned notes, replies, photos, moderation. */

const MESSAGE_LIMIT = TEXT_LIMITS.message;
export function RoomPage() {
  const { t } = useTranslation();
  const id = Number(useParams().id);
  const me = useMe();
  const room = useRoom(id);
  useDocumentTitle(room.data ? roomName(room.data) : t('rooms.title'));

  if (!me) return <PageSpinner />;
  if (!Number.isInteger(id) || id <= 0 || isApiError(room.error, 'not_found')) {
    return (
      <div className="page page--narrow">
        <EmptyState
          icon="comment"
          title={t('rooms.notFound')}
          body={t('rooms.notFoundBody')}
          action={
            <Link to="/companions/chats" className="btn btn--secondary">
              {t('companions.chats.title')}
            </Link>
          }
        />
      </div>
    );
  }
  if (room.isPending) return <PageSpinner />;
  if (room.isError) {
    return (
      <div className="page page--narrow">
        <ErrorView error={room.error} onRetry={() => void room.refetch()} />
      </div>
    );
  }
  return <RoomView room={room.data} meId={me.id} />;
}


function RoomHeader({ room }: { room: Room }) {
  const { t } = useTranslation();
  const name = roomName(room);
  return (
    <header className="chat__header">
      <Link to="/companions/chats" className="icon-button" aria-label={t('rooms.backToChats')} title={t('rooms.backToChats')}>
        <Icon name="back" size={22} />
      </Link>
      <Link to={roomHome(room)} className="chat__who room__who" data-testid="room-home-link">
        <span className={`room__icon room__icon--${room.kind}`} aria-hidden="true">
          <Icon name={room.kind === 'activity' ? 'calendar' : 'users'} size={20} />
        </span>
        <span className="room__titles">
          <span className="chat__name" data-testid="room-name">
            {name}
          </span>
          <span className="small muted">{room.kind === 'activity' ? t('rooms.activityChat') : t('rooms.groupChat')}</span>
        </span>
        <Icon name="chevronRight" size={16} />
      </Link>
    </header>
  );
}

function RoomView({ room, meId }: { room: Room; meId: number }) {
  const { t } = useTranslation();
  const pinned = usePinnedNotes(room.id, true);
  const notes = pinned.data ?? [];
  if (!room.viewer.canRead) {
    // Waitlisted: the organizer's pinned notes, nothing else, and why.
    return (
      <div className="page page--narrow page--chat">
        <section className="chat card" aria-label={roomName(room)}>
          <RoomHeader room={room} />
          <div className="chat__scroller room__waitlisted" data-testid="room-waitlisted">
            <div className="notice notice--info">
              <Icon name="hourglass" size={22} />
              <div className="notice__text">
                <p className="notice__title">{t('rooms.waitlistedTitle')}</p>
                <p className="notice__body">{t('rooms.waitlistedBody')}</p>
              </div>
            </div>
            <h2 className="room__section-title">{t('rooms.pinnedTitle')}</h2>
            {pinned.isPending ? (
              <div className="page-spinner">
                <span className="spinner" aria-hidden="true" />
              </div>
            ) : pinned.isError ? (
              <ErrorView error={pinned.error} onRetry={() => void pinned.refetch()} />
            ) : notes.length ? (
              <ol className="pinned-list" data-testid="pinned-notes">
                {notes.map((m) => (
                  <PinnedNote key={m.id} message={m} />
                ))}
              </ol>
            ) : (
              <p className="muted" data-testid="pinned-empty">
                {t('rooms.noPinned')}
              </p>
            )}
          </div>
        </section>
      </div>
    );
  }
  return <RoomChat room={room} meId={meId} notes={notes} />;
}

function PinnedNote({ message: m }: { message: RoomMessage }) {
  const memberName = useMemberName();
  const f = useFormat();
  return (
    <li className="pinned-note" data-testid="pinned-note">
      <p className="pinned-note__meta small">
        <strong>{memberName(m.sender)}</strong> · <time dateTime={m.createdAt}>{f.timeAgo(m.createdAt)}</time>
      </p>
      {m.photo ? <PhotoGallery photos={[m.photo]} compact /> : null}
      {m.body ? (
        <p className="pinned-note__body">
          <MentionText text={m.body} />
        </p>
      ) : null}
    </li>
  );
}

/** The pinned notes above the messages: the newest in one line, all of them when opened. */
function PinnedBar({ notes }: { notes: RoomMessage[] }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const listId = useId();
  const newest = notes[0];
  if (!newest) return null;
  return (
    <section className={`room-pinned${open ? ' room-pinned--open' : ''}`} aria-label={t('rooms.pinnedTitle')} data-testid="room-pinned">
      <button type="button" className="room-pinned__toggle" aria-expanded={open} aria-controls={listId} onClick={() => setOpen((o) => !o)} data-testid="room-pinned-toggle">
        <Icon name="pin" size={18} />
        <span className="room-pinned__summary">
          <span className="room-pinned__label">{t('rooms.pinnedCount', { count: notes.length })}</span>
          {!open ? <span className="room-pinned__preview">{newest.body || t('rooms.photo')}</span> : null}
        </span>
        <Icon name="chevronRight" size={16} className="room-pinned__chevron" />
      </button>
      {open ? (
        <ol className="pinned-list room-pinned__list" id={listId} data-testid="pinned-notes">
          {notes.map((m) => (
            <PinnedNote key={m.id} message={m} />
          ))}
        </ol>
      ) : null}
    </section>
  );
}

function RoomChat({ room, meId, notes }: { room: Room; meId: number; notes: RoomMessage[] }) {
  const { t } = useTranslation();
  const f = useFormat();
  const qc = useQueryClient();
  const toast = useToast();
  const memberName = useMemberName();
  const errorMessage = useErrorMessage();
  const status = useRealtimeStatus();
  const messages = useRoomMessages(room.id, true);
  const send = useSendRoomMessage(room.id, meId);
  const markRead = useMarkRoomRead(room.id);
  const pin = usePinRoomMessage(room.id);
  const remove = useRemoveRoomMessage(room.id);
  const mute = useMuteRoomMember(room.id);
  const [outgoing, setOutgoing] = useState<Outgoing[]>([]);
  const [draft, setDraft] = useState('');
  const [replyTo, setReplyTo] = useState<RoomMessage | null>(null);
  const [selected, setSelected] = useState<number | null>(null);
  const [removing, setRemoving] = useState<RoomMessage | null>(null);
  const [reporting, setReporting] = useState<number | null>(null);
  const [sendError, setSendError] = useState<unknown>(null);
  const scroller = useRef<HTMLDivElement>(null);
  const input = useRef<HTMLTextAreaElement>(null);
  const list = roomMessagesInOrder(messages.data);
  const newestId = list.at(-1)?.id ?? 0;
  const oldestId = list[0]?.id ?? 0;

  const stored = new Set(list.map((m) => m.clientId).filter(Boolean));
  const pending = outgoing.filter((o) => !stored.has(o.clientId));

  // ——— Scrolling: start at the newest; keep the place when older messages load above.
  const atBottom = useRef(true);
  const heightBeforeOlder = useRef<number | null>(null);
  const loadOlder = () => {
    if (!messages.hasNextPage || messages.isFetchingNextPage) return;
    heightBeforeOlder.current = scroller.current?.scrollHeight ?? null;
    void messages.fetchNextPage();
  };
  const onScroll = () => {
    const el = scroller.current;
    if (!el) return;
    atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < NEAR_BOTTOM_PX;
    if (el.scrollTop < NEAR_TOP_PX && messages.isSuccess) loadOlder();
  };
  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    if (heightBeforeOlder.current !== null) {
      el.scrollTop += el.scrollHeight - heightBeforeOlder.current;
      heightBeforeOlder.current = null;
    } else if (atBottom.current) {
      el.scrollTop = el.scrollHeight;
    }
  }, [newestId, oldestId, pending.length]);

  // ——— Read marks: whatever is on screen while the tab is visible counts as read.
  const markedUpTo = useRef(room.myLastReadId);
  const { mutate: markAsRead } = markRead;
  const markVisibleRead = useCallback(() => {
    if (document.visibilityState !== 'visible' || newestId <= markedUpTo.current || !atBottom.current) return;
    markedUpTo.current = newestId;
    markAsRead(newestId);
  }, [newestId, markAsRead]);
  useEffect(() => {
    markVisibleRead();
    const el = scroller.current;
    document.addEventListener('visibilitychange', markVisibleRead);
    window.addEventListener('focus', markVisibleRead);
    el?.addEventListener('scroll', markVisibleRead, { passive: true });
    return () => {
      document.removeEventListener('visibilitychange', markVisibleRead);
      window.removeEventListener('focus', markVisibleRead);
      el?.removeEventListener('scroll', markVisibleRead);
    };
  }, [markVisibleRead]);

  // ——— A mute ends on its own: ask the room again then, so the composer comes back.
  const mutedUntil = room.viewer.mutedUntil;
  useEffect(() => {
    if (!mutedUntil) return;
    const wait = new Date(mutedUntil).getTime() - Date.now() + 1000;
    if (wait > 24 * 3600 * 1000) return;
    const timer = window.setTimeout(() => void qc.invalidateQueries({ queryKey: roomKeys.detail(room.id) }), Math.max(0, wait));
    return () => window.clearTimeout(timer);
  }, [mutedUntil, qc, room.id]);

  // ——— Sending.
  const failed = (item: Outgoing, error: unknown) => {
    setSendError(error);
    setOutgoing((all) => all.map((o) => (o.clientId === item.clientId ? { ...o, failed: true } : o)));
  };
  const deliver = (item: Outgoing) => {
    setSendError(null);
    setOutgoing((all) => [...all.filter((o) => o.clientId !== item.clientId), { ...item, failed: false }]);
    atBottom.current = true;
    if (item.file && !item.photo) {
      uploadPhoto(item.file, () => {})
        .then((media) => deliver({ ...item, photo: { id: media.id } }))
        .catch((error: unknown) => failed(item, error));
      return;
    }
    send.mutate(
      { body: item.body, clientId: item.clientId, ...(item.photo ? { photo: item.photo } : {}), ...(item.replyTo ? { replyToId: item.replyTo.id } : {}) },
      {
        onSuccess: () => setOutgoing((all) => all.filter((o) => o.clientId !== item.clientId)),
        onError: (error) => failed(item, error),
      },
    );
  };
  const sendPhoto = (file: File) => {
    deliver({ clientId: newClientId(), body: '', failed: false, replyTo, file, preview: URL.createObjectURL(file) });
    setReplyTo(null);
  };
  const submit = (e?: FormEvent) => {
    e?.preventDefault();
    const body = draft.trim();
    if (!body || overLimit(draft, MESSAGE_LIMIT) > 0) return;
    setDraft('');
    deliver({ clientId: newClientId(), body, failed: false, replyTo });
    setReplyTo(null);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    // Enter sends; Shift+Enter is a new line; Enter while an IME is composing (pinyin) is not a send.
    if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      submit();
    }
    if (e.key === 'Escape' && replyTo) setReplyTo(null);
  };

  // ——— Message actions.
  const startReply = (m: RoomMessage) => {
    setReplyTo(m);
    setSelected(null);
    input.current?.focus();
  };
  const togglePin = (m: RoomMessage) => {
    setSelected(null);
    pin.mutate(
      { messageId: m.id, pinned: !m.pinned },
      { onSuccess: (changed) => toast.show(changed.pinned ? t('rooms.pinnedToast') : t('rooms.unpinnedToast'), 'success') },
    );
  };
  const muteSender = (m: RoomMessage, minutes: number) => {
    setSelected(null);
    const name = memberName(m.sender);
    mute.mutate(
      { username: m.sender.username, minutes },
      { onSuccess: () => toast.show(minutes >= DAY ? t('rooms.mutedDayToast', { name }) : t('rooms.mutedHourToast', { name }), 'success') },
    );
  };

  const muted = mutedUntil && new Date(mutedUntil).getTime() > Date.now();
  const until = mutedUntil ? dateTimeFormat(f.lang, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' }).format(new Date(mutedUntil)) : '';
  const name = roomName(room);

  return (
    <div className="page page--narrow page--chat">
      <section className="chat card" aria-label={t('rooms.messagesIn', { name })}>
        <RoomHeader room={room} />
        <PinnedBar notes={notes} />
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
            <p className="chat__start small muted">{t('rooms.start', { name })}</p>
          ) : null}
          {messages.isPending ? (
            <div className="page-spinner">
              <span className="spinner" aria-hidden="true" />
            </div>
          ) : messages.isError ? (
            <ErrorView error={messages.error} onRetry={() => void messages.refetch()} />
          ) : null}
          <ol className="chat__messages" aria-live="polite" aria-relevant="additions" data-testid="room-messages">
            {list.map((m, i) => {
              const previous = list[i - 1];
              const newDay = !previous || dayKey(previous.createdAt) !== dayKey(m.createdAt);
              return (
                <Fragment key={m.id}>
                  {newDay ? (
                    <li className="chat__day" aria-hidden="true">
                      <span>{dayLabel(m.createdAt, f.lang, f.date)}</span>
                    </li>
                  ) : null}
                  <RoomBubble
                    message={m}
                    mine={m.sender.id === meId}
                    showSender={newDay || previous?.sender.id !== m.sender.id}
                    selected={selected === m.id}
                    onToggle={() => setSelected((s) => (s === m.id ? null : m.id))}
                    actions={{
                      // A held message is its sender's alone until reviewed: nothing to quote or pin for others yet.
                      reply: room.viewer.canSend && !m.removed && !m.held ? () => startReply(m) : undefined,
                      pin: room.viewer.canModerate && !m.removed && !m.held ? () => togglePin(m) : undefined,
                      remove: !m.removed && (room.viewer.canModerate || m.sender.id === meId) ? () => setRemoving(m) : undefined,
                      mute: room.viewer.canModerate && m.sender.id !== meId && !isDeletedMember(m.sender) ? (minutes) => muteSender(m, minutes) : undefined,
                      report: !m.removed && m.sender.id !== meId && !isDeletedMember(m.sender) ? () => setReporting(m.id) : undefined,
                    }}
                  />
                </Fragment>
              );
            })}
            {pending.map((o) => (
              <li key={o.clientId} className={`bubble bubble--mine bubble--pending${o.failed ? ' bubble--failed' : ''}`} data-testid="message-pending">
                {o.replyTo ? <Quote message={o.replyTo} /> : null}
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

        {muted ? (
          <p className="chat__closed room__muted small" role="status" data-testid="room-muted">
            <Icon name="bellOff" size={16} /> {t('rooms.mutedUntil', { time: until })}
          </p>
        ) : !room.viewer.canSend ? (
          <p className="chat__closed muted small" data-testid="room-closed">
            {room.open ? t('rooms.cannotSend') : t('rooms.closed')}
          </p>
        ) : (
          <form className="chat__composer" onSubmit={submit}>
            {sendError && pending.some((o) => o.failed) ? (
              <p className="chat__error small" role="alert">
                {errorMessage(sendError)}
              </p>
            ) : null}
            {replyTo ? (
              <div className="room-reply" data-testid="reply-preview">
                <Icon name="reply" size={16} />
                <span className="room-reply__text">
                  <span className="room-reply__who">{t('rooms.replyingTo', { name: memberName(replyTo.sender) })}</span>
                  <span className="room-reply__excerpt">{replyTo.body || t('rooms.photo')}</span>
                </span>
                <button type="button" className="icon-button icon-button--sm" onClick={() => setReplyTo(null)} aria-label={t('rooms.cancelReply')} title={t('rooms.cancelReply')} data-testid="cancel-reply">
                  <Icon name="x" size={16} />
                </button>
              </div>
            ) : null}
            <TextLimit value={draft} limit={MESSAGE_LIMIT} />
            <label htmlFor="room-input" className="visually-hidden">
              {t('companions.chat.composer')}
            </label>
            <PhotoButton className="chat__photo" onPick={sendPhoto} testId="room-photo-input" />
            <textarea
              id="room-input"
              ref={input}
              rows={1}
              value={draft}
              placeholder={t('rooms.placeholder')}
              onChange={(e) => setDraft(e.target.value)}
              onKeyDown={onKeyDown}
              data-testid="room-input"
            />
            <button type="submit" className="btn btn--primary chat__send" disabled={!draft.trim() || overLimit(draft, MESSAGE_LIMIT) > 0} aria-label={t('companions.chat.send')} title={t('companions.chat.send')} data-testid="room-send">
              <Icon name="send" size={20} />
            </button>
          </form>
        )}
      </section>
      <ReportDialog open={reporting !== null} target={{ kind: 'room_message', id: reporting ?? 0 }} onClose={() => setReporting(null)} />
      <ConfirmDialog
        open={removing !== null}
        title={t('rooms.removeTitle')}
        body={t('rooms.removeBody')}
        confirmLabel={t('rooms.remove')}
        danger
        busy={remove.isPending}
        onClose={() => setRemoving(null)}
        onConfirm={() => {
          if (!removing) return;
          remove.mutate(removing, {
            onSuccess: () => {
              setRemoving(null);
              setSelected(null);
            },
            onError: () => setRemoving(null),
          });
        }}
      />
    </div>
  );
}

/** The message replied to, in brief, atop a reply. */
function Quote({ message }: { message: Pick<RoomMessage, 'sender'> & { excerpt?: string; body?: string; photo?: unknown } }) {
  const { t } = useTranslation();
  const memberName = useMemberName();
  const text = message.excerpt ?? message.body ?? '';
  return (
    <blockquote className="bubble__quote" data-testid="message-quote">
      <span className="bubble__quote-who">{memberName(message.sender)}</span>
      <span className="bubble__quote-text">{text || t('rooms.quoteEmpty')}</span>
    </blockquote>
  );
}

interface MessageActions {
  reply?: () => void;
  pin?: () => void;
  remove?: () => void;
  mute?: (minutes: number) => void;
  report?: () => void;
}

function RoomBubble({ message: m, mine, showSender, selected, onToggle, actions }: {
  message: RoomMessage;
  mine: boolean;
  showSender: boolean;
  selected: boolean;
  onToggle: () => void;
  actions: MessageActions;
}) {
  const { t } = useTranslation();
  const memberName = useMemberName();
  const actionsId = useId();
  const time = useFormat().time(m.createdAt);
  const sender = memberName(m.sender);
  const hasActions = !!(actions.reply || actions.pin || actions.remove || actions.mute || actions.report);
  // A tap on the bubble (not on a link, a photo or a button in it) opens its actions.
  const onClick = (e: MouseEvent) => {
    if (!hasActions || (e.target as HTMLElement).closest('a, button')) return;
    onToggle();
  };
  return (
    <li
      className={`room-message${mine ? ' room-message--mine' : ''}${selected ? ' room-message--selected' : ''}`}
      id={`room-message-${m.id}`}
      data-testid="room-message"
      data-message-id={m.id}
      data-pinned={m.pinned}
      data-held={m.held || undefined}
    >
      {!mine && showSender ? (
        <span className="room-message__sender">
          <Avatar name={sender} seed={m.sender.id} src={m.sender.avatarUrl} size={22} />
          <span data-testid="message-sender">{sender}</span>
        </span>
      ) : null}
      <div className={`bubble${mine ? ' bubble--mine' : ' bubble--theirs'}${m.removed ? ' bubble--removed' : m.held ? ' bubble--held' : ''}`} onClick={onClick}>
        {m.replyTo && !m.removed ? <Quote message={m.replyTo} /> : null}
        {m.removed ? (
          <p className="bubble__body bubble__removed" data-testid="message-removed">
            {t('rooms.removed')}
          </p>
        ) : (
          <>
            {m.photo ? <PhotoGallery photos={[m.photo]} compact /> : null}
            {m.body ? (
              <p className="bubble__body" data-testid="message-body">
                <MentionText text={m.body} />
              </p>
            ) : null}
          </>
        )}
        {m.held && !m.removed ? <HeldMessageMark /> : null}
        <span className="bubble__meta">
          {m.pinned ? (
            <span className="bubble__pinned" data-testid="message-pinned">
              <Icon name="pin" size={12} /> {t('rooms.pinned')} ·{' '}
            </span>
          ) : null}
          <time dateTime={m.createdAt}>{time}</time>
          {hasActions ? (
            <button
              type="button"
              className="bubble__more"
              aria-expanded={selected}
              aria-controls={selected ? actionsId : undefined}
              aria-label={t('rooms.messageActions', { name: sender })}
              title={t('rooms.messageActions', { name: sender })}
              onClick={onToggle}
              data-testid="message-actions-toggle"
            >
              <Icon name="more" size={16} />
            </button>
          ) : null}
        </span>
      </div>
      {selected ? (
        <div className="room-message__actions" id={actionsId} role="group" aria-label={t('rooms.messageActions', { name: sender })} data-testid="message-actions">
          {actions.reply ? (
            <button type="button" className="btn btn--secondary btn--sm" onClick={actions.reply} data-testid="action-reply">
              <Icon name="reply" size={16} /> {t('rooms.reply')}
            </button>
          ) : null}
          {actions.pin ? (
            <button type="button" className="btn btn--secondary btn--sm" onClick={actions.pin} data-testid="action-pin">
              <Icon name="pin" size={16} /> {m.pinned ? t('rooms.unpin') : t('rooms.pin')}
            </button>
          ) : null}
          {actions.mute ? (
            <>
              <button type="button" className="btn btn--ghost btn--sm" onClick={() => actions.mute?.(HOUR)} data-testid="action-mute-hour">
                <Icon name="bellOff" size={16} /> {t('rooms.muteHour')}
              </button>
              <button type="button" className="btn btn--ghost btn--sm" onClick={() => actions.mute?.(DAY)} data-testid="action-mute-day">
                <Icon name="bellOff" size={16} /> {t('rooms.muteDay')}
              </button>
            </>
          ) : null}
          {actions.report ? (
            <button type="button" className="btn btn--ghost btn--sm" onClick={actions.report} data-testid="action-report">
              <Icon name="flag" size={16} /> {t('moderation.report.action')}
            </button>
          ) : null}
          {actions.remove ? (
            <button type="button" className="btn btn--ghost btn--sm btn--danger-text" onClick={actions.remove} data-testid="action-remove">
              <Icon name="trash" size={16} /> {t('rooms.remove')}
            </button>
          ) : null}
        </div>
      ) : null}
    </li>
  );
}
