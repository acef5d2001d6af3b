import type { AuditAction, StaffRole } from '@kindred/contract';
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, NavLink, Outlet, useLocation, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { CardSkeletons, EmptyState, ErrorView, LoadMore, PageSpinner } from '../components/feedback';
import { Field } from '../components/form-field';
import { Icon } from '../components/icons';
import { ModerationDialog } from '../components/moderation-dialog';
import { ReportQueue } from '../components/report-queue';
import { useToast } from '../components/toast';
import { auditActions, staffRoles, useAuditLog, useMemberAction, useMemberStanding, useStaffRole, type AuditFilters, type MemberAction } from '../data/moderation';
import { isApiError } from '../lib/api';
import { useDocumentTitle } from '../lib/document-title';
import { useFormat } from '../lib/format';

/** "Not allowed", for a member who is not staff (or a moderator on an operator's page). */
function NotAllowed({ body }: { body?: string }) {
  const { t } = useTranslation();
  return (
    <div data-testid="console-not-allowed">
      <EmptyState icon="lock" title={t('moderation.notAllowed')} body={body ?? t('moderation.notAllowedBody')} />
    </div>
  );
}

/** The console: its sections (the audit log for operators), or "not allowed" for anyone else. */
export function ConsoleLayout() {
  const { t } = useTranslation();
  const role = useStaffRole();
  // The health dashboard's charts and tiles use the page's full width.
  const health = useLocation().pathname.replace(/\/$/, '') === '/console/health';
  useDocumentTitle(health && role ? t('console.health.title') : t('moderation.title'));
  if (role === undefined) return <PageSpinner />;
  return (
    <div className={`page ${health ? '' : 'page--narrow '}console`}>
      <header className="page-header">
        <h1>{t('moderation.title')}</h1>
      </header>
      {role === null ? (
        <NotAllowed />
      ) : (
        <>
          <nav className="tabs" aria-label={t('moderation.sections')}>
            <NavLink to="/console" end className="tabs__tab" data-testid="console-tab-queue">
              <Icon name="flag" size={16} />
              {t('moderation.tabs.queue')}
            </NavLink>
            <NavLink to="/console/members" className="tabs__tab" data-testid="console-tab-members">
              <Icon name="users" size={16} />
              {t('moderation.tabs.members')}
            </NavLink>
            <NavLink to="/console/health" className="tabs__tab" data-testid="console-tab-health">
              <Icon name="gauge" size={16} />
              {t('console.health.tab')}
            </NavLink>
            {role === 'operator' ? (
              <NavLink to="/console/audit" className="tabs__tab" data-testid="console-tab-audit">
                <Icon name="list" size={16} />
                {t('moderation.tabs.audit')}
              </NavLink>
            ) : null}
          </nav>
          <Outlet />
        </>
      )}
    </div>
  );
}

export function ConsoleQueuePage() {
  const { t } = useTranslation();
  const role = useStaffRole();
  return (
    <section aria-labelledby="console-queue-title">
      <h2 id="console-queue-title" className="console__title">
        {t('moderation.queue.title')}
      </h2>
      <p className="muted small console__intro">{t('moderation.queue.intro')}</p>
      <ReportQueue groupId={null} canBan={role === 'operator'} />
    </section>
  );
}

/** Look a member up by username; their role and standing, and what staff may do. */
export function ConsoleMembersPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const username = useParams().username ?? '';
  const [draft, setDraft] = useState(username);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const name = draft.trim().replace(/^@/, '');
    if (name) navigate(`/console/members/${encodeURIComponent(name)}`);
  };
  return (
    <section aria-labelledby="console-members-title">
      <h2 id="console-members-title" className="console__title">
        {t('moderation.member.title')}
      </h2>
      <form className="console-lookup" onSubmit={submit} role="search" data-testid="member-lookup">
        <Field label={t('moderation.member.username')}>
          <input type="text" autoCapitalize="none" autoComplete="off" value={draft} onChange={(e) => setDraft(e.target.value)} />
        </Field>
        <button type="submit" className="btn btn--primary">
          <Icon name="search" size={16} />
          {t('moderation.member.find')}
        </button>
      </form>
      {username ? <MemberStandingCard key={username} username={username} /> : null}
    </section>
  );
}

type MemberActionKind = MemberAction['kind'];

function MemberStandingCard({ username }: { username: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const toast = useToast();
  const role = useStaffRole();
  const standing = useMemberStanding(username);
  const act = useMemberAction(username);
  const [action, setAction] = useState<MemberActionKind | null>(null);
  const [newRole, setNewRole] = useState<StaffRole>('moderator');
  const roleId = useId();
  if (standing.isPending) return <CardSkeletons count={1} />;
  if (isApiError(standing.error, 'not_found')) return <p className="form-error" role="alert">{t('moderation.member.notFound')}</p>;
  if (standing.isError) return <ErrorView error={standing.error} onRetry={() => void standing.refetch()} />;
  const m = standing.data;
  const s = m.suspension;
  const operator = role === 'operator';
  const actions: MemberActionKind[] = s
    ? s.until === null && !operator
      ? []
      : ['lift']
    : ['warn', 'suspend', ...(operator ? (['ban'] as const) : [])];
  if (operator) actions.push('role');
  return (
    <article className="card card--padded console-member" aria-labelledby="console-member-name" data-testid="member-standing">
      <h3 id="console-member-name" className="console-member__name">
        @{m.username}
      </h3>
      <dl className="console-facts">
        <div>
          <dt>{t('moderation.member.role')}</dt>
          <dd data-testid="member-role">{t(`moderation.roles.${m.role}`)}</dd>
        </div>
        <div>
          <dt>{t('moderation.member.standing')}</dt>
          <dd data-testid="member-suspension">
            {s ? (s.until ? t('moderation.member.suspendedUntil', { date: f.dateTime(s.until) }) : t('moderation.member.banned')) : t('moderation.member.good')}
            {s ? <span className="small muted console-member__reason">{t('moderation.member.reason', { reason: s.reason })}</span> : null}
          </dd>
        </div>
      </dl>
      <p className="small">
        <Link to={`/u/${m.username}`}>{t('moderation.member.profile')}</Link>
      </p>
      {actions.length ? (
        <div className="mod-item__actions" role="group" aria-label={t('moderation.member.actions')}>
          {actions.map((a) => (
            <button
              key={a}
              type="button"
              className={`btn btn--sm ${a === 'suspend' || a === 'ban' ? 'btn--danger' : 'btn--secondary'}`}
              onClick={() => {
                act.reset();
                setNewRole(m.role === 'member' ? 'moderator' : 'member');
                setAction(a);
              }}
              data-testid={`member-${a}`}
            >
              {t(`moderation.actions.${a}`)}
            </button>
          ))}
        </div>
      ) : null}
      <ModerationDialog
        open={action !== null}
        title={action ? t(`moderation.dialog.${action}`, { name: `@${m.username}` }) : ''}
        memberFacing={action === 'warn' || action === 'suspend' || action === 'ban'}
        askDays={action === 'suspend'}
        danger={action === 'suspend' || action === 'ban'}
        busy={act.isPending}
        error={act.error}
        extra={
          action === 'role' ? (
            <div className="field">
              <label className="field__label" htmlFor={roleId}>
                {t('moderation.dialog.newRole')}
              </label>
              <select id={roleId} value={newRole} onChange={(e) => setNewRole(e.target.value as StaffRole)} data-testid="member-new-role">
                {staffRoles.map((r) => (
                  <option key={r} value={r}>
                    {t(`moderation.roles.${r}`)}
                  </option>
                ))}
              </select>
            </div>
          ) : null
        }
        onClose={() => setAction(null)}
        onSubmit={({ reason, days }) => {
          if (!action) return;
          const input: MemberAction =
            action === 'suspend' ? { kind: 'suspend', days, reason } : action === 'role' ? { kind: 'role', role: newRole, reason } : { kind: action, reason };
          act.mutate(input, {
            onSuccess: () => {
              toast.show(t(`moderation.done.${action}`), 'success');
              setAction(null);
            },
          });
        }}
      />
    </article>
  );
}

const auditKey = (action: string) => action.replace('.', '_') as 'role_grant';

/** Every staff action, newest first, filtered by who, what and on what (operators). */
export function ConsoleAuditPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const role = useStaffRole();
  const [search, setSearch] = useSearchParams();
  const filters: AuditFilters = {
    actor: search.get('actor') ?? '',
    action: (auditActions as readonly string[]).includes(search.get('action') ?? '') ? (search.get('action') as AuditAction) : '',
    targetKind: search.get('targetKind') ?? '',
  };
  const [draft, setDraft] = useState(filters);
  const log = useAuditLog(filters, role === 'operator');
  const entries = log.data?.pages.flatMap((p) => p.items) ?? [];
  const actionId = useId();
  const kindId = useId();
  if (role !== 'operator') return <NotAllowed body={t('moderation.operatorsOnly')} />;
  const apply = (e: FormEvent) => {
    e.preventDefault();
    const next = new URLSearchParams();
    if (draft.actor.trim()) next.set('actor', draft.actor.trim().replace(/^@/, ''));
    if (draft.action) next.set('action', draft.action);
    if (draft.targetKind) next.set('targetKind', draft.targetKind);
    setSearch(next);
  };
  return (
    <section aria-labelledby="console-audit-title">
      <h2 id="console-audit-title" className="console__title">
        {t('moderation.audit.title')}
      </h2>
      <form className="card card--padded console-filters" onSubmit={apply} aria-label={t('moderation.audit.filters')} data-testid="audit-filters">
        <Field label={t('moderation.audit.actor')}>
          <input type="text" autoCapitalize="none" autoComplete="off" value={draft.actor} onChange={(e) => setDraft({ ...draft, actor: e.target.value })} />
        </Field>
        <div className="field">
          <label className="field__label" htmlFor={actionId}>
            {t('moderation.audit.action')}
          </label>
          <select id={actionId} value={draft.action} onChange={(e) => setDraft({ ...draft, action: e.target.value as AuditAction | '' })}>
            <option value="">{t('moderation.audit.any')}</option>
            {auditActions.map((a) => (
              <option key={a} value={a}>
                {t(`moderation.audit.actions.${auditKey(a)}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label className="field__label" htmlFor={kindId}>
            {t('moderation.audit.targetKind')}
          </label>
          <select id={kindId} value={draft.targetKind} onChange={(e) => setDraft({ ...draft, targetKind: e.target.value })}>
            <option value="">{t('moderation.audit.any')}</option>
            {(['member', 'post', 'comment', 'activity', 'group', 'room_message', 'photo', 'companion_request', 'conversation', 'user'] as const).map((k) => (
              <option key={k} value={k}>
                {t(`moderation.kinds.${k}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="console-filters__actions">
          <button type="submit" className="btn btn--primary btn--sm">
            {t('moderation.audit.apply')}
          </button>
          <button
            type="button"
            className="btn btn--ghost btn--sm"
            onClick={() => {
              setDraft({ actor: '', action: '', targetKind: '' });
              setSearch(new URLSearchParams());
            }}
          >
            {t('moderation.audit.clear')}
          </button>
        </div>
      </form>
      {log.isPending ? (
        <CardSkeletons count={2} />
      ) : log.isError ? (
        <ErrorView error={log.error} onRetry={() => void log.refetch()} />
      ) : entries.length === 0 ? (
        <EmptyState icon="list" title={t('moderation.audit.empty')} body={t('moderation.audit.emptyBody')} />
      ) : (
        <>
          <ol className="card audit-list" data-testid="audit-list">
            {entries.map((e) => (
              <li key={e.id} className="audit-entry" data-testid="audit-entry" data-action={e.action}>
                <div className="audit-entry__head">
                  <span className="badge">{t(`moderation.audit.actions.${auditKey(e.action)}`)}</span>
                  <span className="audit-entry__target">
                    {e.target.kind === 'member' ? <Link to={`/console/members/${encodeURIComponent(e.target.label)}`}>@{e.target.label}</Link> : e.target.label}
                  </span>
                </div>
                <p className="audit-entry__reason">{e.reason}</p>
                <p className="small muted">
                  {e.actor ? `@${e.actor.username}` : t('moderation.audit.commandLine')} · <time dateTime={e.createdAt}>{f.dateTime(e.createdAt)}</time>
                  {typeof e.detail.action === 'string' ? ` · ${t(`moderation.actions.${e.detail.action as 'dismiss'}`)}` : ''}
                  {typeof e.detail.to === 'string' ? ` · ${t(`moderation.roles.${e.detail.to as 'member'}`)}` : ''}
                </p>
              </li>
            ))}
          </ol>
          <LoadMore hasMore={log.hasNextPage} loading={log.isFetchingNextPage} onLoad={() => void log.fetchNextPage()} />
        </>
      )}
    </section>
  );
}
