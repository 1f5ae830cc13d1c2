import type Database from 'better-sqlite3';
import { parseStream } from '#domain';
import type { RecordedEvent } from '#event-store';
import type { Projection } from '../projection.js';
import type { SearchIndex } from '../search/search-index.js';

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
   * Text search over the documents: each document written is indexed with it (once per
   * batch), and the index's tables belong to this projection.
   */
  search?: SearchIndex<NonNullable<S>>;
  /**
   * Set when no {@link afterApply} looks rows up through a non-unique index (the documents
   * themselves are found by primary key): see {@link Projection.deferIndexesOnRebuild}.
   */
  deferIndexesOnRebuild?: boolean;
}

type ColumnValue = string | number | null;

interface CachedDocument<S> {
  state: S;
  revision: number;
  /** Folded in this batch and not yet written. */
  dirty: boolean;
  /** The indexed columns as the row stores them; null while the row does not exist. */
  stored: ColumnValue[] | null;
}

interface DocumentWriter<S> {
  get: Database.Statement<[string], unknown[]>;
  /** Inserts a document that has no row yet (an upsert, so a row written meanwhile is still replaced). */
  put: Database.Statement<unknown[]>;
  /** `UPDATE`s of an existing row, by the bit set of indexed columns whose value changed. */
  updates: Map<number, Database.Statement<unknown[]>>;
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
  const cols = Object.keys(options.columns);
  // The changed columns of an update are a bit set in a 31-bit integer.
  if (cols.length > 30) throw new RangeError(`${options.name}: at most 30 indexed columns, got ${cols.length}`);
  const writers = new WeakMap<Database.Database, DocumentWriter<S>>();
  const writer = (db: Database.Database): DocumentWriter<S> => {
    let w = writers.get(db);
    if (!w) {
      w = {
        get: db
          .prepare<[string], unknown[]>(`SELECT doc, revision${cols.map((c) => `, "${c}"`).join('')} FROM "${options.table}" WHERE id = ?`)
          .raw(true),
        put: db.prepare<unknown[]>(
          `INSERT INTO "${options.table}" (id, revision, doc${cols.map((c) => `, "${c}"`).join('')})
           VALUES (?, ?, ?${', ?'.repeat(cols.length)})
           ON CONFLICT(id) DO UPDATE SET revision = excluded.revision, doc =
           excluded.doc${cols.map((c) => `, "${c}" = excluded."${c}"`).join('')}`,
        ),
        updates: new Map(),
        batch: new Map(),
      };
      writers.set(db, w);
    }
    return w;
  };
  const updateStatement = (db: Database.Database, w: DocumentWriter<S>, changed: number): Database.Statement<unknown[]> => {
    let update = w.updates.get(changed);
    if (!update) {
      const set = cols
        .filter((_, i) => changed & (1 << i))
        .map((c) => `, "${c}" = ?`)
        .join('');
      update = db.prepare<unknown[]>(`UPDATE "${options.table}" SET revision = ?, doc = ?${set} WHERE id = ?`);
      w.updates.set(changed, update);
    }
    return update;
  };
  return {
    name: options.name,
    version: options.version,
    tables: [options.table, ...(options.sideTables ?? []), ...(options.search?.tables ?? [])],
    categories: [options.category],
    deferIndexesOnRebuild: options.deferIndexesOnRebuild ?? false,
    migrate(db) {
      db.exec(
        `CREATE TABLE IF NOT EXISTS "${options.table}" (id TEXT PRIMARY KEY, revision INTEGER NOT NULL, doc TEXT NOT NULL${cols
          .map((c) => `, "${c}" ${options.columns[c]}`)
          .join('')})`,
      );
      options.search?.migrate(db);
      options.migrate?.(db);
    },
    apply(db, event) {
      const { category, id } = parseStream(event.stream);
      if (category !== options.category) return;
      const { get, batch } = writer(db);
      let doc = batch.get(id);
      if (!doc) {
        const row = get.get(id);
        doc = row
          ? { state: JSON.parse(row[0] as string) as S, revision: row[1] as number, dirty: false, stored: row.slice(2) as ColumnValue[] }
          : { state: options.initialState(), revision: -1, dirty: false, stored: null };
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
      const w = writer(db);
      for (const [id, doc] of w.batch) {
        if (!doc.dirty) continue;
        if (options.search && doc.state !== null && doc.state !== undefined) options.search.write(db, id, doc.state);
        const columns = options.toColumns(doc.state);
        const values = cols.map((c) => columns[c] ?? null);
        if (!doc.stored) {
          w.put.run(id, doc.revision, JSON.stringify(doc.state), ...values);
          continue;
        }
        // Most events change no indexed column (a progress report, a milestone): an UPDATE
        // that does not name a column leaves every index over it untouched, where the upsert
        // rewrote all of them on every event.
        let changed = 0;
        const set: ColumnValue[] = [];
        for (let i = 0; i < cols.length; i++) {
          if (!Object.is(values[i], doc.stored[i])) {
            changed |= 1 << i;
            set.push(values[i] ?? null);
          }
        }
        updateStatement(db, w, changed).run(doc.revision, JSON.stringify(doc.state), ...set, id);
      }
      w.batch.clear();
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
