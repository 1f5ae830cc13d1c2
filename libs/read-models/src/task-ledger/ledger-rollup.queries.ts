import type Database from 'better-sqlite3';
import {
  rollUpTaskParts,
  TASK_LIGHTS,
  type TaskLight,
  type TaskLightRule,
  type TaskRollup,
  type TaskRollupPart,
  type TaskStatus,
} from '#domain';
import { taskLightSql, taskOverdueSql } from '../overdue.sql.js';
import { prepared } from '../prepared.js';
import { TASK_LEDGER_TABLE } from './task-ledger.projection.js';
import { TASK_ROLLUP_TABLE } from './task.rollup.js';

const OVERDUE = taskOverdueSql();

/** Every special group code the ledger's tasks name, from the roll-up (sorted). */
export function specialGroupsInRollup(db: Database.Database): string[] {
  return prepared(
    db,
    `SELECT value FROM ${TASK_ROLLUP_TABLE} WHERE kind = 'n' AND dim = 'group' AND value <> '' GROUP BY value ORDER BY value`,
  )
    .pluck()
    .all() as string[];
}

/**
 * The ledger columns tasks are rolled up by: a special group, a key point, a task's lead unit (within a group, or of a unit's subtree), or
 * a parent task.
 */
export type TaskRollupColumn = 'special_group' | 'key_point_id' | 'lead_unit' | 'parent_id';

/**
 * Roll-ups of the ledger's tasks by `column` at `nowMs` (for the `keys` given, or for every
 * value when `keys` is null): SQL counts one part per (key, status) with the overdue rule's
 * own fragment, and the domain's {@link rollUpTaskParts} does the arithmetic. `where` narrows
 * the tasks to one value of another column (`['special_group', code]` for a group's units).
 */
export function rollUpLedger(
  db: Database.Database,
  column: TaskRollupColumn,
  keys: readonly string[] | null,
  nowMs: number,
  where?: [TaskRollupColumn, string],
): Map<string, TaskRollup> {
  const parts = rollUpLedgerParts(db, column, keys, nowMs, where);
  const out = new Map<string, TaskRollup>();
  for (const k of keys ?? parts.keys()) out.set(k, rollUpTaskParts(parts.get(k) ?? []));
  return out;
}

/**
 * The parts {@link rollUpLedger} adds up, per key: a roll-up over several keys (a plan over
 * its key points) is {@link rollUpTaskParts} of their parts together, never an average of averages.
 */
export function rollUpLedgerParts(
  db: Database.Database,
  column: TaskRollupColumn,
  keys: readonly string[] | null,
  nowMs: number,
  where?: [TaskRollupColumn, string],
): Map<string, TaskRollupPart[]> {
  const clauses = ['status IS NOT NULL'];
  const params: unknown[] = [nowMs];
  if (keys) {
    clauses.push(`${column} IN (SELECT value FROM json_each(?))`);
    params.push(JSON.stringify(keys));
  }
  if (where) {
    clauses.push(`${where[0]} = ?`);
    params.push(where[1]);
  }
  const rows = prepared(
    db,
    `SELECT ${column} AS k, status, COUNT(*) AS n, SUM(CASE WHEN ${OVERDUE} THEN 1 ELSE 0 END) AS overdue, TOTAL(progress) AS p
     FROM ${TASK_LEDGER_TABLE} WHERE ${clauses.join(' AND ')} GROUP BY ${column}, status`,
  ).all(...params) as Array<{ k: string; status: TaskStatus; n: number; overdue: number; p: number }>;
  const parts = new Map<string, TaskRollupPart[]>();
  for (const r of rows) {
    let list = parts.get(r.k);
    if (!list) parts.set(r.k, (list = []));
    list.push({ status: r.status, count: r.n, overdue: r.overdue, progressSum: r.p });
  }
  return parts;
}

/**
 * The key points some task carries out: linked by a task that is not cancelled (a cancelled
 * task carries nothing out). What `GET /key-points?withoutTasks=` leaves out or keeps.
 */
export function keyPointsCarriedOut(db: Database.Database): string[] {
  return prepared(db, `SELECT DISTINCT key_point_id FROM ${TASK_LEDGER_TABLE} WHERE key_point_id IS NOT NULL AND status <> 'cancelled'`)
    .pluck()
    .all() as string[];
}

/** Every special group code the ledger's tasks name (registered or not). */
export function specialGroupsInLedger(db: Database.Database): string[] {
  // The roll-up holds a row per group: a DISTINCT over the ledger walked all its rows.
  return specialGroupsInRollup(db);
}

/**
 * How many tasks of each light (the light's own SQL fragment) each value of `column` has at
 * `nowMs`, for the `keys` given; accepted and cancelled tasks have no light and are not counted.
 */
export function countLightsBy(
  db: Database.Database,
  column: TaskRollupColumn,
  keys: readonly string[],
  nowMs: number,
  rule: TaskLightRule,
): Map<string, Record<TaskLight, number>> {
  const light = taskLightSql(rule);
  const rows = prepared(
    db,
    `SELECT k, l, COUNT(*) AS n FROM (SELECT ${column} AS k, ${light.sql} AS l FROM ${TASK_LEDGER_TABLE} WHERE ${column} IN (SELECT
      value FROM json_each(?)))
     WHERE l IS NOT NULL GROUP BY k, l`,
  ).all(...light.params(nowMs), JSON.stringify(keys)) as Array<{ k: string; l: TaskLight; n: number }>;
  const out = new Map<string, Record<TaskLight, number>>();
  for (const k of keys) out.set(k, noLights());
  for (const r of rows) out.get(r.k)![r.l] += r.n;
  return out;
}

/** Zero tasks of every light. */
export function noLights(): Record<TaskLight, number> {
  return Object.fromEntries(TASK_LIGHTS.map((l) => [l, 0])) as Record<TaskLight, number>;
}
