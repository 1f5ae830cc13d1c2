import type Database from 'better-sqlite3';
import { taskReportDueMs, type Task } from '#domain';
import { TASK_HISTORY_TABLE, type ReportInputs } from './task-history.js';

/*
 * The one column of the ledger and its history that depends on DISPLAY_TIMEZONE: `report_due_ms`,
 * the end of the first reporting period still owed, whose periods are the zone's weeks, months
 * and quarters. The zone it was computed in is kept here; a deployment that changes the zone
 * gets the column computed again at boot from what is stored (the ledger's documents, the
 * history's `report_inputs`) by the domain's `taskReportDueMs`, without a replay, as the
 * scoreboard's and the summary's roll-ups are (`migrateTaskRollup` recomputes its own instants).
 */

/** The time zone the ledger's and the history's `report_due_ms` were computed in. */
export const TASK_ZONE_META_TABLE = 'task_ledger_zone';

/**
 * Creates the zone's table and, when `report_due_ms` was computed in another zone than
 * `timeZone`, computes it again for every task of `table` (from its document) and every stretch
 * of the history (from its `report_inputs`). A ledger never stamped (a new one, or one from
 * before the stamp) is computed too: on an empty ledger that costs nothing.
 */
export function migrateTaskZone(db: Database.Database, table: string, timeZone: string): void {
  db.exec(`CREATE TABLE IF NOT EXISTS ${TASK_ZONE_META_TABLE} (id INTEGER PRIMARY KEY CHECK (id = 1), time_zone TEXT NOT NULL)`);
  const stored = db.prepare(`SELECT time_zone FROM ${TASK_ZONE_META_TABLE} WHERE id = 1`).pluck().get() as string | undefined;
  if (stored === timeZone) return;
  db.transaction(() => {
    const setTask = db.prepare(`UPDATE "${table}" SET report_due_ms = ? WHERE id = ?`);
    // A page at a time, by id: no statement stays open while this connection writes.
    const tasks = db.prepare(`SELECT id, doc FROM "${table}" WHERE id > ? AND doc IS NOT NULL ORDER BY id LIMIT 1000`);
    for (let after = '', rows: Array<{ id: string; doc: string }>; (rows = tasks.all(after) as typeof rows).length > 0;) {
      for (const row of rows) {
        const task = JSON.parse(row.doc) as Task | null;
        if (task) setTask.run(taskReportDueMs(task, timeZone), row.id);
      }
      after = rows[rows.length - 1]!.id;
    }
    const setStretch = db.prepare(`UPDATE ${TASK_HISTORY_TABLE} SET report_due_ms = ? WHERE rowid = ?`);
    const stretches = db.prepare(
      `SELECT rowid AS r, report_inputs AS inputs FROM ${TASK_HISTORY_TABLE} WHERE rowid > ? AND report_inputs IS NOT NULL
       ORDER BY rowid LIMIT 1000`,
    );
    for (let after = 0, rows: Array<{ r: number; inputs: string }>; (rows = stretches.all(after) as typeof rows).length > 0;) {
      for (const row of rows) setStretch.run(taskReportDueMs(JSON.parse(row.inputs) as ReportInputs, timeZone), row.r);
      after = rows[rows.length - 1]!.r;
    }
    db.prepare(
      `INSERT INTO ${TASK_ZONE_META_TABLE}(id, time_zone) VALUES (1, ?) ON CONFLICT(id) DO UPDATE SET time_zone = excluded.time_zone`,
    ).run(timeZone);
  })();
}
