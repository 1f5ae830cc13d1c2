/**
 * Stable refusal codes of the inspection aggregate. Part of the HTTP contract: add new ones,
 * never rename.
 */
export const InspectionErrors = {
  /** not_found: no inspection under this id. */
  NOT_FOUND: 'INSPECTION.NOT_FOUND',
  /** conflict: an inspection with this id is already open or closed. */
  ALREADY_EXISTS: 'INSPECTION.ALREADY_EXISTS',
  /** conflict: the inspection is closed; nothing more can happen to it. */
  CLOSED: 'INSPECTION.CLOSED',
  /** conflict: closing while some finding is not closed. */
  OPEN_FINDINGS: 'INSPECTION.OPEN_FINDINGS',
  /** not_found: the inspection has no finding under this id. */
  FINDING_NOT_FOUND: 'INSPECTION.FINDING_NOT_FOUND',
  /** conflict: the inspection already has a finding under this id. */
  FINDING_ALREADY_EXISTS: 'INSPECTION.FINDING_ALREADY_EXISTS',
  /** conflict: the finding is closed (its rectification was accepted). */
  FINDING_CLOSED: 'INSPECTION.FINDING_CLOSED',
  /** conflict: a plan was already submitted and the finding has not been reopened since. */
  PLAN_ALREADY_SUBMITTED: 'INSPECTION.PLAN_ALREADY_SUBMITTED',
  /** conflict: a rectification is recorded and waits for verification. */
  AWAITING_VERIFICATION: 'INSPECTION.AWAITING_VERIFICATION',
  /** conflict: verification needs a recorded rectification. */
  NOT_RECTIFIED: 'INSPECTION.NOT_RECTIFIED',
  /** conflict: the finding used up the extensions its severity allows. */
  EXTENSION_LIMIT_REACHED: 'INSPECTION.EXTENSION_LIMIT_REACHED',
  /** invalid (`due`): an extension must move the due date later. */
  DUE_NOT_LATER: 'INSPECTION.DUE_NOT_LATER',
  /** invalid (`rectificationDue`, `due`): not an ISO 8601 date or date-time with offset. */
  INVALID_DATE: 'INSPECTION.INVALID_DATE',
  /** invalid (`severity`): not low, medium, high or critical. */
  INVALID_SEVERITY: 'INSPECTION.INVALID_SEVERITY',
  /** invalid (`outcome`): not accepted or rejected. */
  INVALID_OUTCOME: 'INSPECTION.INVALID_OUTCOME',
  /** forbidden: the actor lacks the role the command needs. */
  ROLE_REQUIRED: 'INSPECTION.ROLE_REQUIRED',
  /** forbidden: a plan may only come from the department of the finding's responsible unit. */
  NOT_RESPONSIBLE_UNIT: 'INSPECTION.NOT_RESPONSIBLE_UNIT',
  /** forbidden: a unit may not verify its own rectification. */
  VERIFIER_IS_RECTIFYING_UNIT: 'INSPECTION.VERIFIER_IS_RECTIFYING_UNIT',
} as const;
