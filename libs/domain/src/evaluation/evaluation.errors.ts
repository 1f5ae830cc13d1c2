/**
 * Stable refusal codes of the evaluation aggregate. Part of the HTTP contract: add new ones,
 * never rename.
 */
export const EvaluationErrors = {
  /** not_found: no evaluation under this id. */
  NOT_FOUND: 'EVALUATION.NOT_FOUND',
  /** conflict: an evaluation with this id was already commissioned. */
  ALREADY_EXISTS: 'EVALUATION.ALREADY_EXISTS',
  /** conflict: a report is waiting for the office; the evaluator reports again only after a return. */
  ALREADY_REPORTED: 'EVALUATION.ALREADY_REPORTED',
  /** conflict: the report was accepted; nothing more can happen to the evaluation. */
  ALREADY_ACCEPTED: 'EVALUATION.ALREADY_ACCEPTED',
  /** conflict: accept / return need a report waiting for the office. */
  NOT_REPORTED: 'EVALUATION.NOT_REPORTED',
  /** forbidden: the actor lacks the role the command needs. */
  ROLE_REQUIRED: 'EVALUATION.ROLE_REQUIRED',
  /** forbidden: an evaluator of another organisation than the one commissioned. */
  NOT_EVALUATOR_UNIT: 'EVALUATION.NOT_EVALUATOR_UNIT',
  /** invalid (`due`): not an ISO 8601 date-time with offset. */
  INVALID_DATE: 'EVALUATION.INVALID_DATE',
  /** invalid (`year`): not a whole year from 2000 to 2100. */
  INVALID_YEAR: 'EVALUATION.INVALID_YEAR',
  /** invalid (`subject.kind`): not task, unit or special_group. */
  INVALID_SUBJECT: 'EVALUATION.INVALID_SUBJECT',
  /** invalid (`rating`): not excellent, good, fair or poor. */
  INVALID_RATING: 'EVALUATION.INVALID_RATING',
  /** invalid (`score`): not a number from 0 to 100. */
  SCORE_OUT_OF_RANGE: 'EVALUATION.SCORE_OUT_OF_RANGE',
} as const;
