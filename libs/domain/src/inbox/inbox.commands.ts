import type { Command } from '../shared/decider.js';

/** The recipient marks one of their notifications as read. */
export type MarkNotificationRead = Command<'MarkNotificationRead', { userId: string; notificationId: string }>;

/** Every command of a user's inbox. */
export type InboxCommand = MarkNotificationRead;
