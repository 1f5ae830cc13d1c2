import type Database from 'better-sqlite3';
import type { RecordedEvent } from '#event-store';
import type { Projection } from '../projection.js';

/** How to keep one table of aggregate documents, each the fold of its stream. */
export interface AggregateDocumentOptions<S> {
  name: string;
  version: number;
  /** Streams of this aggregate are `<category>-<id>`. */
  category: string;
  /** Table holding one row per aggregate. */
  table: string;
  initialState(): S;
  /** The domain's own `evolve`: the document is exactly the state the decider sees. */
  evolve(state: S, event: { type: string; data: unknown }): S;
  /** Extra indexed columns (name → SQL type), filled from the state by {@link toColumns}. */
  columns: Record<string, string>;
  toColumns(state: S): Record<string, string | number | null>;
  /** Extra DDL (indexes, side tables). */
  migrate?(db: Database.Database): void;
  /** Side effects on other tables of the same projection, in the same transaction. */
  afterApply?(db: Database.Database, id: string, state: S, event: RecordedEvent): void;
  /** Side tables owned by this projection, for rebuild checksums. */
  sideTables?: string[];
}

/**
 * A projection whose rows are aggregate states folded with the domain's own `evolve`, plus
 * columns for filtering. Reads and audit replays therefore never disagree with the decider.
 */
export function aggregateDocumentProjection<S>(options: AggregateDocumentOptions<S>): Projection {
  const prefix = `${options.category}-`;
  const cols = Object.keys(options.columns);
  const statements = new WeakMap<Database.Database, { get: Database.Statement; put: Database.Statement }>();
  const prepared = (db: Database.Database) => {
    let s = statements.get(db);
    if (!s) {
      s = {
        get: db.prepare(`SELECT doc FROM "${options.table}" WHERE id = ?`),
        put: db.prepare(
          `INSERT INTO "${options.table}" (id, revision, doc${cols.map((c) => `, "${c}"`).join('')})
           VALUES (@id, @revision, @doc${cols.map((c) => `, @${c}`).join('')})
           ON CONFLICT(id) DO UPDATE SET revision = excluded.revision, doc = excluded.doc${cols.map((c) => `, "${c}" = excluded."${c}"`).join('')}`,
        ),
      };
      statements.set(db, s);
    }
    return s;
  };
  return {
    name: options.name,
    version: options.version,
    tables: [options.table, ...(options.sideTables ?? [])],
    migrate(db) {
      db.exec(
        `CREATE TABLE IF NOT EXISTS "${options.table}" (id TEXT PRIMARY KEY, revision INTEGER NOT NULL, doc TEXT NOT NULL${cols
          .map((c) => `, "${c}" ${options.columns[c]}`)
          .join('')})`,
      );
      options.migrate?.(db);
    },
    apply(db, event) {
      if (!event.stream.startsWith(prefix)) return;
      const id = event.stream.slice(prefix.length);
      const { get, put } = prepared(db);
      const row = get.get(id) as { doc: string } | undefined;
      const before = row ? (JSON.parse(row.doc) as S) : options.initialState();
      const state = options.evolve(before, { type: event.type, data: event.data });
      put.run({ id, revision: event.revision, doc: JSON.stringify(state), ...options.toColumns(state) });
      options.afterApply?.(db, id, state, event);
    },
  };
}

/** Reads one document with its revision, or null. */
export function readDocument<S>(db: Database.Database, table: string, id: string): { state: S; revision: number } | null {
  const row = db.prepare(`SELECT doc, revision FROM "${table}" WHERE id = ?`).get(id) as { doc: string; revision: number } | undefined;
  return row ? { state: JSON.parse(row.doc) as S, revision: row.revision } : null;
}
