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
  /**
   * Set when no {@link afterApply} looks rows up through a non-unique index (the documents
   * themselves are found by primary key): see {@link Projection.deferIndexesOnRebuild}.
   */
  deferIndexesOnRebuild?: boolean;
}

interface CachedDocument<S> {
  state: S;
  revision: number;
  /** Folded in this batch and not yet written. */
  dirty: boolean;
}

interface DocumentWriter<S> {
  get: Database.Statement<[string], { doc: string; revision: number }>;
  put: Database.Statement<unknown[]>;
  /** The documents touched by the running batch (its transaction), by aggregate id. */
  batch: Map<string, CachedDocument<S>>;
}

/**
 * A projection whose rows are aggregate states folded with the domain's own `evolve`, plus
 * columns for filtering. Reads and audit replays therefore never disagree with the decider.
 *
 * Within one batch of the runner (one transaction) each aggregate's state is kept in memory
 * and its row written once, in {@link Projection.flush}: a batch that holds ten events of one
 * task parses its document once and serialises it once instead of ten times. The side effects
 * of {@link AggregateDocumentOptions.afterApply} still run per event, so they must not read
 * the document table itself.
 */
export function aggregateDocumentProjection<S>(options: AggregateDocumentOptions<S>): Projection {
  const prefix = `${options.category}-`;
  const cols = Object.keys(options.columns);
  const writers = new WeakMap<Database.Database, DocumentWriter<S>>();
  const writer = (db: Database.Database): DocumentWriter<S> => {
    let w = writers.get(db);
    if (!w) {
      w = {
        get: db.prepare<[string], { doc: string; revision: number }>(`SELECT doc, revision FROM "${options.table}" WHERE id = ?`),
        put: db.prepare<unknown[]>(
          `INSERT INTO "${options.table}" (id, revision, doc${cols.map((c) => `, "${c}"`).join('')})
           VALUES (?, ?, ?${', ?'.repeat(cols.length)})
           ON CONFLICT(id) DO UPDATE SET revision = excluded.revision, doc = excluded.doc${cols.map((c) => `, "${c}" = excluded."${c}"`).join('')}`,
        ),
        batch: new Map(),
      };
      writers.set(db, w);
    }
    return w;
  };
  return {
    name: options.name,
    version: options.version,
    tables: [options.table, ...(options.sideTables ?? [])],
    categories: [options.category],
    deferIndexesOnRebuild: options.deferIndexesOnRebuild ?? false,
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
      const { get, batch } = writer(db);
      let doc = batch.get(id);
      if (!doc) {
        const row = get.get(id);
        doc = row
          ? { state: JSON.parse(row.doc) as S, revision: row.revision, dirty: false }
          : { state: options.initialState(), revision: -1, dirty: false };
        batch.set(id, doc);
      }
      // An event the row already holds (a replay over the same tables, a second runner on the
      // same file) must not be folded twice: revisions only grow within a stream.
      if (doc.revision >= event.revision) return;
      doc.state = options.evolve(doc.state, { type: event.type, data: event.data });
      doc.revision = event.revision;
      doc.dirty = true;
      options.afterApply?.(db, id, doc.state, event);
    },
    flush(db) {
      const { put, batch } = writer(db);
      for (const [id, doc] of batch) {
        if (!doc.dirty) continue;
        const columns = options.toColumns(doc.state);
        put.run(id, doc.revision, JSON.stringify(doc.state), ...cols.map((c) => columns[c] ?? null));
      }
      batch.clear();
    },
    discard(db) {
      writers.get(db)?.batch.clear();
    },
  };
}

const documentReads = new WeakMap<Database.Database, Map<string, Database.Statement>>();

/** Reads one document with its revision, or null. */
export function readDocument<S>(db: Database.Database, table: string, id: string): { state: S; revision: number } | null {
  // Compiled once per connection and table: preparing costs more than the lookup itself.
  let byTable = documentReads.get(db);
  if (!byTable) documentReads.set(db, (byTable = new Map()));
  let read = byTable.get(table);
  if (!read) byTable.set(table, (read = db.prepare(`SELECT doc, revision FROM "${table}" WHERE id = ?`)));
  const row = read.get(id) as { doc: string; revision: number } | undefined;
  return row ? { state: JSON.parse(row.doc) as S, revision: row.revision } : null;
}
