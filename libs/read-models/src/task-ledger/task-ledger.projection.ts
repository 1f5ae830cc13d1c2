import type Database from 'better-sqlite3';
import { instantMs, taskDecider, type Task, type TaskEvent, type TaskState } from '#domain';
import { aggregateDocumentProjection } from '../aggregate/aggregate-document.projection.js';
import { recordTaskHistory, TASK_DOCUMENTS_TABLE, TASK_HISTORY_DDL, TASK_HISTORY_TABLE } from './task-history.js';

/** Table of the task ledger: one row per task, the document is the domain's own state. */
export const TASK_LEDGER_TABLE = 'tasks';
const FTS_TABLE = 'tasks_fts';
/** Stable integer keys for the FTS rows: an FTS5 table is only cheap to address by rowid. */
const FTS_IDS_TABLE = 'tasks_fts_ids';

const prepared = new WeakMap<Database.Database, { key: Database.Statement; ftsDelete: Database.Statement; ftsInsert: Database.Statement }>();
function statements(db: Database.Database) {
  let s = prepared.get(db);
  if (!s) {
    s = {
      key: db.prepare(`INSERT INTO ${FTS_IDS_TABLE}(id) VALUES (?) ON CONFLICT(id) DO UPDATE SET id = excluded.id RETURNING fts_rowid`),
      ftsDelete: db.prepare(`DELETE FROM ${FTS_TABLE} WHERE rowid = ?`),
      ftsInsert: db.prepare(
        `INSERT INTO ${FTS_TABLE}(rowid, title, evaluation_standard, responsible, lead_unit, special_group, key_point) VALUES (?, ?, ?, ?, ?, ?, ?)`,
      ),
    };
    prepared.set(db, s);
  }
  return s;
}

/**
 * The reform task ledger (改革任务台账): every task as the decider sees it, with columns for
 * the ledger's filters and an FTS5 index for text search.
 */
export const taskLedgerProjection = aggregateDocumentProjection<TaskState>({
  name: 'task-ledger',
  version: 5,
  category: 'task',
  table: TASK_LEDGER_TABLE,
  sideTables: [FTS_TABLE, FTS_IDS_TABLE, TASK_HISTORY_TABLE, TASK_DOCUMENTS_TABLE],
  deferIndexesOnRebuild: true,
  initialState: taskDecider.initialState,
  evolve: (s, e) => taskDecider.evolve(s, e as TaskEvent),
  columns: {
    area: 'TEXT',
    special_group: 'TEXT',
    lead_unit: 'TEXT',
    status: 'TEXT',
    deadline_ms: 'INTEGER',
    progress: 'REAL',
    key_point_id: 'TEXT',
    created_at: 'TEXT',
  },
  toColumns: (s) => ({
    area: s?.area ?? null,
    special_group: s?.specialGroup ?? null,
    lead_unit: s?.leadUnit ?? null,
    status: s?.status ?? null,
    deadline_ms: s ? instantMs(s.deadline) : null,
    progress: s?.progress ?? null,
    key_point_id: s?.keyPointId ?? null,
    created_at: s?.createdAt ?? null,
  }),
  migrate(db) {
    // The summary index of earlier versions lacked the group and unit it now counts by.
    const summaryIndex = db.prepare(`SELECT sql FROM sqlite_master WHERE type = 'index' AND name = 'tasks_summary'`).pluck().get() as string | undefined;
    if (summaryIndex !== undefined && !summaryIndex.includes('special_group')) db.exec('DROP INDEX tasks_summary');
    // Every list filter has an index ending in the list's order, so a page is an index walk
    // of `limit + 1` rows, not a sort of the whole area; `overdue` walks the order itself
    // (an index on deadlines made the planner sort every overdue row of a status instead).
    // The summary reads only (area, group, unit, status, deadline_ms), covered by one index. Each index
    // on `status` is rewritten when a task changes status, so there are only two.
    // The two dropped indexes are the previous schema's: an existing ledger is migrated in place.
    db.exec(`
      DROP INDEX IF EXISTS tasks_status_deadline;
      DROP INDEX IF EXISTS tasks_area_status;
      CREATE INDEX IF NOT EXISTS tasks_area ON tasks(area, created_at, id);
      CREATE INDEX IF NOT EXISTS tasks_lead_unit ON tasks(lead_unit, created_at, id);
      CREATE INDEX IF NOT EXISTS tasks_group ON tasks(special_group, created_at, id);
      CREATE INDEX IF NOT EXISTS tasks_key_point ON tasks(key_point_id, created_at, id);
      CREATE INDEX IF NOT EXISTS tasks_status ON tasks(status, created_at, id);
      CREATE INDEX IF NOT EXISTS tasks_summary ON tasks(area, status, special_group, lead_unit, deadline_ms);
      CREATE INDEX IF NOT EXISTS tasks_created ON tasks(created_at, id);
      CREATE TABLE IF NOT EXISTS ${FTS_IDS_TABLE} (fts_rowid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE);
      CREATE VIRTUAL TABLE IF NOT EXISTS ${FTS_TABLE} USING fts5(title, evaluation_standard, responsible, lead_unit, special_group, key_point, tokenize = 'trigram');
    `);
    db.exec(TASK_HISTORY_DDL);
  },
  afterApply(db, id, state: TaskState, event) {
    if (!state) return;
    recordTaskHistory(db, state, event.type, event.data);
    // Only the registration and nothing else changes the searchable text.
    if (event.type !== 'TaskRegistered') return;
    const t: Task = state;
    // Addressed by rowid through the key table: deleting by an FTS column would scan the whole index.
    const q = statements(db);
    const { fts_rowid: rowid } = q.key.get(id) as { fts_rowid: number };
    q.ftsDelete.run(rowid);
    q.ftsInsert.run(rowid, t.title, t.evaluationStandard, t.responsible, t.leadUnit, t.specialGroup, t.keyPoint ?? '');
  },
});
