import type Database from 'better-sqlite3';
import { canReadUrging, isUrgingOverdue, type Reader, type Urging, type UrgingStatus } from '#domain';
import { urgingReadSql } from '../access/read-scope.sql.js';
import { readDocument } from '../aggregate/aggregate-document.projection.js';
import { urgingOverdueSql } from '../overdue.sql.js';
import { prepared } from '../prepared.js';
import { URGINGS_TABLE } from './urgings.projection.js';

/**
 * An urging notice as `GET /urgings/:id` answers it (API.md): `number` is the citation `催办〔2026〕3号` and `seq` its place in
 * the year's sequence (both `null` until numbered), whether its reply is overdue now, and its revision. The events keep
 * the integer and the label as recorded; the answer is derived from them.
 */
export type UrgingView = Omit<Urging, 'number' | 'label'> & UrgingNumbering & { overdue: boolean; revision: number };

/** How an answer numbers an urging notice. */
export interface UrgingNumbering {
  /** `催办〔2026〕3号`, `null` until numbered. */
  number: string | null;
  /** Its place in the year's sequence (1, 2, …), `null` until numbered. */
  seq: number | null;
}

/** Filters of `GET /urgings`. */
export interface UrgingFilter {
  taskId?: string;
  /** The lead unit's notices only. */
  unit?: string;
  year?: number;
  status?: UrgingStatus;
  overdue?: boolean;
  /** Only what this reader may read (`canReadUrging`); without it every notice. */
  reader?: Reader;
  limit: number;
  /** Keyset: `[issuedAt, id]` of the previous page's last row (oldest first). */
  after?: [string, string] | null;
}

/** The answer's numbering: the citation as `number`, the integer as `seq`. */
function numbered(u: Urging): UrgingNumbering {
  return { number: u.label, seq: u.number };
}

function view(u: Urging, revision: number, nowMs: number): UrgingView {
  const { number: _seq, label: _label, ...rest } = u;
  return { ...rest, ...numbered(u), overdue: isUrgingOverdue(u, nowMs), revision };
}

/** One urging notice, or null (also when `reader` may not read it: `canReadUrging`). */
export function getUrging(db: Database.Database, id: string, nowMs: number, reader?: Reader): UrgingView | null {
  const doc = readDocument<Urging | null>(db, URGINGS_TABLE, id);
  if (!doc?.state || (reader && !canReadUrging(reader, doc.state))) return null;
  return view(doc.state, doc.revision, nowMs);
}

/** A page of urging notices, oldest first; fetches `limit + 1` to detect a next page. */
export function listUrgings(db: Database.Database, f: UrgingFilter, nowMs: number): UrgingView[] {
  const where: string[] = ['status IS NOT NULL'];
  const params: unknown[] = [];
  const eq = (column: string, value: unknown) => {
    where.push(`${column} = ?`);
    params.push(value);
  };
  if (f.taskId !== undefined) eq('task_id', f.taskId);
  if (f.unit !== undefined) eq('lead_unit', f.unit);
  if (f.year !== undefined) eq('year', f.year);
  if (f.status !== undefined) eq('status', f.status);
  if (f.overdue !== undefined) {
    where.push(f.overdue ? urgingOverdueSql() : `NOT ${urgingOverdueSql()}`);
    params.push(nowMs);
  }
  const scope = f.reader ? urgingReadSql(f.reader) : null;
  if (scope) {
    where.push(scope.sql);
    params.push(...scope.params);
  }
  if (f.after) {
    where.push('(issued_at, id) > (?, ?)');
    params.push(f.after[0], f.after[1]);
  }
  const rows = db
    .prepare(`SELECT doc, revision FROM ${URGINGS_TABLE} WHERE ${where.join(' AND ')} ORDER BY issued_at, id LIMIT ?`)
    .all(...params, f.limit + 1) as Array<{ doc: string; revision: number }>;
  return rows.map((r) => view(JSON.parse(r.doc) as Urging, r.revision, nowMs));
}

/** How a task's answer lists its urging notices (API.md: `urgings: [{ id, number, status }]`, `number` the citation, `seq` the integer). */
export type UrgingSummary = Pick<Urging, 'id' | 'status'> & UrgingNumbering;

/** The notices on a task that `reader` may read (`canReadUrging`), oldest first (the task answer's `urgings`). */
export function urgingsOfTask(db: Database.Database, taskId: string, reader: Reader): UrgingSummary[] {
  const scope = urgingReadSql(reader);
  const rows = prepared(db, `SELECT doc FROM ${URGINGS_TABLE} WHERE task_id = ?${scope ? ` AND ${scope.sql}` : ''} ORDER BY issued_at, id`)
    .pluck()
    .all(taskId, ...(scope?.params ?? [])) as string[];
  return rows.map((doc) => summaryOf(JSON.parse(doc) as Urging));
}

const summaryOf = (u: Urging): UrgingSummary => ({ id: u.id, ...numbered(u), status: u.status });

/** Every notice that `reader` may read, by task, oldest first (the ledger export's 催办 column, in one read). */
export function urgingsByTask(db: Database.Database, reader: Reader): Map<string, UrgingSummary[]> {
  const scope = urgingReadSql(reader);
  const rows = prepared(
    db,
    `SELECT doc FROM ${URGINGS_TABLE} WHERE status IS NOT NULL${scope ? ` AND ${scope.sql}` : ''} ORDER BY issued_at, id`,
  )
    .pluck()
    .all(...(scope?.params ?? [])) as string[];
  const byTask = new Map<string, UrgingSummary[]>();
  for (const doc of rows) {
    const u = JSON.parse(doc) as Urging;
    byTask.set(u.taskId, [...(byTask.get(u.taskId) ?? []), summaryOf(u)]);
  }
  return byTask;
}

/** Notices issued but not numbered yet (a crash between issuing and numbering), oldest first: what the numbering sweep completes. */
export function unnumberedUrgings(db: Database.Database): Array<{ id: string; year: number }> {
  return prepared(
    db,
    `SELECT id, year FROM ${URGINGS_TABLE} WHERE number IS NULL AND status IS NOT NULL ORDER BY issued_at, id`,
  ).all() as Array<{ id: string; year: number }>;
}

/** Notices not replied to that `reader` may read: their number, and per lead unit (the summaries' `openUrgings`). */
export function openUrgingCounts(db: Database.Database, reader: Reader): { total: number; byUnit: Map<string, number> } {
  const scope = urgingReadSql(reader);
  const rows = prepared(
    db,
    `SELECT lead_unit AS unit, COUNT(*) AS n FROM ${URGINGS_TABLE} WHERE status IS NOT NULL AND status <> ` +
      `'replied'${scope ? ` AND ${scope.sql}` : ''} GROUP BY lead_unit`,
  ).all(...(scope?.params ?? [])) as Array<{ unit: string; n: number }>;
  return { total: rows.reduce((sum, r) => sum + r.n, 0), byUnit: new Map(rows.map((r) => [r.unit, r.n])) };
}
