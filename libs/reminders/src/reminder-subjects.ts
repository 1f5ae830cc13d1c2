import type { PlannedReminderKind } from '#domain';
import { acknowledgementSubject } from './subjects/acknowledgement.subject.js';
import { evaluationSubject } from './subjects/evaluation.subject.js';
import { extensionSubject } from './subjects/extension.subject.js';
import { findingSubject } from './subjects/finding.subject.js';
import { itemSubject } from './subjects/item.subject.js';
import { matterSubject, type MatterExpiryJob } from './subjects/matter.subject.js';
import type { AnyReminderSubject, PlannedJob, ReminderSubject } from './subjects/reminder-subject.js';
import { taskSubject } from './subjects/task.subject.js';
import { instructionSubject } from './subjects/instruction.subject.js';
import { urgingSubject } from './subjects/urging.subject.js';
import { reportSubject } from './subjects/report.subject.js';

/**
 * Every reminder subject, in one list: the scheduler folds each one's events, the processor
 * and delivery run each one's jobs, and the catalogue has texts for each one's notification
 * kinds, all from here. A new subject is one file in subjects/ (see `ReminderSubject`), one
 * line here and its catalogue entries (the catalogue's type asks for them). Order matters only
 * between subjects of one stream: their folds see its events in this order.
 */
export const REMINDER_SUBJECTS = [
  itemSubject,
  matterSubject,
  findingSubject,
  evaluationSubject,
  taskSubject,
  acknowledgementSubject,
  urgingSubject,
  instructionSubject,
  extensionSubject,
  reportSubject,
] as const;

type Registered = (typeof REMINDER_SUBJECTS)[number];
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type JobOf<S> = S extends ReminderSubject<infer J, any, any> ? J : never;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type PrefixOf<S> = S extends ReminderSubject<any, infer P, any> ? P : never;

/** A reminder job of any registered subject. */
export type ReminderSubjectJob = JobOf<Registered>;

/** The notification prefixes of the registered subjects (`item`, `milestone`...). */
export type ReminderNotificationPrefix = PrefixOf<Registered>;

/** A notification kind: what the reminder is about and where it stands (`item_overdue`); the catalogue's keys. */
export type ReminderNotificationKind = `${ReminderNotificationPrefix}_${PlannedReminderKind}`;

/** The repeating sweep that re-adds missing jobs. */
export interface SweepJob {
  type: 'sweep';
}

/** What a job of the reminder queue carries: a subject's reminder, a matter's expiry, or the sweep. */
export type ReminderJobData = ReminderSubjectJob | MatterExpiryJob | SweepJob;

/** A job the scheduler plans: any of the queue's jobs but the sweep. */
export type ScheduledJob = PlannedJob<Exclude<ReminderJobData, SweepJob>>;

/** The subject whose jobs are of `jobType` in `subjects`, or undefined. */
export function subjectOfJob(subjects: readonly AnyReminderSubject[], jobType: string): AnyReminderSubject | undefined {
  return subjects.find((s) => s.jobType === jobType);
}
