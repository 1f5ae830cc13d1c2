import {
  DEFAULT_TASK_LIGHT_RULE,
  evolveTask,
  initialTaskState,
  pendingExtension,
  type Task,
  type TaskEvent,
  type TaskLightRule,
  type TaskState,
} from '#domain';
import type { Projection } from '../projection.js';
import { aggregateDocumentProjection } from '../aggregate/aggregate-document.projection.js';
import { taskRuleColumns } from '../overdue.sql.js';
import { SearchIndex } from '../search/search-index.js';
import { numberedRegistration, TASK_LEGACY_YEARS_TABLE, TASK_NUMBERS_DDL, TASK_NUMBERS_TABLE } from './task-numbers.js';
import { recordTaskHistory, TASK_DOCUMENTS_TABLE, TASK_HISTORY_DDL, TASK_HISTORY_TABLE } from './task-history.js';
import { migrateTaskZone, TASK_ZONE_META_TABLE } from './task-ledger.zone.js';
import {
  migrateTaskRollup,
  recordTaskRollup,
  TASK_ROLLUP_MEMBERS_TABLE,
  TASK_ROLLUP_META_TABLE,
  TASK_ROLLUP_TABLE,
} from './task.rollup.js';

/** Table of the task ledger: one row per task, the document is the domain's own state. */
export const TASK_LEDGER_TABLE = 'tasks';
/**
 * What `q` searches in a task, and the `matchedIn` each field reports (title first). A field
 * added to tasks (documents, key point records) is one line here and a version bump.
 */
export const taskSearch = new SearchIndex<Task>({
  prefix: TASK_LEDGER_TABLE,
  primary: { name: 'title', text: (t) => t.title, pinyin: 'text' },
  fields: [
    // The ledger number (`q=2026-0001` finds the task and its sub-tasks `2026-0001-NN`).
    { name: 'number', text: (t) => t.number },
    { name: 'evaluationStandard', text: (t) => t.evaluationStandard },
    { name: 'responsible', text: (t) => t.responsible, pinyin: 'name' },
    { name: 'leadUnit', text: (t) => t.leadUnit, pinyin: 'text' },
    // The key point record's title, or the free text of tasks registered before key points were records.
    { name: 'keyPoint', text: (t) => [t.keyPointTitle, t.keyPoint], pinyin: 'text' },
    { name: 'milestone', text: (t) => t.milestones.map((m) => m.title), pinyin: 'text' },
    // The latest progress note (the state keeps only that one) and every milestone's note.
    { name: 'note', text: (t) => [t.progressNote, ...t.milestones.map((m) => m.note)] },
    // Institutional documents: their titles and 文号.
    { name: 'document', text: (t) => (t.documents ?? []).flatMap((d) => [d.title, d.docNumber]) },
  ],
});

/**
 * The reform task ledger (改革任务台账): every task as the decider sees it, with columns for
 * the ledger's filters, {@link taskSearch} for text search, and the live summary's roll-up
 * (`task.rollup.ts`), whose yellow instants depend on the light's `rule` (WARNING_WINDOW): the
 * roll-up is computed again from the documents when the window changes. Registrations are
 * folded with their ledger number (`numberedRegistration`): tasks recorded before numbers
 * existed are numbered in registration order, per calendar year in `timeZone` (`DISPLAY_TIMEZONE`).
 */
export function taskLedgerProjectionFor(rule: TaskLightRule, timeZone: string): Projection {
  // One calendar for everything the ledger stores: reporting periods in the columns and in the roll-up's instants alike.
  const documents = taskDocuments({ ...rule, timeZone }, timeZone);
  return { ...documents, apply: (db, event) => documents.apply(db, numberedRegistration(db, event, timeZone)) };
}

const taskDocuments = (rule: TaskLightRule, timeZone: string): Projection =>
  aggregateDocumentProjection<TaskState>({
    name: 'task-ledger',
    // 6: the trigram index was replaced by the shared search index; older files are rebuilt.
    // 7: key point records' titles are searched (`keyPoint`).
    // 8: the light's columns (next open milestone, registration) here and in the history.
    // 9: documents carry `deadlineDate` and each milestone's `dueDate` (null for instants).
    // 10: sub-tasks and acknowledgement (parent_id, acknowledged_at, ack_due_ms in the light's columns).
    // 12: the live summary's roll-up (counts by area, group, unit, status and the light's instants).
    // 13: extension requests (extensionRequests, deadlineChanges' requestId, pending_extension here and in the history).
    // 14: ledger numbers (the document's `number`, searched; tasks recorded before numbered in registration order).
    // 15: reporting cycles (report_due_ms: when the first report still owed falls due, in `timeZone`).
    // 16: a report overdue makes the light at least yellow (report_due_ms in the light's columns, the history and the roll-up).
    // 17: the roll-up counts overdue reports (kind `ro`) and keeps the time zone its instants were computed in.
    // 18: report_due_ms follows a changed DISPLAY_TIMEZONE at boot (the zone it was computed in; the history's report_inputs).
    version: 18,
    category: 'task',
    table: TASK_LEDGER_TABLE,
    sideTables: [
      TASK_HISTORY_TABLE,
      TASK_DOCUMENTS_TABLE,
      TASK_NUMBERS_TABLE,
      TASK_LEGACY_YEARS_TABLE,
      TASK_ROLLUP_TABLE,
      TASK_ROLLUP_MEMBERS_TABLE,
      TASK_ROLLUP_META_TABLE,
      TASK_ZONE_META_TABLE,
    ],
    search: taskSearch,
    deferIndexesOnRebuild: true,
    initialState: initialTaskState,
    evolve: (s, e) => evolveTask(s, e as TaskEvent),
    columns: {
      area: 'TEXT',
      special_group: 'TEXT',
      lead_unit: 'TEXT',
      status: 'TEXT',
      deadline_ms: 'INTEGER',
      progress: 'REAL',
      key_point_id: 'TEXT',
      created_at: 'TEXT',
      // With status, deadline_ms and progress: what the overdue, milestone and light fragments read.
      next_due_ms: 'INTEGER',
      created_ms: 'INTEGER',
      ack_due_ms: 'INTEGER',
      parent_id: 'TEXT',
      acknowledged_at: 'TEXT',
      // 1 while the open task has a pending extension request (the domain's `pendingExtension`), else 0.
      pending_extension: 'INTEGER',
      // The domain's `taskReportDueMs` (NULL without a cycle): `reportOverdue` and the light compare it with now.
      report_due_ms: 'INTEGER',
    },
    toColumns: (s) => ({
      area: s?.area ?? null,
      special_group: s?.specialGroup ?? null,
      lead_unit: s?.leadUnit ?? null,
      key_point_id: s?.keyPointId ?? null,
      created_at: s?.createdAt ?? null,
      // With the light's columns, `report_due_ms` (the domain's `taskReportDueMs`): `reportOverdue` compares it with now.
      ...(s ? taskRuleColumns(s, timeZone) : {}),
      parent_id: s?.parentId ?? null,
      acknowledged_at: s?.acknowledgedAt ?? null,
      pending_extension: s && pendingExtension(s) ? 1 : 0,
    }),
    migrate(db) {
      // The summary index of earlier versions lacked columns it now counts by (group, unit, the light's).
      const summaryIndex = db.prepare(`SELECT sql FROM sqlite_master WHERE type = 'index' AND name = 'tasks_summary'`).pluck().get() as
        string | undefined;
      if (summaryIndex !== undefined && !summaryIndex.includes('report_due_ms')) db.exec('DROP INDEX tasks_summary');
      // Every list filter has an index ending in the list's order, so a page is an index walk
      // of `limit + 1` rows, not a sort of the whole area; `overdue` walks the order itself
      // (an index on deadlines made the planner sort every overdue row of a status instead).
      // The summary reads only (area, group, unit, status) and the rule columns, covered by one index. Each index
      // on `status` is rewritten when a task changes status, so there are only two.
      // The dropped indexes and tables are previous schemas': the version's rebuild drops only
      // the tables this version owns.
      db.exec(`
      DROP INDEX IF EXISTS tasks_status_deadline;
      DROP INDEX IF EXISTS tasks_area_status;
      DROP TABLE IF EXISTS tasks_fts;
      DROP TABLE IF EXISTS tasks_fts_ids;
      CREATE INDEX IF NOT EXISTS tasks_area ON tasks(area, created_at, id);
      CREATE INDEX IF NOT EXISTS tasks_lead_unit ON tasks(lead_unit, created_at, id);
      CREATE INDEX IF NOT EXISTS tasks_group ON tasks(special_group, created_at, id);
      CREATE INDEX IF NOT EXISTS tasks_key_point ON tasks(key_point_id, created_at, id);
      CREATE INDEX IF NOT EXISTS tasks_status ON tasks(status, created_at, id);
      CREATE INDEX IF NOT EXISTS tasks_summary ON tasks(area, status, special_group, lead_unit, deadline_ms, next_due_ms, created_ms,
      progress, ack_due_ms, report_due_ms, pending_extension);
      CREATE INDEX IF NOT EXISTS tasks_created ON tasks(created_at, id, lead_unit);
      CREATE INDEX IF NOT EXISTS tasks_parent ON tasks(parent_id, created_at, id) WHERE parent_id IS NOT NULL;
      CREATE INDEX IF NOT EXISTS tasks_pending_extension ON tasks(created_at, id) WHERE pending_extension = 1;
    `);
      db.exec(TASK_HISTORY_DDL);
      db.exec(TASK_NUMBERS_DDL);
      // What depends on the zone is computed again when it changed, from what is stored: no replay.
      migrateTaskZone(db, TASK_LEDGER_TABLE, timeZone);
      migrateTaskRollup(db, TASK_LEDGER_TABLE, rule);
    },
    afterApply(db, id, state: TaskState, event) {
      if (!state) return;
      recordTaskHistory(db, state, event.type, event.data, timeZone);
      recordTaskRollup(db, id, state, rule);
    },
  });

/**
 * The task ledger with the default light rule, numbering in Beijing time (DISPLAY_TIMEZONE's
 * default): what specs, benches and tools that judge no light use. The API builds its own.
 */
export const taskLedgerProjection = taskLedgerProjectionFor(DEFAULT_TASK_LIGHT_RULE, 'Asia/Shanghai');
