import type Database from 'better-sqlite3';
import {
  isMilestoneOverdue,
  isTaskOverdue,
  rollUpTaskParts,
  taskLight,
  type Area,
  type LedgerScope,
  type ReportingStatus,
  type Task,
  type TaskLight,
  type TaskLightRule,
  type TaskMilestone,
  type TaskRollupPart,
  type TaskStatus,
} from '#domain';
import { readDocument } from '../aggregate/aggregate-document.projection.js';
import { taskReadSql, type SqlFilter } from '../access/read-scope.sql.js';
import { milestoneOverdueSql, taskLightSql, taskMilestoneOverdueSql, taskOverdueSql, taskReportOverdueSql } from '../overdue.sql.js';
import { prepared } from '../prepared.js';
import { normalizeSearchText, type SearchCursor } from '../search/search-index.js';
import { TASK_LEDGER_TABLE, taskSearch } from './task-ledger.projection.js';
import { scopedPageWhere } from './scoped-page.js';
import { listItemReporting, listItemReportingJson, reportingFactsSql } from './task-list-reporting.js';
import { taskOrder, TASKS_AS_OF, type TaskSort } from './task-order.js';
import { rollUpLedgerParts } from './ledger-rollup.queries.js';

/** Filters of `GET /tasks`. */
export interface TaskFilter {
  area?: Area;
  specialGroup?: string;
  keyPointId?: string;
  leadUnit?: string;
  /**
   * Led by any of these units: a unit's subtree (`GET /tasks?unitTree=`), resolved from the
   * units read model by the caller, since the tree lives in another read model's file.
   */
  leadUnits?: readonly string[];
  status?: TaskStatus;
  overdue?: boolean;
  /** Tasks with an overdue milestone (`true`) or none (`false`). */
  milestoneOverdue?: boolean;
  /** Tasks whose light is this one now (an accepted or cancelled task has none). */
  light?: TaskLight;
  /** Tasks whose progress report is overdue now (`reporting.overdue`), or not. */
  reportOverdue?: boolean;
  /** Sub-tasks of this task. */
  parentId?: string;
  /**
   * `true`: acknowledged by the lead unit; `false`: waiting for it. Tasks recorded before
   * acknowledgement existed are in neither list.
   */
  acknowledged?: boolean;
  /** `true`: open tasks with a pending extension request (延期申请, the domain's `pendingExtension`); `false`: the others. */
  pendingExtension?: boolean;
  /** Only the tasks of this reading scope (`canReadTask`); without it the whole ledger. */
  scope?: LedgerScope;
  /**
   * Text: any substring (or pinyin) of the fields of {@link taskSearch}. The page is then
   * ranked (title matches first, most recently registered first) and paged by `searchAfter`.
   */
  q?: string;
  /** The page's order without `q` ({@link taskOrder}); registration order when absent. */
  sort?: TaskSort;
  /**
   * The ledger as it stood at the moment the page is judged at (its `nowMs`): the tasks that
   * existed then, filtered, ordered and judged on the history's columns ({@link TASKS_AS_OF}).
   */
  asOf?: boolean;
  limit: number;
  /** Keyset without `q`: the sort key and id of the last row of the previous page (`[createdAt, id]` unsorted). */
  after?: [string | number, string] | null;
  /** Keyset with `q`: the cursor of the previous page's last hit. */
  searchAfter?: SearchCursor | null;
}

/** A milestone as the ledger shows it: with `overdue` judged at the moment asked. */
export type TaskMilestoneView = TaskMilestone & { overdue: boolean };

/**
 * A ledger row: the task with what is judged at the moment asked (`overdue`, each milestone's
 * `overdue`, `light`) and its stream revision; `matchedIn` when found by `q`.
 */
export type TaskView = Omit<Task, 'milestones'> & {
  milestones: TaskMilestoneView[];
  overdue: boolean;
  light: TaskLight | null;
  revision: number;
  matchedIn?: string;
};

const OVERDUE = taskOverdueSql();
const MILESTONE_OVERDUE = taskMilestoneOverdueSql();

function view(task: Task, revision: number, nowMs: number, rule: TaskLightRule): TaskView {
  return {
    ...task,
    milestones: task.milestones.map((m) => ({ ...m, overdue: isMilestoneOverdue(task, m, nowMs) })),
    overdue: isTaskOverdue(task, nowMs),
    light: taskLight(task, nowMs, rule),
    revision,
  };
}

/** One task judged at `nowMs` with the light `rule` (WARNING_WINDOW), or null. */
export function getTask(db: Database.Database, id: string, nowMs: number, rule: TaskLightRule): TaskView | null {
  const doc = readDocument<Task | null>(db, TASK_LEDGER_TABLE, id);
  return doc?.state ? view(doc.state, doc.revision, nowMs, rule) : null;
}

/** Whether the ledger holds a task with this id (what a reference to a task is checked against). */
export function isTaskOnLedger(db: Database.Database, id: string): boolean {
  return prepared(db, `SELECT 1 FROM ${TASK_LEDGER_TABLE} WHERE id = ? AND status IS NOT NULL`).get(id) !== undefined;
}

/**
 * Above this many units a subtree's page walks the ledger in its order (`tasks_created`, which
 * carries `lead_unit`, so the test needs no row) and stops after a page of matches: a district's
 * or the city's subtree leads a large share of the ledger, so the walk is short, where the
 * `lead_unit` index would gather and sort every task of the subtree. A few units (a street and its
 * communities) lead few tasks: those are gathered by `lead_unit` and sorted.
 */
export const SUBTREE_WALK_UNITS = 8;

/** The index a page of this filter walks, when the planner must be told (a large subtree). */
function pageIndex(f: TaskFilter): string {
  return !f.sort && f.leadUnits && f.leadUnits.length > SUBTREE_WALK_UNITS ? ' INDEXED BY tasks_created' : '';
}

/**
 * What a page reads: the ledger's rows (with the index hint `index`), or its rows as they stood at the moment ({@link TASKS_AS_OF}); and
 * their bindings.
 */
function pageSource(f: TaskFilter, nowMs: number, index: string): { sql: string; params: number[] } {
  return f.asOf ? { sql: `${TASKS_AS_OF} AS tasks_then`, params: [nowMs, nowMs] } : { sql: `${TASK_LEDGER_TABLE}${index}`, params: [] };
}

/** The WHERE clause and parameters of a ledger filter (keyset included). */
function ledgerWhere(f: TaskFilter, nowMs: number, rule: TaskLightRule): { sql: string; params: unknown[] } {
  const where: string[] = ['doc IS NOT NULL', 'status IS NOT NULL'];
  const params: unknown[] = [];
  const add = (clause: string, ...values: unknown[]) => {
    where.push(clause);
    params.push(...values);
  };
  if (f.area) add('area = ?', f.area);
  if (f.specialGroup) add('special_group = ?', f.specialGroup);
  if (f.keyPointId) add('key_point_id = ?', f.keyPointId);
  if (f.leadUnit) add('lead_unit = ?', f.leadUnit);
  if (f.leadUnits?.length === 1) add('lead_unit = ?', f.leadUnits[0]);
  else if (f.leadUnits) add('lead_unit IN (SELECT value FROM json_each(?))', JSON.stringify(f.leadUnits));
  if (f.status) add('status = ?', f.status);
  if (f.parentId) add('parent_id = ?', f.parentId);
  if (f.acknowledged === true) add('acknowledged_at IS NOT NULL');
  if (f.acknowledged === false) add('ack_due_ms IS NOT NULL');
  if (f.pendingExtension !== undefined) add('pending_extension = ?', f.pendingExtension ? 1 : 0);
  if (f.overdue === true) add(OVERDUE, nowMs);
  if (f.overdue === false) add(`NOT ${OVERDUE}`, nowMs);
  if (f.milestoneOverdue === true) add(MILESTONE_OVERDUE, nowMs);
  // A task without open milestones has a NULL next due: `IS NOT 1` keeps it among those without.
  if (f.milestoneOverdue === false) add(`${MILESTONE_OVERDUE} IS NOT 1`, nowMs);
  if (f.reportOverdue === true) add(taskReportOverdueSql(), nowMs);
  if (f.reportOverdue === false) add(`NOT ${taskReportOverdueSql()}`, nowMs);
  if (f.light) {
    const light = taskLightSql(rule);
    add(`${light.sql} = ?`, ...light.params(nowMs), f.light);
  }
  const scope = f.scope ? taskReadSql(f.scope) : null;
  if (scope) add(scope.sql, ...scope.params);
  if (f.after) {
    const order = taskOrder(f.sort, rule);
    add(`(${order.key}, id) ${order.desc ? '<' : '>'} (?, ?)`, ...order.params(nowMs), f.after[0], f.after[1]);
  }
  return { sql: where.join(' AND '), params };
}

/** A page's WHERE clause and the index hint it needs; an evaluator's scope as walks ({@link scopedPageWhere}). */
function pageWhere(f: TaskFilter, nowMs: number, rule: TaskLightRule): SqlFilter & { index: string } {
  const { scope, ...unscoped } = f;
  // The walks page the ledger now in registration order: a sorted or as-of page filters by the scope's SQL twin instead.
  const walks = scope && !f.sort && !f.asOf ? scopedPageWhere(scope, ledgerWhere(unscoped, nowMs, rule), f.limit + 1) : null;
  return walks ? { ...walks, index: '' } : { ...ledgerWhere(f, nowMs, rule), index: pageIndex(f) };
}

/** True when the filter searches text (a `q` with something to search). */
function searches(f: TaskFilter): f is TaskFilter & { q: string } {
  return f.q !== undefined && normalizeSearchText(f.q) !== '';
}

/** The hits of a `q` page: the other filters apply to the ledger row of each hit. */
function searchTasks<R>(
  db: Database.Database,
  f: TaskFilter & { q: string },
  nowMs: number,
  rule: TaskLightRule,
  select: string,
  selectParams: unknown[],
) {
  const { sql, params } = ledgerWhere({ ...f, after: null }, nowMs, rule);
  return taskSearch.page<R>(db, f.q, {
    limit: f.limit,
    after: f.searchAfter ?? null,
    select,
    selectParams,
    join: `${TASK_LEDGER_TABLE} t ON t.id = k.s_id`,
    where: sql,
    params,
  });
}

/** The roll-up of a task's sub-tasks, as every answer that shows a task carries it. */
export interface TaskChildren {
  total: number;
  accepted: number;
  overdue: number;
  /** Mean progress of the sub-tasks not cancelled; null without any. */
  averageProgress: number | null;
}

/**
 * A task as the ledger's answers (`GET /tasks/:id`, the items of `GET /tasks`, the export) show it: with its sub-tasks' roll-up
 * and `reporting` (API.md: the current period, last report, missed, overdue; `null` without a reporting cycle) judged at the
 * moment asked.
 */
export type TaskLedgerItem = TaskView & { children: TaskChildren; reporting: ReportingStatus | null };

/**
 * The roll-up of the sub-tasks of each of `ids` at `nowMs`: one grouped query over the parent
 * index for a whole page, the arithmetic in the domain's {@link rollUpTaskParts}. A task
 * without sub-tasks has a roll-up of zeros.
 */
export function taskChildren(db: Database.Database, ids: readonly string[], nowMs: number): Map<string, TaskChildren> {
  const parts = ids.length === 0 ? new Map<string, TaskRollupPart[]>() : rollUpLedgerParts(db, 'parent_id', ids, nowMs);
  const out = new Map<string, TaskChildren>();
  for (const id of ids) {
    const r = rollUpTaskParts(parts.get(id) ?? []);
    out.set(id, { total: r.total, accepted: r.byStatus.accepted, overdue: r.overdue, averageProgress: r.averageProgress });
  }
  return out;
}

/**
 * A page of the ledger, oldest registration first (with `q`: ranked, see {@link TaskFilter.q});
 * fetches `limit + 1` to detect a next page. Each task carries its sub-tasks' roll-up and its
 * `reporting`, judged in the rule's calendar (`rule.timeZone`, DISPLAY_TIMEZONE).
 */
export function listTasks(db: Database.Database, f: TaskFilter, nowMs: number, rule: TaskLightRule): TaskLedgerItem[] {
  // Its items are judged in JavaScript on the documents as they are now: the past is {@link listTasksJson}'s.
  if (f.asOf) throw new RangeError('listTasks reads the ledger now; the ledger as of a moment is listTasksJson');
  let views: TaskView[];
  if (searches(f)) {
    views = searchTasks<{ doc: string; revision: number }>(db, f, nowMs, rule, 't.doc AS doc, t.revision AS revision', []).map((h) => ({
      ...view(JSON.parse(h.row.doc) as Task, h.row.revision, nowMs, rule),
      matchedIn: h.matchedIn,
    }));
  } else {
    const { sql, params, index } = pageWhere(f, nowMs, rule);
    const order = taskOrder(f.sort, rule);
    const dir = order.desc ? 'DESC' : 'ASC';
    const from = pageSource(f, nowMs, index);
    const rows = prepared(
      db,
      `SELECT doc, revision, ${order.key} AS k FROM ${from.sql} WHERE ${sql} ORDER BY k ${dir}, id ${dir} LIMIT ?`,
    ).all(...order.params(nowMs), ...from.params, ...params, f.limit + 1) as Array<{ doc: string; revision: number }>;
    views = rows.map((r) => view(JSON.parse(r.doc) as Task, r.revision, nowMs, rule));
  }
  const children = taskChildren(
    db,
    views.map((v) => v.id),
    nowMs,
  );
  return views.map((v) => ({ ...v, children: children.get(v.id)!, reporting: listItemReporting(v, nowMs, rule.timeZone) }));
}

/**
 * A rendered item: its id, its JSON as SQLite rendered it (UTF-8), its `matchedIn` when found by `q`, and its
 * {@link reportingFactsSql}.
 */
interface RenderedItem {
  id: string;
  json: Buffer;
  matchedIn?: string;
  reporting: string | null;
}

/**
 * The page's `items` array as UTF-8: each item's JSON with `matchedIn` after its opening brace
 * (when found by `q`) and `children` and `reporting` (in `timeZone`) before its closing brace (an
 * item is a non-empty JSON object). The items stay the bytes SQLite rendered: a 50-item page is
 * about 65 KB of mostly Chinese text, which as a JavaScript string was decoded to UTF-16 here and
 * measured and encoded back to UTF-8 for the socket (as much CPU as the SQL itself).
 */
function itemsBytes(db: Database.Database, items: RenderedItem[], nowMs: number, timeZone: string): Buffer {
  const children = taskChildren(
    db,
    items.map((i) => i.id),
    nowMs,
  );
  const chunks: Buffer[] = [];
  let length = 2;
  for (let i = 0; i < items.length; i++) {
    const { id, json, matchedIn, reporting } = items[i]!;
    const rendered = listItemReportingJson(reporting, nowMs, timeZone);
    const head = matchedIn === undefined ? (i === 0 ? '{' : ',{') : `${i === 0 ? '' : ','}{"matchedIn":${JSON.stringify(matchedIn)},`;
    const tail = `,"children":${JSON.stringify(children.get(id))},"reporting":${rendered}}`;
    // Between the item's own braces.
    const body = json.subarray(1, json.length - 1);
    const parts = [Buffer.from(head), body, Buffer.from(tail)];
    for (const part of parts) length += part.length;
    chunks.push(...parts);
  }
  return Buffer.concat([Buffer.from('['), ...chunks, Buffer.from(']')], length);
}

/** A ledger page already serialised: the `items` JSON array and the sort key of its last row. */
export interface TaskPageBytes {
  /** JSON array of {@link TaskLedgerItem}s in UTF-8, exactly as `JSON.stringify(listTasks(...))` would describe them. */
  items: Buffer;
  /**
   * The key of the page's last item when another page follows, else null: `[sort key, id]`
   * (`[createdAt, id]` unsorted), or with `q` its {@link SearchCursor}.
   */
  nextKey: [string | number, string] | SearchCursor | null;
}

/** {@link TaskPageBytes} with the items as a string. */
export interface TaskPageJson {
  /** JSON array of {@link TaskLedgerItem}s, exactly as `JSON.stringify(listTasks(...))` would describe them. */
  itemsJson: string;
  nextKey: TaskPageBytes['nextKey'];
}

/**
 * A ledger row rendered by SQLite as its {@link TaskView} JSON (each milestone with its
 * `overdue`, then the task's `overdue`, `light` and `revision`, in the order {@link view} adds
 * them); `params(now)` binds it.
 */
function itemJson(rule: TaskLightRule, alias?: string, asOf = false): { sql: string; params(nowMs: number): number[] } {
  const column = (name: string) => (alias ? `${alias}.${name}` : name);
  const bool = (condition: string) => `json(CASE WHEN ${condition} THEN 'true' ELSE 'false' END)`;
  const light = taskLightSql(rule, alias);
  // json_each walks the array in order and the aggregate keeps the walk's order (an ORDER BY
  // would sort each row's milestones in a temporary b-tree); the projection spec checks the
  // rendered page against the JavaScript view.
  const milestones =
    `json((SELECT json_group_array(json_set(m.value, '$.overdue', ${bool(milestoneOverdueSql('m', alias))})) FROM ` +
    `json_each(${column('doc')}, '$.milestones') m))`;
  // As of a moment, the status and progress the light was judged on are the ones of that moment.
  const then = asOf ? `, '$.status', ${column('status')}, '$.progress', ${column('progress')}` : '';
  return {
    sql:
      `json_set(${column('doc')}, '$.milestones', ${milestones}, '$.overdue', ${bool(taskOverdueSql(alias))}, '$.light', ` +
      `${light.sql}, '$.revision', ${column('revision')}${then})`,
    params: (nowMs) => [nowMs, nowMs, ...light.params(nowMs)],
  };
}

/**
 * The same page as {@link listTasks}, but each item is rendered by SQLite (`json_set` of the
 * stored document with `overdue` and `revision`) and kept as the UTF-8 bytes SQLite wrote, so
 * the list route sends the documents without parsing, re-serialising or re-encoding them in
 * JavaScript.
 */
export function listTasksBytes(db: Database.Database, f: TaskFilter, nowMs: number, rule: TaskLightRule): TaskPageBytes {
  if (searches(f)) {
    const item = itemJson(rule, 't');
    const select = `t.id AS id, CAST(${item.sql} AS BLOB) AS item, ${reportingFactsSql('t')} AS reporting`;
    const hits = searchTasks<{ id: string; item: Buffer; reporting: string | null }>(db, f, nowMs, rule, select, item.params(nowMs));
    const more = hits.length > f.limit;
    if (more) hits.length = f.limit;
    const items = hits.map((h) => ({ id: h.row.id, json: h.row.item, matchedIn: h.matchedIn, reporting: h.row.reporting }));
    return { items: itemsBytes(db, items, nowMs, rule.timeZone), nextKey: more ? hits[hits.length - 1]!.cursor : null };
  }
  const { sql, params, index } = pageWhere(f, nowMs, rule);
  const item = itemJson(rule, undefined, f.asOf);
  const order = taskOrder(f.sort, rule);
  const dir = order.desc ? 'DESC' : 'ASC';
  const from = pageSource(f, nowMs, index);
  const rows = prepared(
    db,
    `SELECT ${order.key} AS k, id, CAST(${item.sql} AS BLOB), ${reportingFactsSql()}
     FROM ${from.sql} WHERE ${sql} ORDER BY k ${dir}, id ${dir} LIMIT ?`,
  )
    .raw(true)
    .all(...order.params(nowMs), ...item.params(nowMs), ...from.params, ...params, f.limit + 1) as Array<
    [string | number, string, Buffer, string | null]
  >;
  const more = rows.length > f.limit;
  if (more) rows.length = f.limit;
  const items = itemsBytes(
    db,
    rows.map((r) => ({ id: r[1], json: r[2], reporting: r[3] })),
    nowMs,
    rule.timeZone,
  );
  const last = rows[rows.length - 1];
  return { items, nextKey: more && last ? [last[0], last[1]] : null };
}

/** {@link listTasksBytes} with the items as a string (specs and tools that read the page). */
export function listTasksJson(db: Database.Database, f: TaskFilter, nowMs: number, rule: TaskLightRule): TaskPageJson {
  const page = listTasksBytes(db, f, nowMs, rule);
  return { itemsJson: page.items.toString('utf8'), nextKey: page.nextKey };
}

/**
 * Every task matching the filter, oldest registration first, read a page at a time: no
 * statement stays open between pages (the projection keeps writing on this connection), and
 * only one page of documents is in memory, whatever the ledger's size.
 */
export function* allTasks(
  db: Database.Database,
  f: Omit<TaskFilter, 'limit' | 'after'>,
  nowMs: number,
  rule: TaskLightRule,
  pageSize = 500,
): Generator<TaskLedgerItem> {
  let after: [string, string] | null = null;
  for (;;) {
    const page = listTasks(db, { ...f, limit: pageSize, after }, nowMs, rule);
    const rows = page.length > pageSize ? page.slice(0, pageSize) : page;
    yield* rows;
    if (page.length <= pageSize) return;
    const last = rows[rows.length - 1]!;
    after = [last.createdAt, last.id];
  }
}
