import type { AppContext } from '../context.js';
import * as activities from '../features/activities/activities.service.js';
import { expireUnpaid, lastCall } from '../features/activities/registrations.service.js';
import { refreshRanking, trainAndReschedule } from '../features/recommendations/recommendations.service.js';
import { fillMissingMapCells } from '../lib/map-cells.js';
import { sweepUnusedMedia } from '../features/media/media.service.js';
import { seedDemoPhotos } from '../demo/photos.js';
import { notifyUnreadMessages, pruneNotifications } from '../features/notifications/notifications.service.js';
import { settleClaim } from '../features/groups/stewardship.js';
import * as series from '../features/activities/series.js';
import { refreshSitemaps } from '../seo/sitemaps.js';
import { rollupHealth } from '../features/moderation/health.js';
import { fanOutPost, trimFeeds } from '../features/feed/feed.service.js';
import type { JobHandler } from './runner.js';

/** The long bulk kinds, which run in a lane of their own (runner.ts) so members' jobs never wait behind them. */
export const bulkJobKinds = ['search.activities', 'recs.train', 'activity.popularity', 'map.cells', 'media.sweep', 'demo.photos', 'notifications.prune', 'health.rollup', 'seo.sitemaps', 'feed.trim'] as const;

/** Every kind of background job and what runs it. */
export function jobHandlers(ctx: AppContext): Record<string, JobHandler> {
  return {
    'activity.remind': (p) => activities.remindParticipants(ctx, Number(p.activityId), Number(p.hours)),
    'activity.complete': (p) => activities.completeActivity(ctx, Number(p.activityId)),
    'registration.expire': (p) => expireUnpaid(ctx, Number(p.registrationId)),
    'registration.last-call': (p) => lastCall(ctx, Number(p.activityId)),
    'wallet.webhook': (p) => ctx.payments.deliver(p),
    'recs.train': () => trainAndReschedule(ctx),
    'recs.rank': (p) => refreshRanking(ctx, Number(p.userId)),
    'activity.popularity': () => activities.refreshPopularity(ctx),
    'map.cells': () => fillMissingMapCells(ctx.db),
    'search.activities': () => activities.indexActivitiesForSearch(ctx),
    'media.sweep': () => sweepUnusedMedia(ctx),
    'demo.photos': () => seedDemoPhotos(ctx),
    'chat.away': (p) => notifyUnreadMessages(ctx, Number(p.conversationId), Number(p.userId)),
    'notifications.prune': () => pruneNotifications(ctx),
    'health.rollup': () => rollupHealth(ctx),
    'group.claim': (p) => settleClaim(ctx, Number(p.groupId)),
    'series.materialize': (p) => series.materializeDaily(ctx, Number(p.seriesId)),
    'series.ask': (p) => series.askStillOn(ctx, Number(p.activityId)),
    'series.check': (p) => series.checkStillOn(ctx, Number(p.activityId)),
    'seo.sitemaps': () => refreshSitemaps(ctx),
    // Jobs queued before the payload named the group carry the post alone, and
    // before followers were fanned out, no audience: the group's members then.
    'feed.fanout': (p) => fanOutPost(ctx, p.groupId === undefined ? null : Number(p.groupId), Number(p.postId), { members: p.members !== false, followers: p.followers === true }),
    'feed.trim': () => trimFeeds(ctx),
    'payment.refund': (p) => ctx.payments.refund(String(p.chargeId), Number(p.amount), String(p.idempotencyKey)),
  };
}
