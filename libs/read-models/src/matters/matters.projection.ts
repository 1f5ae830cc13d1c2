import type Database from 'better-sqlite3';
import { evolveMatter, initialMatterState, matterReaders, pendingSigners, type Matter, type MatterEvent, type MatterState } from '#domain';
import { aggregateDocumentProjection } from '../aggregate/aggregate-document.projection.js';
import { MATTER_READERS_TABLE } from '../access/read-scope.sql.js';
import { prepared } from '../prepared.js';
import { SearchIndex } from '../search/search-index.js';

/** One row per countersign matter; the document is the decider's own state. */
export const MATTERS_TABLE = 'matters';

/** "Awaiting my signature": one row per (matter, pending signer). */
export const MATTER_AWAITING_TABLE = 'matter_awaiting';

/**
 * Sort key of a matter without a deadline in the inbox. Larger than any real instant
 * (JavaScript dates end at 8.64e15 ms), so "oldest deadline first, no deadline last" is a
 * plain ascending order that keyset pagination can follow.
 */
export const NO_DEADLINE_SORT = 9_000_000_000_000_000;

/** What `q` searches in a matter: its title (ranked first, with pinyin) and body. */
export const matterSearch = new SearchIndex<Matter>({
  prefix: MATTERS_TABLE,
  primary: { name: 'title', text: (m) => m.title, pinyin: 'text' },
  fields: [{ name: 'body', text: (m) => m.body }],
});

/**
 * Countersign matters (会签): every matter as the decider sees it, plus the inbox of pending
 * signers. The inbox is rebuilt from the folded state after each event (not from the events'
 * `awaiting`), so an outcome or a recall empties it without the projection knowing the
 * rules of any mode.
 */
export const mattersProjection = aggregateDocumentProjection<MatterState>({
  name: 'matters',
  // 2: the search index.
  // 3: documents carry `deadlineDate` (null for deadlines given as instants).
  // 4: the readers of each matter (submitter, signers past and present) for scoped lists.
  version: 4,
  category: 'matter',
  table: MATTERS_TABLE,
  sideTables: [MATTER_AWAITING_TABLE, MATTER_READERS_TABLE],
  search: matterSearch,
  initialState: initialMatterState,
  evolve: (s, e) => evolveMatter(s, e as MatterEvent),
  columns: {
    status: 'TEXT',
    submitted_by: 'TEXT',
    deadline_ms: 'INTEGER',
    submitted_at: 'TEXT',
  },
  toColumns: (s) => ({
    status: s?.status ?? null,
    submitted_by: s?.submittedBy ?? null,
    deadline_ms: s?.deadline ? Date.parse(s.deadline) : null,
    submitted_at: s?.submittedAt ?? null,
  }),
  migrate(db) {
    db.exec(`
      CREATE INDEX IF NOT EXISTS matters_status ON ${MATTERS_TABLE}(status, submitted_at, id);
      CREATE INDEX IF NOT EXISTS matters_submitted_by ON ${MATTERS_TABLE}(submitted_by, submitted_at, id);
      CREATE INDEX IF NOT EXISTS matters_submitted ON ${MATTERS_TABLE}(submitted_at, id);
      CREATE INDEX IF NOT EXISTS matters_pending_deadline ON ${MATTERS_TABLE}(status, deadline_ms);
      CREATE TABLE IF NOT EXISTS ${MATTER_AWAITING_TABLE} (
        matter_id TEXT NOT NULL,
        user_id TEXT NOT NULL,
        deadline_ms INTEGER,
        deadline_sort INTEGER NOT NULL,
        since TEXT NOT NULL,
        PRIMARY KEY (matter_id, user_id)
      );
      CREATE INDEX IF NOT EXISTS matter_awaiting_inbox ON ${MATTER_AWAITING_TABLE}(user_id, deadline_sort, matter_id);
      CREATE TABLE IF NOT EXISTS ${MATTER_READERS_TABLE} (
        matter_id TEXT NOT NULL,
        user_id TEXT NOT NULL,
        submitted_at TEXT NOT NULL,
        PRIMARY KEY (matter_id, user_id)
      );
      CREATE INDEX IF NOT EXISTS matter_readers_page ON ${MATTER_READERS_TABLE}(user_id, submitted_at, matter_id);
    `);
  },
  afterApply(db, id, state, event) {
    writeReaders(db, id, state);
    const pending = new Set(pendingSigners(state));
    const current = db.prepare(`SELECT user_id FROM ${MATTER_AWAITING_TABLE} WHERE matter_id = ?`).all(id) as Array<{ user_id: string }>;
    const remove = db.prepare(`DELETE FROM ${MATTER_AWAITING_TABLE} WHERE matter_id = ? AND user_id = ?`);
    for (const row of current) {
      if (!pending.has(row.user_id)) remove.run(id, row.user_id);
    }
    if (pending.size === 0 || state === null) return;
    const deadlineMs = state.deadline ? Date.parse(state.deadline) : null;
    // `since` stays when the row exists: it is when the signer's turn came, not the last event.
    // It is the event's store time, never the clock, so a rebuild writes the same rows.
    const insert = db.prepare(
      `INSERT INTO ${MATTER_AWAITING_TABLE}(matter_id, user_id, deadline_ms, deadline_sort, since) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT(matter_id, user_id) DO UPDATE SET deadline_ms = excluded.deadline_ms, deadline_sort = excluded.deadline_sort`,
    );
    for (const userId of pending) insert.run(id, userId, deadlineMs, deadlineMs ?? NO_DEADLINE_SORT, event.created);
  },
});

/**
 * The matter's rows of {@link MATTER_READERS_TABLE}: exactly `matterReaders(state)`, each with
 * the matter's submission time, so a scoped list walks one user's rows in the list's order.
 */
function writeReaders(db: Database.Database, id: string, state: MatterState): void {
  const readers = state === null ? [] : matterReaders(state);
  prepared(db, `DELETE FROM ${MATTER_READERS_TABLE} WHERE matter_id = ? AND user_id NOT IN (SELECT value FROM json_each(?))`).run(
    id,
    JSON.stringify(readers),
  );
  if (state === null) return;
  const insert = prepared(db, `INSERT OR IGNORE INTO ${MATTER_READERS_TABLE}(matter_id, user_id, submitted_at) VALUES (?, ?, ?)`);
  for (const userId of readers) insert.run(id, userId, state.submittedAt);
}
