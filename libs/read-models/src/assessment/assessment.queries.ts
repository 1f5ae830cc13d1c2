import type Database from 'better-sqlite3';
import type {
  CommissionFacts,
  Evaluation,
  EvaluationStatus,
  EvaluationSubjectKind,
  Exemplar,
  ExemplarLevel,
  ExemplarStatus,
} from '#domain';
import { readDocument } from '../aggregate/aggregate-document.projection.js';
import { prepared } from '../prepared.js';
import { EVALUATIONS_TABLE } from './evaluations.projection.js';
import { EXEMPLARS_TABLE } from './exemplars.projection.js';

/** An evaluation as `GET /evaluations/:id` shows it. */
export type EvaluationView = Evaluation & { revision: number };
/** An exemplar as `GET /exemplars/:id` shows it. */
export type ExemplarView = Exemplar & { revision: number };

/** Filters of `GET /evaluations`; keyset on `[createdAt, id]`, oldest first. */
export interface EvaluationFilter {
  year?: number;
  subjectKind?: EvaluationSubjectKind;
  subjectId?: string;
  evaluatorUnit?: string;
  status?: EvaluationStatus;
  limit: number;
  after?: [string, string] | null;
}

/** Filters of `GET /exemplars`; keyset on `[createdAt, id]`, oldest first. */
export interface ExemplarFilter {
  year?: number;
  unit?: string;
  status?: ExemplarStatus;
  level?: ExemplarLevel;
  limit: number;
  after?: [string, string] | null;
}

/** One evaluation, or null. */
export function getEvaluation(db: Database.Database, id: string): EvaluationView | null {
  const doc = readDocument<Evaluation | null>(db, EVALUATIONS_TABLE, id);
  return doc?.state ? { ...doc.state, revision: doc.revision } : null;
}

/** One exemplar, or null. */
export function getExemplar(db: Database.Database, id: string): ExemplarView | null {
  const doc = readDocument<Exemplar | null>(db, EXEMPLARS_TABLE, id);
  return doc?.state ? { ...doc.state, revision: doc.revision } : null;
}

function page<T>(
  db: Database.Database,
  table: string,
  filters: Array<[string, unknown]>,
  limit: number,
  after: [string, string] | null | undefined,
): Array<T & { revision: number }> {
  const where = ['created_at IS NOT NULL'];
  const params: unknown[] = [];
  for (const [column, value] of filters) {
    if (value === undefined) continue;
    where.push(`${column} = ?`);
    params.push(value);
  }
  if (after) {
    where.push('(created_at, id) > (?, ?)');
    params.push(after[0], after[1]);
  }
  const rows = db
    .prepare(`SELECT doc, revision FROM ${table} WHERE ${where.join(' AND ')} ORDER BY created_at, id LIMIT ?`)
    .all(...params, limit + 1) as Array<{ doc: string; revision: number }>;
  return rows.map((r) => ({ ...(JSON.parse(r.doc) as T), revision: r.revision }));
}

/** A page of evaluations, oldest commission first; fetches `limit + 1` to detect a next page. */
export function listEvaluations(db: Database.Database, f: EvaluationFilter): EvaluationView[] {
  return page<Evaluation>(
    db,
    EVALUATIONS_TABLE,
    [
      ['year', f.year],
      ['subject_kind', f.subjectKind],
      ['subject_id', f.subjectId],
      ['evaluator_unit', f.evaluatorUnit],
      ['status', f.status],
    ],
    f.limit,
    f.after,
  );
}

/** A page of exemplars, oldest nomination first; fetches `limit + 1` to detect a next page. */
export function listExemplars(db: Database.Database, f: ExemplarFilter): ExemplarView[] {
  return page<Exemplar>(
    db,
    EXEMPLARS_TABLE,
    [
      ['year', f.year],
      ['unit', f.unit],
      ['status', f.status],
      ['level', f.level],
    ],
    f.limit,
    f.after,
  );
}

/**
 * The subjects of every evaluation commissioned from an organisation (`evaluatorUnit`): what
 * `ledgerScope` builds an evaluator's reading scope from. One indexed lookup.
 */
export function commissionsOf(db: Database.Database, evaluatorUnit: string): CommissionFacts[] {
  const rows = prepared(
    db,
    `SELECT subject_kind, subject_id FROM ${EVALUATIONS_TABLE} WHERE evaluator_unit = ? AND subject_kind IS NOT NULL`,
  ).all(evaluatorUnit) as Array<{
    subject_kind: EvaluationSubjectKind;
    subject_id: string;
  }>;
  return rows.map((r) => ({ evaluatorUnit, subject: { kind: r.subject_kind, id: r.subject_id } }));
}
