/**
 * Stable refusal codes of the reform task aggregate. They are part of the HTTP contract
 * (clients branch on them): add new ones, never rename.
 */
export const TaskErrors = {
  /** not_found: no task under this id. */
  NOT_FOUND: 'TASK.NOT_FOUND',
  /** conflict: a task with this id is already registered. */
  ALREADY_EXISTS: 'TASK.ALREADY_EXISTS',
  /** conflict: the task was cancelled; nothing more can happen to it. */
  CANCELLED: 'TASK.CANCELLED',
  /** conflict: the task was accepted; nothing more can happen to it. */
  ALREADY_ACCEPTED: 'TASK.ALREADY_ACCEPTED',
  /** conflict: submitted and waiting for the office; submit, progress and milestones wait too. */
  ALREADY_SUBMITTED: 'TASK.ALREADY_SUBMITTED',
  /** conflict: accept / return need a submitted task. */
  NOT_SUBMITTED: 'TASK.NOT_SUBMITTED',
  /** not_found: the milestone id is not on this task's roadmap. */
  MILESTONE_NOT_FOUND: 'TASK.MILESTONE_NOT_FOUND',
  /** conflict: the milestone was completed before. */
  MILESTONE_ALREADY_COMPLETED: 'TASK.MILESTONE_ALREADY_COMPLETED',
  /** conflict: the new deadline is the same instant as the current one. */
  DEADLINE_UNCHANGED: 'TASK.DEADLINE_UNCHANGED',
  /** invalid (`percent`): not a number in 0–100. */
  PROGRESS_OUT_OF_RANGE: 'TASK.PROGRESS_OUT_OF_RANGE',
  /** invalid (`area`): not one of the seven area codes. */
  INVALID_AREA: 'TASK.INVALID_AREA',
  /** invalid (`specialGroup`): no special group is registered under this code. */
  UNKNOWN_SPECIAL_GROUP: 'TASK.UNKNOWN_SPECIAL_GROUP',
  /** invalid (`keyPointId`): no key point has this id. */
  UNKNOWN_KEY_POINT: 'TASK.UNKNOWN_KEY_POINT',
  /** invalid (`every`, `reportEvery`): not one of weekly, monthly, quarterly, none. */
  INVALID_REPORT_EVERY: 'TASK.INVALID_REPORT_EVERY',
  /** invalid (`since`, `reportSince`): a day after today in `DISPLAY_TIMEZONE`; reports cannot be owed from the future. */
  REPORT_SINCE_AFTER_TODAY: 'TASK.REPORT_SINCE_AFTER_TODAY',
  /** invalid (`since`, `reportSince`): given without a cycle that owes reports (`none` or no `reportEvery`). */
  REPORT_SINCE_WITHOUT_CYCLE: 'TASK.REPORT_SINCE_WITHOUT_CYCLE',
  /** conflict: the task already has this reporting cycle. */
  REPORTING_UNCHANGED: 'TASK.REPORTING_UNCHANGED',
  /** conflict: the task already carries out this key point. */
  KEY_POINT_UNCHANGED: 'TASK.KEY_POINT_UNCHANGED',
  /** conflict: a document of this issuer and 文号 is already recorded on the task. */
  DUPLICATE_DOCUMENT: 'TASK.DUPLICATE_DOCUMENT',
  /** invalid (`deadline`, `milestones[<i>].due`): not an ISO 8601 date or date-time with offset. */
  INVALID_DATE: 'TASK.INVALID_DATE',
  /** invalid (`milestones[<i>].milestoneId`): two milestones share an id. */
  DUPLICATE_MILESTONE: 'TASK.DUPLICATE_MILESTONE',
  /** forbidden: the actor lacks the role the command needs. */
  ROLE_REQUIRED: 'TASK.ROLE_REQUIRED',
  /** forbidden: a department user acting on a task its unit does not lead. */
  NOT_LEAD_UNIT: 'TASK.NOT_LEAD_UNIT',
  /** forbidden: a department dispatching to a unit that is not below its own. */
  OUTSIDE_SUBTREE: 'TASK.OUTSIDE_SUBTREE',
  /** invalid (`deadline`): a sub-task's deadline after its parent's. */
  DEADLINE_AFTER_PARENT: 'TASK.DEADLINE_AFTER_PARENT',
  /** conflict: a sub-task is still open (neither accepted nor cancelled). */
  CHILDREN_OPEN: 'TASK.CHILDREN_OPEN',
  /** conflict: the lead unit has already acknowledged the task. */
  ALREADY_ACKNOWLEDGED: 'TASK.ALREADY_ACKNOWLEDGED',
  /** conflict: the task was recorded before acknowledgement existed and needs none. */
  ACKNOWLEDGEMENT_NOT_REQUIRED: 'TASK.ACKNOWLEDGEMENT_NOT_REQUIRED',
} as const;
