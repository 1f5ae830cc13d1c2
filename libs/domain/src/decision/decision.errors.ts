/**
 * Stable refusal codes of the committee decision aggregate. Part of the HTTP contract: add
 * new ones, never rename.
 */
export const DecisionErrors = {
  /** conflict: a decision with this id is already recorded (decisions are never rewritten). */
  ALREADY_EXISTS: 'DECISION.ALREADY_EXISTS',
  /** forbidden: only committee members and the reform office record decisions. */
  ROLE_REQUIRED: 'DECISION.ROLE_REQUIRED',
  /** invalid (`decidedAt`): not an ISO 8601 date or date-time with offset. */
  INVALID_DATE: 'DECISION.INVALID_DATE',
  /** invalid (`decidedAt`): later than the moment of recording. */
  DECIDED_IN_FUTURE: 'DECISION.DECIDED_IN_FUTURE',
} as const;
