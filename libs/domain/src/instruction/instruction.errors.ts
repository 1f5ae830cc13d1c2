/**
 * Stable refusal codes of leaders' instructions. Part of the HTTP contract: add new ones, never rename.
 */
export const InstructionErrors = {
  /** not_found: no instruction under this id. */
  NOT_FOUND: 'INSTRUCTION.NOT_FOUND',
  /** invalid (`subject.kind`): not task, matter, finding or meeting_item. */
  INVALID_SUBJECT_KIND: 'INSTRUCTION.INVALID_SUBJECT_KIND',
  /** invalid (`subject.id`): no record of that kind under this id. */
  SUBJECT_NOT_FOUND: 'INSTRUCTION.SUBJECT_NOT_FOUND',
  /** conflict: an instruction with this id was already given. */
  ALREADY_EXISTS: 'INSTRUCTION.ALREADY_EXISTS',
  /** conflict: the instruction is closed. */
  CLOSED: 'INSTRUCTION.CLOSED',
  /** forbidden: the actor lacks the role the command needs. */
  ROLE_REQUIRED: 'INSTRUCTION.ROLE_REQUIRED',
  /** forbidden: only a department of the subject's unit, or the office, responds. */
  NOT_RESPONSIBLE_UNIT: 'INSTRUCTION.NOT_RESPONSIBLE_UNIT',
  /** forbidden: only the leader who gave the instruction, or the office, closes it. */
  NOT_GIVER: 'INSTRUCTION.NOT_GIVER',
  /** invalid (`respondBy`): not a date or date-time with offset. */
  INVALID_DATE: 'INSTRUCTION.INVALID_DATE',
  /** invalid (`respondBy`): the date has already passed. */
  RESPOND_BY_PASSED: 'INSTRUCTION.RESPOND_BY_PASSED',
  /** invalid (`text`): an instruction or a response says something. */
  TEXT_REQUIRED: 'INSTRUCTION.TEXT_REQUIRED',
} as const;
