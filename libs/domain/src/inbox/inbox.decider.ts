import { assertNever, type Decider } from '../shared/decider.js';
import type { DeliverNotification, InboxCommand, MarkNotificationRead } from './inbox.commands.js';
import { inboxErrors } from './inbox.errors.js';
import type { InboxEvent } from './inbox.events.js';

/**
 * A user's inbox stream (`inbox-<userId>`): the notifications delivered through it and the ids
 * read. Notifications fed by other aggregates' events (a meeting's `ReminderSent`) are not in
 * `delivered`; whether such an id belongs to the user is checked against the read model by the
 * route, because the inbox stream never saw it.
 */
export interface InboxState {
  delivered: string[];
  read: string[];
}

function evolve(state: InboxState, event: InboxEvent): InboxState {
  switch (event.type) {
    case 'NotificationDelivered':
      return { ...state, delivered: [...state.delivered, event.data.notificationId] };
    case 'NotificationRead':
      return { ...state, read: [...state.read, event.data.notificationId] };
    default:
      return assertNever(event, 'event');
  }
}

const blank = (s: unknown): boolean => typeof s !== 'string' || s.trim() === '';

function markRead(command: MarkNotificationRead, state: InboxState): InboxEvent[] {
  const { userId, notificationId } = command.data;
  const { actor, now } = command.metadata;
  if (actor.id !== userId) throw inboxErrors.notRecipient();
  if (blank(notificationId)) throw inboxErrors.fieldRequired('notificationId');
  // Reading twice is not a conflict: the first read mark stands and nothing is appended.
  if (state.read.includes(notificationId)) return [];
  return [{ type: 'NotificationRead', data: { userId, notificationId, readAt: now } }];
}

function deliver(command: DeliverNotification, state: InboxState): InboxEvent[] {
  const { userId, notificationId, kind, subject, refs } = command.data;
  if (blank(userId)) throw inboxErrors.fieldRequired('userId');
  if (blank(notificationId)) throw inboxErrors.fieldRequired('notificationId');
  if (blank(kind)) throw inboxErrors.fieldRequired('kind');
  if (blank(subject)) throw inboxErrors.fieldRequired('subject');
  if (state.delivered.includes(notificationId)) throw inboxErrors.alreadyDelivered(notificationId);
  return [
    {
      type: 'NotificationDelivered',
      data: { userId, notificationId, kind, subject, refs: { ...refs }, deliveredAt: command.metadata.now },
    },
  ];
}

/** The inbox aggregate. */
export const inboxDecider: Decider<InboxCommand, InboxEvent, InboxState> = {
  initialState: () => ({ delivered: [], read: [] }),
  evolve,
  decide(command, state) {
    switch (command.type) {
      case 'MarkNotificationRead':
        return markRead(command, state);
      case 'DeliverNotification':
        return deliver(command, state);
      default:
        return assertNever(command, 'command');
    }
  },
};
