import type { Attachment } from '../file/file.state.js';
import type { Event } from '../shared/decider.js';
import type { EvaluationRating, EvaluationSubject } from './evaluation.commands.js';

/*
 * Self-contained like every other stream's events: the assessment and the reminder scheduler
 * read them alone, so each one repeats the subject, the year and the evaluator organisation.
 */

/** An evaluation was commissioned; it waits for the evaluator's report. */
export type EvaluationCommissioned = Event<
  'EvaluationCommissioned',
  {
    evaluationId: string;
    subject: EvaluationSubject;
    year: number;
    evaluatorUnit: string;
    due: string;
    /** The calendar date `due` is the end of, when it was given as a date (absent otherwise, and from older events). */
    dueDate?: string;
    commissionedBy: string;
    commissionedAt: string;
  }
>;

/** The evaluator reported; `score` is `null` when none was given. */
export type EvaluationReported = Event<
  'EvaluationReported',
  {
    evaluationId: string;
    subject: EvaluationSubject;
    year: number;
    evaluatorUnit: string;
    rating: EvaluationRating;
    score: number | null;
    summary: string;
    reportRef: string;
    reportedBy: string;
    reportedAt: string;
    attachments?: Attachment[];
  }
>;

/** The office accepted the report (final); only accepted reports count in the assessment. */
export type EvaluationAccepted = Event<
  'EvaluationAccepted',
  {
    evaluationId: string;
    subject: EvaluationSubject;
    year: number;
    evaluatorUnit: string;
    rating: EvaluationRating;
    comment: string | null;
    acceptedBy: string;
    acceptedAt: string;
  }
>;

/** The office returned the report; the evaluation waits for another one. */
export type EvaluationReturned = Event<
  'EvaluationReturned',
  { evaluationId: string; evaluatorUnit: string; reason: string; returnedBy: string; returnedAt: string }
>;

/** Every event of an evaluation stream (`evaluation-<id>`). */
export type EvaluationEvent = EvaluationCommissioned | EvaluationReported | EvaluationAccepted | EvaluationReturned;
