import type Database from 'better-sqlite3';
import type { RecordedEvent } from '#event-store';

/**
 * A read-model projection. The runner calls `apply` inside one SQLite transaction together
 * with the checkpoint update, so a row is never written without its checkpoint (exactly-once).
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
  /** Names of the tables this projection owns, for checksums when comparing rebuilds. */
  readonly tables: readonly string[];
}
