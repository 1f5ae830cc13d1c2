/** Injection token of the parsed {@link ReminderSettings}. */
export const REMINDER_SETTINGS = Symbol('REMINDER_SETTINGS');
