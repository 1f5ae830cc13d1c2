import { isPastDeadline, type Instant } from '../shared/time.js';
import type { ReminderKind } from './meeting.commands.js';

/** A reminder that reached its recipient. */
export interface ItemReminder {
  key: string;
  kind: ReminderKind;
  at: string;
  recipient: string;
  deadlineVersion: number;
}

/** The last failure recorded for a reminder key. */
export interface ReminderFailure {
  key: string;
  kind: ReminderKind;
  recipient: string;
  error: string;
  attempts: number;
  failedAt: string;
}

/** Lifecycle of an action item. */
export type ItemStatus = 'open' | 'done' | 'cancelled';

/** Every action-item status, for validating query filters. */
export const ITEM_STATUSES = ['open', 'done', 'cancelled'] as const satisfies readonly ItemStatus[];

/** An action item (议题) as API.md shows it; `overdue` is derived, see {@link isActionItemOverdue}. */
export interface MeetingItem {
  id: string;
  meetingId: string;
  title: string;
  owner: string;
  ownerUnit: string;
  deadline: string;
  /** `deadline` as the calendar date it was given as (`YYYY-MM-DD`, its end in the display time zone), else `null`. */
  deadlineDate: string | null;
  deadlineVersion: number;
  status: ItemStatus;
  completedAt: string | null;
  completionNote: string | null;
  cancelledAt: string | null;
  cancelReason: string | null;
  decisionId: string | null;
  reminders: ItemReminder[];
  failedReminders: ReminderFailure[];
}

/** Lifecycle of a meeting. */
export type MeetingStatus = 'scheduled' | 'concluded';

/** A joint meeting with its items. */
export interface Meeting {
  id: string;
  title: string;
  scheduledAt: string;
  attendees: string[];
  status: MeetingStatus;
  minutes: string | null;
  concludedAt: string | null;
  items: MeetingItem[];
}

/** `null` until the meeting is scheduled. */
export type MeetingState = Meeting | null;

/** The item with that id, or `undefined`. */
export function findItem(state: MeetingState, itemId: string): MeetingItem | undefined {
  return state?.items.find((i) => i.id === itemId);
}

/** Items the reminder engine still has to chase: open ones, with their deadline and its version. */
export function openItems(state: MeetingState): MeetingItem[] {
  return state === null ? [] : state.items.filter((i) => i.status === 'open');
}

/**
 * An action item is overdue when it is still open and its deadline has passed at `now`. The
 * read models' SQL says the same through a fragment tested against this.
 */
export function isActionItemOverdue(item: Pick<MeetingItem, 'status' | 'deadline'>, now: Instant): boolean {
  return item.status === 'open' && isPastDeadline(item.deadline, now);
}
