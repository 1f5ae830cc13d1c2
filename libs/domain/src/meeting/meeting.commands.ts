import type { Command } from '../shared/decider.js';

/** When a deadline reminder goes out relative to the deadline. */
export const REMINDER_KINDS = ['before', 'due', 'overdue'] as const;
export type ReminderKind = (typeof REMINDER_KINDS)[number];

/** Schedules a joint meeting (联席会议). */
export type ScheduleMeeting = Command<'ScheduleMeeting', { meetingId: string; title: string; scheduledAt: string; attendees?: string[] }>;

/** Adds an action item (议题) with its owner, responsible unit and deadline. */
export type AddItem = Command<
  'AddItem',
  {
    meetingId: string;
    itemId: string;
    title: string;
    owner: string;
    ownerUnit: string;
    deadline: string;
    decisionId?: string;
  }
>;

/** Moves an item's deadline; the reminders planned for the old one become stale. */
export type ChangeItemDeadline = Command<'ChangeItemDeadline', { meetingId: string; itemId: string; deadline: string; reason: string }>;

/** The owner (or the reform office) reports the item done. */
export type CompleteItem = Command<'CompleteItem', { meetingId: string; itemId: string; note: string }>;

/** The reform office drops an item. */
export type CancelItem = Command<'CancelItem', { meetingId: string; itemId: string; reason: string }>;

/** Closes the meeting with its minutes; its items live on until done or cancelled. */
export type ConcludeMeeting = Command<'ConcludeMeeting', { meetingId: string; minutes: string }>;

/** Every command of the joint meeting aggregate. */
export type MeetingCommand = ScheduleMeeting | AddItem | ChangeItemDeadline | CompleteItem | CancelItem | ConcludeMeeting;
