import type { Activity } from '@kindred/contract';
import { DateTime } from 'luxon';
import { loadActivityAccess, loadHiddenMembers } from '../../auth/access.js';
import type { Viewer } from '../../auth/viewer.js';
import type { Db } from '../../db/database.js';
import { loadUserSummaries } from '../accounts/accounts.views.js';
import * as groupsRepo from '../groups/groups.repository.js';
import * as repo from './activities.repository.js';
import type { ActivityRow } from './activities.repository.js';
import { presentRegistration } from './registrations.service.js';

type Row = ActivityRow & { distance_km_from?: number; popularity?: number };

function local(at: Date, zone: string) {
  return DateTime.fromJSDate(at, { zone });
}

/**
 * Hydrates activity rows for a viewer (organizers, groups, the viewer's own
 * registration and access) in batches, keeping order and dropping what the
 * viewer may not see.
 */
export async function presentActivities(db: Db, viewer: Viewer, rows: Row[]): Promise<Activity[]> {
  const ids = rows.map((r) => r.id);
  const [organizers, groups, access, registrations, hidden] = await Promise.all([
    loadUserSummaries(db, rows.map((r) => r.organizer_id)),
    groupsRepo.findGroups(db, [...new Set(rows.flatMap((r) => (r.group_id ? [r.group_id] : [])))]),
    loadActivityAccess(db, viewer, ids),
    viewer ? repo.registrationsOf(db, viewer.id, ids) : Promise.resolve([]),
    loadHiddenMembers(db, viewer, rows.map((r) => r.organizer_id)),
  ]);
  const positions = await repo.waitlistPositions(db, registrations.filter((r) => r.status === 'waitlisted').map((r) => r.id));
  const groupById = new Map(groups.map((g) => [g.id, g]));
  return rows
    .filter((row) => access.get(row.id)?.canView && !hidden.has(row.organizer_id))
    .map((row) => {
      const group = row.group_id ? groupById.get(row.group_id) : undefined;
      // The newest registration of the viewer is the one that matters.
      const registration = registrations.find((r) => r.activity_id === row.id);
      const start = local(row.starts_at, row.time_zone);
      return {
        id: row.id,
        group: group ? { id: group.id, name: group.name, visibility: group.visibility } : null,
        organizer: organizers.get(row.organizer_id) ?? { id: row.organizer_id, username: 'unknown', displayName: 'Unknown' },
        title: row.title,
        description: row.description,
        descriptionHtml: row.description_html,
        tags: row.tags,
        startsAt: row.starts_at.toISOString(),
        endsAt: row.ends_at.toISOString(),
        timeZone: row.time_zone,
        startsAtLocal: start.toFormat("yyyy-MM-dd'T'HH:mm"),
        endsAtLocal: local(row.ends_at, row.time_zone).toFormat("yyyy-MM-dd'T'HH:mm"),
        utcOffset: start.toFormat('ZZ'),
        place: { name: row.place_name, address: row.address, lat: row.lat, lng: row.lng, meetingPoint: row.meeting_point },
        details: { difficulty: row.difficulty, distanceKm: row.distance_km, durationMinutes: row.duration_minutes, gear: row.gear, included: row.included },
        fee: { amount: row.fee_amount, currency: row.currency },
        capacity: row.capacity,
        registrationDeadline: row.registration_deadline?.toISOString() ?? null,
        requiresApproval: row.requires_approval,
        questions: row.questions,
        refundPolicy: {
          fullRefundHoursBefore: row.full_refund_hours,
          partialRefundHoursBefore: row.partial_refund_hours,
          partialRefundPercent: row.partial_refund_percent,
        },
        status: row.status,
        confirmedCount: row.seats_taken,
        waitlistCount: row.waitlist_count,
        seatsLeft: Math.max(0, row.capacity - row.seats_taken),
        distanceKm: row.distance_km_from === undefined ? null : Math.round(row.distance_km_from * 10) / 10,
        popularity: Math.round((row.popularity ?? 0) * 1000) / 1000,
        createdAt: row.created_at.toISOString(),
        viewer: {
          registration: registration ? presentRegistration(registration, positions.get(registration.id) ?? null) : null,
          canManage: access.get(row.id)?.canManage ?? false,
        },
      };
    });
}
