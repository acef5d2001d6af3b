import type { Activity, ActivitySummary } from '@kindred/contract';
import { activityAccessFromRow, allows } from '../../auth/access.js';
import type { Viewer } from '../../auth/viewer.js';
import { wallClock } from '../../lib/wall-clock.js';
import { avatarUrl, presentUserSummary } from '../accounts/accounts.views.js';
import type { MediaJson } from '../media/media.repository.js';
import { presentMedia, presentOptionalMedia } from '../media/media.views.js';
import type { ActivityInContext, ActivityRow, FriendGoing } from './activities.repository.js';
import { presentRegistration } from './registrations.service.js';

/**
 * Activity rows loaded in a viewer's context (activities.repository's
 * inViewerContext) as a list shows them, keeping order and dropping what the
 * viewer may not see.
 */
export function presentActivitySummaries(viewer: Viewer, rows: ActivityInContext[]): ActivitySummary[] {
  return rows.flatMap((row) => {
    const access = activityAccessFromRow(viewer, row);
    return access.canView ? [presentSummary(viewer, row, access.canManage)] : [];
  });
}

/** An activity read in full in the viewer's context, as its page shows it; null when the viewer may not see it. */
export function presentActivity(viewer: Viewer, row: ActivityInContext & ActivityRow & { album: MediaJson[] }): Activity | null {
  const access = activityAccessFromRow(viewer, row);
  if (!access.canView) return null;
  return {
    ...presentSummary(viewer, row, access.canManage),
    album: row.album.map(presentMedia),
    description: row.description,
    descriptionHtml: row.description_html,
    details: { difficulty: row.difficulty, distanceKm: row.distance_km, durationMinutes: row.duration_minutes, gear: row.gear, included: row.included },
    questions: row.questions,
    refundPolicy: {
      fullRefundHoursBefore: row.full_refund_hours,
      partialRefundHoursBefore: row.partial_refund_hours,
      partialRefundPercent: row.partial_refund_percent,
    },
  };
}

function presentSummary(viewer: Viewer, row: ActivityInContext, canManage: boolean): ActivitySummary {
  const start = wallClock(row.starts_at, row.time_zone);
  return {
    id: row.id,
    group: row.group_id !== null && row.group_name !== null && row.group_visibility !== null ? { id: row.group_id, name: row.group_name, visibility: row.group_visibility } : null,
    organizer: { id: row.organizer_id, username: row.organizer_username, displayName: row.organizer_display_name, avatarUrl: avatarUrl(row.organizer_avatar_media_id) },
    title: row.title,
    tags: row.tags,
    startsAt: row.starts_at.toISOString(),
    endsAt: row.ends_at.toISOString(),
    timeZone: row.time_zone,
    startsAtLocal: start.local,
    endsAtLocal: wallClock(row.ends_at, row.time_zone).local,
    utcOffset: start.offset,
    place: { name: row.place_name, address: row.address, lat: row.lat, lng: row.lng, meetingPoint: row.meeting_point },
    fee: { amount: row.fee_amount, currency: row.currency },
    capacity: row.capacity,
    maxGuests: row.max_guests,
    cancelCutoffHours: row.cancel_cutoff_hours,
    minShowUpRate: row.min_show_up_rate,
    lowShowUp: row.low_show_up,
    registrationDeadline: row.registration_deadline?.toISOString() ?? null,
    requiresApproval: row.requires_approval,
    status: row.status,
    confirmedCount: row.seats_taken,
    waitlistCount: row.waitlist_count,
    seatsLeft: Math.max(0, row.capacity - row.seats_taken),
    cover: presentOptionalMedia(row.cover),
    seriesId: row.series_id,
    unconfirmed: row.unconfirmed,
    distanceKm: row.distance_km_from === undefined ? null : Math.round(row.distance_km_from * 10) / 10,
    popularity: Math.round((row.popularity ?? 0) * 1000) / 1000,
    createdAt: row.created_at.toISOString(),
    friendsGoing: presentFriendsGoing(row.friends_going),
    viewer: {
      registration: row.registration ? presentRegistration(row.registration) : null,
      canManage,
      canAddPhotos: allows(viewer, 'activity.album', { ...row, started: row.starts_at.getTime() <= Date.now(), viewer_participated: row.registration?.status === 'confirmed' }),
    },
  };
}

const FRIENDS_SHOWN = 3;

/** How many friends hold a seat, and the first few of them. */
export function presentFriendsGoing(friends: FriendGoing[]): ActivitySummary['friendsGoing'] {
  return { count: friends.length, sample: friends.slice(0, FRIENDS_SHOWN).map(presentUserSummary) };
}
