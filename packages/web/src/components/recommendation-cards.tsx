import type { RecommendedActivity, RecommendedGroup, RecommendedPost, RecReason } from '@kindred/contract';
import { Fragment, type MouseEvent } from 'react';
import { useTranslation } from '../lib/translation';
import { Link } from 'react-router-dom';
import { useNotInterested, type RecKind } from '../data/recommendations';
import { useTaxonomy } from '../data/taxonomy';
import { ActivityCard } from './activity-card';
import { GroupCard } from './group-card';
import { Icon, type IconName } from './icons';
import { MembershipButton } from './membership-button';
import { PostCard } from './post-card';
import { useToast } from './toast';

const reasonIcons: Record<RecReason['kind'], IconName> = {
  interest: 'heart',
  also_joined: 'users',
  in_your_group: 'users',
  friends_going: 'users',
  friends: 'user',
  popular_near: 'mapPin',
  popular: 'sparkle',
};

/** One reason's sentence in the UI language, with the group it names linked. */
function ReasonText({ reason }: { reason: RecReason }) {
  const { lang } = useTaxonomy();
  const text = lang === 'zh-CN' ? reason.zh : reason.en;
  const name = reason.group?.name;
  const at = name ? text.indexOf(name) : -1;
  if (!reason.group || !name || at < 0) return <>{text}</>;
  return (
    <>
      {text.slice(0, at)}
      <Link to={`/groups/${reason.group.id}`} className="rec-reason__group">
        {name}
      </Link>
      {text.slice(at + name.length)}
    </>
  );
}

/** Why something is recommended: the reasons that weighed most (the server sends them strongest first), in the UI language. */
export function ReasonLine({ reasons, max = 2 }: { reasons: RecReason[]; max?: number }) {
  const shown = reasons.slice(0, max);
  const first = shown[0];
  if (!first) return null;
  return (
    <p className={`rec-reason rec-reason--${first.kind}`} data-testid="rec-reason">
      <Icon name={reasonIcons[first.kind]} size={15} />
      <span>
        {shown.map((reason, i) => (
          <Fragment key={`${reason.kind}-${i}`}>
            {i > 0 ? <span className="rec-reason__sep"> · </span> : null}
            <ReasonText reason={reason} />
          </Fragment>
        ))}
      </span>
    </p>
  );
}

/**
 * The ✕ on a recommendation. The item goes at once, a toast offers Undo, and focus moves to
 * the next card's ✕ (or the list) so keyboard users keep their place.
 */
function NotInterestedButton({ kind, id, name }: { kind: RecKind; id: number; name: string }) {
  const { t } = useTranslation();
  const toast = useToast();
  const { notInterested } = useNotInterested();
  const onClick = (e: MouseEvent<HTMLButtonElement>) => {
    const list = e.currentTarget.closest<HTMLElement>('[data-rec-list]');
    const buttons = Array.from(list?.querySelectorAll<HTMLElement>('[data-testid="not-interested"]') ?? []);
    const next = buttons[buttons.indexOf(e.currentTarget) + 1] ?? buttons[buttons.indexOf(e.currentTarget) - 1];
    const { undo } = notInterested(kind, id);
    toast.show(t('forYou.hidden', { name }), 'info', { action: { label: t('forYou.undo'), onSelect: undo } });
    requestAnimationFrame(() => (next?.isConnected ? next : list)?.focus({ preventScroll: true }));
  };
  const label = t('forYou.notInterestedIn', { name });
  return (
    <button type="button" className="icon-button rec-dismiss" aria-label={label} title={t('forYou.notInterested')} onClick={onClick} data-testid="not-interested">
      <Icon name="x" size={18} strokeWidth={2.4} />
    </button>
  );
}

/** A recommended group: the group card, why, Join, and "not interested". */
export function RecGroupCard({ rec }: { rec: RecommendedGroup }) {
  const g = rec.group;
  return (
    <GroupCard
      group={g}
      className="rec-group-card"
      testId="rec-group-card"
      corner={<NotInterestedButton kind="group" id={g.id} name={g.name} />}
      extra={
        <div className="rec-group-card__foot">
          <ReasonLine reasons={rec.reasons} />
          <div className="rec-group-card__actions">
            <MembershipButton group={g} size="sm" />
          </div>
        </div>
      }
    />
  );
}

/** A post in the Discover feed, with why it is there. */
export function RecPostCard({ rec }: { rec: RecommendedPost }) {
  return (
    <PostCard
      post={rec.post}
      testId="rec-post-card"
      note={<ReasonLine reasons={rec.reasons} />}
      corner={<NotInterestedButton kind="post" id={rec.post.id} name={rec.post.title} />}
    />
  );
}

/** A recommended activity, with why (e.g. "3 people from your groups are going"). */
export function RecActivityCard({ rec }: { rec: RecommendedActivity }) {
  return (
    <ActivityCard
      activity={rec.activity}
      testId="rec-activity-card"
      extra={<ReasonLine reasons={rec.reasons} />}
      corner={<NotInterestedButton kind="activity" id={rec.activity.id} name={rec.activity.title} />}
    />
  );
}
