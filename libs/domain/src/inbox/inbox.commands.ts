import type { Command } from '../shared/decider.js';

/** The recipient marks one of their notifications as read. */
export type MarkNotificationRead = Command<'MarkNotificationRead', { userId: string; notificationId: string }>;

/**
 * The reminder worker delivers a notification that has no event of its own elsewhere (a
 * countersign matter's signer reminder); deadline reminders of action items arrive through the
 * meeting's `ReminderSent` instead.
 */
export type DeliverNotification = Command<
  'DeliverNotification',
  { userId: string; notificationId: string; kind: string; subject: string; refs: Record<string, string | number | null> }
>;

/** Every command of a user's inbox. */
export type InboxCommand = MarkNotificationRead | DeliverNotification;
