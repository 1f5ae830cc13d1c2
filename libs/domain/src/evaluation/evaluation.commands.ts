import type { AttachmentCandidate } from '../file/attachment.js';
import type { Command } from '../shared/decider.js';

/** What an evaluation assesses: a ledger task, a unit, or a special group. */
export const EVALUATION_SUBJECT_KINDS = ['task', 'unit', 'special_group'] as const;
/** One subject kind. */
export type EvaluationSubjectKind = (typeof EVALUATION_SUBJECT_KINDS)[number];

/** The subject of a third-party evaluation. */
export interface EvaluationSubject {
  kind: EvaluationSubjectKind;
  id: string;
}

/** The evaluator's overall rating, best first. */
export const EVALUATION_RATINGS = ['excellent', 'good', 'fair', 'poor'] as const;
/** One rating. */
export type EvaluationRating = (typeof EVALUATION_RATINGS)[number];

/** The office commissions a third-party evaluation (第三方评估) from an evaluation organisation. */
export type CommissionEvaluation = Command<
  'CommissionEvaluation',
  {
    evaluationId: string;
    subject: EvaluationSubject;
    /** The assessment year the evaluation counts for. */
    year: number;
    /** The evaluation organisation (an evaluator's JWT `unit`). */
    evaluatorUnit: string;
    /** ISO 8601 date-time with offset by which the report is due. */
    due: string;
  }
>;

/** An evaluator of the commissioned organisation hands in its report. */
export type ReportEvaluation = Command<
  'ReportEvaluation',
  {
    evaluationId: string;
    rating: EvaluationRating;
    score?: number;
    summary: string;
    reportRef: string;
    attachments?: readonly AttachmentCandidate[];
  }
>;

/** The office accepts the report: from then on it counts in the assessment (final). */
export type AcceptEvaluation = Command<'AcceptEvaluation', { evaluationId: string; comment?: string }>;

/** The office returns the report; the evaluator reports again. */
export type ReturnEvaluation = Command<'ReturnEvaluation', { evaluationId: string; reason: string }>;

/** Every command of the evaluation aggregate. */
export type EvaluationCommand = CommissionEvaluation | ReportEvaluation | AcceptEvaluation | ReturnEvaluation;
