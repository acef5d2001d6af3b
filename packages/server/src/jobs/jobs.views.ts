import type { BackgroundJob, JobState } from '@kindred/contract';

interface JobRow {
  id: number;
  kind: string;
  dedupe_key: string;
  payload: Record<string, unknown>;
  run_at: Date;
  attempts: number;
  locked_until: Date | null;
  done_at: Date | null;
  dead_at: Date | null;
  last_error: string | null;
}

function stateOf(row: JobRow, now: Date): JobState {
  if (row.done_at) return 'done';
  if (row.dead_at) return 'dead';
  if (row.locked_until && row.locked_until > now) return 'running';
  return 'pending';
}

/** A job as operators see it. */
export function presentJob(row: JobRow, now = new Date()): BackgroundJob {
  return {
    id: row.id,
    kind: row.kind,
    key: row.dedupe_key,
    state: stateOf(row, now),
    attempts: row.attempts,
    runAt: row.run_at.toISOString(),
    deadAt: row.dead_at?.toISOString() ?? null,
    lastError: row.last_error,
    payload: row.payload,
  };
}
