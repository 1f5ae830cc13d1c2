/**
 * Stable refusal codes of the plan aggregate. Part of the HTTP contract: add new ones, never
 * rename.
 */
export const PlanErrors = {
  /** not_found: no plan under this id. */
  NOT_FOUND: 'PLAN.NOT_FOUND',
  /** conflict: a plan with this id is already registered. */
  ALREADY_EXISTS: 'PLAN.ALREADY_EXISTS',
  /** invalid (`periodFrom`, `periodTo`): not a whole year 2000–2100, or the period ends before it starts. */
  INVALID_PERIOD: 'PLAN.INVALID_PERIOD',
  /** invalid (`year`): the key point's year is outside the plan's period. */
  YEAR_OUT_OF_PERIOD: 'PLAN.YEAR_OUT_OF_PERIOD',
  /** invalid (`area`): not one of the seven area codes. */
  INVALID_AREA: 'PLAN.INVALID_AREA',
  /** invalid (`specialGroup`): no special group is registered under this code. */
  UNKNOWN_SPECIAL_GROUP: 'PLAN.UNKNOWN_SPECIAL_GROUP',
  /** conflict: a key point with this id is already on the plan. */
  DUPLICATE_KEY_POINT: 'PLAN.DUPLICATE_KEY_POINT',
  /** forbidden: only the reform office registers plans and key points. */
  ROLE_REQUIRED: 'PLAN.ROLE_REQUIRED',
} as const;
