/**
 * Stable refusal codes of the unit aggregate. Part of the HTTP contract: add new ones, never
 * rename.
 */
export const UnitErrors = {
  /** not_found: no unit is registered under this code. */
  NOT_FOUND: 'UNIT.NOT_FOUND',
  /** conflict: a unit with this code is already registered. */
  ALREADY_EXISTS: 'UNIT.ALREADY_EXISTS',
  /** invalid (`code`): not `[a-z0-9-]{2,60}`. */
  INVALID_CODE: 'UNIT.INVALID_CODE',
  /** invalid (`level`): not one of city, district, street, community, department. */
  INVALID_LEVEL: 'UNIT.INVALID_LEVEL',
  /** invalid (`parent`): no unit is registered under the parent's code. */
  UNKNOWN_PARENT: 'UNIT.UNKNOWN_PARENT',
  /** invalid (`parent`): the parent is the unit itself or one of its descendants. */
  CYCLE: 'UNIT.CYCLE',
  /** conflict: the unit is already under this parent. */
  PARENT_UNCHANGED: 'UNIT.PARENT_UNCHANGED',
  /** forbidden: only the reform office or an administrator registers and moves units. */
  ROLE_REQUIRED: 'UNIT.ROLE_REQUIRED',
} as const;
