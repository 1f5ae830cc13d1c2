/**
 * Stable refusal codes of the special group aggregate. Part of the HTTP contract: add new
 * ones, never rename.
 */
export const SpecialGroupErrors = {
  /** not_found: no group under this code. */
  NOT_FOUND: 'SPECIAL_GROUP.NOT_FOUND',
  /** conflict: a group with this code is already registered. */
  ALREADY_EXISTS: 'SPECIAL_GROUP.ALREADY_EXISTS',
  /** invalid (`code`): not `[a-z0-9-]{2,40}`. */
  INVALID_CODE: 'SPECIAL_GROUP.INVALID_CODE',
  /** invalid (`memberUnits.<i>`, `add.<i>`, `deputies.<i>`): a unit or user listed twice. */
  DUPLICATE: 'SPECIAL_GROUP.DUPLICATE',
  /** invalid (`deputies.<i>`): the lead cannot also be a deputy. */
  LEAD_AS_DEPUTY: 'SPECIAL_GROUP.LEAD_AS_DEPUTY',
  /** invalid (`add.<i>`): the unit is already a member. */
  ALREADY_MEMBER: 'SPECIAL_GROUP.ALREADY_MEMBER',
  /** invalid (`remove.<i>`): the unit is not a member. */
  NOT_MEMBER: 'SPECIAL_GROUP.NOT_MEMBER',
  /** invalid: the change names nothing to add, remove, or set. */
  NOTHING_TO_CHANGE: 'SPECIAL_GROUP.NOTHING_TO_CHANGE',
  /** forbidden: only the reform office registers and changes groups. */
  ROLE_REQUIRED: 'SPECIAL_GROUP.ROLE_REQUIRED',
} as const;
