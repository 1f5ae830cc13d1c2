import type Database from 'better-sqlite3';
import type { PlannedReminder, PlannedReminderKind, ReminderReadFacts, ReminderSubjectRef } from '#domain';
import type { Fold } from '#event-store';
import { reminderJobId, type PlannedJob } from '../reminder-jobs.js';

export type { PlannedJob } from '../reminder-jobs.js';
import type { ReminderSettings } from '../reminder-settings.js';
import type { QueueOps } from '../scheduler/queue.sink.js';
import type { ScheduleStatements } from '../scheduler/schedule.schema.js';

/** What every reminder job carries besides its subject's ids: the planned reminder, to one recipient. */
export interface ReminderJobFields {
  kind: PlannedReminderKind;
  /** ISO time the reminder is planned for (lateness is measured against it). */
  at: string;
  recipient: string;
}

/** What every subject's fold works with. */
export interface FoldContext {
  readonly sql: ScheduleStatements;
  /** The schedule database, for a subject that keeps tables of its own ({@link ReminderSubject.migrate}). */
  readonly db: Database.Database;
  readonly settings: ReminderSettings;
  /** Of `jobs`, those that should exist now: not delivered yet, and not stale (the domain's `dropStale`). */
  wanted(jobs: PlannedJob[]): PlannedJob[];
  /** The scheduler's "now" (epoch ms), for a subject whose jobs follow the calendar (a reporting cycle's periods). */
  now(): number;
}

/**
 * The scheduler's fold of one reminder subject: the events of its aggregate (typed with the
 * domain's own event union) into the schedule tables and queue work, and the jobs its open
 * subjects call for (what the sweep re-adds).
 */
export interface SubjectFold<E> {
  /** `revision` is the event's place in its stream, for folds that keep it to skip a replayed batch. */
  apply(event: E, ops: QueueOps, revision: number): void;
  openJobs(): PlannedJob[];
}

/** What delivery needs to say about a reminder that still applies. */
export interface Deliverable<P extends string = string> {
  /** The subject's name and ids, as recorded on the reminder's stream. */
  ref: ReminderSubjectRef;
  /** The deadline it chases (and its version), as it stands now. */
  deadline: string;
  deadlineVersion: number;
  /** Which of the subject's notification kinds (`item`, `milestone`...): the catalogue key is `<prefix>_<kind>`. */
  prefix: P;
  /**
   * The unit whose work the reminder chases (routes `unit:<code>` send it to that unit's group chat, or to its nearest routed ancestor's).
   */
  unit?: string;
  /**
   * What the reminder is about, as reading it is decided: a group robot names it only where everyone in the chat may read it
   * (`robotMayName`).
   */
  about: ReminderReadFacts;
  /** What the texts say: what, whose, when due (a date-only due as its day). */
  facts: { title: string; owner: string; due: string; dueDate?: string | null };
  /** References shown in the inbox entry. */
  refs: Record<string, string | number | null>;
  /** References sent to the webhook; the inbox's when left out. */
  webhookRefs?: Record<string, string | number | null>;
  /** How many evidence files (佐证材料) the reminded record carries, for the group robots' text; left out where records carry none. */
  evidence?: number;
}

/** How a subject reads the current state of its aggregate at delivery: the stream, folded with the domain's own fold. */
export interface SubjectReader {
  load<E extends { type: string; data: unknown }, S>(stream: string, fold: Fold<E, S>): Promise<S>;
}

/**
 * One reminder subject, stated once: its job, its plan and fold (the scheduler), how it reads
 * its aggregate's current state and what it then says (delivery), whom it reaches (the plan's
 * recipients, one job each) and its texts' keys (the catalogue). Registered in one list,
 * `REMINDER_SUBJECTS` (reminder-subjects.ts); the scheduler, the processor and delivery know
 * no subject by name. `J` is its job, `P` its notification prefixes, `E` the events its fold takes.
 */
export interface ReminderSubject<
  J extends { type: string } & ReminderJobFields = { type: string } & ReminderJobFields,
  P extends string = string,
  E = never,
> {
  /** The `type` of its jobs (`item-reminder`), the BullMQ job name. */
  readonly jobType: J['type'];
  /** Its notification kinds' prefixes: the catalogue has `notifications.<prefix>_<before|due|overdue>` for each. */
  readonly prefixes: readonly P[];
  /** The stream categories whose events its fold takes (`meeting`; `task` and `group`). */
  readonly categories: readonly string[];
  /** Creates the tables the subject keeps beside the shared schedule tables, if any. */
  migrate?(db: Database.Database): void;
  /** The scheduler's fold of its events. */
  fold(ctx: FoldContext): SubjectFold<E>;
  /** Reads the subject as it stands now: what to deliver, or null when the reminder no longer applies. */
  deliverable(job: J, read: SubjectReader): Promise<Deliverable<P> | null>;
}

/** Any registered subject, as the scheduler and delivery hold them. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyReminderSubject = ReminderSubject<any, string, any>;

/**
 * One job per planned reminder and recipient, each carrying the subject's fields: who a subject
 * reaches is its plan's recipients.
 */
export function jobsPerRecipient<J extends { type: string } & ReminderJobFields>(
  plan: readonly PlannedReminder[],
  subject: Omit<J, keyof ReminderJobFields>,
): PlannedJob<J>[] {
  return plan.flatMap((r) =>
    r.recipients.map((recipient) => ({
      id: reminderJobId(r, recipient),
      atMs: Date.parse(r.at),
      data: { ...subject, kind: r.kind, at: r.at, recipient } as J,
    })),
  );
}
