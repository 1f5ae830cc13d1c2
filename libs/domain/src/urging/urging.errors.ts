/**
 * Stable refusal codes of urging notices. Part of the HTTP contract: add new ones, never rename.
 */
export const UrgingErrors = {
  /** not_found: no urging notice under this id. */
  NOT_FOUND: 'URGING.NOT_FOUND',
  /** invalid (`taskId`): no task under this id. */
  TASK_NOT_FOUND: 'URGING.TASK_NOT_FOUND',
  /** conflict: the task is accepted or cancelled; there is nothing left to urge. */
  TASK_CLOSED: 'URGING.TASK_CLOSED',
  /** conflict: an urging notice with this id was already issued. */
  ALREADY_EXISTS: 'URGING.ALREADY_EXISTS',
  /** conflict: the notice already holds another number. */
  ALREADY_NUMBERED: 'URGING.ALREADY_NUMBERED',
  /** conflict: the unit already acknowledged the notice. */
  ALREADY_ACKNOWLEDGED: 'URGING.ALREADY_ACKNOWLEDGED',
  /** conflict: the unit already replied to the notice. */
  ALREADY_REPLIED: 'URGING.ALREADY_REPLIED',
  /** forbidden: the actor lacks the role the command needs. */
  ROLE_REQUIRED: 'URGING.ROLE_REQUIRED',
  /** forbidden: only a department of the task's lead unit acknowledges and replies. */
  NOT_LEAD_UNIT: 'URGING.NOT_LEAD_UNIT',
  /** invalid (`replyBy`): not a date or date-time with offset. */
  INVALID_DATE: 'URGING.INVALID_DATE',
  /** invalid (`replyBy`): the reply date has already passed. */
  REPLY_BY_PASSED: 'URGING.REPLY_BY_PASSED',
  /** invalid (`text`): a reply says something. */
  TEXT_REQUIRED: 'URGING.TEXT_REQUIRED',
} as const;
