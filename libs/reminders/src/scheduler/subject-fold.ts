import type { ReminderSettings } from '../reminder-settings.js';
import type { PlannedJob } from '../reminder-jobs.js';
import type { QueueOps } from './queue.sink.js';
import type { ScheduleStatements } from './schedule.schema.js';

/** What every subject's fold works with. */
export interface FoldContext {
  readonly sql: ScheduleStatements;
  readonly settings: ReminderSettings;
  /** Of `jobs`, those that should exist now: not delivered yet, and not stale (the domain's `dropStale`). */
  wanted(jobs: PlannedJob[]): PlannedJob[];
}

/**
 * The scheduler's fold of one reminder subject: the events of its aggregate (typed with the
 * domain's own event union) into the schedule tables and queue work, and the jobs its open
 * subjects call for (what the sweep re-adds). A new subject is one more fold.
 */
export interface SubjectFold<E> {
  /** `revision` is the event's place in its stream, for folds that keep it to skip a replayed batch. */
  apply(event: E, ops: QueueOps, revision: number): void;
  openJobs(): PlannedJob[];
}
