import type { ModerationAction, ModerationItem } from '@kindred/contract';
import { useState } from 'react';
import { useTranslation } from '../lib/translation';
import { Link } from 'react-router-dom';
import { removableKinds, useReportQueue, useResolveReports } from '../data/moderation';
import { useFormat } from '../lib/format';
import { Avatar } from './avatar';
import { CardSkeletons, EmptyState, ErrorView, LoadMore } from './feedback';
import { Icon } from './icons';
import { ModerationDialog } from './moderation-dialog';
import { Photo } from './photo';

/**
 * Open reports, grouped by what they report, with the content, its author's record and every report,
 * and the actions allowed: the console's whole queue (`groupId` null; `canBan` for operators) or one
 * group's, where its admins may dismiss or remove.
 */
export function ReportQueue({ groupId, canBan = false, headingLevel = 3 }: { groupId: number | null; canBan?: boolean; headingLevel?: 2 | 3 }) {
  const { t } = useTranslation();
  const queue = useReportQueue(groupId);
  const items = queue.data?.pages.flatMap((p) => p.items) ?? [];
  if (queue.isPending) return <CardSkeletons count={2} />;
  if (queue.isError) return <ErrorView error={queue.error} onRetry={() => void queue.refetch()} />;
  if (items.length === 0) {
    return <EmptyState icon="shield" title={groupId === null ? t('moderation.queue.empty') : t('moderation.group.empty')} body={groupId === null ? t('moderation.queue.emptyBody') : undefined} />;
  }
  return (
    <>
      <ul className="mod-queue" data-testid="report-queue">
        {items.map((item) => (
          <li key={`${item.target.kind}:${item.target.id}`}>
            <QueueItem item={item} groupId={groupId} canBan={canBan} headingLevel={headingLevel} />
          </li>
        ))}
      </ul>
      <LoadMore hasMore={queue.hasNextPage} loading={queue.isFetchingNextPage} onLoad={() => void queue.fetchNextPage()} />
    </>
  );
}

const heldFieldLabels = ['displayName', 'bio', 'intro', 'name', 'title', 'description'] as const;
type HeldField = (typeof heldFieldLabels)[number];

/** A change of text the keyword filter holds, field by field: what dismissing the item lets through. */
function HeldChange({ change, SubHeading }: { change: Record<string, string>; SubHeading: 'h3' | 'h4' }) {
  const { t } = useTranslation();
  const label = (field: string) => ((heldFieldLabels as readonly string[]).includes(field) ? t(`moderation.queue.heldFields.${field as HeldField}`) : field);
  return (
    <section className="mod-item__section mod-held" data-testid="queue-held-change">
      <SubHeading className="mod-item__subtitle">{t('moderation.queue.heldChange')}</SubHeading>
      <p className="small muted">{t('moderation.queue.heldChangeNote')}</p>
      <dl className="mod-held__fields">
        {Object.entries(change).map(([field, text]) => (
          <div key={field} className="mod-held__field" data-field={field}>
            <dt className="mod-held__label">{label(field)}</dt>
            <dd className="mod-held__text">{text || <span className="muted">{t('moderation.queue.noText')}</span>}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

function QueueItem({ item, groupId, canBan, headingLevel }: { item: ModerationItem; groupId: number | null; canBan: boolean; headingLevel: 2 | 3 }) {
  const { t } = useTranslation();
  const f = useFormat();
  const resolve = useResolveReports(groupId);
  const [action, setAction] = useState<ModerationAction | null>(null);
  const { content, author, history, target } = item;
  const kind = t(`moderation.kinds.${target.kind}`);
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  const SubHeading = headingLevel === 2 ? 'h3' : 'h4';
  const titleId = `mod-item-${target.kind}-${target.id}`;
  // A whole group is removed by operators only (`canBan`), from the console's queue.
  const groupRemoval = target.kind === 'group' && groupId === null && canBan;
  const actions: ModerationAction[] = [
    'dismiss',
    ...((removableKinds.includes(target.kind) || groupRemoval) && !content.removed ? (['remove'] as const) : []),
    ...(groupId === null && author ? (['warn', 'suspend'] as const) : []),
    ...(groupId === null && author && canBan ? (['ban'] as const) : []),
  ];
  const record = [
    history.warnings ? t('moderation.queue.warnings', { count: history.warnings }) : null,
    history.suspensions ? t('moderation.queue.suspensions', { count: history.suspensions }) : null,
    history.bans ? t('moderation.queue.bans', { count: history.bans }) : null,
    history.upheldReports ? t('moderation.queue.upheld', { count: history.upheldReports }) : null,
  ].filter((x): x is string => x !== null);
  const name = author?.displayName ?? '';
  return (
    <article className="card card--padded mod-item" aria-labelledby={titleId} data-testid="queue-item" data-kind={target.kind} data-id={target.id}>
      <div className="mod-item__meta">
        <span className="badge">{kind}</span>
        <span className={`badge mod-severity mod-severity--${item.severity}`}>{t(`moderation.severity.s${item.severity}` as 'moderation.severity.s0')}</span>
        <span className="small muted">
          {t('moderation.queue.reports', { count: item.reports.length })} · <time dateTime={item.oldestAt}>{t('moderation.queue.firstReported', { ago: f.timeAgo(item.oldestAt) })}</time>
        </span>
      </div>
      <Heading className="mod-item__title" id={titleId}>
        {content.title || kind}
      </Heading>
      {content.removed ? <p className="badge mod-item__removed">{t('moderation.queue.removed')}</p> : null}
      {content.text ? <p className="mod-item__text" data-testid="queue-item-text">{content.text}</p> : null}
      {content.photo ? <Photo media={content.photo} sizes="(max-width: 640px) 90vw, 320px" className="mod-item__photo" /> : null}
      {content.group || content.link ? (
        <p className="small mod-item__where">
          {content.group ? <Link to={`/groups/${content.group.id}`}>{t('moderation.queue.inGroup', { group: content.group.name })}</Link> : null}
          {content.group && content.link ? ' · ' : null}
          {content.link ? (
            <Link to={content.link}>
              {t('moderation.queue.open')} <span className="visually-hidden">{content.title || kind}</span>
            </Link>
          ) : null}
        </p>
      ) : null}
      {item.heldChange && Object.keys(item.heldChange).length ? <HeldChange change={item.heldChange} SubHeading={SubHeading} /> : null}
      {item.sharedMessages.length ? (
        <section className="mod-item__section">
          <SubHeading className="mod-item__subtitle">{t('moderation.queue.shared')}</SubHeading>
          <ul className="mod-messages">
            {item.sharedMessages.map((m) => (
              <li key={m.id}>
                <span className="mod-messages__sender">{m.sender}</span> <time className="small muted" dateTime={m.createdAt}>{f.timeAgo(m.createdAt)}</time>
                <p>{m.body}</p>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section className="mod-item__section">
        <SubHeading className="mod-item__subtitle">{t('moderation.queue.author')}</SubHeading>
        {author ? (
          <div className="mod-author">
            <Avatar name={author.displayName} seed={author.id} src={author.avatarUrl} size={32} />
            <span>
              <Link to={groupId === null ? `/console/members/${author.username}` : `/u/${author.username}`} className="mod-author__name" data-testid="queue-item-author">
                {author.displayName}
              </Link>{' '}
              <span className="small muted">@{author.username}</span>
              <span className="small muted mod-author__record"> · {record.length ? record.join(' · ') : t('moderation.queue.cleanRecord')}</span>
            </span>
          </div>
        ) : (
          <p className="small muted">{t('moderation.queue.noAuthor')}</p>
        )}
      </section>
      <section className="mod-item__section">
        <SubHeading className="mod-item__subtitle">{t('moderation.queue.reportsTitle')}</SubHeading>
        <ul className="mod-reports">
          {item.reports.map((r) => (
            <li key={r.id} data-testid="queue-report">
              <span className="mod-reports__who">{r.reporter ? r.reporter.displayName : t('moderation.queue.keywordFilter')}</span>
              <span className="small muted"> · {t(`companions.report.reasons.${r.reason}`)} · <time dateTime={r.createdAt}>{f.timeAgo(r.createdAt)}</time></span>
              <p className={r.details ? undefined : 'small muted'}>{r.details || t('moderation.queue.noDetails')}</p>
            </li>
          ))}
        </ul>
      </section>
      <div className="mod-item__actions" role="group" aria-label={t('moderation.queue.actionsFor', { kind })}>
        {actions.map((a) => (
          <button
            key={a}
            type="button"
            className={`btn btn--sm ${a === 'dismiss' ? 'btn--secondary' : a === 'remove' || a === 'warn' ? 'btn--secondary' : 'btn--danger'}`}
            onClick={() => {
              resolve.reset();
              setAction(a);
            }}
            data-testid={`queue-${a}`}
          >
            {a === 'remove' ? <Icon name="trash" size={15} /> : a === 'dismiss' ? <Icon name="check" size={15} /> : <Icon name="shield" size={15} />}
            {a === 'remove' && target.kind === 'group' ? t('moderation.actions.removeGroup') : t(`moderation.actions.${a}`)}
          </button>
        ))}
      </div>
      <ModerationDialog
        open={action !== null}
        title={action === 'remove' && target.kind === 'group' ? t('moderation.dialog.removeGroup', { name: content.title }) : action ? t(`moderation.dialog.${action}`, { name }) : ''}
        memberFacing={action === 'warn' || action === 'suspend' || action === 'ban' || (action === 'remove' && target.kind === 'group')}
        extra={action === 'remove' && target.kind === 'group' ? <p className="small" data-testid="remove-group-note">{t('moderation.dialog.removeGroupNote')}</p> : undefined}
        askDays={action === 'suspend'}
        danger={action !== 'dismiss'}
        busy={resolve.isPending}
        error={resolve.error}
        onClose={() => setAction(null)}
        onSubmit={({ reason, days }) => {
          if (!action) return;
          resolve.mutate(
            { target, action, reason, ...(action === 'suspend' ? { days } : {}) },
            { onSuccess: () => setAction(null) },
          );
        }}
      />
    </article>
  );
}
