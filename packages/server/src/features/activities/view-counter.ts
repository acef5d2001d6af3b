import { sql } from 'kysely';
import type { Db } from '../../db/database.js';

/**
 * Activity page views, counted in memory and added to the activities (and to
 * the day's views, for the health dashboard) in one statement every few
 * seconds (and at shutdown), so that reading a page is not a write on the
 * activity's row. A crash loses at most one interval of views; popularity is
 * a ranking signal, not a ledger.
 */
export class ViewCounter {
  private pending = new Map<number, number>();
  private readonly timer: NodeJS.Timeout;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Db,
    intervalMs: number,
    private readonly warn: (error: unknown) => void,
  ) {
    this.timer = setInterval(() => void this.flush(), intervalMs);
    this.timer.unref();
  }

  count(activityId: number) {
    this.pending.set(activityId, (this.pending.get(activityId) ?? 0) + 1);
  }

  /** Writes the views counted so far. */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(async () => {
      if (this.pending.size === 0) return;
      const batch = this.pending;
      this.pending = new Map();
      const rows = [...batch].map(([id, n]) => sql`(${id}::bigint, ${n}::int)`);
      try {
        await sql`
          with counted as (
            update activities set view_count = view_count + v.n from (values ${sql.join(rows)}) as v(id, n)
            where activities.id = v.id
            returning activities.id, v.n
          )
          insert into activity_view_days (day, activity_id, views)
          select (now() at time zone 'UTC')::date, id, n from counted
          on conflict (day, activity_id) do update set views = activity_view_days.views + excluded.views`.execute(this.db);
      } catch (error) {
        this.warn(error);
      }
    });
    return this.flushing;
  }

  async close() {
    clearInterval(this.timer);
    await this.flush();
  }
}
