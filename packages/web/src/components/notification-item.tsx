import type { Notification, NotificationKind } from '@kindred/contract';
import type { TFunction } from 'i18next';
import { useTranslation } from '../lib/translation';
import { Link } from 'react-router-dom';
import { useMarkNotificationRead } from '../data/notifications';
import { browserTimeZone, instantIn } from '../lib/activity-time';
import { useFormat } from '../lib/format';
import { Avatar } from './avatar';
import { Icon, type IconName } from './icons';

type T = TFunction;
type Format = ReturnType<typeof useFormat>;

/** What a sentence is built from: the first actor's name, how many others, the subject's title, the kind's details. */
interface Parts {
  t: T;
  f: Format;
  n: Notification;
  actor: string;
  /** Actors besides the first (for "Lin and 12 others"). */
  others: number;
  /** Every actor (for "林 等 13 人"). */
  total: number;
  title: string;
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '');
const count = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);

function whenDue(p: Parts): string {
  const deadline = text(p.n.data.paymentDeadline);
  return deadline ? instantIn(deadline, text(p.n.data.timeZone) || browserTimeZone(), p.f.lang) : '';
}

/** One sentence per kind the contract knows: the compiler holds this list to the contract's. */
const sentences: Record<NotificationKind, (p: Parts) => string> = {
  'follow.new': ({ t, n, actor, others, total }) =>
    n.data.mutual === true ? t('notifications.kinds.follow_back', { actor }) : t('notifications.kinds.follow_new', { actor, count: others, total }),
  'follow.request': ({ t, actor }) => t('notifications.kinds.follow_request', { actor }),
  'follow.accepted': ({ t, actor }) => t('notifications.kinds.follow_accepted', { actor }),
  'post.liked': ({ t, actor, others, total, title }) => t('notifications.kinds.post_liked', { actor, count: others, total, title }),
  'comment.liked': ({ t, actor, others, total, title }) => t('notifications.kinds.comment_liked', { actor, count: others, total, title }),
  'post.commented': ({ t, actor, others, total, title }) => t('notifications.kinds.post_commented', { actor, count: others, total, title }),
  'comment.replied': ({ t, actor, title }) => t('notifications.kinds.comment_replied', { actor, title }),
  mention: ({ t, n, actor, title }) =>
    n.subject?.kind === 'comment' ? t('notifications.kinds.mention_comment', { actor, title }) : t('notifications.kinds.mention_post', { actor, title }),
  'group.join_request': ({ t, actor, others, total, title }) => t('notifications.kinds.group_join_request', { actor, count: others, total, title }),
  'group.join_approved': ({ t, title }) => t('notifications.kinds.group_join_approved', { title }),
  'group.join_declined': ({ t, title }) => t('notifications.kinds.group_join_declined', { title }),
  'group.ownership_claim': ({ t, f, n, actor, title }) => {
    const effectiveAt = text(n.data.effectiveAt);
    return effectiveAt
      ? t('notifications.kinds.group_ownership_claim', { actor, title, when: instantIn(effectiveAt, browserTimeZone(), f.lang) })
      : t('notifications.kinds.group_ownership_claimSoon', { actor, title });
  },
  'group.ownership_objected': ({ t, actor, title }) => t('notifications.kinds.group_ownership_objected', { actor, title }),
  'group.ownership_transferred': ({ t, title }) => t('notifications.kinds.group_ownership_transferred', { title }),
  'series.still_on': ({ t, title }) => t('notifications.kinds.series_still_on', { title }),
  'series.paused': ({ t, title }) => t('notifications.kinds.series_paused', { title }),
  'registration.confirmed': ({ t, title }) => t('notifications.kinds.registration_confirmed', { title }),
  'registration.promoted': (p) => {
    const { t, n, title } = p;
    if (n.data.status !== 'awaiting_payment') return t('notifications.kinds.registration_promoted', { title });
    const deadline = whenDue(p);
    return deadline ? t('notifications.kinds.registration_promoted_pay', { title, deadline }) : t('notifications.kinds.registration_promoted_payNow', { title });
  },
  'registration.pending': ({ t, actor, title }) => t('notifications.kinds.registration_pending', { actor, title }),
  'registration.approved': (p) => {
    const { t, n, title } = p;
    if (n.data.status !== 'awaiting_payment') return t('notifications.kinds.registration_approved', { title });
    const deadline = whenDue(p);
    return deadline ? t('notifications.kinds.registration_approved_pay', { title, deadline }) : t('notifications.kinds.registration_approved_payNow', { title });
  },
  'registration.rejected': ({ t, title }) => t('notifications.kinds.registration_rejected', { title }),
  'registration.expired': ({ t, title }) => t('notifications.kinds.registration_expired', { title }),
  'payment.failed': ({ t, title }) => t('notifications.kinds.payment_failed', { title }),
  'payment.refunded': ({ t, f, n, title }) => {
    const amount = count(n.data.amount);
    const currency = text(n.data.currency);
    return amount !== null && currency
      ? t('notifications.kinds.payment_refunded', { title, amount: f.money(amount, currency) })
      : t('notifications.kinds.payment_refunded_noAmount', { title });
  },
  'activity.changed': ({ t, title }) => t('notifications.kinds.activity_changed', { title }),
  'activity.cancelled': ({ t, f, n, title }) => {
    const amount = count(n.data.amount);
    const currency = text(n.data.currency);
    return amount !== null && amount > 0 && currency
      ? t('notifications.kinds.activity_cancelled_refund', { title, amount: f.money(amount, currency) })
      : t('notifications.kinds.activity_cancelled', { title });
  },
  'activity.reminder': ({ t, n, f, title }) => {
    const hours = count(n.data.hours);
    if (hours !== null && hours > 0) return t('notifications.kinds.activity_reminder', { title, count: hours });
    const startsAt = text(n.data.startsAt);
    return startsAt
      ? t('notifications.kinds.activity_reminder_at', { title, when: instantIn(startsAt, text(n.data.timeZone) || browserTimeZone(), f.lang) })
      : t('notifications.kinds.activity_reminder_soon', { title });
  },
  'activity.recap': ({ t, title }) => t('notifications.kinds.activity_recap', { title }),
  'activity.feedback': ({ t, title }) => t('notifications.kinds.activity_feedback', { title }),
  'companion.invite': ({ t, actor }) => t('notifications.kinds.companion_invite', { actor }),
  'companion.application': ({ t, actor }) => t('notifications.kinds.companion_application', { actor }),
  'companion.accepted': ({ t, actor }) => t('notifications.kinds.companion_accepted', { actor }),
  'companion.declined': ({ t, actor }) => t('notifications.kinds.companion_declined', { actor }),
  'message.unread': ({ t, n, actor }) => t('notifications.kinds.message_unread', { actor, count: Math.max(1, count(n.data.count) ?? 1) }),
  'account.warning': ({ t, n }) => t('notifications.kinds.account_warning', { reason: text(n.data.reason) }),
  'report.resolved': ({ t, n }) => (n.data.actionTaken === true ? t('notifications.kinds.report_actioned') : t('notifications.kinds.report_dismissed')),
  'group.removed': ({ t, n, title }) => t('notifications.kinds.group_removed', { title, reason: text(n.data.reason) }),
  'content.removed': ({ t, n, title }) =>
    n.data.contentKind === 'comment'
      ? t('notifications.kinds.content_removed_comment', { title, post: text(n.data.postTitle), excerpt: text(n.data.excerpt) })
      : t('notifications.kinds.content_removed_post', { title, post: text(n.data.postTitle) }),
  'content.restored': ({ t, n, title }) => t(n.data.contentKind === 'comment' ? 'notifications.kinds.content_restored_comment' : 'notifications.kinds.content_restored_post', { title }),
};

const icons: Record<NotificationKind, IconName> = {
  'follow.new': 'user',
  'follow.request': 'user',
  'follow.accepted': 'check',
  'post.liked': 'heart',
  'comment.liked': 'heart',
  'post.commented': 'comment',
  'comment.replied': 'reply',
  mention: 'comment',
  'group.join_request': 'users',
  'group.join_approved': 'check',
  'group.join_declined': 'x',
  'group.ownership_claim': 'shield',
  'group.ownership_objected': 'shield',
  'group.ownership_transferred': 'users',
  'series.still_on': 'clock',
  'series.paused': 'hourglass',
  'registration.confirmed': 'checkCircle',
  'registration.promoted': 'sparkle',
  'registration.pending': 'users',
  'registration.approved': 'check',
  'registration.rejected': 'x',
  'registration.expired': 'hourglass',
  'payment.failed': 'wallet',
  'payment.refunded': 'receipt',
  'activity.changed': 'edit',
  'activity.cancelled': 'x',
  'activity.reminder': 'clock',
  'activity.recap': 'edit',
  'activity.feedback': 'star',
  'companion.invite': 'users',
  'companion.application': 'users',
  'companion.accepted': 'check',
  'companion.declined': 'x',
  'message.unread': 'comment',
  'account.warning': 'shield',
  'report.resolved': 'shield',
  'group.removed': 'shield',
  'content.removed': 'shield',
  'content.restored': 'check',
};

function isKnown(kind: string): kind is NotificationKind {
  return Object.hasOwn(sentences, kind);
}

/** Good news green, bad news red, the rest neutral. */
function toneOf(kind: string): 'good' | 'bad' | 'neutral' {
  if (/\.(cancelled|failed|rejected|declined|expired)$/.test(kind) || kind === 'group.join_declined' || kind === 'group.removed' || kind === 'content.removed') return 'bad';
  if (/\.(confirmed|approved|promoted|accepted|join_approved|restored)$/.test(kind)) return 'good';
  return 'neutral';
}

/** The sentence a notification reads as, in the active language; a kind this client does not know reads generically. */
export function notificationSentence(n: Notification, t: T, f: Format): string {
  const first = n.actors[0];
  const total = Math.max(n.actorCount, n.actors.length);
  const parts: Parts = {
    t,
    f,
    n,
    actor: first?.displayName || t('notifications.someone'),
    others: Math.max(0, total - 1),
    total,
    // Without a subject (an activity that went with its removed group, a removed group): the name the notice kept.
    title: n.subject?.title ?? (text(n.data.title) || text(n.data.groupName)),
  };
  if (isKnown(n.kind)) return sentences[n.kind](parts);
  return parts.title ? t('notifications.genericAbout', { title: parts.title }) : t('notifications.generic');
}

interface Change {
  field: 'time' | 'place' | 'fee';
  before: unknown;
  after: unknown;
}

function changesOf(n: Notification): Change[] {
  if (n.kind !== 'activity.changed' || !Array.isArray(n.data.changes)) return [];
  return (n.data.changes as unknown[]).filter((c): c is Change => {
    const field = (c as { field?: unknown } | null)?.field;
    return field === 'time' || field === 'place' || field === 'fee';
  });
}

/** A before or after value of an activity change, as a reader wants it. */
function changeValue(change: Change, value: unknown, n: Notification, t: T, f: Format): string {
  if (value === null || value === undefined || value === '') return t('notifications.changeNone');
  if (change.field === 'time' && typeof value === 'string') return instantIn(value, text(n.data.timeZone) || browserTimeZone(), f.lang);
  if (change.field === 'fee') {
    const fee = value as { amount?: unknown; currency?: unknown } | number;
    const amount = typeof fee === 'number' ? fee : count(fee.amount);
    const currency = typeof fee === 'number' ? text(n.data.currency) : text(fee.currency) || text(n.data.currency);
    if (amount === 0) return t('activity.free');
    if (amount !== null && currency) return f.money(amount, currency);
  }
  if (typeof value === 'object') {
    const place = value as { name?: unknown; address?: unknown };
    return text(place.name) || text(place.address) || t('notifications.changeNone');
  }
  return String(value);
}

/** A path inside the app (never another site). */
function isAppPath(link: string): boolean {
  return link.startsWith('/') && !link.startsWith('//');
}

/**
 * Where the row leads: the server's link, except that comments on a post lead to the newest
 * comment (when the server names it) or else to the comments, not to the top of the post.
 */
function linkOf(n: Notification): string {
  if (n.kind !== 'post.commented' || n.link.includes('#') || !/^\/posts\/\d+$/.test(n.link)) return n.link;
  const commentId = count(n.data.commentId);
  return commentId !== null ? `${n.link}#comment-${commentId}` : `${n.link}#comments`;
}

/** One notification: who, what, when; the whole row opens it (and marks it read). */
export function NotificationItem({ notification: n }: { notification: Notification }) {
  const { t } = useTranslation();
  const f = useFormat();
  const markRead = useMarkNotificationRead();
  const sentence = notificationSentence(n, t, f);
  const actor = n.actors[0];
  const kind = isKnown(n.kind) ? n.kind : null;
  const excerpt = text(n.data.excerpt);
  const changes = changesOf(n);

  const body = (
    <>
      <span className={`notification__visual notification__visual--${toneOf(n.kind)}`}>
        {actor ? (
          <Avatar name={actor.displayName} seed={actor.id} src={actor.avatarUrl} size={40} />
        ) : (
          <span className="notification__icon">
            <Icon name={kind ? icons[kind] : 'bell'} size={18} />
          </span>
        )}
        {actor ? (
          <span className="notification__badge" aria-hidden="true">
            <Icon name={kind ? icons[kind] : 'bell'} size={12} />
          </span>
        ) : null}
      </span>
      <span className="notification__text">
        <span className="notification__sentence" data-testid="notification-sentence">
          {sentence}
        </span>
        {excerpt ? <q className="notification__excerpt">{excerpt}</q> : null}
        {changes.length ? (
          <span className="notification__changes">
            {changes.map((c, i) => (
              <span key={i} className="notification__change" data-testid="notification-change">
                {t('notifications.change', {
                  field: t(`notifications.changed.${c.field}`),
                  before: changeValue(c, c.before, n, t, f),
                  after: changeValue(c, c.after, n, t, f),
                })}
              </span>
            ))}
          </span>
        ) : null}
        <time className="small muted" dateTime={n.updatedAt}>
          {f.timeAgo(n.updatedAt)}
        </time>
      </span>
      {!n.read ? (
        <span className="notification__dot">
          <span className="visually-hidden">{t('notifications.unread')}</span>
        </span>
      ) : null}
    </>
  );

  return (
    <li className={`notification${n.read ? '' : ' notification--unread'}`} data-testid="notification" data-kind={n.kind} data-unread={!n.read}>
      {isAppPath(n.link) ? (
        <Link
          to={linkOf(n)}
          className="notification__link"
          onClick={() => {
            if (!n.read) markRead.mutate(n.id);
          }}
        >
          {body}
        </Link>
      ) : (
        <div className="notification__link">{body}</div>
      )}
    </li>
  );
}
