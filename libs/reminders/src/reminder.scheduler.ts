import type { JobsOptions, Queue } from 'bullmq';
import type Database from 'better-sqlite3';
import {
  dropStale,
  staleAfterMs,
  streamCategory,
  type EvaluationEvent,
  type InboxEvent,
  type InspectionEvent,
  type MatterEvent,
  type MeetingEvent,
  type ReminderEvent,
  type SpecialGroupEvent,
  type TaskEvent,
} from '#domain';
import type { EventStore, RecordedEvent } from '#event-store';
import { CheckpointedSubscriber, checkpointWriter, openReadModelDb, readCheckpoint, registerCheckpoint, type SubscriberHandler } from '#read-models';
import type { PlannedJob, ReminderJobData } from './reminder-jobs.js';
import type { ReminderSettings } from './reminder-settings.js';
import { evaluationFold } from './scheduler/evaluation.fold.js';
import { findingFold } from './scheduler/finding.fold.js';
import { itemFold } from './scheduler/item.fold.js';
import { matterFold } from './scheduler/matter.fold.js';
import { QueueOps, QueueSink } from './scheduler/queue.sink.js';
import { migrateSchedule, scheduleStatements, type ScheduleStatements } from './scheduler/schedule.schema.js';
import { taskFold } from './scheduler/task.fold.js';
import { acknowledgementFold } from './scheduler/acknowledgement.fold.js';
import type { FoldContext, SubjectFold } from './scheduler/subject-fold.js';

/** Name of the scheduler's checkpoint row. */
export const REMINDER_SCHEDULER = 'reminder-scheduler';

/** What the scheduler needs. */
export interface ReminderSchedulerOptions {
  store: EventStore;
  queue: Queue<ReminderJobData>;
  /** `$DATA_DIR/read-models/reminder-scheduler.sqlite`. */
  file: string;
  settings: ReminderSettings;
  /** attempts, backoff and retention of every reminder job. */
  jobOptions: JobsOptions;
  log?: (level: 'warn' | 'error' | 'debug', message: string) => void;
  now?: () => number;
}

/** Events folded per Redis round trip: one addBulk (and one pipelined burst of removals) per batch. */
const BATCH = 1_000;
const RETRY_MS = 1_000;

/**
 * The reminder scheduler: a subscriber whose output is BullMQ delayed jobs. Each batch is
 * folded into the schedule tables by the fold of its subject (action items, matters, findings, evaluations, tasks)
 * and its queue work is sent to Redis; the checkpoint moves only after Redis accepted it. A
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
  private readonly items: SubjectFold<MeetingEvent>;
  private readonly matters: SubjectFold<MatterEvent>;
  private readonly findings: SubjectFold<InspectionEvent>;
  private readonly evaluations: SubjectFold<EvaluationEvent>;
  private readonly tasks: SubjectFold<TaskEvent | SpecialGroupEvent>;
  private readonly acknowledgements: SubjectFold<TaskEvent>;

  constructor(options: ReminderSchedulerOptions) {
    this.now = options.now ?? Date.now;
    this.db = openReadModelDb(options.file);
    // Tasks became a reminder subject after schedules already existed: a schedule written before
    // has no task tables and a checkpoint past the tasks' events, so it is folded again from the
    // start (every fold skips what it already holds, delivered keys are never planned again, and
    // `dropStale` keeps a catch-up from sending a burst of old reminders).
    const beforeTasks = this.db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sched_items'`).get() !== undefined
      && this.db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sched_tasks'`).get() === undefined;
    migrateSchedule(this.db);
    registerCheckpoint(this.db, REMINDER_SCHEDULER, 1);
    if (beforeTasks) this.db.prepare('UPDATE _projection SET checkpoint = NULL, checkpoint_time = NULL WHERE name = ?').run(REMINDER_SCHEDULER);
    this.sql = scheduleStatements(this.db);
    this.writeCheckpoint = checkpointWriter(this.db, REMINDER_SCHEDULER);
    this.sink = new QueueSink(options.queue, options.jobOptions, this.now, options.log);
    const ctx: FoldContext = { sql: this.sql, settings: options.settings, wanted: (jobs) => this.wanted(jobs, options.settings) };
    this.items = itemFold(ctx);
    this.matters = matterFold(ctx);
    this.findings = findingFold(ctx);
    this.evaluations = evaluationFold(ctx);
    this.tasks = taskFold(ctx);
    this.acknowledgements = acknowledgementFold(ctx);
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

  /** Hands an event to the fold of its stream's aggregate, typed with that aggregate's events. */
  private apply(event: RecordedEvent, ops: QueueOps): void {
    const typed = { type: event.type, data: event.data };
    switch (streamCategory(event.stream)) {
      case 'meeting':
        return this.items.apply(typed as MeetingEvent, ops, event.revision);
      case 'matter':
        return this.matters.apply(typed as MatterEvent, ops, event.revision);
      case 'inspection':
        return this.findings.apply(typed as InspectionEvent, ops, event.revision);
      case 'evaluation':
        return this.evaluations.apply(typed as EvaluationEvent, ops, event.revision);
      case 'task':
        // Two subjects of one stream: the deadline and milestones, and the acknowledgement.
        this.tasks.apply(typed as TaskEvent, ops, event.revision);
        return this.acknowledgements.apply(typed as TaskEvent, ops, event.revision);
      case 'group':
        return this.tasks.apply(typed as SpecialGroupEvent, ops, event.revision);
      case 'reminder': {
        // A reminder, delivered: never planned again.
        const e = typed as ReminderEvent;
        if (e.type === 'ReminderSent') this.delivered(e.data.reminderKey, ops);
        return;
      }
      case 'inbox': {
        // The old shape of a delivered matter or finding reminder (stores written before reminders had their own streams).
        const e = typed as InboxEvent;
        if (e.type === 'NotificationDelivered') this.delivered(e.data.notificationId, ops);
        return;
      }
      default:
        return;
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
    return [...dropStale(reminders, this.now(), staleAfterMs(settings.sweepEveryMs)), ...expiries].filter((j) => this.sql.isSent.get(j.id) === undefined);
  }

  /**
   * Recomputes every job that should exist from the schedule tables and re-adds those Redis
   * does not have (a flushed or replaced Redis), so no reminder is lost. Returns how many it
   * re-added.
   */
  sweep(): Promise<number> {
    return this.sink.addMissing([
      ...this.items.openJobs(),
      ...this.matters.openJobs(),
      ...this.findings.openJobs(),
      ...this.evaluations.openJobs(),
      ...this.tasks.openJobs(),
      ...this.acknowledgements.openJobs(),
    ]);
  }
}
