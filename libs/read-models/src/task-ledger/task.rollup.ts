import type Database from 'better-sqlite3';
import {
  AREAS,
  pendingExtension,
  TASK_LIGHTS,
  TASK_STATUSES,
  taskLightTimes,
  taskReportDueMs,
  type Area,
  type Task,
  type TaskLight,
  type TaskLightRule,
  type TaskRollupPart,
  type TaskStatus,
} from '#domain';
import { prepared } from '../prepared.js';

/*
 * The live summary's roll-up (#28): counts the task-ledger projection keeps as it writes, so
 * `GET /tasks/summary` adds up a few thousand rows instead of judging 100,000 tasks on the event
 * loop. Every task is counted by area, special group and lead unit ("dimensions"), each with its
 * status; an open task also by the instants from which it is overdue, at least yellow and red
 * (the domain's `taskLightTimes`, the rule's one statement) and from which its progress report is
 * overdue (the ledger's `report_due_ms`, the period function's), each in a one-minute slot. At a
 * moment `now` a judgement holds for every task of the slots before now's slot; within now's own
 * slot each task's instant is compared with now (the members table, by index), so the answer is
 * exact at any `now`, not only at slot boundaries.
 */

/** The counts: `(kind, dim, value, status, slot) → n`. */
export const TASK_ROLLUP_TABLE = 'task_rollup';
/** Each task's place in the counts (what its next event must take back), with its instants. */
export const TASK_ROLLUP_MEMBERS_TABLE = 'task_rollup_members';
/** The warning window the yellow instants were computed with, and the time zone of the reporting instants. */
export const TASK_ROLLUP_META_TABLE = 'task_rollup_meta';

/** Width of a slot of instants: the tasks of now's own slot are compared one by one. */
const SLOT_MS = 60_000;
const slot = (ms: number) => Math.floor(ms / SLOT_MS);

/** The dimensions a task is counted by, with the ledger column each is. */
const DIMS = [
  ['area', 'area'],
  ['group', 'grp'],
  ['unit', 'unit'],
] as const;
type Dim = (typeof DIMS)[number][0];

/**
 * Kinds of count: `n` every task (by status), `lit` the open ones (they have a light), `pe` the open ones with a pending extension request,
 * then one per instant.
 */
const INSTANTS = [
  ['o', 'overdue_ms'],
  ['y', 'yellow_ms'],
  ['r', 'red_ms'],
  ['ro', 'report_ms'],
] as const;
type InstantKind = (typeof INSTANTS)[number][0];

export const TASK_ROLLUP_DDL = `
  CREATE TABLE IF NOT EXISTS ${TASK_ROLLUP_TABLE} (
    kind TEXT NOT NULL, dim TEXT NOT NULL, value TEXT NOT NULL, status TEXT NOT NULL, slot INTEGER NOT NULL, n INTEGER NOT NULL, p REAL
    NOT NULL DEFAULT 0,
    PRIMARY KEY (kind, dim, value, status, slot)) WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS ${TASK_ROLLUP_MEMBERS_TABLE} (
    id TEXT PRIMARY KEY, area TEXT NOT NULL, grp TEXT NOT NULL, unit TEXT NOT NULL, status TEXT NOT NULL,
    progress REAL NOT NULL, lit INTEGER NOT NULL, overdue_ms INTEGER, yellow_ms INTEGER, red_ms INTEGER, pe INTEGER NOT NULL DEFAULT 0,
    report_ms INTEGER);
  CREATE INDEX IF NOT EXISTS task_rollup_members_overdue ON ${TASK_ROLLUP_MEMBERS_TABLE}(overdue_ms) WHERE overdue_ms IS NOT NULL;
  CREATE INDEX IF NOT EXISTS task_rollup_members_yellow ON ${TASK_ROLLUP_MEMBERS_TABLE}(yellow_ms) WHERE yellow_ms IS NOT NULL;
  CREATE INDEX IF NOT EXISTS task_rollup_members_red ON ${TASK_ROLLUP_MEMBERS_TABLE}(red_ms) WHERE red_ms IS NOT NULL;
  CREATE INDEX IF NOT EXISTS task_rollup_members_report ON ${TASK_ROLLUP_MEMBERS_TABLE}(report_ms) WHERE report_ms IS NOT NULL;
  CREATE TABLE IF NOT EXISTS ${TASK_ROLLUP_META_TABLE} (
    id INTEGER PRIMARY KEY CHECK (id = 1), warning_window_ms INTEGER NOT NULL, time_zone TEXT NOT NULL DEFAULT '');
`;

/** A task's place in the counts. Instants beyond any date (no lag schedule) are stored as NULL: never reached. */
interface Member {
  area: string;
  grp: string;
  unit: string;
  status: string;
  /** Summed per status in the `n` rows: the mean progress of a unit's tasks. */
  progress: number;
  /** 1 for an open task (it has a light and may be overdue), else 0. */
  lit: 0 | 1;
  overdue_ms: number | null;
  yellow_ms: number | null;
  red_ms: number | null;
  /** 1 for an open task with a pending extension request (the domain's `pendingExtension`), else 0: counted as kind `pe`. */
  pe: 0 | 1;
  /** From when the open task's progress report is overdue (`report_due_ms` + 1), NULL without a cycle: counted as kind `ro`. */
  report_ms: number | null;
}

const finite = (ms: number): number | null => (Number.isFinite(ms) ? ms : null);

function memberOf(task: Task, rule: TaskLightRule): Member {
  const times = taskLightTimes(task, rule);
  const reportDueMs = taskReportDueMs(task, rule.timeZone);
  return {
    area: task.area ?? '',
    grp: task.specialGroup ?? '',
    unit: task.leadUnit ?? '',
    status: task.status,
    progress: task.progress ?? 0,
    lit: times ? 1 : 0,
    overdue_ms: times ? finite(times.overdueFromMs) : null,
    yellow_ms: times ? finite(times.yellowFromMs) : null,
    red_ms: times ? finite(times.redFromMs) : null,
    pe: pendingExtension(task) ? 1 : 0,
    // `taskReportOverdueSql`: overdue once "now" is past the due instant, while the task is open (it has a light).
    report_ms: times && reportDueMs !== null ? reportDueMs + 1 : null,
  };
}

/** Whether two members are in the same counts (their progress may differ). */
const samePlace = (a: Member, b: Member) =>
  a.area === b.area &&
  a.grp === b.grp &&
  a.unit === b.unit &&
  a.status === b.status &&
  a.lit === b.lit &&
  a.overdue_ms === b.overdue_ms &&
  a.yellow_ms === b.yellow_ms &&
  a.red_ms === b.red_ms &&
  a.pe === b.pe &&
  a.report_ms === b.report_ms;

/**
 * The counts a member is in, by key: `n` per status; for units (whose summary adds up parts by
 * status, with the mean progress) `n` with its progress and `o` per status too; `lit`, `y`, `r`
 * and the other dimensions' `o` across statuses. What a command changes most (a progress
 * report, a first report's status) so moves as few rows as the answers need.
 */
function countsOf(m: Member): Map<string, { kind: string; dim: Dim; value: string; status: string; slot: number; p: number }> {
  const out = new Map<string, { kind: string; dim: Dim; value: string; status: string; slot: number; p: number }>();
  const put = (kind: string, dim: Dim, value: string, status: string, s: number, p = 0) =>
    out.set(`${kind}\u0000${dim}\u0000${value}\u0000${status}\u0000${s}`, { kind, dim, value, status, slot: s, p });
  for (const [dim, column] of DIMS) {
    const value = m[column];
    const unit = dim === 'unit';
    put('n', dim, value, m.status, 0, unit ? m.progress : 0);
    if (m.lit) put('lit', dim, value, '', 0);
    if (m.pe) put('pe', dim, value, '', 0);
    for (const [kind, c] of INSTANTS) {
      const at = m[c];
      if (at !== null) put(kind, dim, value, unit && kind === 'o' ? m.status : '', slot(at));
    }
  }
  return out;
}

/**
 * Moves a task's counts from `before` to `next`, touching only the rows whose key changed (a
 * status change leaves the lights' rows alone; a progress report changes only the sums).
 */
function move(db: Database.Database, before: Member | undefined, next: Member): void {
  const add = prepared(
    db,
    `INSERT INTO ${TASK_ROLLUP_TABLE}(kind, dim, value, status, slot, n, p) VALUES (?, ?, ?, ?, ?, 1, ?) ON CONFLICT DO ` +
      `UPDATE SET n = n + 1, p = p + excluded.p`,
  );
  const take = prepared(
    db,
    `UPDATE ${TASK_ROLLUP_TABLE} SET n = n - 1, p = p - ? WHERE kind = ? AND dim = ? AND value = ? AND status = ? AND slot = ? RETURNING n`,
  );
  const prune = prepared(
    db,
    `DELETE FROM ${TASK_ROLLUP_TABLE} WHERE kind = ? AND dim = ? AND value = ? AND status = ? AND slot = ? AND n = 0`,
  );
  const shift = prepared(
    db,
    `UPDATE ${TASK_ROLLUP_TABLE} SET p = p + ? WHERE kind = ? AND dim = ? AND value = ? AND status = ? AND slot = ?`,
  );
  const was = before ? countsOf(before) : new Map<string, never>();
  const now = countsOf(next);
  for (const [key, c] of was) {
    const kept = now.get(key);
    if (kept) {
      if (kept.p !== c.p) shift.run(kept.p - c.p, c.kind, c.dim, c.value, c.status, c.slot);
      continue;
    }
    const left = take.pluck().get(c.p, c.kind, c.dim, c.value, c.status, c.slot) as number | undefined;
    if (left === 0) prune.run(c.kind, c.dim, c.value, c.status, c.slot);
  }
  for (const [key, c] of now) if (!was.has(key)) add.run(c.kind, c.dim, c.value, c.status, c.slot, c.p);
}

/** Moves a task's counts to what `task` (its state after an event) is now; nothing when nothing counted changed. */
export function recordTaskRollup(db: Database.Database, id: string, task: Task, rule: TaskLightRule): void {
  const next = memberOf(task, rule);
  const before = prepared(
    db,
    `SELECT area, grp, unit, status, progress, lit, overdue_ms, yellow_ms, red_ms, pe, report_ms
     FROM ${TASK_ROLLUP_MEMBERS_TABLE} WHERE id = ?`,
  ).get(id) as Member | undefined;
  if (before && samePlace(before, next) && before.progress === next.progress) return;
  move(db, before, next);
  prepared(
    db,
    `INSERT INTO ${TASK_ROLLUP_MEMBERS_TABLE}(id, area, grp, unit, status, progress, lit, overdue_ms, yellow_ms, red_ms, pe, report_ms)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT(id) DO UPDATE SET area = excluded.area, grp = excluded.grp, unit = excluded.unit, status = excluded.status,
       progress = excluded.progress, lit = excluded.lit, overdue_ms = excluded.overdue_ms, yellow_ms = excluded.yellow_ms,
       red_ms = excluded.red_ms, pe = excluded.pe, report_ms = excluded.report_ms`,
  ).run(
    id,
    next.area,
    next.grp,
    next.unit,
    next.status,
    next.progress,
    next.lit,
    next.overdue_ms,
    next.yellow_ms,
    next.red_ms,
    next.pe,
    next.report_ms,
  );
}

/** The warning window the roll-up was computed with, or null before any. */
function storedWindow(db: Database.Database): number | null {
  return (prepared(db, `SELECT warning_window_ms FROM ${TASK_ROLLUP_META_TABLE} WHERE id = 1`).pluck().get() as number | undefined) ?? null;
}

/**
 * Creates the roll-up's tables; when they were computed with another warning window (a changed
 * WARNING_WINDOW), another time zone (the reporting periods', DISPLAY_TIMEZONE) or not at all,
 * computes them again from the ledger's documents (`table`).
 */
export function migrateTaskRollup(db: Database.Database, table: string, rule: TaskLightRule): void {
  db.exec(TASK_ROLLUP_DDL);
  const zone = prepared(db, `SELECT time_zone FROM ${TASK_ROLLUP_META_TABLE} WHERE id = 1`).pluck().get() as string | undefined;
  if (storedWindow(db) === rule.warningWindowMs && zone === rule.timeZone) return;
  db.transaction(() => {
    db.exec(`DELETE FROM ${TASK_ROLLUP_TABLE}; DELETE FROM ${TASK_ROLLUP_MEMBERS_TABLE};`);
    // A page at a time: no statement may stay open while the roll-up is written on this connection.
    const page = db.prepare(`SELECT id, doc FROM "${table}" WHERE id > ? AND doc IS NOT NULL ORDER BY id LIMIT 1000`);
    for (
      let after = '', rows: Array<{ id: string; doc: string }>;
      (rows = page.all(after) as typeof rows).length > 0;
      after = rows[rows.length - 1]!.id
    ) {
      for (const row of rows) {
        const task = JSON.parse(row.doc) as Task | null;
        if (task) recordTaskRollup(db, row.id, task, rule);
      }
    }
    db.prepare(
      `INSERT INTO ${TASK_ROLLUP_META_TABLE}(id, warning_window_ms, time_zone) VALUES (1, ?, ?)
       ON CONFLICT(id) DO UPDATE SET warning_window_ms = excluded.warning_window_ms, time_zone = excluded.time_zone`,
    ).run(rule.warningWindowMs, rule.timeZone);
  })();
}

/** Counts of one area, group or unit in the summary. */
export interface TaskCounts {
  total: number;
  accepted: number;
  overdue: number;
  /** Open tasks with a pending extension request (延期申请). */
  pendingExtensions: number;
  /** Open tasks whose progress report is overdue now (报送逾期, `reporting.overdue`). */
  reportOverdue: number;
}

/** What the roll-up answers of the summary: all of `TaskSummary` but the instant and the documents. */
export interface TaskRollupSummary {
  total: number;
  byStatus: Record<TaskStatus, number>;
  byArea: Record<Area, TaskCounts>;
  bySpecialGroup: Record<string, TaskCounts>;
  byUnit: Record<string, TaskCounts>;
  /** Open tasks by their light at the moment (accepted and cancelled ones have none). */
  byLight: Record<TaskLight, number>;
  /** Open tasks with a pending extension request (延期申请) at the moment. */
  pendingExtensions: number;
  /** Open tasks whose progress report is overdue at the moment (`reporting.overdue`, `GET /tasks?reportOverdue=true`). */
  reportOverdue: number;
}

/** What the roll-up knows of the tasks of one value of a dimension with one status, at a moment. */
interface Tally {
  dim: Dim;
  value: string;
  status: string;
  n: number;
  /** Sum of their progress. */
  p: number;
  /** Open (they have a light). */
  lit: number;
  /** Open with a pending extension request. */
  pe: number;
  /** Overdue, at least yellow, red; a progress report overdue. */
  o: number;
  y: number;
  r: number;
  ro: number;
}

/**
 * The tallies at `nowMs` (of the values `only` of one dimension, or of all), or null when the
 * roll-up was computed with another warning window than `rule`'s (the caller then counts the
 * ledger itself). Every task in a slot before now's has reached its instant; each task whose
 * instant falls in now's own slot has when the instant is not after now.
 */
function tallies(
  db: Database.Database,
  nowMs: number,
  rule: TaskLightRule,
  only?: { dim: Dim; values: readonly string[] },
): Tally[] | null {
  if (storedWindow(db) !== rule.warningWindowMs) return null;
  const current = slot(nowMs);
  const out = new Map<string, Tally>();
  const tally = (dim: Dim, value: string, status: string): Tally => {
    const k = `${dim}\u0000${value}\u0000${status}`;
    let t = out.get(k);
    if (!t) out.set(k, (t = { dim, value, status, n: 0, p: 0, lit: 0, pe: 0, o: 0, y: 0, r: 0, ro: 0 }));
    return t;
  };
  const filter = only ? ' AND dim = ? AND value IN (SELECT value FROM json_each(?))' : '';
  // The primary key delivers the groups in order.
  const rows = prepared(
    db,
    `SELECT kind, dim, value, status, SUM(n), TOTAL(p) FROM ${TASK_ROLLUP_TABLE} WHERE (kind IN ('n', 'lit', 'pe') OR slot < ` +
      `?)${filter} GROUP BY kind, dim, value, status`,
  )
    .raw(true)
    .all(current, ...(only ? [only.dim, JSON.stringify(only.values)] : [])) as Array<[string, Dim, string, string, number, number]>;
  for (const [kind, dim, value, status, n, p] of rows) {
    const t = tally(dim, value, status);
    if (kind === 'n') {
      t.n += n;
      t.p += p;
    } else t[kind as 'lit' | 'pe' | InstantKind] += n;
  }
  const wanted = only ? new Set(only.values) : null;
  for (const [kind, column] of INSTANTS) {
    const members = prepared(db, `SELECT area, grp, unit, status FROM ${TASK_ROLLUP_MEMBERS_TABLE} WHERE ${column} >= ? AND ${column} <= ?`)
      .raw(true)
      .all(current * SLOT_MS, nowMs) as Array<[string, string, string, string]>;
    for (const m of members) {
      for (const [i, [dim]] of DIMS.entries()) {
        if (only && (dim !== only.dim || !wanted!.has(m[i]!))) continue;
        tally(dim, m[i]!, dim === 'unit' && kind === 'o' ? m[3]! : '')[kind] += 1;
      }
    }
  }
  return [...out.values()];
}

/** The light counts of tallies: red, at least yellow less red, open less at least yellow. */
function lightsOf(ts: Iterable<Tally>): Record<TaskLight, number> {
  const byLight = Object.fromEntries(TASK_LIGHTS.map((l) => [l, 0])) as Record<TaskLight, number>;
  for (const t of ts) {
    byLight.red += t.r;
    byLight.yellow += t.y - t.r;
    byLight.green += t.lit - t.y;
  }
  return byLight;
}

/**
 * The summary at `nowMs` from the roll-up, or null when it was computed with another warning
 * window than `rule`'s (the caller then counts the ledger itself).
 */
export function summarizeFromRollup(db: Database.Database, nowMs: number, rule: TaskLightRule): TaskRollupSummary | null {
  const all = tallies(db, nowMs, rule);
  if (all === null) return null;
  const zero = (): TaskCounts => ({ total: 0, accepted: 0, overdue: 0, pendingExtensions: 0, reportOverdue: 0 });
  const byStatus = Object.fromEntries(TASK_STATUSES.map((s) => [s, 0])) as Record<TaskStatus, number>;
  const byArea = Object.fromEntries(AREAS.map((a) => [a, zero()])) as Record<Area, TaskCounts>;
  // Keys are codes users chose: no prototype, so a unit called `__proto__` is just a key.
  const bySpecialGroup = Object.create(null) as Record<string, TaskCounts>;
  const byUnit = Object.create(null) as Record<string, TaskCounts>;
  let total = 0;
  let pendingExtensions = 0;
  let reportOverdue = 0;
  for (const t of all) {
    const c =
      t.dim === 'area'
        ? (byArea[t.value as Area] ??= zero())
        : t.dim === 'group'
          ? (bySpecialGroup[t.value] ??= zero())
          : (byUnit[t.value] ??= zero());
    c.total += t.n;
    if (t.status === 'accepted') c.accepted += t.n;
    c.overdue += t.o;
    c.pendingExtensions += t.pe;
    c.reportOverdue += t.ro;
    if (t.dim === 'area') {
      pendingExtensions += t.pe;
      reportOverdue += t.ro;
    }
    if (t.dim === 'area' && t.status !== '') {
      total += t.n;
      byStatus[t.status as TaskStatus] += t.n;
    }
  }
  // Every task has one area: the lights over the areas count each task once.
  const byLight = lightsOf(all.filter((t) => t.dim === 'area'));
  return { total, byStatus, byArea, bySpecialGroup, byUnit, byLight, pendingExtensions, reportOverdue };
}

/** What the roll-up knows of one lead unit's tasks at a moment (`GET /units/:code/summary`). */
export interface UnitTally {
  /** The parts the domain's `rollUpTaskParts` adds up, by status: count, overdue, progress sum. */
  parts: TaskRollupPart[];
  byLight: Record<TaskLight, number>;
  /** Open tasks with a pending extension request. */
  pendingExtensions: number;
  /** Open tasks whose progress report is overdue. */
  reportOverdue: number;
}

/**
 * Per lead unit of `units`, its {@link UnitTally} at `nowMs`; null when the roll-up was computed with another warning window than
 * `rule`'s.
 */
export function unitTalliesFromRollup(
  db: Database.Database,
  units: readonly string[],
  nowMs: number,
  rule: TaskLightRule,
): Map<string, UnitTally> | null {
  const ts = tallies(db, nowMs, rule, { dim: 'unit', values: units });
  if (ts === null) return null;
  const out = new Map<string, UnitTally>();
  for (const unit of units) {
    const own = ts.filter((t) => t.value === unit);
    out.set(unit, {
      parts: own.filter((t) => t.n > 0).map((t) => ({ status: t.status as TaskStatus, count: t.n, overdue: t.o, progressSum: t.p })),
      byLight: lightsOf(own),
      pendingExtensions: own.reduce((n, t) => n + t.pe, 0),
      reportOverdue: own.reduce((n, t) => n + t.ro, 0),
    });
  }
  return out;
}
