import type { Attachment } from '../file/file.state.js';
import type { EvaluationRating, EvaluationSubject } from './evaluation.commands.js';

/** `commissioned` (waiting for a report, again after a return) → `reported` → `accepted` (final). */
export type EvaluationStatus = 'commissioned' | 'reported' | 'accepted';

/** Every evaluation status, for query filters. */
export const EVALUATION_STATUSES = ['commissioned', 'reported', 'accepted'] as const satisfies readonly EvaluationStatus[];

/** One report as the evaluator handed it in (a returned one stays in the history). */
export interface EvaluationReport {
  rating: EvaluationRating;
  score: number | null;
  summary: string;
  reportRef: string;
  by: string;
  at: string;
  /** The report's files (佐证材料), when any. */
  attachments?: Attachment[];
}

/** One send-back by the office. */
export interface EvaluationReturn {
  reason: string;
  by: string;
  at: string;
}

/** A commissioned third-party evaluation: API.md's Evaluation resource (without `revision`). */
export interface Evaluation {
  id: string;
  subject: EvaluationSubject;
  year: number;
  evaluatorUnit: string;
  due: string;
  /** `due` as the calendar date it was given as (`YYYY-MM-DD`, its end in the display time zone), else `null`. */
  dueDate: string | null;
  status: EvaluationStatus;
  /** The latest report, `null` before the first one. */
  report: EvaluationReport | null;
  reports: EvaluationReport[];
  returns: EvaluationReturn[];
  commissionedBy: string;
  createdAt: string;
  updatedAt: string;
  acceptedAt: string | null;
  acceptedBy: string | null;
  acceptanceComment: string | null;
}

/** The folded stream: `null` until commissioned. */
export type EvaluationState = Evaluation | null;
