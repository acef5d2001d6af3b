import type {
  AuditAction,
  AuditEntry,
  MemberListing,
  MemberStanding,
  ModerationAction,
  ModerationItem,
  PageOf,
  ReportTarget,
  RemovedContent,
  ReportTargetKind,
  ResolveReportsBody,
  StaffRole,
} from '@kindred/contract';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient, type InfiniteData } from '@tanstack/react-query';
import { useTranslation } from '../lib/translation';
import { useToast } from '../components/toast';
import { get, post, put } from '../lib/api';
import { useMe } from './session';

export type { AuditAction, AuditEntry, MemberListing, MemberStanding, ModerationAction, ModerationItem, RemovedContent, ReportTarget, ReportTargetKind, StaffRole };

export const moderationKeys = {
  all: ['moderation'] as const,
  queue: ['moderation', 'queue'] as const,
  groupQueue: (groupId: number) => ['moderation', 'group', groupId] as const,
  removed: (groupId: number) => ['moderation', 'removed', groupId] as const,
  member: (username: string) => ['moderation', 'member', username.toLowerCase()] as const,
  members: (q: string) => ['moderation', 'members', q] as const,
  audit: (filters: AuditFilters) => ['moderation', 'audit', filters] as const,
};

/** Kinds whose content staff (or a group's admins) may take down; the others are acted on through their member. */
export const removableKinds: readonly ReportTargetKind[] = ['post', 'comment', 'activity', 'room_message', 'photo', 'companion_request'];

export const auditActions: readonly AuditAction[] = ['role.grant', 'member.warn', 'member.suspend', 'member.ban', 'member.lift', 'report.resolve', 'content.restore'];
export const staffRoles: readonly StaffRole[] = ['member', 'moderator', 'operator'];

/** The signed-in member's staff role: 'moderator' or 'operator', else null (undefined while the session loads). */
export function useStaffRole(): 'moderator' | 'operator' | null | undefined {
  const me = useMe();
  if (me === undefined) return undefined;
  return me && (me.role === 'moderator' || me.role === 'operator') ? me.role : null;
}

type Queue = InfiniteData<PageOf<ModerationItem>, string | null>;

/** The moderation queue (staff), or one group's (its admins). */
export function useReportQueue(groupId: number | null, enabled = true) {
  return useInfiniteQuery({
    queryKey: groupId === null ? moderationKeys.queue : moderationKeys.groupQueue(groupId),
    queryFn: ({ pageParam, signal }) =>
      get<PageOf<ModerationItem>>(groupId === null ? '/operator/reports' : `/groups/${groupId}/reports`, { cursor: pageParam, limit: 20 }, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    enabled,
  });
}

/** Acts on every open report of a target; the item leaves the list at once, with a toast (a removal's offers Undo). */
export function useResolveReports(groupId: number | null) {
  const qc = useQueryClient();
  const toast = useToast();
  const { t } = useTranslation();
  const restore = useRestoreContent();
  const key = groupId === null ? moderationKeys.queue : moderationKeys.groupQueue(groupId);
  return useMutation({
    mutationFn: (body: ResolveReportsBody) => post<{ resolved: number }>(groupId === null ? '/operator/reports/resolve' : `/groups/${groupId}/reports/resolve`, body),
    onSuccess: (_r, body) => {
      const { kind, id } = body.target;
      // A removed post or comment can be brought back (for 30 days): the toast offers it at once.
      const undo =
        body.action === 'remove' && (kind === 'post' || kind === 'comment')
          ? {
              label: t('moderation.undo'),
              onSelect: () => restore.mutate({ kind, id }),
            }
          : undefined;
      toast.show(body.action === 'remove' && kind === 'group' ? t('moderation.done.removeGroup') : t(`moderation.done.${body.action}`), 'success', { action: undo });
      qc.setQueryData<Queue>(key, (data) =>
        data
          ? { ...data, pages: data.pages.map((p) => ({ ...p, items: p.items.filter((i) => !(i.target.kind === body.target.kind && i.target.id === body.target.id)) })) }
          : data,
      );
      // The content, the member and the audit log may all have changed.
      void qc.invalidateQueries({ predicate: (q) => q.queryKey[0] !== 'session' && !(q.queryKey[0] === 'moderation' && q.queryKey[1] === key[1]) });
    },
    meta: { silent: true },
  });
}

/** What the console's member search sends for what was typed: trimmed, without a leading @. */
export function memberQuery(typed: string): string {
  return typed.trim().replace(/^@/, '').trim().slice(0, 40);
}

/**
 * The console's member search: members whose username or display name starts
 * with `q`; with none, those suspended or banned now first, then the newest.
 * The previous results stay while the next ones load.
 */
export function useMemberSearch(q: string) {
  return useInfiniteQuery({
    queryKey: moderationKeys.members(q),
    queryFn: ({ pageParam, signal }) => get<PageOf<MemberListing>>('/operator/members', { q, cursor: pageParam, limit: 20 }, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: (previous) => previous,
  });
}

export function useMemberStanding(username: string) {
  return useQuery({
    queryKey: moderationKeys.member(username),
    queryFn: ({ signal }) => get<MemberStanding>(`/operator/members/${encodeURIComponent(username)}`, undefined, signal),
    enabled: username.length > 0,
    retry: false,
  });
}

export type MemberAction =
  | { kind: 'warn'; reason: string }
  | { kind: 'suspend'; days: number; reason: string }
  | { kind: 'ban'; reason: string }
  | { kind: 'lift'; reason: string }
  | { kind: 'role'; role: StaffRole; reason: string };

/** The console's actions on one member; the standing is replaced with the answer. */
export function useMemberAction(username: string) {
  const qc = useQueryClient();
  const base = `/operator/members/${encodeURIComponent(username)}`;
  return useMutation({
    mutationFn: async (action: MemberAction): Promise<MemberStanding | null> => {
      switch (action.kind) {
        case 'warn':
          await post<void>(`${base}/warnings`, { reason: action.reason });
          return null;
        case 'suspend':
          return post<MemberStanding>(`${base}/suspension`, { days: action.days, reason: action.reason });
        case 'ban':
          return post<MemberStanding>(`${base}/suspension`, { ban: true, reason: action.reason });
        case 'lift':
          return post<MemberStanding>(`${base}/suspension/lift`, { reason: action.reason });
        case 'role':
          return put<MemberStanding>(`${base}/role`, { role: action.role, reason: action.reason });
      }
    },
    onSuccess: (standing) => {
      // The answer has no record: keep the one shown until the lookup brings the new one.
      if (standing) qc.setQueryData<MemberStanding>(moderationKeys.member(username), (old) => ({ ...standing, history: old?.history }));
      void qc.invalidateQueries({ queryKey: moderationKeys.member(username) });
      void qc.invalidateQueries({ queryKey: ['moderation', 'members'] });
      void qc.invalidateQueries({ queryKey: ['moderation', 'audit'] });
    },
    meta: { silent: true },
  });
}

export interface AuditFilters {
  actor: string;
  action: AuditAction | '';
  targetKind: string;
  /** One target's entries (with targetKind): a member's, from their page. */
  targetId: string;
}

export function useAuditLog(filters: AuditFilters, enabled = true) {
  return useInfiniteQuery({
    queryKey: moderationKeys.audit(filters),
    queryFn: ({ pageParam, signal }) => get<PageOf<AuditEntry>>('/operator/audit', { ...filters, cursor: pageParam, limit: 30 }, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    enabled,
  });
}

/** Brings back a post or comment a moderator removed (within 30 days), with a toast; everything that lists it reads again. */
export function useRestoreContent() {
  const qc = useQueryClient();
  const toast = useToast();
  const { t } = useTranslation();
  return useMutation({
    mutationFn: ({ kind, id }: { kind: 'post' | 'comment'; id: number }) => post<void>(`/${kind}s/${id}/restore`),
    onSuccess: () => {
      toast.show(t('moderation.done.restored'), 'success');
      void qc.invalidateQueries({ predicate: (q) => q.queryKey[0] !== 'session' });
    },
    onError: () => toast.show(t('moderation.done.restoreFailed'), 'error'),
    meta: { silent: true },
  });
}

/** What a group's moderators removed in the last 30 days and may still restore (its admins and staff). */
export function useRemovedContent(groupId: number) {
  return useInfiniteQuery({
    queryKey: moderationKeys.removed(groupId),
    queryFn: ({ pageParam, signal }) => get<PageOf<RemovedContent>>(`/groups/${groupId}/removed`, { cursor: pageParam, limit: 20 }, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
}
