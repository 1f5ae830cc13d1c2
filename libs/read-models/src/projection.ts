import type Database from 'better-sqlite3';
import type { RecordedEvent } from '#event-store';

/**
 * A read-model projection. The runner applies events in batches: `apply` per event, then
 * `flush`, then the checkpoint update, all in one SQLite transaction, so a row is never written
 * without its checkpoint (exactly-once).
 * `apply` is synchronous on purpose: better-sqlite3 is, and a transaction must not span awaits.
 */
export interface Projection {
  /** Stable name, used in file names, `/admin/projections` and metrics. */
  readonly name: string;
  /** Bump when the schema or the fold changes: the runner then rebuilds from the start. */
  readonly version: number;
  /** Creates the projection's tables; must be idempotent (`CREATE ... IF NOT EXISTS`). */
  migrate(db: Database.Database): void;
  /**
   * Applies one event. Ignore event types the projection does not read. Throwing stops the
   * projection at this event's position (it is never skipped) and the runner reports it.
   */
  apply(db: Database.Database, event: RecordedEvent): void;
  /**
   * Called once a batch's events are applied, in the same transaction, before the checkpoint
   * is written: a projection that holds rows in memory for the batch (to write each row once)
   * writes them here. Whatever it holds must be written by the time it returns.
   */
  flush?(db: Database.Database): void;
  /** Called when a batch's transaction rolled back: forget whatever was held for it. */
  discard?(db: Database.Database): void;
  /**
   * True when the projection's non-unique indexes serve only queries, never `apply`/`flush`
   * (which then find rows by primary key or unique constraint): a rebuild loads its fresh
   * tables without them and creates them once at the end, far cheaper than maintaining every
   * index on every insert.
   */
  readonly deferIndexesOnRebuild?: boolean;
  /**
   * Stream categories (`task` for `task-<id>`) whose events change this read model; omitted
   * means every stream. A command waits (read-your-writes) only for the read models that
   * declare its stream's category; one of every stream (the audit log) is eventually
   * consistent for commands, and its reads wait for it instead.
   */
  readonly categories?: readonly string[];
  /** Names of the tables this projection owns, for checksums when comparing rebuilds. */
  readonly tables: readonly string[];
}
