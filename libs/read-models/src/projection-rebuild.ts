import { createHash } from 'node:crypto';
import { renameSync } from 'node:fs';
import type Database from 'better-sqlite3';
import type { EventStore, RecordedEvent } from '#event-store';
import type { Projection } from './projection.js';
import { checkpointWriter, openReadModelDb, removeDbFiles } from './subscriber/read-model-db.js';
import type { SubscriberFailure, SubscriberStatus } from './subscriber/checkpointed-subscriber.js';

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

/** Progress and outcome of a rebuild ({@link rebuildProjection}). */
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

/** What a rebuild needs of the live projection it may replace. */
export interface RebuildTarget {
  readonly store: EventStore;
  readonly projection: Projection;
  readonly file: string;
  /** The live read model's connection. */
  readonly db: Database.Database;
  readonly status: SubscriberStatus;
  readonly failure: SubscriberFailure | null;
  readonly checkpoint: number | null;
  waitFor(position: number, timeoutMs: number): Promise<boolean>;
  /** Stops following, keeping reads served and the status as it is. */
  pause(): Promise<void>;
  /** Follows again after {@link pause} or {@link swapIn}. */
  resume(): void;
  /** Stops following for good (a stopped live projection being replaced). */
  stop(): Promise<void>;
  /** Serves `file` (now holding the rebuilt tables) instead of the live connection. */
  swapIn(open: () => Database.Database): void;
}

const REBUILD_BATCH = 5_000;

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

/**
 * Rebuilds the read model from the first event into a fresh SQLite file while the live one
 * keeps serving. Once the fresh one has caught up with the head, the live one is paused
 * (reads still served), the fresh one is brought to exactly the live checkpoint, and the
 * checksums of {@link Projection.tables} are compared: equal, the fresh file replaces the
 * live one and following resumes from its checkpoint; different, the fresh file is dropped
 * and the differences are reported (compare-and-swap). A live projection that had stopped on
 * an event is not compared (it cannot reach the same position): the rebuild replaces it if it
 * gets past that event. `status` is updated as the rebuild progresses.
 */
export async function rebuildProjection(live: RebuildTarget, status: RebuildStatus): Promise<RebuildStatus> {
  const { projection } = live;
  const freshFile = `${live.file}.rebuild`;
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
  const wasStopped = live.status === 'stopped';
  try {
    // Nothing is lost on a crash mid-rebuild: the file is thrown away and redone.
    fresh.pragma('synchronous = OFF');
    projection.migrate(fresh);
    fresh
      .prepare('INSERT INTO _projection(name, version, checkpoint, checkpoint_time, updated_at) VALUES (?, ?, NULL, NULL, ?)')
      .run(projection.name, projection.version, new Date().toISOString());
    status.target = await live.store.headPosition();
    const deferred = projection.deferIndexesOnRebuild ? dropSecondaryIndexes(fresh, projection.tables) : [];
    const bulkFailure = await applyFresh(live.store, projection, fresh, status, status.target ?? 0);
    if (bulkFailure) return finish('failed', bulkFailure);
    for (const sql of deferred) fresh.exec(sql);

    if (!wasStopped) {
      if (status.position !== null) await live.waitFor(status.position, 60_000);
      // Freeze the live read model so both can be compared at one position; it keeps serving reads.
      await live.pause();
      paused = true;
      if ((live.status as SubscriberStatus) === 'stopped')
        return finish('failed', `live projection stopped during the rebuild: ${live.failure?.message ?? ''}`);
      if ((live.checkpoint ?? 0) < (status.position ?? 0)) {
        return finish(
          'failed',
          `live projection is at ${live.checkpoint ?? 'the start'}, behind the rebuilt ${status.position}; retry when it has caught up`,
        );
      }
      const tail = await applyFresh(live.store, projection, fresh, status, live.checkpoint ?? 0);
      if (tail) return finish('failed', tail);
      status.compared = true;
      status.comparedAt = status.position;
      const liveTables = tableChecksums(live.db, projection.tables);
      status.tables = tableChecksums(fresh, projection.tables);
      status.differences = status.tables.flatMap((rebuilt, i) => {
        const l = liveTables[i]!;
        return l.checksum === rebuilt.checksum
          ? []
          : [
              {
                table: rebuilt.table,
                live: { rows: l.rows, checksum: l.checksum },
                rebuilt: { rows: rebuilt.rows, checksum: rebuilt.checksum },
              },
            ];
      });
      if (status.differences.length > 0) return finish('mismatch');
    } else {
      await live.stop();
      status.tables = tableChecksums(fresh, projection.tables);
    }
    // Synchronous from here, so no query ever sees a closed database.
    fresh.pragma('synchronous = NORMAL');
    fresh.pragma('wal_checkpoint(TRUNCATE)');
    fresh.close();
    live.swapIn(() => {
      removeDbFiles(live.file);
      renameSync(freshFile, live.file);
      removeDbFiles(freshFile);
      return openReadModelDb(live.file);
    });
    return finish('swapped');
  } catch (e) {
    return finish('failed', (e as Error)?.message ?? String(e));
  } finally {
    if ((paused || wasStopped) && live.db.open) live.resume();
  }
}

/** Applies events after the fresh file's checkpoint up to `upTo` in large transactions; returns a failure message. */
async function applyFresh(
  store: EventStore,
  projection: Projection,
  fresh: Database.Database,
  status: RebuildStatus,
  upTo: number,
): Promise<string | null> {
  const writer = batchWriter(fresh, projection);
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
          return (
            `event at position ${event.position} (${event.stream}@${event.revision} ${event.type}): ` +
            `${(e as Error)?.message ?? String(e)}`
          );
        }
      }
      return null;
    }
  };
  if ((status.position ?? 0) >= upTo) return null;
  let batch: RecordedEvent[] = [];
  for await (const event of store.readAll(status.position === null ? {} : { fromPosition: status.position })) {
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

/** Applies batches of events to one connection, each in one transaction with its checkpoint. */
export interface BatchWriter {
  readonly db: Database.Database;
  commit(events: readonly RecordedEvent[]): void;
}

/** The exactly-once writer: a batch's rows and its checkpoint commit in one SQLite transaction. */
export function batchWriter(db: Database.Database, projection: Projection): BatchWriter {
  const setCheckpoint = checkpointWriter(db, projection.name);
  const transaction = db.transaction((events: readonly RecordedEvent[]) => {
    for (const event of events) projection.apply(db, event);
    projection.flush?.(db);
    const last = events[events.length - 1]!;
    setCheckpoint(last.position, last.created);
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
    .prepare(
      `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (${tables.map(() => '?').join(', ')})`,
    )
    .all(...tables) as Array<{ name: string; sql: string }>;
  const dropped: string[] = [];
  for (const { name, sql } of indexes) {
    if (/^\s*CREATE\s+UNIQUE\b/i.test(sql)) continue;
    db.exec(`DROP INDEX "${name}"`);
    dropped.push(sql);
  }
  return dropped;
}
