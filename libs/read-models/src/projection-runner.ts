import { createHash } from 'node:crypto';
import { mkdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { streamCategory } from '#domain';
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
  /** The last (or running) rebuild of this projection, null when none ran in this process. */
  rebuild: RebuildStatus | null;
}

/** Row count and checksum of one table, as compared between live and rebuilt read models. */
export interface TableChecksum {
  table: string;
  rows: number;
  checksum: string;
}

/** A table whose rebuilt content differs from the live one at the same position. */
export interface TableDifference {
  table: string;
  live: { rows: number; checksum: string };
  rebuilt: { rows: number; checksum: string };
}

/** Progress and outcome of {@link ProjectionRunner.rebuild}. */
export interface RebuildStatus {
  /** `swapped`: the rebuilt tables now serve; `mismatch`: they differ and were discarded; `failed`: see `error`. */
  state: 'running' | 'swapped' | 'mismatch' | 'failed';
  startedAt: string;
  finishedAt: string | null;
  /** Events applied to the fresh tables so far. */
  applied: number;
  /** Position the fresh tables have reached. */
  position: number | null;
  /** Head of the store when the rebuild started (progress is `position / target`). */
  target: number | null;
  /** Whether the rebuilt tables were compared with live ones at the same position (not when the live one had stopped). */
  compared: boolean;
  /** Position at which both were compared. */
  comparedAt: number | null;
  tables: TableChecksum[];
  differences: TableDifference[];
  error: string | null;
}

/** A rebuild was asked for while one is running. */
export class RebuildInProgress extends Error {
  readonly code = 'PROJECTION.REBUILD_IN_PROGRESS';
  constructor(readonly projection: string) {
    super(`A rebuild of ${projection} is already running`);
    this.name = 'RebuildInProgress';
  }
}

/**
 * Checksums of tables: SHA-256 over every row (all columns) in a total order (the primary key
 * when the table has one, else all columns), so two read models with the same content agree
 * whatever order their rows were written in. SQLite renders each row as its columns' SQL
 * literals (`quote()`: unambiguous for every type, BLOBs included), so a million-row table
 * is hashed without building a JavaScript array and a JSON string per row.
 */
export function tableChecksums(db: Database.Database, tables: readonly string[]): TableChecksum[] {
  return tables.map((table) => {
    const info = db.prepare(`PRAGMA table_info("${table}")`).all() as Array<{ name: string; pk: number }>;
    const column = (c: { name: string }) => `"${c.name.replaceAll('"', '""')}"`;
    // A key orders rows uniquely; walking it avoids sorting the whole table on every column.
    const key = info.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk);
    const order = (key.length > 0 ? key : info).map(column).join(', ');
    const row = info.map((c) => `quote(${column(c)})`).join(` || ',' || `);
    const sha = createHash('sha256');
    let rows = 0;
    let chunk = '';
    for (const line of db.prepare(`SELECT ${row} FROM "${table}" ORDER BY ${order}`).pluck(true).iterate() as Iterable<string>) {
      chunk += `${line}\n`;
      rows += 1;
      if (chunk.length >= 65_536) {
        sha.update(chunk);
        chunk = '';
      }
    }
    sha.update(chunk);
    return { table, rows, checksum: sha.digest('hex') };
  });
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
const REBUILD_BATCH = 5_000;
/**
 * How far the stored checkpoint of a projection with `categories` may trail its in-memory one
 * while only events of other categories pass: their batches change no row, so writing a
 * transaction for each (six of eight projections on every task command) is pure cost. After a
 * crash the projection re-reads at most this many events, and ignores them again.
 */
const LAZY_CHECKPOINT_EVENTS = 10_000;

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
  /** The checkpoint as written in `_projection`; trails `_checkpoint` only over irrelevant events. */
  private storedCheckpoint: number | null = null;
  private _error: ProjectionFailure | null = null;
  private waiters: Array<{ position: number; resolve: (ok: boolean) => void; timer: NodeJS.Timeout }> = [];
  private _rebuild: RebuildStatus | null = null;
  /** Prepared once per connection (a swap replaces the connection). */
  private writer: BatchWriter | null = null;

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
    const cp = this._db.prepare('SELECT checkpoint, checkpoint_time FROM _projection WHERE name = ?').get(projection.name) as { checkpoint: number | null; checkpoint_time: string | null };
    this._checkpoint = cp.checkpoint;
    this._checkpointTime = cp.checkpoint_time;
    this.storedCheckpoint = cp.checkpoint;
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
      rebuild: this._rebuild ? { ...this._rebuild } : null,
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

  /**
   * Rebuilds the read model from the first event into a fresh SQLite file while the live one
   * keeps serving. Once the fresh one has caught up with the head, the live one is paused
   * (reads still served), the fresh one is brought to exactly the live checkpoint, and the
   * checksums of {@link Projection.tables} are compared: equal, the fresh file replaces the
   * live one and following resumes from its checkpoint; different, the fresh file is dropped
   * and the differences are reported. A live projection that had stopped on an event is not
   * compared (it cannot reach the same position): the rebuild replaces it if it gets past
   * that event. Progress and outcome are in `info().rebuild`.
   */
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
    const freshFile = `${this.file}.rebuild`;
    removeDbFiles(freshFile);
    const fresh = openReadModelDb(freshFile);
    const finish = (state: RebuildStatus['state'], error: string | null = null): RebuildStatus => {
      status.state = state;
      status.error = error;
      status.finishedAt = new Date().toISOString();
      if (fresh.open) fresh.close();
      if (state !== 'swapped') removeDbFiles(freshFile);
      return { ...status };
    };
    let paused = false;
    const wasStopped = this._status === 'stopped';
    try {
      // Nothing is lost on a crash mid-rebuild: the file is thrown away and redone.
      fresh.pragma('synchronous = OFF');
      this.projection.migrate(fresh);
      fresh
        .prepare('INSERT INTO _projection(name, version, checkpoint, checkpoint_time, updated_at) VALUES (?, ?, NULL, NULL, ?)')
        .run(this.projection.name, this.projection.version, new Date().toISOString());
      status.target = await this.store.headPosition();
      const deferred = this.projection.deferIndexesOnRebuild ? dropSecondaryIndexes(fresh, this.projection.tables) : [];
      const bulkFailure = await this.applyFresh(fresh, status, status.target ?? 0);
      if (bulkFailure) return finish('failed', bulkFailure);
      for (const sql of deferred) fresh.exec(sql);

      if (!wasStopped) {
        if (status.position !== null) await this.waitFor(status.position, 60_000);
        // Freeze the live read model so both can be compared at one position; it keeps serving reads.
        await this.pause();
        paused = true;
        if (this._status === 'stopped') return finish('failed', `live projection stopped during the rebuild: ${this._error?.message ?? ''}`);
        if ((this._checkpoint ?? 0) < (status.position ?? 0)) {
          return finish('failed', `live projection is at ${this._checkpoint ?? 'the start'}, behind the rebuilt ${status.position}; retry when it has caught up`);
        }
        const tail = await this.applyFresh(fresh, status, this._checkpoint ?? 0);
        if (tail) return finish('failed', tail);
        status.compared = true;
        status.comparedAt = status.position;
        const live = tableChecksums(this._db, this.projection.tables);
        status.tables = tableChecksums(fresh, this.projection.tables);
        status.differences = status.tables.flatMap((rebuilt, i) => {
          const l = live[i]!;
          return l.checksum === rebuilt.checksum
            ? []
            : [{ table: rebuilt.table, live: { rows: l.rows, checksum: l.checksum }, rebuilt: { rows: rebuilt.rows, checksum: rebuilt.checksum } }];
        });
        if (status.differences.length > 0) return finish('mismatch');
      } else {
        await this.stop();
        status.tables = tableChecksums(fresh, this.projection.tables);
      }
      this.swapIn(fresh, freshFile);
      return finish('swapped');
    } catch (e) {
      return finish('failed', (e as Error)?.message ?? String(e));
    } finally {
      if ((paused || wasStopped) && this._db.open) this.resume();
    }
  }

  /** Applies events after the fresh file's checkpoint up to `upTo` in large transactions; returns a failure message. */
  private async applyFresh(fresh: Database.Database, status: RebuildStatus, upTo: number): Promise<string | null> {
    const writer = batchWriter(fresh, this.projection);
    const commit = (events: RecordedEvent[]) => {
      writer.commit(events);
      status.applied += events.length;
      status.position = events[events.length - 1]!.position;
    };
    const apply = (events: RecordedEvent[]): string | null => {
      if (events.length === 0) return null;
      try {
        commit(events);
        return null;
      } catch {
        for (const event of events) {
          try {
            commit([event]);
          } catch (e) {
            return `event at position ${event.position} (${event.stream}@${event.revision} ${event.type}): ${(e as Error)?.message ?? String(e)}`;
          }
        }
        return null;
      }
    };
    if ((status.position ?? 0) >= upTo) return null;
    let batch: RecordedEvent[] = [];
    for await (const event of this.store.readAll(status.position === null ? {} : { fromPosition: status.position })) {
      if (event.position > upTo) break;
      batch.push(event);
      if (batch.length >= REBUILD_BATCH) {
        const failure = apply(batch);
        if (failure) return failure;
        batch = [];
      }
    }
    return apply(batch);
  }

  /** Replaces the live file by the fresh one; synchronous, so no query ever sees a closed database. */
  private swapIn(fresh: Database.Database, freshFile: string): void {
    fresh.pragma('synchronous = NORMAL');
    fresh.pragma('wal_checkpoint(TRUNCATE)');
    fresh.close();
    this._db.close();
    removeDbFiles(this.file);
    renameSync(freshFile, this.file);
    removeDbFiles(freshFile);
    this._db = openReadModelDb(this.file);
    const cp = this._db.prepare('SELECT checkpoint, checkpoint_time FROM _projection WHERE name = ?').get(this.projection.name) as
      | { checkpoint: number | null; checkpoint_time: string | null }
      | undefined;
    this._checkpoint = cp?.checkpoint ?? null;
    this._checkpointTime = cp?.checkpoint_time ?? null;
    this.storedCheckpoint = this._checkpoint;
    this._error = null;
    if (this._status === 'stopped') this._status = 'closed';
  }

  /** Stops following without changing the reported status (a pause during a rebuild). */
  private async pause(): Promise<void> {
    const sub = this.subscription;
    this.subscription = null;
    await sub?.close();
    await this.loop;
    this.loop = null;
  }

  /** Follows again after {@link pause} or a swap, keeping `live` if it was live. */
  private resume(): void {
    const status = this._status;
    if (this.loop) return;
    this.start();
    if (status === 'live') this._status = 'live';
  }

  /** Stops following; the checkpoint stays where the last batch committed. */
  async stop(): Promise<void> {
    const sub = this.subscription;
    this.subscription = null;
    await sub?.close();
    await this.loop;
    this.loop = null;
    this.storeCheckpoint();
    if (this._status !== 'stopped') this._status = 'closed';
  }

  /** Writes an in-memory checkpoint that only irrelevant events advanced, so a restart skips them. */
  private storeCheckpoint(): void {
    if (this._checkpoint === this.storedCheckpoint || this._checkpoint === null || !this._db.open) return;
    this._db
      .prepare('UPDATE _projection SET checkpoint = ?, checkpoint_time = ?, updated_at = ? WHERE name = ?')
      .run(this._checkpoint, this._checkpointTime, new Date().toISOString(), this.projection.name);
    this.storedCheckpoint = this._checkpoint;
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
      // While events are buffered, wait for more only until the event loop turns: a backlog
      // arrives within microtasks and is applied in large transactions, a live event at once.
      const next = buffer.length === 0 ? await pending : await settledOrIdle(pending);
      if (next === IDLE) {
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
        // A backlog is read and applied entirely in microtasks: without a turn of the event
        // loop per batch, a long catch-up would starve the process's timers, I/O and requests.
        await new Promise<void>((resolve) => setImmediate(resolve));
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
    if (this.onlyIrrelevant(events) && last.position - (this.storedCheckpoint ?? 0) < LAZY_CHECKPOINT_EVENTS) {
      this._checkpoint = last.position;
      this._checkpointTime = last.created;
      this.resolveWaiters();
      return;
    }
    if (this.writer?.db !== this._db) this.writer = batchWriter(this._db, this.projection);
    this.writer.commit(events);
    this._checkpoint = last.position;
    this._checkpointTime = last.created;
    this.storedCheckpoint = last.position;
    this.resolveWaiters();
  }

  /** True when the projection declares its categories and no event of the batch is in one. */
  private onlyIrrelevant(events: RecordedEvent[]): boolean {
    const categories = this.projection.categories;
    if (!categories) return false;
    for (const e of events) if (categories.includes(streamCategory(e.stream))) return false;
    return true;
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

/** Applies batches of events to one connection, each in one transaction with its checkpoint. */
interface BatchWriter {
  readonly db: Database.Database;
  commit(events: RecordedEvent[]): void;
}

function batchWriter(db: Database.Database, projection: Projection): BatchWriter {
  const setCheckpoint = db.prepare('UPDATE _projection SET checkpoint = ?, checkpoint_time = ?, updated_at = ? WHERE name = ?');
  const transaction = db.transaction((events: RecordedEvent[]) => {
    for (const event of events) projection.apply(db, event);
    projection.flush?.(db);
    const last = events[events.length - 1]!;
    setCheckpoint.run(last.position, last.created, new Date().toISOString(), projection.name);
  });
  return {
    db,
    commit(events) {
      try {
        transaction(events);
      } catch (e) {
        // The rows are rolled back; what the projection held for them must go too, or the
        // event-by-event retry would start from states that were never written.
        projection.discard?.(db);
        throw e;
      }
    },
  };
}

/**
 * Drops the non-unique indexes of `tables` and returns the statements that recreate them.
 * Unique ones stay: they are constraints the projection's writes may rely on.
 */
function dropSecondaryIndexes(db: Database.Database, tables: readonly string[]): string[] {
  const indexes = db
    .prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (${tables.map(() => '?').join(', ')})`)
    .all(...tables) as Array<{ name: string; sql: string }>;
  const dropped: string[] = [];
  for (const { name, sql } of indexes) {
    if (/^\s*CREATE\s+UNIQUE\b/i.test(sql)) continue;
    db.exec(`DROP INDEX "${name}"`);
    dropped.push(sql);
  }
  return dropped;
}

function removeDbFiles(file: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${file}${suffix}`, { force: true });
}

const IDLE = Symbol('idle');

/**
 * `pending`'s outcome, or {@link IDLE} if the event loop turns first. The immediate is cleared
 * as soon as `pending` settles: left armed, each one would stay queued, keeping the settled
 * item (the event) reachable, until the event loop next turns, which during a catch-up that
 * never leaves the microtask queue is only once it is live: heap grew with the backlog.
 */
function settledOrIdle<T>(pending: Promise<T>): Promise<T | typeof IDLE> {
  return new Promise((resolve, reject) => {
    const idle = setImmediate(resolve, IDLE);
    pending.then(
      (value) => {
        clearImmediate(idle);
        resolve(value);
      },
      (error: unknown) => {
        clearImmediate(idle);
        reject(error as Error);
      },
    );
  });
}
