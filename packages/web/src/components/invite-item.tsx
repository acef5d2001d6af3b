import type { CompanionInvite } from '@kindred/contract';
import { useTranslation } from '../lib/translation';
import { Link } from 'react-router-dom';
import { useDecideInvite, type InviteAction, type InviteBox } from '../data/companions';
import { useTaxonomy } from '../data/taxonomy';
import { useFormat } from '../lib/format';
import { useAnchorId } from '../lib/use-anchor';
import { Avatar } from './avatar';
import { Icon } from './icons';
import { useToast } from './toast';

export function InviteStatusBadge({ status }: { status: CompanionInvite['status'] }) {
  const { t } = useTranslation();
  return <span className={`status-pill status-pill--${status}`}>{t(`companions.inbox.statuses.${status}`)}</span>;
}

/**
 * One invite or application, from my side of it: who, about which request, their message,
 * and what I can do now (accept or decline what I received, withdraw what I sent, open the chat).
 */
export function InviteItem({ invite, box, showRequest = true }: { invite: CompanionInvite; box: InviteBox; showRequest?: boolean }) {
  const { t } = useTranslation();
  const f = useFormat();
  const { tagLabel } = useTaxonomy();
  const toast = useToast();
  const decide = useDecideInvite();
  // The invite a notification leads to (#invite-12) stands out.
  const targeted = useAnchorId() === `invite-${invite.id}`;
  const other = box === 'incoming' ? invite.from : invite.to;
  const name = other.displayName;
  const headline =
    box === 'incoming'
      ? invite.kind === 'application'
        ? t('companions.inbox.appliedToYours', { name })
        : t('companions.inbox.invitedYou', { name })
      : invite.kind === 'application'
        ? t('companions.inbox.youApplied', { name })
        : t('companions.inbox.youInvited', { name });

  const act = (action: InviteAction) =>
    decide.mutate(
      { id: invite.id, action },
      {
        onSuccess: () =>
          toast.show(
            action === 'accept' ? t('companions.inbox.acceptedToast', { name }) : action === 'decline' ? t('companions.inbox.declinedToast') : t('companions.inbox.withdrawnToast'),
            'success',
          ),
      },
    );

  return (
    <li
      id={`invite-${invite.id}`}
      className={`invite-item${invite.status === 'pending' ? ' invite-item--pending' : ''}${targeted ? ' invite-item--target' : ''}`}
      data-testid="invite-item"
    >
      <Link to={`/u/${other.username}`} className="invite-item__avatar">
        <Avatar name={name} seed={other.id} src={other.avatarUrl} size={44} />
        <span className="visually-hidden">{name}</span>
      </Link>
      <div className="invite-item__body">
        <p className="invite-item__headline">
          <strong>{headline}</strong>
        </p>
        {showRequest && invite.request ? (
          <Link to={`/companions/requests/${invite.request.id}`} className="invite-item__request small">
            <Icon name="flag" size={14} />
            <span>
              {tagLabel(invite.request.tag)} · {invite.request.description}
            </span>
          </Link>
        ) : null}
        {invite.message ? <p className="invite-item__message">“{invite.message}”</p> : null}
        <p className="invite-item__meta small muted">
          <InviteStatusBadge status={invite.status} />
          <time dateTime={invite.createdAt}>{f.timeAgo(invite.createdAt)}</time>
        </p>
        <div className="invite-item__actions">
          {invite.status === 'pending' && box === 'incoming' ? (
            <>
              <button type="button" className="btn btn--primary btn--sm" disabled={decide.isPending} onClick={() => act('accept')} data-testid="accept-invite">
                <Icon name="check" size={16} /> {t('companions.inbox.accept')}
              </button>
              <button type="button" className="btn btn--ghost btn--sm" disabled={decide.isPending} onClick={() => act('decline')} data-testid="decline-invite">
                {t('companions.inbox.decline')}
              </button>
            </>
          ) : null}
          {invite.status === 'pending' && box === 'outgoing' ? (
            <button type="button" className="btn btn--ghost btn--sm btn--danger-text" disabled={decide.isPending} onClick={() => act('withdraw')} data-testid="withdraw-invite">
              {t('companions.inbox.withdraw')}
            </button>
          ) : null}
          {invite.status === 'accepted' && invite.conversationId ? (
            <Link to={`/companions/chats/${invite.conversationId}`} className="btn btn--secondary btn--sm" data-testid="open-chat">
              <Icon name="comment" size={16} /> {t('companions.inbox.openChat')}
            </Link>
          ) : null}
        </div>
      </div>
    </li>
  );
}
