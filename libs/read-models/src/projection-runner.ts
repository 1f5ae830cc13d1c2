import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { AllSubscription, EventStore, RecordedEvent, SubscriptionItem } from '#event-store';
import type { Projection } from './projection.js';

/** Lifecycle of a projection as reported by `/admin/projections` and `/health/ready`. */
export type ProjectionStatus = 'starting' | 'catching_up' | 'live' | 'stopped' | 'closed';

/** Why a projection stopped: it never skips the event it could not apply. */
export interface ProjectionFailure {
  position: number;
  stream: string;
  revision: number;
  type: string;
  message: string;
}

/** Snapshot of one projection's progress. */
export interface ProjectionInfo {
  name: string;
  version: number;
  status: ProjectionStatus;
  checkpoint: number | null;
  /** ISO time of the last event applied (its `created`). */
  checkpointEventTime: string | null;
  error: ProjectionFailure | null;
}

/** Opens (creating when needed) a projection's SQLite file with the settings every read model uses. */
export function openReadModelDb(file: string): Database.Database {
  mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  // A read model can always be rebuilt, and its checkpoint commits with its rows, so losing
  // the last transactions on power loss only makes it re-apply them.
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  db.exec(`CREATE TABLE IF NOT EXISTS _projection (
    name TEXT PRIMARY KEY, version INTEGER NOT NULL, checkpoint INTEGER, checkpoint_time TEXT, updated_at TEXT NOT NULL)`);
  return db;
}

const BATCH = 500;

/**
 * Feeds one projection from a catch-up subscription to all events. The projection's rows and
 * its checkpoint are written in one transaction, so after a crash it resumes exactly where
 * the last committed batch ended: no event applied twice, none skipped.
 */
export class ProjectionRunner {
  private _db: Database.Database;
  private subscription: AllSubscription | null = null;
  private loop: Promise<void> | null = null;
  private _status: ProjectionStatus = 'starting';
  private _checkpoint: number | null = null;
  private _checkpointTime: string | null = null;
  private _error: ProjectionFailure | null = null;
  private waiters: Array<{ position: number; resolve: (ok: boolean) => void; timer: NodeJS.Timeout }> = [];
  private readonly getCheckpoint: Database.Statement;

  constructor(
    private readonly store: EventStore,
    readonly projection: Projection,
    readonly file: string,
  ) {
    this._db = openReadModelDb(file);
    const row = this._db.prepare('SELECT version, checkpoint, checkpoint_time FROM _projection WHERE name = ?').get(projection.name) as
      | { version: number; checkpoint: number | null; checkpoint_time: string | null }
      | undefined;
    if (row && row.version !== projection.version) {
      // The fold changed: its old rows mean nothing, start again from the first event.
      for (const t of projection.tables) this._db.exec(`DROP TABLE IF EXISTS "${t}"`);
      this._db.prepare('DELETE FROM _projection WHERE name = ?').run(projection.name);
    }
    projection.migrate(this._db);
    this._db
      .prepare(
        `INSERT INTO _projection(name, version, checkpoint, checkpoint_time, updated_at) VALUES (?, ?, NULL, NULL, ?)
         ON CONFLICT(name) DO NOTHING`,
      )
      .run(projection.name, projection.version, new Date().toISOString());
    this.getCheckpoint = this._db.prepare('SELECT checkpoint, checkpoint_time FROM _projection WHERE name = ?');
    const cp = this.getCheckpoint.get(projection.name) as { checkpoint: number | null; checkpoint_time: string | null };
    this._checkpoint = cp.checkpoint;
    this._checkpointTime = cp.checkpoint_time;
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
      status: this._status,
      checkpoint: this._checkpoint,
      checkpointEventTime: this._checkpointTime,
      error: this._error,
    };
  }

  /** Starts following the store from the stored checkpoint. */
  start(): void {
    if (this.loop) return;
    this._status = 'catching_up';
    this.subscription = this.store.subscribeToAll(this._checkpoint === null ? {} : { fromPosition: this._checkpoint });
    this.loop = this.run(this.subscription).catch((e: unknown) => {
      this._status = 'stopped';
      this._error ??= { position: this._checkpoint ?? 0, stream: '', revision: -1, type: '', message: String((e as Error)?.message ?? e) };
      this.resolveWaiters();
    });
  }

  /** Stops following; the checkpoint stays where the last batch committed. */
  async stop(): Promise<void> {
    const sub = this.subscription;
    this.subscription = null;
    await sub?.close();
    await this.loop;
    this.loop = null;
    if (this._status !== 'stopped') this._status = 'closed';
  }

  /** Stops and closes the database. */
  async close(): Promise<void> {
    await this.stop();
    this.resolveWaiters();
    if (this._db.open) this._db.close();
  }

  /**
   * Resolves true once the projection has applied everything up to `position`, false when
   * the timeout passes first or the projection stopped.
   */
  waitFor(position: number, timeoutMs: number): Promise<boolean> {
    if (this._checkpoint !== null && this._checkpoint >= position) return Promise.resolve(true);
    if (this._status === 'stopped' || timeoutMs <= 0) return Promise.resolve(false);
    return new Promise((resolve) => {
      const waiter = {
        position,
        resolve,
        timer: setTimeout(() => {
          this.waiters = this.waiters.filter((w) => w !== waiter);
          resolve(false);
        }, timeoutMs),
      };
      this.waiters.push(waiter);
    });
  }

  private async run(subscription: AllSubscription): Promise<void> {
    const iterator = subscription[Symbol.asyncIterator]();
    let buffer: RecordedEvent[] = [];
    let pending: Promise<IteratorResult<SubscriptionItem>> | null = null;
    for (;;) {
      pending ??= iterator.next();
      // While events are buffered, only wait a tick for more before committing them, so a
      // backlog is applied in large transactions and a live event is applied at once.
      const next = buffer.length === 0 ? await pending : await Promise.race([pending, tick()]);
      if (next === TICK) {
        if (!this.flush(buffer)) return;
        buffer = [];
        continue;
      }
      pending = null;
      if (next.done) {
        this.flush(buffer);
        return;
      }
      const item = next.value;
      if (item.kind === 'caught_up') {
        if (!this.flush(buffer)) return;
        buffer = [];
        this._status = 'live';
        continue;
      }
      buffer.push(item.event);
      if (buffer.length >= BATCH) {
        if (!this.flush(buffer)) return;
        buffer = [];
      }
    }
  }

  /** Applies a batch with its checkpoint in one transaction; on failure finds and reports the event. */
  private flush(events: RecordedEvent[]): boolean {
    if (events.length === 0) return true;
    try {
      this.applyBatch(events);
      return true;
    } catch {
      // Redo one by one so everything before the bad event is kept and the bad one is named.
      for (const event of events) {
        try {
          this.applyBatch([event]);
        } catch (e) {
          this._status = 'stopped';
          this._error = {
            position: event.position,
            stream: event.stream,
            revision: event.revision,
            type: event.type,
            message: (e as Error)?.message ?? String(e),
          };
          void this.subscription?.close();
          this.resolveWaiters();
          return false;
        }
      }
      return true;
    }
  }

  private applyBatch(events: RecordedEvent[]): void {
    const last = events[events.length - 1]!;
    const tx = this._db.transaction(() => {
      for (const event of events) this.projection.apply(this._db, event);
      this._db
        .prepare('UPDATE _projection SET checkpoint = ?, checkpoint_time = ?, updated_at = ? WHERE name = ?')
        .run(last.position, last.created, new Date().toISOString(), this.projection.name);
    });
    tx();
    this._checkpoint = last.position;
    this._checkpointTime = last.created;
    this.resolveWaiters();
  }

  private resolveWaiters(): void {
    if (this.waiters.length === 0) return;
    const keep: typeof this.waiters = [];
    for (const w of this.waiters) {
      if (this._checkpoint !== null && this._checkpoint >= w.position) {
        clearTimeout(w.timer);
        w.resolve(true);
      } else if (this._status === 'stopped' || !this._db.open) {
        clearTimeout(w.timer);
        w.resolve(false);
      } else keep.push(w);
    }
    this.waiters = keep;
  }
}

const TICK = Symbol('tick');
function tick(): Promise<typeof TICK> {
  return new Promise((resolve) => setImmediate(() => resolve(TICK)));
}
