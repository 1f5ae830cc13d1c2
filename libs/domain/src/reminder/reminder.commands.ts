import type { Command } from '../shared/decider.js';
import type { ReminderKind } from '../meeting/index.js';
import type { ReminderNotification, ReminderSubjectRef } from './reminder.events.js';

/** The reminder worker records a reminder it delivered (after checking it still applies). */
export type RecordReminder = Command<
  'RecordReminder',
  ReminderSubjectRef & {
    reminderKey: string;
    kind: ReminderKind;
    recipient: string;
    at: string;
    deadline: string;
    deadlineVersion: number;
    notification: ReminderNotification;
  }
>;

/** The reminder worker records a channel that kept failing for a reminder. */
export type RecordReminderFailure = Command<
  'RecordReminderFailure',
  ReminderSubjectRef & { reminderKey: string; channel: string; kind: ReminderKind; recipient: string; error: string; attempts: number }
>;

/** Every command of a reminder stream. */
export type ReminderCommand = RecordReminder | RecordReminderFailure;
