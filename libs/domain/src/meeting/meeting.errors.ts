/**
 * Stable refusal codes of the joint meeting aggregate. They are part of the HTTP contract
 * (clients branch on them): add new ones, never rename.
 */
export const MeetingErrors = {
  /** not_found: no meeting under this id. */
  NOT_FOUND: 'MEETING.NOT_FOUND',
  /** conflict: a meeting with this id is already scheduled. */
  ALREADY_EXISTS: 'MEETING.ALREADY_EXISTS',
  /** forbidden: only the reform office schedules, adds, re-dates, cancels and concludes. */
  FORBIDDEN: 'MEETING.FORBIDDEN',
  /** forbidden: only the item's owner (or the reform office) completes it. */
  NOT_ITEM_OWNER: 'MEETING.NOT_ITEM_OWNER',
  /** invalid (the field named): missing or blank. */
  FIELD_REQUIRED: 'MEETING.FIELD_REQUIRED',
  /** invalid (`scheduledAt`, `deadline`, `at`): not an ISO 8601 date or date-time with offset. */
  INVALID_DATE: 'MEETING.INVALID_DATE',
  /** invalid (`attendees`): a user listed twice. */
  DUPLICATE_ATTENDEES: 'MEETING.DUPLICATE_ATTENDEES',
  /** conflict: the meeting is concluded (no new items, no second conclusion). */
  CONCLUDED: 'MEETING.CONCLUDED',
  /** conflict: the meeting already has an item under this id. */
  ITEM_EXISTS: 'MEETING.ITEM_EXISTS',
  /** not_found: the meeting has no item under this id. */
  ITEM_NOT_FOUND: 'MEETING.ITEM_NOT_FOUND',
  /** conflict: the item is done. */
  ITEM_ALREADY_DONE: 'MEETING.ITEM_ALREADY_DONE',
  /** conflict: the item was cancelled. */
  ITEM_CANCELLED: 'MEETING.ITEM_CANCELLED',
  /** invalid (`deadline`): the new deadline is the same instant as the current one. */
  DEADLINE_UNCHANGED: 'MEETING.DEADLINE_UNCHANGED',
} as const;
