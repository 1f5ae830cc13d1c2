import Database from 'better-sqlite3';
import { StreamNotFound } from '../event-store.errors.js';
import type {
  AllSubscription,
  AppendOptions,
  AppendResult,
  EventData,
  EventStore,
  ExpectedRevision,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  StoreCommits,
  SubscribeToAllOptions,
  SubscriptionItem,
} from '../event-store.port.js';
import { resilientSubscription } from '../resilient-subscription.js';
import { appendInTransaction, prepareAppendStatements } from './sqlite-append.js';
import { retryWhileBusy } from './sqlite-busy.js';
import { COLUMNS, RETRYABLE_CODES, SCHEMA, VISIBLE, sqliteCode, toEvent, unavailableOr, type Row } from './sqlite-rows.js';

/** Options of {@link SqliteEventStore.open}. */
export interface SqliteEventStoreOptions {
  /** Database file; created with its schema when missing. */
  path: string;
  /** `FULL` (default) fsyncs every commit; `NORMAL` may lose the last commits on power loss, never corrupts. */
  synchronous?: 'FULL' | 'NORMAL';
  /** How often a live subscription checks for commits made by other processes. Default 50 ms. */
  pollIntervalMs?: number;
  /** How long a writer waits for another process's write lock before failing. Default 5,000 ms. */
  busyTimeoutMs?: number;
  /** Events fetched per query by reads and subscriptions. Default 1,000. */
  pageSize?: number;
}

interface Waiter {
  dataVersion: number;
  resolve: () => void;
}

/** An append waiting for the next group commit. */
interface PendingAppend {
  stream: string;
  events: EventData[];
  expected: ExpectedRevision;
  outcome: { ok: true; result: AppendResult } | { ok: false; error: unknown } | null;
  resolve: (result: AppendResult) => void;
  reject: (error: unknown) => void;
}

interface ChangeSnapshot {
  appendSeq: number;
  dataVersion: number;
}

/**
 * The embedded event store: one SQLite file (WAL) that several processes on one machine may
 * open at once (API and worker). Appends are serialised by SQLite's write lock; positions are
 * the table's rowid, so they follow commit order. Live subscriptions are woken at once by
 * appends through this instance and notice other processes' commits by polling
 * `PRAGMA data_version`.
 */
export class SqliteEventStore implements EventStore {
  private readonly db: Database.Database;
  private readonly pageSize: number;
  private readonly pollIntervalMs: number;
  private readonly statements;
  private readonly groupTx: (batch: PendingAppend[]) => void;
  /** Appends made in this turn of the event loop, committed together by {@link flushAppends}. */
  private pendingAppends: PendingAppend[] = [];
  private readonly waiters = new Set<Waiter>();
  private readonly subscriptions = new Set<AllSubscription>();
  private pollTimer: NodeJS.Timeout | null = null;
  /** The last page read by a subscription, with the commit state it was read in. */
  private tailPage: { after: number; appendSeq: number; dataVersion: number; events: RecordedEvent[] } | null = null;
  /** Bumped on every commit through this instance; PRAGMA data_version does not see our own. */
  private appendSeq = 0;
  private closed = false;
  private readonly commits: StoreCommits = { commits: 0, appends: 0, seconds: 0 };

  /** Opens (creating if needed) the store file. */
  static open(options: SqliteEventStoreOptions): SqliteEventStore {
    return new SqliteEventStore(options);
  }

  constructor(options: SqliteEventStoreOptions) {
    this.pageSize = options.pageSize ?? 1_000;
    this.pollIntervalMs = options.pollIntervalMs ?? 50;
    this.db = new Database(options.path, { timeout: options.busyTimeoutMs ?? 5_000 });
    try {
      retryWhileBusy(() => {
        this.db.pragma('journal_mode = WAL');
        this.db.pragma(`synchronous = ${options.synchronous ?? 'FULL'}`);
        this.db.exec(SCHEMA);
      });
    } catch (error) {
      this.db.close();
      throw error;
    }
    const db = this.db;
    this.statements = {
      ...prepareAppendStatements(db),
      streamForwards: db
        .prepare<[string, number, number], Row>(
          `SELECT ${COLUMNS} FROM events WHERE stream = ? AND revision >= ? ORDER BY revision LIMIT ?`,
        )
        .raw(true),
      streamBackwards: db
        .prepare<[string, number, number], Row>(
          `SELECT ${COLUMNS} FROM events WHERE stream = ? AND revision <= ? ORDER BY revision DESC LIMIT ?`,
        )
        .raw(true),
      allForwards: db
        .prepare<[number, number], Row>(`SELECT ${COLUMNS} FROM events WHERE position > ? AND ${VISIBLE} ORDER BY position LIMIT ?`)
        .raw(true),
      allBackwards: db
        .prepare<[number, number], Row>(`SELECT ${COLUMNS} FROM events WHERE position < ? AND ${VISIBLE} ORDER BY position DESC LIMIT ?`)
        .raw(true),
      head: db.prepare<[], number>(`SELECT position FROM events WHERE ${VISIBLE} ORDER BY position DESC LIMIT 1`).pluck(true),
      dataVersion: db.prepare<[], number>('PRAGMA data_version').pluck(true),
      ping: db.prepare('SELECT 1').pluck(true),
    };
    // Called inside the group's transaction, better-sqlite3 runs it in a SAVEPOINT: a refused
    // append (wrong revision, duplicate id) rolls back alone and the others still commit.
    const appendOne = db.transaction((stream: string, events: EventData[], expected: ExpectedRevision) =>
      appendInTransaction(this.statements, stream, events, expected),
    );
    this.groupTx = db.transaction((batch: PendingAppend[]) => {
      for (const append of batch) {
        try {
          append.outcome = { ok: true, result: appendOne(append.stream, append.events, append.expected) };
        } catch (error) {
          append.outcome = { ok: false, error: unavailableOr(error) };
        }
      }
    }).immediate;
  }

  async appendToStream(stream: string, events: EventData[], options: AppendOptions = {}): Promise<AppendResult> {
    const expected = options.expectedRevision ?? 'any';
    if (typeof expected === 'number' && (!Number.isInteger(expected) || expected < 0)) {
      throw new RangeError(`expectedRevision must be a non-negative integer, 'any', 'no_stream' or 'stream_exists'; got ${expected}`);
    }
    return new Promise<AppendResult>((resolve, reject) => {
      this.pendingAppends.push({ stream, events, expected, outcome: null, resolve, reject });
      if (this.pendingAppends.length === 1) setImmediate(() => this.flushAppends());
    });
  }

  /**
   * Group commit: every append requested in one turn of the event loop (concurrent commands)
   * is checked and inserted in one IMMEDIATE transaction, so they share one fsync instead of
   * paying one each. IMMEDIATE takes the write lock up front, so a revision check and its
   * insert cannot interleave with another process's append. Each caller is answered only once
   * the whole group is durable; if the commit itself fails, every append of the group fails.
   */
  private flushAppends(): void {
    const batch = this.pendingAppends;
    this.pendingAppends = [];
    if (batch.length === 0) return;
    const started = performance.now();
    try {
      this.groupTx(batch);
      this.commits.seconds += (performance.now() - started) / 1000;
      this.commits.commits += 1;
      this.commits.appends += batch.length;
    } catch (error) {
      // A failed COMMIT (disk full) rolls the whole group back: every append of it failed.
      const failure = unavailableOr(error);
      for (const append of batch) append.reject(failure);
      return;
    }
    if (batch.some((a) => a.outcome?.ok && a.events.length > 0)) this.notifyAppended();
    for (const append of batch) {
      const outcome = append.outcome!;
      if (outcome.ok) append.resolve(outcome.result);
      else append.reject(outcome.error);
    }
  }

  /** Group commits made through this instance since it opened. */
  commitStats(): StoreCommits {
    return { ...this.commits };
  }

  async *readStream(stream: string, options: ReadStreamOptions = {}): AsyncIterable<RecordedEvent> {
    const backwards = options.direction === 'backwards';
    let remaining = options.maxCount ?? Infinity;
    let from = options.fromRevision ?? (backwards ? Number.MAX_SAFE_INTEGER : 0);
    let first = true;
    while (remaining > 0) {
      const limit = Math.min(this.pageSize, remaining);
      const rows = backwards
        ? this.statements.streamBackwards.all(stream, from, limit)
        : this.statements.streamForwards.all(stream, from, limit);
      if (first && rows.length === 0 && this.statements.streamTip.get(stream) === undefined) {
        throw new StreamNotFound(stream);
      }
      first = false;
      for (const row of rows) yield toEvent(row);
      remaining -= rows.length;
      if (rows.length < limit) return;
      from = backwards ? rows[rows.length - 1]![2] - 1 : rows[rows.length - 1]![2] + 1;
    }
  }

  async *readAll(options: ReadAllOptions = {}): AsyncIterable<RecordedEvent> {
    const backwards = options.direction === 'backwards';
    let remaining = options.maxCount ?? Infinity;
    let from = options.fromPosition ?? (backwards ? Number.MAX_SAFE_INTEGER : -1);
    while (remaining > 0) {
      const limit = Math.min(this.pageSize, remaining);
      const rows = backwards ? this.statements.allBackwards.all(from, limit) : this.statements.allForwards.all(from, limit);
      for (const row of rows) yield toEvent(row);
      remaining -= rows.length;
      if (rows.length < limit) return;
      from = rows[rows.length - 1]![0];
    }
  }

  /**
   * Catch-up subscription to all (non-system) events: pages through the backlog, yields
   * `caught_up` once (with the last delivered position, or the start position), then waits
   * for new commits. A failing read (SQLITE_BUSY, I/O error) is retried from the last
   * delivered position with backoff.
   */
  subscribeToAll(options: SubscribeToAllOptions = {}): AllSubscription {
    const subscription = resilientSubscription((from) => this.openSubscription(from), {
      fromPosition: options.fromPosition,
      isRetryable: (error) => !this.closed && RETRYABLE_CODES.test(sqliteCode(error) ?? ''),
    });
    const tracked: AllSubscription = {
      [Symbol.asyncIterator]: () => subscription[Symbol.asyncIterator](),
      close: async () => {
        this.subscriptions.delete(tracked);
        await subscription.close();
      },
    };
    this.subscriptions.add(tracked);
    return tracked;
  }

  private openSubscription(fromPosition: number | undefined): AllSubscription {
    let closed = false;
    let cancelWait: (() => void) | null = null;
    // A generator cannot be an arrow function, so the store is captured by name.
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const store = this;

    async function* iterate(): AsyncGenerator<SubscriptionItem> {
      let cursor = fromPosition;
      let caughtUp = false;
      while (!closed) {
        // Taken before the read, so a commit landing after it cannot be missed by the wait.
        const snapshot = store.changeSnapshot();
        const events = store.pageAfter(cursor ?? -1, snapshot);
        for (const event of events) {
          if (closed) return;
          cursor = event.position;
          yield { kind: 'event', event };
        }
        if (events.length === store.pageSize) continue;
        if (!caughtUp) {
          caughtUp = true;
          if (closed) return;
          yield { kind: 'caught_up', position: cursor ?? null };
        }
        if (closed) return;
        await new Promise<void>((resolve) => {
          cancelWait = store.waitForChange(snapshot, resolve);
        });
        cancelWait = null;
      }
    }

    const generator = iterate();
    return {
      [Symbol.asyncIterator]: () => generator,
      async close() {
        closed = true;
        (cancelWait as (() => void) | null)?.();
      },
    };
  }

  /**
   * The page of events after `position`, shared by every subscription of this instance: an
   * append wakes all of them (one per projection) at the same cursor, and the first reads and
   * parses the page for all. The page is valid while no commit happened (same `snapshot`), so
   * a hit returns exactly what the query would. Subscribers must treat events as read-only.
   */
  private pageAfter(position: number, snapshot: ChangeSnapshot): RecordedEvent[] {
    const cached = this.tailPage;
    if (cached && cached.after === position && cached.appendSeq === snapshot.appendSeq && cached.dataVersion === snapshot.dataVersion) {
      return cached.events;
    }
    const events = this.statements.allForwards.all(position, this.pageSize).map(toEvent);
    this.tailPage = { after: position, appendSeq: snapshot.appendSeq, dataVersion: snapshot.dataVersion, events };
    return events;
  }

  private changeSnapshot(): ChangeSnapshot {
    return { appendSeq: this.appendSeq, dataVersion: this.statements.dataVersion.get()! };
  }

  /** Resolves on the next commit after `snapshot`; returns a function that resolves it early. */
  private waitForChange(snapshot: ChangeSnapshot, resolve: () => void): () => void {
    if (this.appendSeq !== snapshot.appendSeq || this.closed) {
      resolve();
      return () => undefined;
    }
    const waiter: Waiter = { dataVersion: snapshot.dataVersion, resolve };
    this.waiters.add(waiter);
    this.ensurePolling();
    return () => {
      if (this.waiters.delete(waiter)) resolve();
      this.stopPollingIfIdle();
    };
  }

  private notifyAppended(): void {
    this.appendSeq += 1;
    this.wakeWaiters(() => true);
  }

  private wakeWaiters(shouldWake: (waiter: Waiter) => boolean): void {
    for (const waiter of this.waiters) {
      if (!shouldWake(waiter)) continue;
      this.waiters.delete(waiter);
      waiter.resolve();
    }
    this.stopPollingIfIdle();
  }

  private ensurePolling(): void {
    if (this.pollTimer) return;
    this.pollTimer = setInterval(() => {
      let version: number;
      try {
        version = this.statements.dataVersion.get()!;
      } catch {
        // Let the subscriptions re-read and meet the error themselves (and retry or stop).
        this.wakeWaiters(() => true);
        return;
      }
      this.wakeWaiters((waiter) => waiter.dataVersion !== version);
    }, this.pollIntervalMs);
  }

  private stopPollingIfIdle(): void {
    if (this.waiters.size > 0 || !this.pollTimer) return;
    clearInterval(this.pollTimer);
    this.pollTimer = null;
  }

  async headPosition(): Promise<number | null> {
    return this.statements.head.get() ?? null;
  }

  async ping(): Promise<void> {
    this.statements.ping.get();
  }

  /** Ends every open subscription, then closes the file. */
  async close(): Promise<void> {
    if (this.closed) return;
    // Appends already accepted are committed, not dropped.
    this.flushAppends();
    this.closed = true;
    await Promise.all([...this.subscriptions].map((s) => s.close()));
    this.wakeWaiters(() => true);
    this.db.close();
  }
}
