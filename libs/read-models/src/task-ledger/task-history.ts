import type Database from 'better-sqlite3';
import { instantMs, pendingExtension, type ReportingCycle, type Task } from '#domain';
import { taskRuleColumns } from '../overdue.sql.js';

/**
 * The ledger's history, for "the ledger as it stood at T" (`GET /tasks/summary?asOf=`): one row
 * per task and stretch of time in which the columns the summary counts by (area, group, unit,
 * and the rule columns its overdue and light fragments read: status, deadline, next open
 * milestone, registration, progress, the report owed and what it is computed from; a pending
 * extension request) stayed the same, valid from `valid_from_ms` (included) to `valid_to_ms` (excluded; NULL while current).
 * Times are the events' own times (the state's `updatedAt` after the event, which every task
 * event sets), so a task registered after T has no row
 * valid at T and one accepted after T is, at T, in its status before. Documents are kept with
 * the time they were recorded.
 */
export const TASK_HISTORY_TABLE = 'task_history';
/** Documents recorded on tasks, with the time each was recorded. */
export const TASK_DOCUMENTS_TABLE = 'task_documents';

/**
 * DDL of the history tables. The covering index is in the summary's grouping order, so the
 * as-of summary is one pass over it (checking each stretch's validity) with no sort, like the
 * live summary over the ledger's own index.
 */
export const TASK_HISTORY_DDL = `
  CREATE TABLE IF NOT EXISTS ${TASK_HISTORY_TABLE} (
    task_id TEXT NOT NULL, valid_from_ms INTEGER NOT NULL, valid_to_ms INTEGER,
    area TEXT NOT NULL, special_group TEXT NOT NULL, lead_unit TEXT NOT NULL, status TEXT NOT NULL, deadline_ms INTEGER NOT NULL,
    next_due_ms INTEGER, created_ms INTEGER NOT NULL, progress REAL NOT NULL, ack_due_ms INTEGER, report_due_ms INTEGER,
    pending_extension INTEGER NOT NULL DEFAULT 0, report_inputs TEXT,
    PRIMARY KEY (task_id, valid_from_ms)
  );
  CREATE INDEX IF NOT EXISTS task_history_summary ON ${TASK_HISTORY_TABLE}(area, status, special_group, lead_unit, valid_from_ms,
  valid_to_ms, deadline_ms, next_due_ms, created_ms, progress, ack_due_ms, report_due_ms, pending_extension);
  CREATE TABLE IF NOT EXISTS ${TASK_DOCUMENTS_TABLE} (task_id TEXT NOT NULL, document_id TEXT NOT NULL, recorded_ms INTEGER NOT NULL,
  PRIMARY KEY (task_id, document_id));
`;

/** The columns a stretch keeps; a change to any of them opens a new stretch. */
const COUNTED = [
  'area',
  'special_group',
  'lead_unit',
  'status',
  'deadline_ms',
  'next_due_ms',
  'created_ms',
  'progress',
  'ack_due_ms',
  'report_due_ms',
  'pending_extension',
  // What report_due_ms is computed from: a changed DISPLAY_TIMEZONE recomputes it without a replay (`task-ledger.zone.ts`).
  'report_inputs',
] as const;

interface HistoryStatements {
  open: Database.Statement;
  close: Database.Statement;
  replace: Database.Statement;
  insert: Database.Statement;
  document: Database.Statement;
}
const statements = new WeakMap<Database.Database, HistoryStatements>();
function prepared(db: Database.Database): HistoryStatements {
  let s = statements.get(db);
  if (!s) {
    s = {
      open: db.prepare(`SELECT valid_from_ms, ${COUNTED.join(', ')} FROM ${TASK_HISTORY_TABLE} WHERE task_id = ? AND valid_to_ms IS NULL`),
      close: db.prepare(`UPDATE ${TASK_HISTORY_TABLE} SET valid_to_ms = ? WHERE task_id = ? AND valid_from_ms = ?`),
      replace: db.prepare(
        `UPDATE ${TASK_HISTORY_TABLE} SET ${COUNTED.map((c) => `${c} = ?`).join(', ')} WHERE task_id = ? AND valid_from_ms = ?`,
      ),
      insert: db.prepare(
        `INSERT INTO ${TASK_HISTORY_TABLE} (task_id, valid_from_ms, valid_to_ms, ${COUNTED.join(', ')}) VALUES (?, ?,
          NULL${', ?'.repeat(COUNTED.length)})
         ON CONFLICT(task_id, valid_from_ms) DO NOTHING`,
      ),
      document: db.prepare(
        `INSERT INTO ${TASK_DOCUMENTS_TABLE} (task_id, document_id, recorded_ms) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`,
      ),
    };
    statements.set(db, s);
  }
  return s;
}

/**
 * Records the task as it stands after an event: a new stretch when a counted column changed
 * (closing the previous one at the event's time), nothing when none did. Called once per event,
 * in the projection's transaction, so a replay of the same events finds the rows already there.
 */
export function recordTaskHistory(db: Database.Database, task: Task, eventType: string, eventData: unknown, timeZone: string): void {
  const s = prepared(db);
  const at = instantMs(task.updatedAt);
  const rule = taskRuleColumns(task, timeZone);
  const current: Record<(typeof COUNTED)[number], string | number | null> = {
    area: task.area,
    special_group: task.specialGroup,
    lead_unit: task.leadUnit,
    ...rule,
    pending_extension: pendingExtension(task) ? 1 : 0,
    report_inputs: reportInputs(task),
  };
  const values = COUNTED.map((c) => current[c]);
  const open = s.open.get(task.id) as ({ valid_from_ms: number } & Record<(typeof COUNTED)[number], string | number | null>) | undefined;
  if (eventType === 'TaskDocumentAdded') s.document.run(task.id, (eventData as { documentId: string }).documentId, at);
  if (!open) {
    s.insert.run(task.id, at, ...values);
    return;
  }
  if (COUNTED.every((c) => open[c] === current[c])) return;
  // Two changes at one instant (or a clock that went back): the later event's values stand from the stretch's start.
  if (at <= open.valid_from_ms) {
    s.replace.run(...values, task.id, open.valid_from_ms);
    return;
  }
  s.close.run(at, task.id, open.valid_from_ms);
  s.insert.run(task.id, at, ...values);
}

/** What the domain's `taskReportDueMs` reads of a task: its cycle and its reports (the latest is enough). */
export interface ReportInputs {
  reportingCycle?: ReportingCycle | null;
  progressReports?: ReadonlyArray<{ at: string }>;
}

/**
 * {@link ReportInputs} of a task as JSON, its latest report only (NULL without a cycle): the
 * history keeps them beside `report_due_ms`, so the due can be computed again in another zone.
 */
export function reportInputs(task: ReportInputs): string | null {
  if (!task.reportingCycle) return null;
  let last: string | null = null;
  for (const r of task.progressReports ?? []) if (last === null || instantMs(r.at) > instantMs(last)) last = r.at;
  const inputs: ReportInputs = { reportingCycle: task.reportingCycle, progressReports: last === null ? [] : [{ at: last }] };
  return JSON.stringify(inputs);
}
