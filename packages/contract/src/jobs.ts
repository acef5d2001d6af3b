import { Type, type Static } from '@sinclair/typebox';
import { Cursor, Limit, Nullable, Timestamp } from './common.js';

/**
 * A background job's state: `pending` (due at `runAt`), `running` (claimed by
 * a server), `done`, or `dead` (failed on every attempt; runs again only when
 * an operator retries it).
 */
export const JobState = Type.Union([Type.Literal('pending'), Type.Literal('running'), Type.Literal('done'), Type.Literal('dead')]);
export type JobState = Static<typeof JobState>;

export const BackgroundJob = Type.Object({
  id: Type.Integer(),
  kind: Type.String({ description: 'What the job does, e.g. `activity.remind`.' }),
  key: Type.String({ description: 'With the kind, names the job: one job per kind and key.' }),
  state: JobState,
  attempts: Type.Integer({ minimum: 0, description: 'Attempts made since it was scheduled or last retried.' }),
  runAt: Timestamp,
  deadAt: Nullable(Timestamp),
  lastError: Nullable(Type.String()),
  payload: Type.Record(Type.String(), Type.Unknown()),
});
export type BackgroundJob = Static<typeof BackgroundJob>;

export const JobListQuery = Type.Object({
  state: Type.Literal('dead', { description: 'Which jobs to list; dead jobs are the ones that need an operator.' }),
  cursor: Type.Optional(Cursor),
  limit: Type.Optional(Limit),
});
export type JobListQuery = Static<typeof JobListQuery>;
