import type { InviteStatus } from '@kindred/contract';
import { useTranslation } from '../lib/translation';
import { Link, useSearchParams } from 'react-router-dom';
import { CardSkeletons, EmptyState, ErrorView, LoadMore } from '../components/feedback';
import { InviteItem } from '../components/invite-item';
import { Segmented } from '../components/segmented';
import { useInvites, type InviteBox } from '../data/companions';
import { useDocumentTitle } from '../lib/document-title';
import { useScrollToAnchor } from '../lib/use-anchor';

const statuses: InviteStatus[] = ['pending', 'accepted', 'declined', 'withdrawn'];

/** Invites and applications I received (to answer) and sent (to follow or withdraw). */
export function InboxTab() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const box: InviteBox = params.get('box') === 'outgoing' ? 'outgoing' : 'incoming';
  const status = statuses.find((s) => s === params.get('status'));
  const list = useInvites(box, status);
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  useDocumentTitle(t('companions.tabs.inbox'));
  // A notification's #invite-12 is brought into view once the list is in.
  useScrollToAnchor(items.length > 0);

  const update = (change: { box?: InviteBox; status?: InviteStatus | null }) => {
    const next = new URLSearchParams(params);
    const nextBox = change.box ?? box;
    const nextStatus = change.status === undefined ? status : change.status;
    if (nextBox === 'outgoing') next.set('box', 'outgoing');
    else next.delete('box');
    if (nextStatus) next.set('status', nextStatus);
    else next.delete('status');
    setParams(next, { replace: true });
  };

  return (
    <section className="inbox" aria-label={t('companions.tabs.inbox')}>
      <div className="inbox__bar">
        <Segmented<InviteBox>
          label={t('companions.inbox.box')}
          size="sm"
          value={box}
          onChange={(b) => update({ box: b })}
          options={[
            { value: 'incoming', label: t('companions.inbox.incoming'), testId: 'inbox-incoming' },
            { value: 'outgoing', label: t('companions.inbox.outgoing'), testId: 'inbox-outgoing' },
          ]}
        />
        <div className="chip-row chip-row--scroll" role="group" aria-label={t('companions.inbox.status')}>
          {[undefined, ...statuses].map((s) => (
            <button
              key={s ?? 'all'}
              type="button"
              className={`chip chip--toggle${status === s ? ' chip--on' : ''}`}
              aria-pressed={status === s}
              onClick={() => update({ status: s ?? null })}
              data-testid={`inbox-status-${s ?? 'all'}`}
            >
              {t(`companions.inbox.statuses.${s ?? 'all'}`)}
            </button>
          ))}
        </div>
      </div>
      {list.isPending ? (
        <CardSkeletons count={3} />
      ) : list.isError ? (
        <ErrorView error={list.error} onRetry={() => void list.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState
          icon="send"
          title={box === 'incoming' ? t('companions.inbox.emptyIncoming') : t('companions.inbox.emptyOutgoing')}
          body={t('companions.inbox.emptyBody')}
          action={
            <Link to="/companions/people" className="btn btn--secondary">
              {t('companions.inbox.findPeople')}
            </Link>
          }
        />
      ) : (
        <>
          <ul className="card invite-list" data-testid="invite-list">
            {items.map((invite) => (
              <InviteItem key={invite.id} invite={invite} box={box} />
            ))}
          </ul>
          <LoadMore hasMore={list.hasNextPage} loading={list.isFetchingNextPage} onLoad={() => void list.fetchNextPage()} />
        </>
      )}
    </section>
  );
}
