import type { Event } from '../shared/decider.js';

/**
 * A notification reached the user's inbox: how a matter's or finding's reminder was recorded
 * before every reminder had its own stream (`ReminderSent` on `reminder-<key>`). No command
 * records it any more; stores written before still hold it, so it is still folded and read.
 */
export type NotificationDelivered = Event<
  'NotificationDelivered',
  {
    userId: string;
    notificationId: string;
    kind: string;
    subject: string;
    refs: Record<string, string | number | null>;
    deliveredAt: string;
  }
>;

/** The recipient read a notification: read marks are facts, not updates in place. */
export type NotificationRead = Event<'NotificationRead', { userId: string; notificationId: string; readAt: string }>;

/** Every event of a user's inbox. */
export type InboxEvent = NotificationDelivered | NotificationRead;
