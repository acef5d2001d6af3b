import type { GroupSummary } from '@kindred/contract';
import { useState } from 'react';
import { useTranslation } from '../lib/translation';
import { Link } from 'react-router-dom';
import { useJoinGroup, useLeaveGroup } from '../data/groups';
import { useMe } from '../data/session';
import { pathWithIntent, signUpReturningTo, useReturnIntent } from '../lib/return-to';
import { ConfirmDialog, Dialog } from './dialog';
import { Field } from './form-field';
import { Icon } from './icons';
import { useToast } from './toast';

/**
 * Join / Request to join / Pending / Leave, depending on who is looking. The small size (in a
 * card) shows "Joined" instead of offering to leave right after joining.
 */
export function MembershipButton({ group, size = 'md' }: { group: GroupSummary; size?: 'md' | 'sm' }) {
  const sm = size === 'sm' ? ' btn--sm' : '';
  const { t } = useTranslation();
  const me = useMe();
  const toast = useToast();
  const join = useJoinGroup(group.id);
  const leave = useLeaveGroup(group.id);
  const [asking, setAsking] = useState(false);
  const [confirmLeave, setConfirmLeave] = useState(false);
  const [message, setMessage] = useState('');

  // Back from signing up to join: join an open group, or open the request to an approval one.
  useReturnIntent('join', !!me, () => {
    if (group.viewer.role || group.viewer.pending) return;
    if (group.joinPolicy === 'approval') setAsking(true);
    else
      join.mutate(undefined, {
        onSuccess: (r) => toast.show(r.status === 'joined' ? t('group.joined', { name: group.name }) : t('group.requested'), 'success'),
      });
  });

  if (me === null) {
    return (
      <Link to={signUpReturningTo(pathWithIntent(`/groups/${group.id}`, 'join'))} className={`btn btn--primary${sm}`} data-testid="join-signup">
        {t('front.signUpToJoin')}
      </Link>
    );
  }
  if (group.viewer.role === 'owner') return null;
  if (group.viewer.role && sm) {
    return (
      <span className="btn btn--sm btn--done" data-testid="joined-state">
        <Icon name="check" size={16} />
        {t('group.joinedShort')}
      </span>
    );
  }
  if (group.viewer.role) {
    return (
      <>
        <button type="button" className="btn btn--ghost" onClick={() => setConfirmLeave(true)} data-testid="leave-button">
          <Icon name="check" size={18} />
          {t('group.leave')}
        </button>
        <ConfirmDialog
          open={confirmLeave}
          title={t('group.leaveConfirm', { name: group.name })}
          confirmLabel={t('group.leave')}
          danger
          busy={leave.isPending}
          onClose={() => setConfirmLeave(false)}
          onConfirm={() =>
            leave.mutate(undefined, {
              onSuccess: () => toast.show(t('group.left', { name: group.name }), 'info'),
              onSettled: () => setConfirmLeave(false),
            })
          }
        />
      </>
    );
  }
  if (group.viewer.pending) {
    return (
      <button type="button" className={`btn btn--secondary${sm}`} disabled data-testid="pending-button">
        <Icon name="clock" size={18} />
        {t('group.pending')}
      </button>
    );
  }
  const doJoin = (msg?: string) =>
    join.mutate(msg, {
      onSuccess: (r) => {
        setAsking(false);
        toast.show(r.status === 'joined' ? t('group.joined', { name: group.name }) : t('group.requested'), 'success');
      },
    });
  if (group.joinPolicy === 'approval') {
    return (
      <>
        <button type="button" className={`btn btn--primary${sm}`} onClick={() => setAsking(true)} data-testid="join-button">
          <Icon name="plus" size={18} />
          {t('group.requestJoin')}
        </button>
        <Dialog
          open={asking}
          title={t('group.requestJoin')}
          onClose={() => setAsking(false)}
          footer={
            <>
              <button type="button" className="btn btn--ghost" onClick={() => setAsking(false)}>
                {t('common.cancel')}
              </button>
              <button type="button" className="btn btn--primary" disabled={join.isPending} onClick={() => doJoin(message.trim() || undefined)} data-testid="send-request">
                {t('group.sendRequest')}
              </button>
            </>
          }
        >
          <Field label={t('group.requestMessage')} hint={t('group.requestMessageHint')} optional limit={500}>
            <textarea rows={4} value={message} onChange={(e) => setMessage(e.target.value)} />
          </Field>
        </Dialog>
      </>
    );
  }
  return (
    <button type="button" className={`btn btn--primary${sm}`} onClick={() => doJoin()} disabled={join.isPending} data-testid="join-button">
      <Icon name="plus" size={18} />
      {t('group.join')}
    </button>
  );
}

