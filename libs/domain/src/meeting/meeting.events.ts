import type { Event } from '../shared/decider.js';
import type { ReminderKind } from './meeting.commands.js';

/*
 * Item events repeat owner and ownerUnit so the action-item ledger and the reminder scheduler
 * can handle each event on its own, without reading the item's earlier events.
 */

/** A joint meeting was scheduled. */
export type MeetingScheduled = Event<
  'MeetingScheduled',
  { meetingId: string; title: string; scheduledAt: string; attendees: string[]; scheduledBy: string; recordedAt: string }
>;

/** An action item was added; its first deadline is version 1. */
export type ItemAdded = Event<
  'ItemAdded',
  {
    meetingId: string;
    itemId: string;
    title: string;
    owner: string;
    ownerUnit: string;
    deadline: string;
    /** The calendar date `deadline` is the end of, when it was given as a date (absent otherwise, and from older events). */
    deadlineDate?: string;
    deadlineVersion: number;
    decisionId: string | null;
    addedBy: string;
    addedAt: string;
  }
>;

/** An item's deadline moved; `deadlineVersion` tells the scheduler which reminders are stale. */
export type ItemDeadlineChanged = Event<
  'ItemDeadlineChanged',
  {
    meetingId: string;
    itemId: string;
    owner: string;
    ownerUnit: string;
    previousDeadline: string;
    deadline: string;
    /** The calendar date the new deadline is the end of, when it was given as a date. */
    deadlineDate?: string;
    deadlineVersion: number;
    reason: string;
    changedBy: string;
    changedAt: string;
  }
>;

/** The item was done. */
export type ItemCompleted = Event<
  'ItemCompleted',
  { meetingId: string; itemId: string; owner: string; ownerUnit: string; note: string; completedBy: string; completedAt: string }
>;

/** The item was dropped. */
export type ItemCancelled = Event<
  'ItemCancelled',
  { meetingId: string; itemId: string; owner: string; ownerUnit: string; reason: string; cancelledBy: string; cancelledAt: string }
>;

/** The meeting closed with its minutes. */
export type MeetingConcluded = Event<'MeetingConcluded', { meetingId: string; minutes: string; concludedBy: string; concludedAt: string }>;

/** A deadline reminder was delivered; carries the item's title and deadline for the inbox. */
export type ReminderSent = Event<
  'ReminderSent',
  {
    meetingId: string;
    itemId: string;
    title: string;
    deadline: string;
    reminderKey: string;
    kind: ReminderKind;
    recipient: string;
    at: string;
    deadlineVersion: number;
  }
>;

/** A deadline reminder could not be delivered. */
export type ReminderFailed = Event<
  'ReminderFailed',
  {
    meetingId: string;
    itemId: string;
    reminderKey: string;
    kind: ReminderKind;
    recipient: string;
    error: string;
    attempts: number;
    failedAt: string;
  }
>;

/** Every event of the joint meeting aggregate. */
export type MeetingEvent =
  MeetingScheduled | ItemAdded | ItemDeadlineChanged | ItemCompleted | ItemCancelled | MeetingConcluded | ReminderSent | ReminderFailed;
