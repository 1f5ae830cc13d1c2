import type Database from 'better-sqlite3';
import { streamCategory } from '#domain';
import type { EventStore, RecordedEvent } from '#event-store';
import type { Projection } from './projection.js';
import { batchWriter, RebuildInProgress, rebuildProjection, type BatchWriter, type RebuildStatus } from './projection-rebuild.js';
import {
  CheckpointedSubscriber,
  type SubscriberFailure,
  type SubscriberHandler,
  type SubscriberStatus,
} from './subscriber/checkpointed-subscriber.js';
import { checkpointWriter, openReadModelDb, readCheckpoint, registerCheckpoint } from './subscriber/read-model-db.js';

/** Lifecycle of a projection as reported by `/admin/projections` and `/health/ready`. */
export type ProjectionStatus = SubscriberStatus;

/** Why a projection stopped: it never skips the event it could not apply. */
export type ProjectionFailure = SubscriberFailure;

/** Snapshot of one projection's progress. */
export interface ProjectionInfo {
  name: string;
  version: number;
  status: ProjectionStatus;
  checkpoint: number | null;
  /** ISO time of the last event applied (its `created`). */
  checkpointEventTime: string | null;
  error: ProjectionFailure | null;
  /** The last (or running) rebuild of this projection, null when none ran in this process. */
  rebuild: RebuildStatus | null;
  /** What its live writes cost since this process started (see {@link ProjectionWrites}). */
  writes: ProjectionWrites;
}

/**
 * The live write transactions of a projection in this process: how many, how many events they
 * applied, and the time spent in them (rows, search index, checkpoint and commit), which runs
 * on the process's event loop. Batches of only other categories' events write nothing and are
 * not counted.
 */
export interface ProjectionWrites {
  batches: number;
  events: number;
  seconds: number;
}

const BATCH = 500;
/**
 * How far the stored checkpoint of a projection with `categories` may trail its in-memory one
 * while only events of other categories pass: their batches change no row, so writing a
 * transaction for each (six of eight projections on every task command) is pure cost. After a
 * crash the projection re-reads at most this many events, and ignores them again.
 */
const LAZY_CHECKPOINT_EVENTS = 10_000;

/**
 * Feeds one projection from the shared checkpointed subscriber. The projection's rows and its
 * checkpoint are written in one transaction, so after a crash it resumes exactly where the
 * last committed batch ended: no event applied twice, none skipped. A batch that fails is
 * redone event by event and the projection stops at the bad event, reporting it.
 */
export class ProjectionRunner implements SubscriberHandler {
  private _db: Database.Database;
  private readonly subscriber: CheckpointedSubscriber;
  /** The checkpoint as written in `_projection`; trails the subscriber's only over irrelevant events. */
  private storedCheckpoint: number | null;
  private _rebuild: RebuildStatus | null = null;
  /** Prepared once per connection (a swap replaces the connection). */
  private writer: BatchWriter | null = null;
  private readonly writes: ProjectionWrites = { batches: 0, events: 0, seconds: 0 };

  constructor(
    private readonly store: EventStore,
    readonly projection: Projection,
    readonly file: string,
  ) {
    this._db = openReadModelDb(file);
    const row = this._db.prepare('SELECT version FROM _projection WHERE name = ?').get(projection.name) as { version: number } | undefined;
    if (row && row.version !== projection.version) {
      // The fold changed: its old rows mean nothing, start again from the first event.
      for (const t of projection.tables) this._db.exec(`DROP TABLE IF EXISTS "${t}"`);
      this._db.prepare('DELETE FROM _projection WHERE name = ?').run(projection.name);
    }
    projection.migrate(this._db);
    registerCheckpoint(this._db, projection.name, projection.version);
    const from = readCheckpoint(this._db, projection.name);
    this.storedCheckpoint = from.position;
    // A full or failing disk is not the event's fault: the batch waits until it can be written.
    this.subscriber = new CheckpointedSubscriber(
      store,
      this,
      { batchSize: BATCH, failure: { kind: 'stop', isTransient: isDiskFailure, retryAfterMs: 1_000 } },
      from,
    );
  }

  /** The read model's connection, for queries. */
  get db(): Database.Database {
    return this._db;
  }

  get name(): string {
    return this.projection.name;
  }

  info(): ProjectionInfo {
    return {
      name: this.projection.name,
      version: this.projection.version,
      status: this.subscriber.status,
      checkpoint: this.subscriber.checkpoint,
      checkpointEventTime: this.subscriber.checkpointTime,
      error: this.subscriber.failure,
      rebuild: this._rebuild ? { ...this._rebuild } : null,
      writes: { ...this.writes },
    };
  }

  /** Starts following the store from the stored checkpoint. */
  start(): void {
    this.subscriber.start();
  }

  /** Rebuilds into a fresh file and swaps it in when its checksums match (see {@link rebuildProjection}). */
  async rebuild(): Promise<RebuildStatus> {
    if (this._rebuild?.state === 'running') throw new RebuildInProgress(this.projection.name);
    const status: RebuildStatus = {
      state: 'running',
      startedAt: new Date().toISOString(),
      finishedAt: null,
      applied: 0,
      position: null,
      target: null,
      compared: false,
      comparedAt: null,
      tables: [],
      differences: [],
      error: null,
    };
    this._rebuild = status;
    const subscriber = this.subscriber;
    const liveDb = () => this._db;
    let wasLive = false;
    return rebuildProjection(
      {
        store: this.store,
        projection: this.projection,
        file: this.file,
        get db() {
          return liveDb();
        },
        get status() {
          return subscriber.status;
        },
        get failure() {
          return subscriber.failure;
        },
        get checkpoint() {
          return subscriber.checkpoint;
        },
        waitFor: (position, timeoutMs) => subscriber.waitFor(position, timeoutMs),
        pause: async () => {
          wasLive = subscriber.status === 'live';
          await subscriber.pause();
        },
        resume: () => {
          subscriber.start();
          if (wasLive) subscriber.markLive();
        },
        stop: () => this.stop(),
        swapIn: (open) => {
          this._db.close();
          this._db = open();
          const from = readCheckpoint(this._db, this.projection.name);
          this.storedCheckpoint = from.position;
          subscriber.resetTo(from);
        },
      },
      status,
    );
  }

  /** Stops following; the checkpoint stays where the last batch committed. */
  async stop(): Promise<void> {
    await this.subscriber.stop();
    this.storeCheckpoint();
  }

  /** Stops and closes the database. */
  async close(): Promise<void> {
    await this.stop();
    await this.subscriber.close();
    if (this._db.open) this._db.close();
  }

  /**
   * Resolves true once the projection has applied everything up to `position`, false when
   * the timeout passes first or the projection stopped.
   */
  waitFor(position: number, timeoutMs: number): Promise<boolean> {
    return this.subscriber.waitFor(position, timeoutMs);
  }

  /** @internal The subscriber's batch: rows and checkpoint in one transaction. */
  handle(events: readonly RecordedEvent[]): void {
    const last = events[events.length - 1]!;
    if (this.onlyIrrelevant(events) && last.position - (this.storedCheckpoint ?? 0) < LAZY_CHECKPOINT_EVENTS) return;
    if (this.writer?.db !== this._db) this.writer = batchWriter(this._db, this.projection);
    const started = performance.now();
    this.writer.commit(events);
    this.writes.seconds += (performance.now() - started) / 1000;
    this.writes.batches += 1;
    this.writes.events += events.length;
    this.storedCheckpoint = last.position;
  }

  /** Writes an in-memory checkpoint that only irrelevant events advanced, so a restart skips them. */
  private storeCheckpoint(): void {
    const position = this.subscriber.checkpoint;
    if (position === this.storedCheckpoint || position === null || !this._db.open) return;
    checkpointWriter(this._db, this.projection.name)(position, this.subscriber.checkpointTime ?? new Date().toISOString());
    this.storedCheckpoint = position;
  }

  /** True when the projection declares its categories and no event of the batch is in one. */
  private onlyIrrelevant(events: readonly RecordedEvent[]): boolean {
    const categories = this.projection.categories;
    if (!categories) return false;
    for (const e of events) if (categories.includes(streamCategory(e.stream))) return false;
    return true;
  }
}

/** SQLite's "cannot write now" answers (disk full, I/O error, file locked), by code. */
function isDiskFailure(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^SQLITE_(FULL|IOERR|BUSY|LOCKED|CANTOPEN|READONLY)/.test(code);
}
