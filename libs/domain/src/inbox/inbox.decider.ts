import { assertNever, type Decider } from '../shared/decider.js';
import { refuse } from '../shared/domain-error.js';
import { isBlank } from '../shared/text.js';
import type { InboxCommand, MarkNotificationRead } from './inbox.commands.js';
import { InboxErrors } from './inbox.errors.js';
import type { InboxEvent } from './inbox.events.js';
import type { InboxState } from './inbox.state.js';

/** Nothing delivered, nothing read. */
export function initialInboxState(): InboxState {
  return { delivered: [], read: [] };
}

/** Folds one event into the inbox. */
export function evolveInbox(state: InboxState, event: InboxEvent): InboxState {
  switch (event.type) {
    case 'NotificationDelivered':
      return { ...state, delivered: [...state.delivered, event.data.notificationId] };
    case 'NotificationRead':
      return { ...state, read: [...state.read, event.data.notificationId] };
    default:
      return assertNever(event, 'inbox event');
  }
}

/** Decides an inbox command: marking read is the only one (reminders record themselves on their own streams). */
function decideInbox(command: InboxCommand, state: InboxState): InboxEvent[] {
  return markRead(command, state);
}

function requireText(value: unknown, path: string): void {
  if (isBlank(value)) throw refuse.invalid(InboxErrors.FIELD_REQUIRED, `${path} is required`, path);
}

function markRead(command: MarkNotificationRead, state: InboxState): InboxEvent[] {
  const { userId, notificationId } = command.data;
  const { actor, now } = command.metadata;
  if (actor.id !== userId) throw refuse.forbidden(InboxErrors.NOT_RECIPIENT, 'Only the recipient may mark a notification read');
  requireText(notificationId, 'notificationId');
  // Reading twice is not a conflict: the first read mark stands and nothing is appended.
  if (state.read.includes(notificationId)) return [];
  return [{ type: 'NotificationRead', data: { userId, notificationId, readAt: now } }];
}

/** A user's (or a unit's shared) notification inbox, stream `inbox-<recipient>`. */
export const inboxDecider: Decider<InboxCommand, InboxEvent, InboxState> = {
  initialState: initialInboxState,
  evolve: evolveInbox,
  decide: decideInbox,
};
