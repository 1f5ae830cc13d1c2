import type { Event } from '../shared/decider.js';

/** A notification reached the user's inbox (one without an event of its own elsewhere). */
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
