import type { JobsOptions, Queue } from 'bullmq';
import type Database from 'better-sqlite3';
import { dropStale, staleAfterMs, streamCategory, type InboxEvent, type ReminderEvent } from '#domain';
import type { EventStore, RecordedEvent } from '#event-store';
import {
  CheckpointedSubscriber,
  checkpointWriter,
  openReadModelDb,
  readCheckpoint,
  registerCheckpoint,
  type SubscriberHandler,
} from '#read-models';
import { REMINDER_SUBJECTS } from './reminder-subjects.js';
import type { ReminderSettings } from './reminder-settings.js';
import { QueueOps, QueueSink } from './scheduler/queue.sink.js';
import { migrateSchedule, scheduleStatements, type ScheduleStatements } from './scheduler/schedule.schema.js';
import type { AnyReminderSubject, FoldContext, PlannedJob, SubjectFold } from './subjects/reminder-subject.js';

/** Name of the scheduler's checkpoint row. */
export const REMINDER_SCHEDULER = 'reminder-scheduler';

/** What the scheduler needs. */
export interface ReminderSchedulerOptions {
  store: EventStore;
  /** The reminder queue (its jobs: `ReminderJobData`). */
  queue: Queue<{ type: string }>;
  /** `$DATA_DIR/read-models/reminder-scheduler.sqlite`. */
  file: string;
  settings: ReminderSettings;
  /** attempts, backoff and retention of every reminder job. */
  jobOptions: JobsOptions;
  log?: (level: 'warn' | 'error' | 'debug', message: string) => void;
  now?: () => number;
  /** The subjects to schedule: `REMINDER_SUBJECTS` (a spec adds one of its own). */
  subjects?: readonly AnyReminderSubject[];
}

/** Events folded per Redis round trip: one addBulk (and one pipelined burst of removals) per batch. */
const BATCH = 1_000;
const RETRY_MS = 1_000;

/**
 * The reminder scheduler: a subscriber whose output is BullMQ delayed jobs. Each batch is
 * folded into the schedule tables by the folds of the subjects whose stream categories it
 * belongs to (`REMINDER_SUBJECTS`), and its queue work is sent to Redis; the checkpoint moves only after Redis accepted it. A
 * crash in between replays the batch, which is harmless because job ids are deterministic and
 * removals idempotent. While a batch's jobs are on their way, the next batch is folded (the
 * shared subscriber keeps the sends in order).
 */
export class ReminderScheduler implements SubscriberHandler {
  private readonly db: Database.Database;
  private readonly subscriber: CheckpointedSubscriber;
  private readonly now: () => number;
  private readonly sql: ScheduleStatements;
  private readonly sink: QueueSink;
  private readonly writeCheckpoint: (position: number, time: string) => void;
  /** Every subject's fold, in the subjects' order. */
  private readonly folds: ReadonlyArray<SubjectFold<{ type: string; data: unknown }>>;
  /** Per stream category, the folds that take its events. */
  private readonly byCategory = new Map<string, Array<SubjectFold<{ type: string; data: unknown }>>>();

  constructor(options: ReminderSchedulerOptions) {
    this.now = options.now ?? Date.now;
    this.db = openReadModelDb(options.file);
    // Tasks became a reminder subject after schedules already existed: a schedule written before
    // has no task tables and a checkpoint past the tasks' events, so it is folded again from the
    // start (every fold skips what it already holds, delivered keys are never planned again, and
    // `dropStale` keeps a catch-up from sending a burst of old reminders).
    const beforeTasks =
      this.db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sched_items'`).get() !== undefined &&
      this.db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sched_tasks'`).get() === undefined;
    migrateSchedule(this.db);
    const subjects = options.subjects ?? REMINDER_SUBJECTS;
    for (const subject of subjects) subject.migrate?.(this.db);
    registerCheckpoint(this.db, REMINDER_SCHEDULER, 1);
    if (beforeTasks)
      this.db.prepare('UPDATE _projection SET checkpoint = NULL, checkpoint_time = NULL WHERE name = ?').run(REMINDER_SCHEDULER);
    this.sql = scheduleStatements(this.db);
    this.writeCheckpoint = checkpointWriter(this.db, REMINDER_SCHEDULER);
    this.sink = new QueueSink(options.queue, options.jobOptions, this.now, options.log);
    const ctx: FoldContext = {
      sql: this.sql,
      db: this.db,
      settings: options.settings,
      wanted: (jobs) => this.wanted(jobs, options.settings),
      now: () => this.now(),
    };
    this.folds = subjects.map((subject) => {
      const fold = subject.fold(ctx) as SubjectFold<{ type: string; data: unknown }>;
      for (const category of subject.categories) this.byCategory.set(category, [...(this.byCategory.get(category) ?? []), fold]);
      return fold;
    });
    this.subscriber = new CheckpointedSubscriber(
      options.store,
      this,
      {
        batchSize: BATCH,
        // Redis or the store went away: resume from the checkpoint, nothing after it was acknowledged.
        failure: { kind: 'retry', afterMs: RETRY_MS, log: (message) => options.log?.('warn', `reminder scheduler: ${message}`) },
      },
      readCheckpoint(this.db, REMINDER_SCHEDULER),
    );
  }

  /** Last position whose jobs Redis accepted. */
  get checkpoint(): number | null {
    return this.subscriber.checkpoint;
  }

  /** Starts following the store from the checkpoint. */
  start(): void {
    this.subscriber.start();
  }

  /** Stops following and closes the database. */
  async close(): Promise<void> {
    await this.subscriber.close();
    if (this.db.open) this.db.close();
  }

  /** Resolves true once everything up to `position` is scheduled. */
  waitFor(position: number, timeoutMs: number): Promise<boolean> {
    return this.subscriber.waitFor(position, timeoutMs);
  }

  /** @internal The subscriber's batch: fold now, then send the queue work and move the checkpoint. */
  handle(events: readonly RecordedEvent[]): () => Promise<void> {
    const ops = new QueueOps();
    this.db.transaction(() => {
      for (const e of events) this.apply(e, ops);
    })();
    const last = events[events.length - 1]!;
    return async () => {
      await this.sink.send(ops);
      if (this.db.open) this.writeCheckpoint(last.position, last.created);
    };
  }

  /**
   * Hands an event to the folds of the subjects its stream's category belongs to (typed with
   * that aggregate's events by each fold), and keeps the delivered reminders.
   */
  private apply(event: RecordedEvent, ops: QueueOps): void {
    const typed = { type: event.type, data: event.data };
    const category = streamCategory(event.stream);
    for (const fold of this.byCategory.get(category) ?? []) fold.apply(typed, ops, event.revision);
    if (category === 'reminder') {
      // A reminder, delivered: never planned again.
      const e = typed as ReminderEvent;
      if (e.type === 'ReminderSent') this.delivered(e.data.reminderKey, ops);
    } else if (category === 'inbox') {
      // The old shape of a delivered matter or finding reminder (stores written before reminders had their own streams).
      const e = typed as InboxEvent;
      if (e.type === 'NotificationDelivered') this.delivered(e.data.notificationId, ops);
    }
  }

  private delivered(key: string, ops: QueueOps): void {
    this.sql.markSent.run(key);
    ops.delivered(key);
  }

  /**
   * The jobs that should exist now: not stale (the domain's `dropStale`) and not sent yet;
   * expiries always. Staleness is judged over the subject's whole plan, sent reminders included:
   * a late reminder superseded by a later one stays dropped once that later one is delivered
   * (judged over the unsent ones only, each sweep would re-add the next older one).
   */
  private wanted(jobs: PlannedJob[], settings: ReminderSettings): PlannedJob[] {
    const expiries = jobs.filter((j) => j.data.type === 'matter-expiry');
    const reminders = jobs.filter((j) => j.data.type !== 'matter-expiry');
    return [...dropStale(reminders, this.now(), staleAfterMs(settings.sweepEveryMs)), ...expiries].filter(
      (j) => this.sql.isSent.get(j.id) === undefined,
    );
  }

  /**
   * Recomputes every job that should exist from the schedule tables and re-adds those Redis
   * does not have (a flushed or replaced Redis), so no reminder is lost. Returns how many it
   * re-added.
   */
  sweep(): Promise<number> {
    return this.sink.addMissing(this.folds.flatMap((fold) => fold.openJobs()));
  }
}
