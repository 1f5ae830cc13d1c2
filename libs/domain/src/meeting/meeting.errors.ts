import { refuse } from '../shared/domain-error.js';

/** Stable refusal codes of the joint meeting; part of the API, never rename one. */
export const MeetingErrors = {
  NOT_FOUND: 'MEETING.NOT_FOUND',
  ALREADY_EXISTS: 'MEETING.ALREADY_EXISTS',
  FORBIDDEN: 'MEETING.FORBIDDEN',
  NOT_ITEM_OWNER: 'MEETING.NOT_ITEM_OWNER',
  FIELD_REQUIRED: 'MEETING.FIELD_REQUIRED',
  INVALID_DATE: 'MEETING.INVALID_DATE',
  DUPLICATE_ATTENDEES: 'MEETING.DUPLICATE_ATTENDEES',
  INVALID_REMINDER: 'MEETING.INVALID_REMINDER',
  CONCLUDED: 'MEETING.CONCLUDED',
  ITEM_EXISTS: 'MEETING.ITEM_EXISTS',
  ITEM_NOT_FOUND: 'MEETING.ITEM_NOT_FOUND',
  ITEM_ALREADY_DONE: 'MEETING.ITEM_ALREADY_DONE',
  ITEM_CANCELLED: 'MEETING.ITEM_CANCELLED',
  DEADLINE_UNCHANGED: 'MEETING.DEADLINE_UNCHANGED',
  STALE_REMINDER: 'MEETING.STALE_REMINDER',
  REMINDER_ALREADY_SENT: 'MEETING.REMINDER_ALREADY_SENT',
} as const;
export type MeetingErrorCode = (typeof MeetingErrors)[keyof typeof MeetingErrors];

/** Refusal constructors, one per rule. */
export const meetingErrors = {
  notFound: (id: string) => refuse.notFound(MeetingErrors.NOT_FOUND, `Meeting ${id} does not exist`),
  alreadyExists: (id: string) => refuse.conflict(MeetingErrors.ALREADY_EXISTS, `Meeting ${id} is already scheduled`),
  forbidden: (what: string) => refuse.forbidden(MeetingErrors.FORBIDDEN, `Only the reform office may ${what}`),
  notItemOwner: (itemId: string) =>
    refuse.forbidden(MeetingErrors.NOT_ITEM_OWNER, `Only the owner of item ${itemId} or the reform office may complete it`),
  fieldRequired: (path: string) => refuse.invalid(MeetingErrors.FIELD_REQUIRED, `${path} is required`, path),
  duplicateAttendees: (userId: string) =>
    refuse.invalid(MeetingErrors.DUPLICATE_ATTENDEES, `Attendee ${userId} is listed more than once`, 'attendees'),
  invalidReminder: (path: string, why: string) => refuse.invalid(MeetingErrors.INVALID_REMINDER, why, path),
  concluded: (id: string) => refuse.conflict(MeetingErrors.CONCLUDED, `Meeting ${id} is already concluded`),
  itemExists: (itemId: string) => refuse.conflict(MeetingErrors.ITEM_EXISTS, `Item ${itemId} already exists`),
  itemNotFound: (itemId: string) => refuse.notFound(MeetingErrors.ITEM_NOT_FOUND, `Item ${itemId} does not exist in this meeting`),
  itemDone: (itemId: string) => refuse.conflict(MeetingErrors.ITEM_ALREADY_DONE, `Item ${itemId} is already done`),
  itemCancelled: (itemId: string) => refuse.conflict(MeetingErrors.ITEM_CANCELLED, `Item ${itemId} was cancelled`),
  deadlineUnchanged: () => refuse.invalid(MeetingErrors.DEADLINE_UNCHANGED, 'The new deadline equals the current one', 'deadline'),
  staleReminder: (given: number, current: number) =>
    refuse.conflict(
      MeetingErrors.STALE_REMINDER,
      `The reminder was planned for deadline version ${given}; the item is at version ${current}`,
    ),
  reminderAlreadySent: (key: string) =>
    refuse.conflict(MeetingErrors.REMINDER_ALREADY_SENT, `Reminder ${key} was already recorded as sent`),
};
