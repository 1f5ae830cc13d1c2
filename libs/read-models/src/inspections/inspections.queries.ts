import type Database from 'better-sqlite3';
import {
  canReadFinding,
  canReadInspection,
  FINDING_STATUSES,
  isFindingOverdue,
  type Finding,
  type FindingStatus,
  type Inspection,
  type Reader,
  type Severity,
} from '#domain';
import { findingReadSql, inspectionReadSql } from '../access/read-scope.sql.js';
import { readDocument } from '../aggregate/aggregate-document.projection.js';
import { prepared } from '../prepared.js';
import { findingOverdueSql } from '../overdue.sql.js';
import { INSPECTIONS_TABLE } from './inspections.projection.js';
import { normalizeSearchText, type SearchCursor } from '../search/search-index.js';
import { findingSearch, RECTIFICATION_INSPECTIONS_TABLE, RECTIFICATIONS_TABLE } from './rectification-ledger.projection.js';

/**
 * A finding as API.md shows it: the domain's finding with its derived `overdue` and the
 * inspection stream's `revision` (what `If-Match` on a finding command compares against).
 */
export type FindingView = Finding & { overdue: boolean; revision: number };

/** An inspection with its findings (each with `overdue`) and its stream revision. */
export type InspectionView = Omit<Inspection, 'findings'> & { findings: FindingView[]; revision: number };

/** The finding with `overdue` judged at `nowMs`. */
function findingView(f: Finding, revision: number, nowMs: number): FindingView {
  return { ...f, overdue: isFindingOverdue(f, nowMs), revision };
}

function inspectionView(i: Inspection, revision: number, nowMs: number): InspectionView {
  return { ...i, findings: i.findings.map((f) => findingView(f, revision, nowMs)), revision };
}

/** One inspection from the `inspections` read model, or null (also when `reader` may not read it: `canReadInspection`). */
export function getInspection(db: Database.Database, id: string, nowMs: number, reader?: Reader): InspectionView | null {
  const doc = readDocument<Inspection | null>(db, INSPECTIONS_TABLE, id);
  if (!doc?.state || (reader && !canReadInspection(reader, doc.state))) return null;
  return inspectionView(doc.state, doc.revision, nowMs);
}

/** One finding of an inspection from the `inspections` read model, or null (also when `reader` may not read it: `canReadFinding`). */
export function getFinding(
  db: Database.Database,
  inspectionId: string,
  findingId: string,
  nowMs: number,
  reader?: Reader,
): FindingView | null {
  const doc = readDocument<Inspection | null>(db, INSPECTIONS_TABLE, inspectionId);
  const finding = doc?.state?.findings.find((f) => f.id === findingId);
  if (!finding || !doc?.state || (reader && !canReadFinding(reader, finding, doc.state))) return null;
  return findingView(finding, doc.revision, nowMs);
}

/** Filters of `GET /inspections`. */
export interface InspectionFilter {
  targetUnit?: string;
  status?: Inspection['status'];
  /** Only what this reader may read (`canReadInspection`); without it every inspection. */
  reader?: Reader;
  limit: number;
  /** Keyset: the `[openedAt, id]` of the last row of the previous page. */
  after?: [string, string] | null;
}

/** A page of inspections, oldest first; fetches `limit + 1` to detect a next page. */
export function listInspections(db: Database.Database, f: InspectionFilter, nowMs: number): InspectionView[] {
  const where: string[] = ['status IS NOT NULL'];
  const params: unknown[] = [];
  const add = (clause: string, ...values: unknown[]) => {
    where.push(clause);
    params.push(...values);
  };
  if (f.targetUnit) add('target_unit = ?', f.targetUnit);
  if (f.status) add('status = ?', f.status);
  const scope = f.reader ? inspectionReadSql(f.reader) : null;
  if (scope) add(scope.sql, ...scope.params);
  if (f.after) add('(opened_at, id) > (?, ?)', f.after[0], f.after[1]);
  const rows = db
    .prepare(`SELECT doc, revision FROM ${INSPECTIONS_TABLE} WHERE ${where.join(' AND ')} ORDER BY opened_at, id LIMIT ?`)
    .all(...params, f.limit + 1) as Array<{ doc: string; revision: number }>;
  return rows.map((r) => inspectionView(JSON.parse(r.doc) as Inspection, r.revision, nowMs));
}

/** Filters of `GET /rectifications`. */
export interface RectificationFilter {
  responsibleUnit?: string;
  severity?: Severity;
  status?: FindingStatus;
  overdue?: boolean;
  /** Only what this reader may read (`canReadFinding`); without it every finding. */
  reader?: Reader;
  /**
   * Text: any substring (or pinyin) of the description, plans and rectifications. The page is
   * then ranked (description matches first, most recently recorded first) and paged by
   * `searchAfter`.
   */
  q?: string;
  limit: number;
  /** Keyset without `q`: the `[dueMs, inspectionId, findingId]` of the last row of the previous page. */
  after?: [number, string, string] | null;
  /** Keyset with `q`: the cursor of the previous page's last hit. */
  searchAfter?: SearchCursor | null;
}

/** A row of the rectification ledger with its sort key, for keyset paging. */
export interface RectificationRow {
  /** With `q`, where the finding matched (`description`, `plan`, `rectification` or `pinyin`). */
  finding: FindingView & { matchedIn?: string };
  dueMs: number;
  /** The key it was sorted by, for the next page's cursor. */
  sortKey: [number, string, string] | SearchCursor;
}

const NOT_CLOSED = `r.status <> 'closed'`;
const OVERDUE = findingOverdueSql('r');

/**
 * A page of the rectification ledger, earliest due date first (what needs chasing first);
 * fetches `limit + 1` to detect a next page. `overdue` is computed against `nowMs`.
 */
export function listRectifications(db: Database.Database, f: RectificationFilter, nowMs: number): RectificationRow[] {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (clause: string, ...values: unknown[]) => {
    where.push(clause);
    params.push(...values);
  };
  if (f.responsibleUnit) add('r.responsible_unit = ?', f.responsibleUnit);
  if (f.severity) add('r.severity = ?', f.severity);
  if (f.status) add('r.status = ?', f.status);
  if (f.overdue === true) add(OVERDUE, nowMs);
  if (f.overdue === false) add(`NOT ${OVERDUE}`, nowMs);
  const scope = f.reader ? findingReadSql(f.reader, 'r') : null;
  if (scope) add(scope.sql, ...scope.params);
  if (f.q !== undefined && normalizeSearchText(f.q) !== '') {
    const hits = findingSearch.page<{ doc: string; due_ms: number; revision: number }>(db, f.q, {
      limit: f.limit,
      after: f.searchAfter ?? null,
      select: 'r.doc AS doc, r.due_ms AS due_ms, h.revision AS revision',
      join: `${RECTIFICATIONS_TABLE} r ON r.finding_id = k.s_id CROSS JOIN ${RECTIFICATION_INSPECTIONS_TABLE} h ON h.id = r.inspection_id`,
      ...(where.length ? { where: where.join(' AND '), params } : {}),
    });
    return hits.map((h) => ({
      finding: { ...findingView(JSON.parse(h.row.doc) as Finding, h.row.revision, nowMs), matchedIn: h.matchedIn },
      dueMs: h.row.due_ms,
      sortKey: h.cursor,
    }));
  }
  if (f.after) add('(r.due_ms, r.inspection_id, r.finding_id) > (?, ?, ?)', f.after[0], f.after[1], f.after[2]);
  const rows = db
    .prepare(
      `SELECT r.doc, r.due_ms, h.revision FROM ${RECTIFICATIONS_TABLE} r JOIN ${RECTIFICATION_INSPECTIONS_TABLE} h ON h.id = r.inspection_id
       ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY r.due_ms, r.inspection_id, r.finding_id LIMIT ?`,
    )
    .all(...params, f.limit + 1) as Array<{ doc: string; due_ms: number; revision: number }>;
  return rows.map((r) => {
    const finding = findingView(JSON.parse(r.doc) as Finding, r.revision, nowMs);
    return { finding, dueMs: r.due_ms, sortKey: [r.due_ms, finding.inspectionId, finding.id] };
  });
}

/** Counts of one unit's findings (or of all units) in `GET /rectifications/summary`. */
export interface RectificationCounts {
  total: number;
  open: number;
  planned: number;
  rectified: number;
  closed: number;
  reopened: number;
  /** Findings not closed whose due date has passed. */
  overdue: number;
  /** Rejected verifications (a finding rejected twice counts twice). */
  failedVerifications: number;
}

/** `GET /rectifications/summary`: per responsible unit, and totals. */
export interface RectificationSummary {
  byUnit: Array<{ unit: string } & RectificationCounts>;
  totals: RectificationCounts;
}

function zeroCounts(): RectificationCounts {
  return { total: 0, open: 0, planned: 0, rectified: 0, closed: 0, reopened: 0, overdue: 0, failedVerifications: 0 };
}

/**
 * Counts by responsible unit and status, overdue and failed verifications, from one grouped
 * query; with `reader`, over the findings that reader may read only.
 */
export function summarizeRectifications(db: Database.Database, nowMs: number, reader?: Reader): RectificationSummary {
  const scope = reader ? findingReadSql(reader, 'r') : null;
  const statusSums = FINDING_STATUSES.map((s) => `SUM(CASE WHEN r.status = '${s}' THEN 1 ELSE 0 END) AS "${s}"`).join(', ');
  const rows = db
    .prepare(
      `SELECT r.responsible_unit AS unit, COUNT(*) AS total, ${statusSums},
              SUM(CASE WHEN ${OVERDUE} THEN 1 ELSE 0 END) AS overdue,
              SUM(r.failed_verifications) AS failedVerifications
       FROM ${RECTIFICATIONS_TABLE} r ${scope ? `WHERE ${scope.sql}` : ''} GROUP BY r.responsible_unit ORDER BY r.responsible_unit`,
    )
    .all(nowMs, ...(scope?.params ?? [])) as Array<{ unit: string } & RectificationCounts>;
  const totals = zeroCounts();
  const byUnit = rows.map((row) => {
    const counts = { ...zeroCounts() };
    for (const key of Object.keys(counts) as Array<keyof RectificationCounts>) {
      counts[key] = Number(row[key] ?? 0);
      totals[key] += counts[key];
    }
    return { unit: row.unit, ...counts };
  });
  return { byUnit, totals };
}

/**
 * A finding not yet closed, with what the reminder engine needs: remind the responsible unit
 * before `rectificationDue`, escalate to the inspector (`openedBy`) after it.
 */
export interface OpenFindingDue {
  inspectionId: string;
  findingId: string;
  responsibleUnit: string;
  severity: Severity;
  /** ISO 8601 UTC, after any extensions. */
  rectificationDue: string;
  /** The inspector who opened the inspection: the one to escalate to. */
  openedBy: string;
  /** Revision of the inspection stream's last event that changed this finding. */
  revision: number;
  /**
   * How many times the due date was extended: changes exactly when `rectificationDue` does,
   * so it is the deadline version for deterministic reminder job ids.
   */
  dueVersion: number;
}

/** Every finding not closed, earliest due first, from the rectification ledger (for the reminder engine). */
export function listOpenFindingsWithDue(db: Database.Database): OpenFindingDue[] {
  const rows = db
    .prepare(
      `SELECT r.doc, r.revision, h.opened_by FROM ${RECTIFICATIONS_TABLE} r JOIN ${RECTIFICATION_INSPECTIONS_TABLE} h ON h.id =
        r.inspection_id
       WHERE ${NOT_CLOSED} ORDER BY r.due_ms, r.inspection_id, r.finding_id`,
    )
    .all() as Array<{ doc: string; revision: number; opened_by: string }>;
  return rows.map((r) => {
    const f = JSON.parse(r.doc) as Finding;
    return {
      inspectionId: f.inspectionId,
      findingId: f.id,
      responsibleUnit: f.responsibleUnit,
      severity: f.severity,
      rectificationDue: f.rectificationDue,
      openedBy: r.opened_by,
      revision: r.revision,
      dueVersion: f.extensions.length,
    };
  });
}

/** Every finding matching the filter, earliest due first, a page at a time (see `allTasks`). */
export function* allRectifications(
  db: Database.Database,
  f: Omit<RectificationFilter, 'limit' | 'after'>,
  nowMs: number,
  pageSize = 500,
): Generator<FindingView> {
  let after: [number, string, string] | null = null;
  for (;;) {
    const page = listRectifications(db, { ...f, limit: pageSize, after }, nowMs);
    const rows = page.length > pageSize ? page.slice(0, pageSize) : page;
    for (const r of rows) yield r.finding;
    if (page.length <= pageSize) return;
    const last = rows[rows.length - 1]!;
    after = [last.dueMs, last.finding.inspectionId, last.finding.id];
  }
}

/** A finding by its id alone (server-made, unique across inspections), from the rectification ledger, or null. */
export function findingById(db: Database.Database, findingId: string): Finding | null {
  const doc = prepared(db, `SELECT doc FROM ${RECTIFICATIONS_TABLE} WHERE finding_id = ? LIMIT 1`).pluck().get(findingId) as
    string | undefined;
  return doc === undefined ? null : (JSON.parse(doc) as Finding);
}
