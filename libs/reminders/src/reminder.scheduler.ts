import type { JobsOptions, Queue } from 'bullmq';
import type Database from 'better-sqlite3';
import type { AllSubscription, EventStore, RecordedEvent, SubscriptionItem } from '#event-store';
import { isStreamOf } from '#domain';
import { openReadModelDb } from '#read-models';
import {
  dropStale,
  graceMs,
  planItemJobs,
  planFindingJobs,
  planMatterJobs,
  type PlannedJob,
  type ReminderJobData,
  type ReminderSettings,
} from './reminder-jobs.js';

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

interface ItemRow {
  item_id: string;
  meeting_id: string;
  owner: string;
  deadline: string;
  version: number;
  status: string;
}

interface MatterRow {
  matter_id: string;
  deadline: string;
  status: string;
  awaiting: string;
}

interface FindingRow {
  finding_id: string;
  inspection_id: string;
  responsible_unit: string;
  due: string;
  version: number;
  inspector: string;
  status: string;
}

/** Queue work one batch of events calls for. */
interface Ops {
  add: Map<string, PlannedJob>;
  remove: Set<string>;
}

/** Events folded per Redis round trip: one addBulk (and one pipelined burst of removals) per batch. */
const BATCH = 1_000;
/** Jobs per addBulk call; the calls of one batch share the connection's pipeline. */
const BULK = 1_000;
const RETRY_MS = 1_000;

/** The scheduler's statements, prepared once per database (preparing is most of a fold's cost). */
function prepareStatements(db: Database.Database) {
  return {
    insertItem: db.prepare(`INSERT INTO sched_items VALUES (?, ?, ?, ?, ?, 'open') ON CONFLICT(item_id) DO NOTHING`),
    getItem: db.prepare('SELECT * FROM sched_items WHERE item_id = ?'),
    redateItem: db.prepare('UPDATE sched_items SET deadline = ?, version = ? WHERE item_id = ?'),
    closeItem: db.prepare('UPDATE sched_items SET status = ? WHERE item_id = ?'),
    openItems: db.prepare(`SELECT * FROM sched_items WHERE status = 'open'`),
    insertMatter: db.prepare(`INSERT INTO sched_matters VALUES (?, ?, 'pending', ?) ON CONFLICT(matter_id) DO NOTHING`),
    getMatter: db.prepare('SELECT * FROM sched_matters WHERE matter_id = ?'),
    setAwaiting: db.prepare('UPDATE sched_matters SET awaiting = ? WHERE matter_id = ?'),
    closeMatter: db.prepare('UPDATE sched_matters SET status = ? WHERE matter_id = ?'),
    pendingMatters: db.prepare(`SELECT * FROM sched_matters WHERE status = 'pending'`),
    insertInspection: db.prepare('INSERT INTO sched_inspections VALUES (?, ?) ON CONFLICT(inspection_id) DO NOTHING'),
    insertFinding: db.prepare(
      `INSERT INTO sched_findings SELECT ?, ?, ?, ?, 0, COALESCE((SELECT opened_by FROM sched_inspections WHERE inspection_id = ?), ?), 'open'
       ON CONFLICT(inspection_id, finding_id) DO NOTHING`,
    ),
    getFinding: db.prepare('SELECT * FROM sched_findings WHERE inspection_id = ? AND finding_id = ?'),
    redateFinding: db.prepare('UPDATE sched_findings SET due = ?, version = ? WHERE inspection_id = ? AND finding_id = ?'),
    setFindingStatus: db.prepare('UPDATE sched_findings SET status = ? WHERE inspection_id = ? AND finding_id = ?'),
    openFindings: db.prepare(`SELECT * FROM sched_findings WHERE status = 'open'`),
    markSent: db.prepare('INSERT INTO sched_sent VALUES (?) ON CONFLICT DO NOTHING'),
    isSent: db.prepare('SELECT 1 FROM sched_sent WHERE key = ?'),
    checkpoint: db.prepare('UPDATE _projection SET checkpoint = ?, checkpoint_time = ?, updated_at = ? WHERE name = ?'),
  };
}

/**
 * The reminder scheduler: a projection of deadline events whose output is BullMQ delayed jobs.
 * Unlike a read-model projection it is asynchronous (it awaits Redis), so it keeps its own
 * checkpoint and moves it only after Redis accepted a batch's jobs; a crash in between replays
 * the batch, which is harmless because job ids are deterministic and removals idempotent.
 * Its own tables (open items, pending matters, open findings and their inspectors, sent keys) are what the sweep recomputes from,
 * so a worker needs no other read model.
 */
export class ReminderScheduler {
  private readonly db: Database.Database;
  private subscription: AllSubscription | null = null;
  private loop: Promise<void> | null = null;
  private stopped = false;
  private _checkpoint: number | null;
  private waiters: Array<{ position: number; resolve: (ok: boolean) => void }> = [];
  private readonly now: () => number;
  private readonly sql: ReturnType<typeof prepareStatements>;
  /** The previous batch's Redis work, still in flight while the next batch is folded. */
  private inflight: Promise<void> | null = null;

  constructor(private readonly options: ReminderSchedulerOptions) {
    this.now = options.now ?? Date.now;
    this.db = openReadModelDb(options.file);
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS sched_items (item_id TEXT PRIMARY KEY, meeting_id TEXT NOT NULL, owner TEXT NOT NULL,
        deadline TEXT NOT NULL, version INTEGER NOT NULL, status TEXT NOT NULL);
      CREATE INDEX IF NOT EXISTS sched_items_open ON sched_items(status);
      CREATE TABLE IF NOT EXISTS sched_matters (matter_id TEXT PRIMARY KEY, deadline TEXT NOT NULL, status TEXT NOT NULL,
        awaiting TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS sched_sent (key TEXT PRIMARY KEY);
      CREATE TABLE IF NOT EXISTS sched_inspections (inspection_id TEXT PRIMARY KEY, opened_by TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS sched_findings (finding_id TEXT NOT NULL, inspection_id TEXT NOT NULL, responsible_unit TEXT NOT NULL,
        due TEXT NOT NULL, version INTEGER NOT NULL, inspector TEXT NOT NULL, status TEXT NOT NULL, PRIMARY KEY (inspection_id, finding_id));
    `);
    this.db
      .prepare(`INSERT INTO _projection(name, version, checkpoint, checkpoint_time, updated_at) VALUES (?, 1, NULL, NULL, ?) ON CONFLICT(name) DO NOTHING`)
      .run(REMINDER_SCHEDULER, new Date().toISOString());
    const row = this.db.prepare('SELECT checkpoint FROM _projection WHERE name = ?').get(REMINDER_SCHEDULER) as { checkpoint: number | null };
    this._checkpoint = row.checkpoint;
    this.sql = prepareStatements(this.db);
  }

  /** Last position whose jobs Redis accepted. */
  get checkpoint(): number | null {
    return this._checkpoint;
  }

  /** Starts following the store from the checkpoint. */
  start(): void {
    if (this.loop) return;
    this.stopped = false;
    this.loop = this.run();
  }

  /** Stops following and closes the database. */
  async close(): Promise<void> {
    this.stopped = true;
    await this.subscription?.close();
    await this.loop?.catch(() => undefined);
    await this.inflight?.catch(() => undefined);
    this.inflight = null;
    this.loop = null;
    for (const w of this.waiters) w.resolve(false);
    this.waiters = [];
    if (this.db.open) this.db.close();
  }

  /** Resolves true once everything up to `position` is scheduled. */
  waitFor(position: number, timeoutMs: number): Promise<boolean> {
    if (this._checkpoint !== null && this._checkpoint >= position) return Promise.resolve(true);
    return new Promise((resolve) => {
      const waiter = { position, resolve };
      this.waiters.push(waiter);
      setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        resolve(false);
      }, timeoutMs).unref();
    });
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      try {
        await this.follow();
      } catch (e) {
        // Redis or the store went away: resume from the checkpoint, nothing was acknowledged.
        this.options.log?.('warn', `reminder scheduler: ${(e as Error).message}; retrying from position ${this._checkpoint}`);
        await this.subscription?.close().catch(() => undefined);
        await this.inflight?.catch(() => undefined);
        this.inflight = null;
        if (!this.stopped) await sleep(RETRY_MS);
      }
    }
  }

  private async follow(): Promise<void> {
    const sub = this.options.store.subscribeToAll(this._checkpoint === null ? {} : { fromPosition: this._checkpoint });
    this.subscription = sub;
    const iterator = sub[Symbol.asyncIterator]();
    let buffer: RecordedEvent[] = [];
    let pending: Promise<IteratorResult<SubscriptionItem>> | null = null;
    while (!this.stopped) {
      pending ??= iterator.next();
      // Idle with Redis work in flight: wake up when it settles, so a failure is retried now.
      const wake: Promise<typeof TICK> | undefined = buffer.length > 0 ? tick() : this.inflight?.then((): typeof TICK => TICK);
      const next = wake ? await Promise.race([pending, wake]) : await pending;
      if (next === TICK) {
        await this.handle(buffer);
        buffer = [];
        continue;
      }
      pending = null;
      if (next.done) {
        await this.handle(buffer);
        await this.inflight;
        return;
      }
      if (next.value.kind === 'caught_up') {
        await this.handle(buffer);
        buffer = [];
        continue;
      }
      buffer.push(next.value.event);
      if (buffer.length >= BATCH) {
        await this.handle(buffer);
        buffer = [];
        // A catch-up reads pages through microtasks only; let due deliveries and Redis replies
        // of the same process run between batches instead of after the whole backlog.
        await tick();
      }
    }
  }

  /**
   * Folds a batch into the tables, then sends its queue work to Redis. The send is left in
   * flight while the next batch is folded (CPU and Redis overlap), but sends stay in order:
   * a batch's send starts only after the previous one succeeded, and each moves the
   * checkpoint only once Redis accepted it. A failed send surfaces at the next `handle` or
   * idle wake-up and the loop resumes from the last acknowledged position.
   */
  private async handle(events: RecordedEvent[]): Promise<void> {
    if (events.length === 0) return;
    const ops: Ops = { add: new Map(), remove: new Set() };
    this.db.transaction(() => {
      for (const e of events) this.apply(e, ops);
    })();
    if (this.inflight) await this.inflight;
    const last = events[events.length - 1]!;
    const sent = this.send(ops).then(() => this.acknowledge(last));
    this.inflight = sent;
    sent.then(
      () => {
        if (this.inflight === sent) this.inflight = null;
      },
      // Kept in `inflight`: the loop awaits it and retries from the checkpoint.
      () => undefined,
    );
  }

  private acknowledge(last: RecordedEvent): void {
    if (this.db.open) this.sql.checkpoint.run(last.position, last.created, new Date().toISOString(), REMINDER_SCHEDULER);
    this._checkpoint = last.position;
    this.waiters = this.waiters.filter((w) => {
      if (w.position > last.position) return true;
      w.resolve(true);
      return false;
    });
  }

  private apply(event: RecordedEvent, ops: Ops): void {
    const d = event.data as Record<string, unknown>;
    const str = (k: string) => String(d[k]);
    switch (event.type) {
      case 'ItemAdded': {
        if (!isStreamOf(event.stream, 'meeting')) return;
        this.sql.insertItem.run(str('itemId'), str('meetingId'), str('owner'), str('deadline'), Number(d['deadlineVersion']));
        this.planItem(str('itemId'), ops);
        return;
      }
      case 'ItemDeadlineChanged': {
        if (!isStreamOf(event.stream, 'meeting')) return;
        const row = this.item(str('itemId'));
        const version = Number(d['deadlineVersion']);
        if (!row || row.version >= version) {
          // A replayed batch: the row already has this version; just make sure its jobs exist.
          this.planItem(str('itemId'), ops);
          return;
        }
        for (const job of this.itemJobs(row)) this.unplan(job.id, ops);
        this.sql.redateItem.run(str('deadline'), version, row.item_id);
        this.planItem(row.item_id, ops);
        return;
      }
      case 'ItemCompleted':
      case 'ItemCancelled': {
        if (!isStreamOf(event.stream, 'meeting')) return;
        const row = this.item(str('itemId'));
        if (!row) return;
        for (const job of this.itemJobs(row)) this.unplan(job.id, ops);
        this.sql.closeItem.run(event.type === 'ItemCompleted' ? 'done' : 'cancelled', row.item_id);
        return;
      }
      case 'ReminderSent':
        this.sql.markSent.run(str('reminderKey'));
        ops.add.delete(str('reminderKey'));
        return;
      case 'NotificationDelivered':
        this.sql.markSent.run(str('notificationId'));
        ops.add.delete(str('notificationId'));
        return;
      case 'MatterSubmitted': {
        if (!isStreamOf(event.stream, 'matter') || d['deadline'] === null || d['deadline'] === undefined) return;
        this.sql.insertMatter.run(str('matterId'), str('deadline'), JSON.stringify(d['awaiting'] ?? []));
        this.planMatter(str('matterId'), ops);
        return;
      }
      case 'MatterSigned':
      case 'MatterSignerAdded':
      case 'MatterSignatureDelegated': {
        const row = this.matter(str('matterId'));
        if (!row) return;
        // Reminders of signers who are no longer pending stay queued: they check and do nothing.
        this.sql.setAwaiting.run(JSON.stringify(d['awaiting'] ?? []), row.matter_id);
        this.planMatter(row.matter_id, ops);
        return;
      }
      case 'MatterApproved':
      case 'MatterRejected':
      case 'MatterRecalled':
      case 'MatterExpired': {
        const row = this.matter(str('matterId'));
        if (!row || row.status !== 'pending') return;
        for (const job of this.matterJobs(row)) this.unplan(job.id, ops);
        this.sql.closeMatter.run(event.type.slice('Matter'.length).toLowerCase(), row.matter_id);
        return;
      }
      case 'InspectionOpened':
        if (!isStreamOf(event.stream, 'inspection')) return;
        this.sql.insertInspection.run(str('inspectionId'), str('openedBy'));
        return;
      case 'FindingRecorded': {
        if (!isStreamOf(event.stream, 'inspection')) return;
        const [inspectionId, findingId] = [str('inspectionId'), str('findingId')];
        this.sql.insertFinding.run(findingId, inspectionId, str('responsibleUnit'), str('rectificationDue'), inspectionId, str('recordedBy'));
        this.planFinding(inspectionId, findingId, ops);
        return;
      }
      case 'RectificationDueExtended': {
        if (!isStreamOf(event.stream, 'inspection')) return;
        const row = this.finding(str('inspectionId'), str('findingId'));
        const version = Number(d['extension']);
        if (!row || row.version >= version) {
          if (row) this.planFinding(row.inspection_id, row.finding_id, ops);
          return;
        }
        // Removed even if the finding is closed meanwhile: the old due date's jobs must go.
        for (const job of this.findingJobs(row)) this.unplan(job.id, ops);
        this.sql.redateFinding.run(str('due'), version, row.inspection_id, row.finding_id);
        this.planFinding(row.inspection_id, row.finding_id, ops);
        return;
      }
      case 'RectificationVerified': {
        // Only an accepted verification closes a finding; a rejected one leaves it open.
        if (!isStreamOf(event.stream, 'inspection') || d['outcome'] !== 'accepted') return;
        const row = this.finding(str('inspectionId'), str('findingId'));
        if (!row || row.status !== 'open') return;
        for (const job of this.findingJobs(row)) this.unplan(job.id, ops);
        this.sql.setFindingStatus.run('closed', row.inspection_id, row.finding_id);
        return;
      }
      default:
        return;
    }
  }

  private finding(inspectionId: string, findingId: string): FindingRow | undefined {
    return this.sql.getFinding.get(inspectionId, findingId) as FindingRow | undefined;
  }

  private findingJobs(row: FindingRow): PlannedJob[] {
    return planFindingJobs(
      {
        inspectionId: row.inspection_id,
        findingId: row.finding_id,
        responsibleUnit: row.responsible_unit,
        due: row.due,
        dueVersion: row.version,
        inspector: row.inspector,
      },
      this.options.settings,
    );
  }

  private planFinding(inspectionId: string, findingId: string, ops: Ops): void {
    const row = this.finding(inspectionId, findingId);
    if (!row || row.status !== 'open') return;
    for (const job of this.wanted(this.findingJobs(row))) {
      ops.remove.delete(job.id);
      ops.add.set(job.id, job);
    }
  }

  private item(itemId: string): ItemRow | undefined {
    return this.sql.getItem.get(itemId) as ItemRow | undefined;
  }

  private matter(matterId: string): MatterRow | undefined {
    return this.sql.getMatter.get(matterId) as MatterRow | undefined;
  }

  private itemJobs(row: ItemRow): PlannedJob[] {
    return planItemJobs(
      { meetingId: row.meeting_id, itemId: row.item_id, owner: row.owner, deadline: row.deadline, deadlineVersion: row.version },
      this.options.settings,
    );
  }

  private matterJobs(row: MatterRow): PlannedJob[] {
    return planMatterJobs({ matterId: row.matter_id, deadline: row.deadline, awaiting: JSON.parse(row.awaiting) as string[] }, this.options.settings);
  }

  /** The jobs that should exist now: not sent yet, and not stale (see `dropStale`). */
  private wanted(jobs: PlannedJob[]): PlannedJob[] {
    const open = jobs.filter((j) => this.sql.isSent.get(j.id) === undefined);
    const expiries = open.filter((j) => j.data.type === 'matter-expiry');
    const reminders = open.filter((j) => j.data.type !== 'matter-expiry');
    return [...dropStale(reminders, this.now(), graceMs(this.options.settings)), ...expiries];
  }

  private planItem(itemId: string, ops: Ops): void {
    const row = this.item(itemId);
    if (!row || row.status !== 'open') return;
    for (const job of this.wanted(this.itemJobs(row))) {
      ops.remove.delete(job.id);
      ops.add.set(job.id, job);
    }
  }

  private planMatter(matterId: string, ops: Ops): void {
    const row = this.matter(matterId);
    if (!row || row.status !== 'pending') return;
    for (const job of this.wanted(this.matterJobs(row))) {
      ops.remove.delete(job.id);
      ops.add.set(job.id, job);
    }
  }

  private unplan(jobId: string, ops: Ops): void {
    ops.add.delete(jobId);
    ops.remove.add(jobId);
  }

  private async send(ops: Ops): Promise<void> {
    const { queue } = this.options;
    const adds = [...ops.add.values()].map((j) => this.toBulk(j));
    const work: Array<Promise<unknown>> = [];
    for (let i = 0; i < adds.length; i += BULK) work.push(queue.addBulk(adds.slice(i, i + BULK)));
    // Issued together, the removals share one pipelined burst rather than a round trip each.
    for (const id of ops.remove)
      work.push(
        queue.remove(id).catch((e: unknown) => {
          // An active (locked) job cannot be removed; when it runs it sees the change and does nothing.
          this.options.log?.('debug', `could not remove job ${id}: ${(e as Error).message}`);
        }),
      );
    await Promise.all(work);
  }

  private toBulk(job: PlannedJob) {
    return {
      name: job.data.type,
      data: job.data,
      opts: { ...this.options.jobOptions, jobId: job.id, delay: Math.max(0, job.atMs - this.now()) },
    };
  }

  /**
   * Recomputes every job that should exist from the scheduler's tables and re-adds those
   * Redis does not have (a flushed or replaced Redis), so no reminder is lost. Returns how
   * many it re-added.
   */
  async sweep(): Promise<number> {
    const jobs: PlannedJob[] = [];
    for (const row of this.sql.openItems.all() as ItemRow[]) jobs.push(...this.wanted(this.itemJobs(row)));
    for (const row of this.sql.pendingMatters.all() as MatterRow[])
      jobs.push(...this.wanted(this.matterJobs(row)));
    for (const row of this.sql.openFindings.all() as FindingRow[]) jobs.push(...this.wanted(this.findingJobs(row)));
    if (jobs.length === 0) return 0;
    const { queue } = this.options;
    const missing: PlannedJob[] = [];
    // Concurrent commands share one connection's pipeline, so a chunk costs about one round trip.
    for (let i = 0; i < jobs.length; i += 1000) {
      const chunk = jobs.slice(i, i + 1000);
      const states = await Promise.all(chunk.map((j) => queue.getJobState(j.id)));
      chunk.forEach((j, k) => {
        if (states[k] === 'unknown') missing.push(j);
      });
    }
    if (missing.length > 0) await queue.addBulk(missing.map((j) => this.toBulk(j)));
    return missing.length;
  }
}

const TICK = Symbol('tick');
function tick(): Promise<typeof TICK> {
  return new Promise((resolve) => setImmediate(() => resolve(TICK)));
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
