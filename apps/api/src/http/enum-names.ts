import {
  AREAS,
  EVALUATION_RATINGS,
  EVALUATION_STATUSES,
  EVALUATION_SUBJECT_KINDS,
  EXEMPLAR_LEVELS,
  EXEMPLAR_STATUSES,
  FINDING_STATUSES,
  INSTRUCTION_STATUSES,
  INSTRUCTION_SUBJECT_KINDS,
  ITEM_STATUSES,
  MATTER_MODES,
  MATTER_STATUSES,
  RECOGNITION_LEVELS,
  REPORT_EVERY,
  ROLES,
  SEVERITIES,
  SIGN_DECISIONS,
  TASK_LIGHTS,
  TASK_STATUSES,
  UNIT_LEVELS,
  URGING_STATUSES,
  VERIFICATION_OUTCOMES,
} from '#domain';
import type { EnumName } from '#platform';

/**
 * The domain's value lists that DTOs check with `@IsIn(...)`, by the catalogue enumeration that
 * has their words. Looked up by the list itself (class-validator keeps the array a rule was
 * given), so a refusal of `area` lists `real_economy（实体经济）…`; a list not here (formats,
 * `true`/`false`) is listed as it is.
 */
export const ENUM_OF_LIST: ReadonlyMap<readonly unknown[], EnumName> = new Map<readonly unknown[], EnumName>([
  [AREAS, 'area'],
  [TASK_STATUSES, 'taskStatus'],
  [TASK_LIGHTS, 'taskLight'],
  [ROLES, 'role'],
  [MATTER_MODES, 'matterMode'],
  [MATTER_STATUSES, 'matterStatus'],
  [SIGN_DECISIONS, 'signDecision'],
  [SEVERITIES, 'severity'],
  [FINDING_STATUSES, 'findingStatus'],
  [VERIFICATION_OUTCOMES, 'verificationOutcome'],
  [ITEM_STATUSES, 'itemStatus'],
  [EVALUATION_STATUSES, 'evaluationStatus'],
  [EVALUATION_RATINGS, 'evaluationRating'],
  [EVALUATION_SUBJECT_KINDS, 'evaluationSubjectKind'],
  [EXEMPLAR_STATUSES, 'exemplarStatus'],
  [EXEMPLAR_LEVELS, 'exemplarLevel'],
  [RECOGNITION_LEVELS, 'exemplarLevel'],
  [UNIT_LEVELS, 'unitLevel'],
  [URGING_STATUSES, 'urgingStatus'],
  [INSTRUCTION_STATUSES, 'instructionStatus'],
  [INSTRUCTION_SUBJECT_KINDS, 'instructionSubjectKind'],
  [REPORT_EVERY, 'reportEvery'],
]);
