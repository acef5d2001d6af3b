import { Type, type Static } from '@sinclair/typebox';
import { Cursor, Limit, Nullable, Timestamp } from './common.js';

/**
 * Who runs the community: `moderator`s act on reports, content and members
 * (warn, suspend for a period); `operator`s also ban, grant roles, read the
 * audit log and keep the console's lists.
 */
export const StaffRole = Type.Union([Type.Literal('member'), Type.Literal('moderator'), Type.Literal('operator')]);
export type StaffRole = Static<typeof StaffRole>;

const Reason = Type.String({ minLength: 1, maxLength: 500, description: 'Why, in a few words: kept in the audit log (and, for a suspension, shown to the member).' });

export const RoleBody = Type.Object({ role: StaffRole, reason: Reason });
export type RoleBody = Static<typeof RoleBody>;

export const SuspendBody = Type.Object({
  days: Type.Optional(Type.Integer({ minimum: 1, maximum: 3650, description: 'Suspended for this many days; leave out with `ban`.' })),
  ban: Type.Optional(Type.Boolean({ description: 'Banned until lifted (operators only).' })),
  reason: Reason,
});
export type SuspendBody = Static<typeof SuspendBody>;

export const ReasonBody = Type.Object({ reason: Reason });
export type ReasonBody = Static<typeof ReasonBody>;

export const MemberStanding = Type.Object({
  username: Type.String(),
  role: StaffRole,
  /** Suspended or banned now: until when (null for a ban), and why. */
  suspension: Nullable(Type.Object({ until: Nullable(Timestamp), reason: Type.String() })),
});
export type MemberStanding = Static<typeof MemberStanding>;

export const AuditAction = Type.Union([
  Type.Literal('role.grant'),
  Type.Literal('member.warn'),
  Type.Literal('member.suspend'),
  Type.Literal('member.ban'),
  Type.Literal('member.lift'),
]);
export type AuditAction = Static<typeof AuditAction>;

/** One staff action, as the append-only audit log keeps it. */
export const AuditEntry = Type.Object({
  id: Type.Integer(),
  /** Who acted; null for the server's command line. */
  actor: Nullable(Type.Object({ id: Type.Integer(), username: Type.String() })),
  action: AuditAction,
  target: Type.Object({ kind: Type.String(), id: Nullable(Type.Integer()), label: Type.String() }),
  reason: Type.String(),
  detail: Type.Record(Type.String(), Type.Unknown()),
  createdAt: Timestamp,
});
export type AuditEntry = Static<typeof AuditEntry>;

export const AuditQuery = Type.Object({
  actor: Type.Optional(Type.String({ minLength: 3, maxLength: 20, pattern: '^[a-zA-Z0-9_]+$', description: 'Only this staff member’s actions.' })),
  action: Type.Optional(AuditAction),
  targetKind: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
  targetId: Type.Optional(Type.Integer({ minimum: 1 })),
  cursor: Type.Optional(Cursor),
  limit: Type.Optional(Limit),
});
export type AuditQuery = Static<typeof AuditQuery>;
