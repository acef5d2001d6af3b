import type { AuditAction, StaffRole } from '@kindred/contract';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from '../lib/translation';
import { Link, NavLink, Outlet, useLocation, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { CardSkeletons, EmptyState, ErrorView, LoadMore, PageSpinner } from '../components/feedback';
import { Avatar } from '../components/avatar';
import { Field } from '../components/form-field';
import { Icon } from '../components/icons';
import { ModerationDialog } from '../components/moderation-dialog';
import { ReportQueue } from '../components/report-queue';
import { useToast } from '../components/toast';
import {
  auditActions,
  memberQuery,
  staffRoles,
  useAuditLog,
  useMemberAction,
  useMemberSearch,
  useMemberStanding,
  useStaffRole,
  type AuditFilters,
  type MemberAction,
  type MemberStanding,
} from '../data/moderation';
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

/**
 * Members: a search by the start of a username or display name (with nothing
 * typed, those suspended or banned now first, then the newest), and a
 * member's page: their standing, their record and what staff may do.
 */
export function ConsoleMembersPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const username = useParams().username ?? '';
  const [search, setSearch] = useSearchParams();
  const q = memberQuery(search.get('q') ?? '');
  const backTo = (useLocation().state as { q?: string } | null)?.q ?? '';
  const [draft, setDraft] = useState(q);
  const inputId = useId();
  // The results follow the typing, a moment after the last key (and the address keeps the query, for going back);
  // a query that changes otherwise (the Members tab, going back) replaces what was typed.
  const typed = useRef(q);
  useEffect(() => {
    if (q === typed.current) return;
    typed.current = q;
    setDraft(q);
  }, [q]);
  useEffect(() => {
    if (username) return;
    const next = memberQuery(draft);
    if (next === q) return;
    const timer = window.setTimeout(() => {
      typed.current = next;
      setSearch(next ? { q: next } : {}, { replace: true });
    }, 300);
    return () => window.clearTimeout(timer);
  }, [draft, q, username, setSearch]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const next = memberQuery(draft);
    typed.current = next;
    if (next !== q) navigate(next ? `/console/members?q=${encodeURIComponent(next)}` : '/console/members', { replace: true });
  };
  return (
    <section aria-labelledby="console-members-title">
      <h2 id="console-members-title" className="console__title">
        {username ? t('moderation.member.page') : t('moderation.member.title')}
      </h2>
      {username ? (
        <>
          <p className="small console-back">
            <Link to={backTo ? `/console/members?q=${encodeURIComponent(backTo)}` : '/console/members'} data-testid="member-back">
              <Icon name="back" size={16} />
              {t('moderation.member.backToResults')}
            </Link>
          </p>
          <MemberStandingCard key={username} username={username} />
        </>
      ) : (
        <>
          <form role="search" className="search-box console-search" onSubmit={submit} data-testid="member-search">
            <label htmlFor={inputId} className="visually-hidden">
              {t('moderation.member.search')}
            </label>
            <Icon name="search" size={20} />
            <input
              id={inputId}
              type="search"
              value={draft}
              maxLength={41}
              autoCapitalize="none"
              autoComplete="off"
              spellCheck={false}
              enterKeyHint="search"
              placeholder={t('moderation.member.placeholder')}
              onChange={(e) => setDraft(e.target.value)}
              data-testid="member-search-input"
            />
            <button type="submit" className="btn btn--primary">
              {t('moderation.member.find')}
            </button>
          </form>
          <MemberResults q={q} />
        </>
      )}
    </section>
  );
}

function MemberResults({ q }: { q: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const results = useMemberSearch(q);
  const items = results.data?.pages.flatMap((p) => p.items) ?? [];
  // While the next query loads, the previous results stay, dimmed.
  const stale = results.isPlaceholderData;
  return (
    <section aria-labelledby="member-results-title" aria-busy={results.isFetching} className="member-results">
      <h3 id="member-results-title" className="member-results__title">
        {q ? t('moderation.member.resultsFor', { q }) : t('moderation.member.review')}
      </h3>
      {results.isPending ? (
        <CardSkeletons count={3} />
      ) : results.isError ? (
        <ErrorView error={results.error} onRetry={() => void results.refetch()} />
      ) : items.length === 0 ? (
        q ? <EmptyState icon="search" title={t('moderation.member.noResults', { q })} body={t('moderation.member.noResultsBody')} /> : <EmptyState icon="users" title={t('moderation.member.noMembers')} />
      ) : (
        <>
          <ul className={`card member-results__list${stale ? ' member-results__list--stale' : ''}`} data-testid="member-results">
            {items.map((m) => (
              <li key={m.user.id}>
                <Link
                  to={`/console/members/${encodeURIComponent(m.user.username)}`}
                  state={{ q }}
                  className="member-result"
                  data-testid="member-result"
                  data-username={m.user.username}
                >
                  <Avatar name={m.user.displayName} seed={m.user.id} src={m.user.avatarUrl} size={40} />
                  <span className="member-result__names">
                    <span className="member-result__name">{m.user.displayName}</span>
                    <span className="small muted">
                      @{m.user.username} · {t('moderation.member.joined', { date: f.date(m.createdAt) })}
                    </span>
                  </span>
                  <span className="member-result__badges">
                    {m.role !== 'member' ? <span className="badge">{t(`moderation.roles.${m.role}`)}</span> : null}
                    {m.suspension ? (
                      <span className="badge member-result__suspended" data-testid="member-result-suspended">
                        {m.suspension.until ? t('moderation.member.suspended') : t('moderation.member.bannedBadge')}
                      </span>
                    ) : null}
                  </span>
                </Link>
              </li>
            ))}
          </ul>
          <LoadMore hasMore={results.hasNextPage} loading={results.isFetchingNextPage} onLoad={() => void results.fetchNextPage()} />
        </>
      )}
    </section>
  );
}

/** What staff have done about the member and what reports about them were upheld; operators follow it into the audit log. */
function MemberRecord({ member, operator }: { member: MemberStanding; operator: boolean }) {
  const { t } = useTranslation();
  const history = member.history;
  if (!history) return null;
  const counts = [
    ['warnings', history.warnings],
    ['suspensions', history.suspensions],
    ['bans', history.bans],
    ['upheldReports', history.upheldReports],
  ] as const;
  const clean = counts.every(([, n]) => n === 0);
  return (
    <section className="console-record" aria-labelledby="console-record-title" data-testid="member-record">
      <h4 id="console-record-title" className="mod-item__subtitle">
        {t('moderation.member.record')}
      </h4>
      <dl className="console-record__counts">
        {counts.map(([key, n]) => (
          <div key={key} className={n === 0 ? 'console-record__count console-record__count--zero' : 'console-record__count'} data-testid={`member-record-${key}`}>
            <dt>{t(`moderation.member.${key}`)}</dt>
            <dd>{n}</dd>
          </div>
        ))}
      </dl>
      {clean ? <p className="small muted" data-testid="member-record-clean">{t('moderation.member.recordClean')}</p> : null}
      {operator ? (
        <p className="small">
          <Link to={`/console/audit?targetKind=member&targetId=${member.id}&label=${encodeURIComponent(member.username)}`} data-testid="member-audit-link">
            <Icon name="list" size={16} />
            {t('moderation.member.auditLink')}
          </Link>
        </p>
      ) : null}
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
      <MemberRecord member={m} operator={operator} />
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
    targetId: /^[1-9]\d{0,15}$/.test(search.get('targetId') ?? '') ? search.get('targetId')! : '',
  };
  // A member's page links here with their name, to say whose entries these are.
  const targetLabel = search.get('label') ?? '';
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
    // One target's entries stay chosen while its kind does.
    if (filters.targetId && draft.targetKind === filters.targetKind) {
      next.set('targetId', filters.targetId);
      if (targetLabel) next.set('label', targetLabel);
    }
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
              setDraft({ actor: '', action: '', targetKind: '', targetId: '' });
              setSearch(new URLSearchParams());
            }}
          >
            {t('moderation.audit.clear')}
          </button>
        </div>
      </form>
      {filters.targetId ? (
        <p className="console-target" data-testid="audit-target">
          <span className="badge">
            {filters.targetKind === 'member' && targetLabel ? t('moderation.audit.forMember', { name: targetLabel }) : t('moderation.audit.forTarget', { kind: t(`moderation.kinds.${(filters.targetKind || 'member') as 'member'}`) })}
          </span>
          <button
            type="button"
            className="btn btn--ghost btn--sm"
            onClick={() => {
              const next = new URLSearchParams(search);
              for (const key of ['targetKind', 'targetId', 'label']) next.delete(key);
              setDraft({ ...draft, targetKind: '' });
              setSearch(next);
            }}
          >
            {t('moderation.audit.showAll')}
          </button>
        </p>
      ) : null}
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
