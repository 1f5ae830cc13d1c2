import type Database from 'better-sqlite3';
import {
  AREAS,
  TASK_LIGHTS,
  TASK_STATUSES,
  type Area,
  type LedgerScope,
  type TaskLight,
  type TaskLightRule,
  type TaskStatus,
} from '#domain';
import { taskReadSql } from '../access/read-scope.sql.js';
import { taskLightSql, taskOverdueSql, taskReportOverdueSql } from '../overdue.sql.js';
import { prepared } from '../prepared.js';
import { TASK_DOCUMENTS_TABLE, TASK_HISTORY_TABLE } from './task-history.js';
import { TASK_LEDGER_TABLE } from './task-ledger.projection.js';
import { noLights } from './ledger-rollup.queries.js';
import { summarizeFromRollup, type TaskCounts, type TaskRollupSummary } from './task.rollup.js';

export type { TaskCounts } from './task.rollup.js';

const OVERDUE = taskOverdueSql();
const REPORT_OVERDUE = taskReportOverdueSql();

/**
 * `GET /tasks/summary`: the ledger now, or as it stood at `asOf`. The counts are the roll-up's
 * (`TaskRollupSummary`, also when the rows are counted); the instant and the documents are added.
 */
export interface TaskSummary extends TaskRollupSummary {
  /** The instant the counts describe (now, or the `asOf` asked), UTC ISO. */
  asOf: string;
  /** Institutional documents recorded (by `asOf`) on the tasks counted. */
  documents: number;
}

/** How to summarise: optionally as of the moment asked, and only deadlines in `[fromMs, toMs)`. */
export interface TaskSummaryOptions {
  /** Read the history table (the ledger as it stood at `atMs`) rather than the current rows. */
  asOf?: boolean;
  deadlineSpan?: { fromMs: number; toMs: number };
  /** Count only the tasks of this reading scope (`canReadTask`); without it the whole ledger. */
  scope?: LedgerScope;
  /** Count the ledger's rows even where the roll-up could answer (what the roll-up's spec compares it with). */
  scan?: boolean;
  /** Count only the tasks of this area and status (a step of `summarizeTasksInSteps`). */
  part?: { area: Area; status: TaskStatus };
}

/**
 * Counts by status, area, group, unit and light, and the documents, from one grouped query over
 * the current rows, or over the rows of the history table valid at `atMs` for an `asOf`
 * summary. Overdue and the light are judged at `atMs` in both, with the rules' own SQL
 * fragments (the light with `rule`, WARNING_WINDOW).
 */
export function summarizeTasks(db: Database.Database, atMs: number, rule: TaskLightRule, options: TaskSummaryOptions = {}): TaskSummary {
  const { deadlineSpan } = options;
  // The whole ledger now (the cockpit's question) is answered from the projection's roll-up;
  // a span, a reading scope or a past moment count the rows that qualify.
  const whole = !options.asOf && !deadlineSpan && !options.part && (options.scope === undefined || options.scope.all);
  const rolled = whole && !options.scan ? summarizeFromRollup(db, atMs, rule) : null;
  if (rolled) {
    const documents = prepared(db, `SELECT COUNT(*) FROM ${TASK_DOCUMENTS_TABLE}`).pluck().get() as number;
    return { asOf: new Date(atMs).toISOString(), ...rolled, documents };
  }
  const scoped = options.scope ? taskReadSql(options.scope, undefined, options.asOf ? 'task_id' : 'id') : null;
  // The reading scope rides on the span's clause: both apply to the counted rows alike.
  const span =
    (deadlineSpan ? ' AND deadline_ms >= ? AND deadline_ms < ?' : '') +
    (options.part ? ' AND area = ? AND status = ?' : '') +
    (scoped ? ` AND ${scoped.sql}` : '');
  const spanParams = [
    ...(deadlineSpan ? [deadlineSpan.fromMs, deadlineSpan.toMs] : []),
    ...(options.part ? [options.part.area, options.part.status] : []),
    ...(scoped?.params ?? []),
  ];
  const light = taskLightSql(rule);
  // The light is computed once per row in the inner query; the outer one counts by it within
  // the (area, status, group, unit) groups the covering index already delivers in order.
  const grouped = (from: string, where: string) =>
    `SELECT area, g, u, status, COUNT(*) AS n, SUM(o) AS overdue, SUM(l = 'red') AS red, SUM(l = 'yellow') AS yellow,
       SUM(l = 'green') AS green, SUM(pending_extension) AS pe, SUM(ro) AS ro
     FROM (SELECT area, special_group AS g, lead_unit AS u, status, CASE WHEN ${OVERDUE} THEN 1 ELSE 0 END AS o, ${light.sql} AS l,
             pending_extension, CASE WHEN ${REPORT_OVERDUE} THEN 1 ELSE 0 END AS ro
           FROM ${from} WHERE ${where}${span})
     GROUP BY area, status, g, u`;
  const rows = (
    options.asOf
      ? prepared(db, grouped(TASK_HISTORY_TABLE, 'valid_from_ms <= ? AND (valid_to_ms IS NULL OR valid_to_ms > ?)')).all(
          atMs,
          ...light.params(atMs),
          atMs,
          atMs,
          atMs,
          ...spanParams,
        )
      : prepared(db, grouped(TASK_LEDGER_TABLE, 'status IS NOT NULL')).all(atMs, ...light.params(atMs), atMs, ...spanParams)
  ) as Array<
    { area: Area; g: string; u: string; status: TaskStatus; n: number; overdue: number; pe: number; ro: number } & Record<TaskLight, number>
  >;
  const daySpan = (deadlineSpan ? ' AND deadline_ms >= ? AND deadline_ms < ?' : '') + (options.part ? ' AND area = ? AND status = ?' : '');
  const daySpanParams = [
    ...(deadlineSpan ? [deadlineSpan.fromMs, deadlineSpan.toMs] : []),
    ...(options.part ? [options.part.area, options.part.status] : []),
  ];
  const inScope = (alias: string, idColumn: string) => {
    const f = options.scope ? taskReadSql(options.scope, alias, idColumn) : null;
    return f ? { sql: ` AND ${f.sql}`, params: f.params } : { sql: '', params: [] };
  };
  let documents: number;
  if (options.asOf) {
    const h = inScope('h', 'task_id');
    documents = prepared(
      db,
      `SELECT COUNT(*) FROM ${TASK_DOCUMENTS_TABLE} d JOIN ${TASK_HISTORY_TABLE} h
         ON h.task_id = d.task_id AND h.valid_from_ms <= ? AND (h.valid_to_ms IS NULL OR h.valid_to_ms > ?)
       WHERE d.recorded_ms <= ?${daySpan
         .replaceAll('deadline_ms', 'h.deadline_ms')
         .replace(' area = ? AND status = ?', ' h.area = ? AND h.status = ?')}${h.sql}`,
    )
      .pluck()
      .get(atMs, atMs, atMs, ...daySpanParams, ...h.params) as number;
  } else if (deadlineSpan || options.scope || options.part) {
    const t = inScope('t', 'id');
    documents = prepared(
      db,
      `SELECT COUNT(*) FROM ${TASK_DOCUMENTS_TABLE} d JOIN ${TASK_LEDGER_TABLE} t ON t.id = d.task_id WHERE 1 = 1` +
        daySpan.replaceAll('deadline_ms', 't.deadline_ms').replace(' area = ? AND status = ?', ' t.area = ? AND t.status = ?') +
        t.sql,
    )
      .pluck()
      .get(...daySpanParams, ...t.params) as number;
  } else {
    documents = prepared(db, `SELECT COUNT(*) FROM ${TASK_DOCUMENTS_TABLE}`).pluck().get() as number;
  }
  const zero = (): TaskCounts => ({ total: 0, accepted: 0, overdue: 0, pendingExtensions: 0, reportOverdue: 0 });
  const byStatus = Object.fromEntries(TASK_STATUSES.map((s) => [s, 0])) as Record<TaskStatus, number>;
  const byArea = Object.fromEntries(AREAS.map((a) => [a, zero()])) as TaskSummary['byArea'];
  // Keys are codes users chose: no prototype, so a unit called `__proto__` is just a key.
  const bySpecialGroup = Object.create(null) as Record<string, TaskCounts>;
  const byUnit = Object.create(null) as Record<string, TaskCounts>;
  const byLight = noLights();
  let total = 0;
  let pendingExtensions = 0;
  let reportOverdue = 0;
  for (const r of rows) {
    total += r.n;
    pendingExtensions += r.pe;
    reportOverdue += r.ro;
    byStatus[r.status] += r.n;
    for (const l of TASK_LIGHTS) byLight[l] += r[l] ?? 0;
    for (const counts of [byArea[r.area], (bySpecialGroup[r.g] ??= zero()), (byUnit[r.u] ??= zero())]) {
      counts.total += r.n;
      if (r.status === 'accepted') counts.accepted += r.n;
      counts.overdue += r.overdue;
      counts.pendingExtensions += r.pe;
      counts.reportOverdue += r.ro;
    }
  }
  const counted = { total, byStatus, byArea, bySpecialGroup, byUnit, byLight, documents, pendingExtensions, reportOverdue };
  return { asOf: new Date(atMs).toISOString(), ...counted };
}
