import type { Event } from '../shared/decider.js';
import type { ReminderKind } from '../meeting/index.js';

/**
 * What a reminder is about: its subject's name (`item`, `matter`, `finding`, `evaluation`, `task`,
 * `acknowledgement`...) and the ids that find it, flat beside the record's own fields
 * (`data.itemId` reads as it always did: `{ subject: 'item', meetingId, itemId }`,
 * `{ subject: 'task', taskId, milestoneId }`). Which ids a subject has is stated once, in its
 * definition (libs/reminders/src/subjects/), so a new subject changes nothing here; the record
 * only requires them to be texts (or null where an id is optional, a task deadline's
 * `milestoneId`).
 */
export type ReminderSubjectRef = { subject: string } & { [id: string]: unknown };

/** The inbox entry a reminder makes: its kind (`item_due`, `matter_before`...), its text and references. */
export interface ReminderNotification {
  kind: string;
  subject: string;
  refs: Record<string, string | number | null>;
}

/**
 * A reminder reached its recipient's inbox (stream `reminder-<key>`, the key being the job id
 * and the notification id). Every subject records its reminders this way.
 */
export type ReminderSentEvent = Event<
  'ReminderSent',
  ReminderSubjectRef & {
    reminderKey: string;
    kind: ReminderKind;
    recipient: string;
    /** When the reminder was planned for. */
    at: string;
    /** The deadline (or due date) it chased, and that deadline's version. */
    deadline: string;
    deadlineVersion: number;
    notification: ReminderNotification;
    sentAt: string;
  }
>;

/**
 * A channel (the signed webhook; later the group robots) kept failing for a reminder after its
 * retries. `reminderKey` is `<reminder key>_<channel>`: one failure record per reminder and
 * channel. The inbox entry stands.
 */
export type ReminderFailedEvent = Event<
  'ReminderFailed',
  ReminderSubjectRef & {
    reminderKey: string;
    channel: string;
    kind: ReminderKind;
    recipient: string;
    error: string;
    attempts: number;
    failedAt: string;
  }
>;

/** Every event of a reminder stream. */
export type ReminderEvent = ReminderSentEvent | ReminderFailedEvent;
