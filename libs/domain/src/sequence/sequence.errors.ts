/**
 * Stable refusal codes of number sequences. Part of the HTTP contract: add new ones, never rename.
 */
export const SequenceErrors = {
  /** invalid (`subjectId`): a number is given to a named subject only. */
  SUBJECT_REQUIRED: 'SEQUENCE.SUBJECT_REQUIRED',
} as const;
