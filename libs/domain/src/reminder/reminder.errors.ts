/**
 * Stable refusal codes of the reminder aggregate (recorded by the worker, never by HTTP):
 * add new ones, never rename.
 */
export const ReminderErrors = {
  /** invalid (the field named): missing, blank or malformed. */
  INVALID: 'REMINDER.INVALID',
} as const;
