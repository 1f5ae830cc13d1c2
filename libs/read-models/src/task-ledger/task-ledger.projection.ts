import { taskDecider, type Task, type TaskEvent, type TaskState } from '#domain';
import { aggregateDocumentProjection } from '../aggregate/aggregate-document.projection.js';

/** Table of the task ledger: one row per task, the document is the domain's own state. */
export const TASK_LEDGER_TABLE = 'tasks';
const FTS_TABLE = 'tasks_fts';

/**
 * The reform task ledger (改革任务台账): every task as the decider sees it, with columns for
 * the ledger's filters and an FTS5 index for text search.
 */
export const taskLedgerProjection = aggregateDocumentProjection<TaskState>({
  name: 'task-ledger',
  version: 1,
  category: 'task',
  table: TASK_LEDGER_TABLE,
  sideTables: [FTS_TABLE],
  initialState: taskDecider.initialState,
  evolve: (s, e) => taskDecider.evolve(s, e as TaskEvent),
  columns: {
    area: 'TEXT',
    special_group: 'TEXT',
    lead_unit: 'TEXT',
    status: 'TEXT',
    deadline_ms: 'INTEGER',
    created_at: 'TEXT',
  },
  toColumns: (s) => ({
    area: s?.area ?? null,
    special_group: s?.specialGroup ?? null,
    lead_unit: s?.leadUnit ?? null,
    status: s?.status ?? null,
    deadline_ms: s ? Date.parse(s.deadline) : null,
    created_at: s?.createdAt ?? null,
  }),
  migrate(db) {
    db.exec(`
      CREATE INDEX IF NOT EXISTS tasks_area ON tasks(area, status);
      CREATE INDEX IF NOT EXISTS tasks_lead_unit ON tasks(lead_unit, status);
      CREATE INDEX IF NOT EXISTS tasks_group ON tasks(special_group, status);
      CREATE INDEX IF NOT EXISTS tasks_status_deadline ON tasks(status, deadline_ms);
      CREATE INDEX IF NOT EXISTS tasks_created ON tasks(created_at, id);
      CREATE VIRTUAL TABLE IF NOT EXISTS ${FTS_TABLE} USING fts5(id UNINDEXED, title, evaluation_standard, responsible, lead_unit, special_group, key_point, tokenize = 'trigram');
    `);
  },
  afterApply(db, id, state: TaskState, event) {
    // Only the registration and nothing else changes the searchable text.
    if (event.type !== 'TaskRegistered' || !state) return;
    const t: Task = state;
    db.prepare(`DELETE FROM ${FTS_TABLE} WHERE id = ?`).run(id);
    db.prepare(
      `INSERT INTO ${FTS_TABLE}(id, title, evaluation_standard, responsible, lead_unit, special_group, key_point) VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ).run(id, t.title, t.evaluationStandard, t.responsible, t.leadUnit, t.specialGroup, t.keyPoint ?? '');
  },
});
