import { evolveEvaluation, initialEvaluationState, type EvaluationEvent, type EvaluationState } from '#domain';
import { aggregateDocumentProjection } from '../aggregate/aggregate-document.projection.js';

/** Table of the evaluations list: one row per evaluation, the document is the domain's state. */
export const EVALUATIONS_TABLE = 'evaluations';

/** Third-party evaluations (第三方评估), with columns for every filter of `GET /evaluations`. */
export const evaluationsProjection = aggregateDocumentProjection<EvaluationState>({
  name: 'evaluations',
  // 2: documents carry `dueDate` (null for due dates given as instants).
  version: 2,
  category: 'evaluation',
  table: EVALUATIONS_TABLE,
  deferIndexesOnRebuild: true,
  initialState: initialEvaluationState,
  evolve: (s, e) => evolveEvaluation(s, e as EvaluationEvent),
  columns: { year: 'INTEGER', subject_kind: 'TEXT', subject_id: 'TEXT', evaluator_unit: 'TEXT', status: 'TEXT', created_at: 'TEXT' },
  toColumns: (s) => ({
    year: s?.year ?? null,
    subject_kind: s?.subject.kind ?? null,
    subject_id: s?.subject.id ?? null,
    evaluator_unit: s?.evaluatorUnit ?? null,
    status: s?.status ?? null,
    created_at: s?.createdAt ?? null,
  }),
  migrate(db) {
    db.exec(`
      CREATE INDEX IF NOT EXISTS evaluations_created ON ${EVALUATIONS_TABLE}(created_at, id);
      CREATE INDEX IF NOT EXISTS evaluations_year ON ${EVALUATIONS_TABLE}(year, created_at, id);
      CREATE INDEX IF NOT EXISTS evaluations_evaluator ON ${EVALUATIONS_TABLE}(evaluator_unit, created_at, id);
      CREATE INDEX IF NOT EXISTS evaluations_subject ON ${EVALUATIONS_TABLE}(subject_id, created_at, id);
    `);
  },
});
