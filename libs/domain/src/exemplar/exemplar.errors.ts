/**
 * Stable refusal codes of the exemplar aggregate. Part of the HTTP contract: add new ones,
 * never rename.
 */
export const ExemplarErrors = {
  /** not_found: no exemplar under this id. */
  NOT_FOUND: 'EXEMPLAR.NOT_FOUND',
  /** conflict: an exemplar with this id was already nominated. */
  ALREADY_EXISTS: 'EXEMPLAR.ALREADY_EXISTS',
  /** conflict: the nomination was already selected. */
  ALREADY_SELECTED: 'EXEMPLAR.ALREADY_SELECTED',
  /** conflict: the nomination was rejected; nothing more can happen to it. */
  REJECTED: 'EXEMPLAR.REJECTED',
  /** conflict: recognition from above needs an exemplar the committee selected. */
  NOT_SELECTED: 'EXEMPLAR.NOT_SELECTED',
  /** conflict: this level of recognition was already recorded. */
  ALREADY_RECOGNIZED: 'EXEMPLAR.ALREADY_RECOGNIZED',
  /** forbidden: the actor lacks the role the command needs. */
  ROLE_REQUIRED: 'EXEMPLAR.ROLE_REQUIRED',
  /** invalid (`year`): not a whole year from 2000 to 2100. */
  INVALID_YEAR: 'EXEMPLAR.INVALID_YEAR',
  /** invalid (`level`): not a level this command may give. */
  INVALID_LEVEL: 'EXEMPLAR.INVALID_LEVEL',
  /** invalid (`at`): not an ISO 8601 date-time with offset. */
  INVALID_DATE: 'EXEMPLAR.INVALID_DATE',
} as const;
