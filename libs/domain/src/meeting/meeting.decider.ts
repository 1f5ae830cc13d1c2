import { assertNever, hasRole, type Decider, type DomainActor } from '../shared/decider.js';
import {
  REMINDER_KINDS,
  type AddItem,
  type CancelItem,
  type ChangeItemDeadline,
  type CompleteItem,
  type ConcludeMeeting,
  type MeetingCommand,
  type RecordReminderFailed,
  type RecordReminderSent,
  type ReminderKind,
  type ScheduleMeeting,
} from './meeting.commands.js';
import { MeetingErrors, meetingErrors } from './meeting.errors.js';
import { requireInstant } from '../shared/time.js';
import type { MeetingEvent } from './meeting.events.js';

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

/** An action item (议题) as API.md shows it; `overdue` is derived by the read model. */
export interface MeetingItem {
  id: string;
  meetingId: string;
  title: string;
  owner: string;
  ownerUnit: string;
  deadline: string;
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

function evolve(state: MeetingState, event: MeetingEvent): MeetingState {
  if (event.type === 'MeetingScheduled') {
    const d = event.data;
    return {
      id: d.meetingId,
      title: d.title,
      scheduledAt: d.scheduledAt,
      attendees: [...d.attendees],
      status: 'scheduled',
      minutes: null,
      concludedAt: null,
      items: [],
    };
  }
  // Evolve stays total: decide never emits anything for an unscheduled meeting.
  if (state === null) return state;
  switch (event.type) {
    case 'ItemAdded': {
      const d = event.data;
      const item: MeetingItem = {
        id: d.itemId,
        meetingId: d.meetingId,
        title: d.title,
        owner: d.owner,
        ownerUnit: d.ownerUnit,
        deadline: d.deadline,
        deadlineVersion: d.deadlineVersion,
        status: 'open',
        completedAt: null,
        completionNote: null,
        cancelledAt: null,
        cancelReason: null,
        decisionId: d.decisionId,
        reminders: [],
        failedReminders: [],
      };
      return { ...state, items: [...state.items, item] };
    }
    case 'ItemDeadlineChanged':
      return updateItem(state, event.data.itemId, (i) => ({
        ...i,
        deadline: event.data.deadline,
        deadlineVersion: event.data.deadlineVersion,
      }));
    case 'ItemCompleted':
      return updateItem(state, event.data.itemId, (i) => ({
        ...i,
        status: 'done',
        completedAt: event.data.completedAt,
        completionNote: event.data.note,
      }));
    case 'ItemCancelled':
      return updateItem(state, event.data.itemId, (i) => ({
        ...i,
        status: 'cancelled',
        cancelledAt: event.data.cancelledAt,
        cancelReason: event.data.reason,
      }));
    case 'MeetingConcluded':
      return { ...state, status: 'concluded', minutes: event.data.minutes, concludedAt: event.data.concludedAt };
    case 'ReminderSent': {
      const { reminderKey: key, kind, at, recipient, deadlineVersion } = event.data;
      return updateItem(state, event.data.itemId, (i) => ({
        ...i,
        reminders: [...i.reminders, { key, kind, at, recipient, deadlineVersion }],
      }));
    }
    case 'ReminderFailed': {
      const { reminderKey: key, kind, recipient, error, attempts, failedAt } = event.data;
      return updateItem(state, event.data.itemId, (i) => ({
        ...i,
        failedReminders: [...i.failedReminders.filter((f) => f.key !== key), { key, kind, recipient, error, attempts, failedAt }],
      }));
    }
    default:
      return assertNever(event, 'event');
  }
}

function updateItem(meeting: Meeting, itemId: string, change: (item: MeetingItem) => MeetingItem): Meeting {
  return { ...meeting, items: meeting.items.map((i) => (i.id === itemId ? change(i) : i)) };
}

function decide(command: MeetingCommand, state: MeetingState): MeetingEvent[] {
  switch (command.type) {
    case 'ScheduleMeeting':
      return schedule(command, state);
    case 'AddItem':
      return addItem(command, existing(state, command.data.meetingId));
    case 'ChangeItemDeadline':
      return changeDeadline(command, existing(state, command.data.meetingId));
    case 'CompleteItem':
      return complete(command, existing(state, command.data.meetingId));
    case 'CancelItem':
      return cancel(command, existing(state, command.data.meetingId));
    case 'ConcludeMeeting':
      return conclude(command, existing(state, command.data.meetingId));
    case 'RecordReminderSent':
      return reminderSent(command, existing(state, command.data.meetingId));
    case 'RecordReminderFailed':
      return reminderFailed(command, existing(state, command.data.meetingId));
    default:
      return assertNever(command, 'command');
  }
}

function existing(state: MeetingState, meetingId: string): Meeting {
  if (state === null) throw meetingErrors.notFound(meetingId);
  return state;
}

const blank = (s: unknown): boolean => typeof s !== 'string' || s.trim() === '';

function requireText(value: unknown, path: string): void {
  if (blank(value)) throw meetingErrors.fieldRequired(path);
}

function requireOffice(actor: DomainActor, what: string): void {
  if (!hasRole(actor, 'reform_office')) throw meetingErrors.forbidden(what);
}

function requireItem(meeting: Meeting, itemId: string): MeetingItem {
  const item = meeting.items.find((i) => i.id === itemId);
  if (item === undefined) throw meetingErrors.itemNotFound(itemId);
  return item;
}

function requireOpenItem(item: MeetingItem): void {
  switch (item.status) {
    case 'open':
      return;
    case 'done':
      throw meetingErrors.itemDone(item.id);
    case 'cancelled':
      throw meetingErrors.itemCancelled(item.id);
    default:
      return assertNever(item.status, 'item status');
  }
}

function schedule(command: ScheduleMeeting, state: MeetingState): MeetingEvent[] {
  const { meetingId, title, scheduledAt, attendees = [] } = command.data;
  const { actor, now } = command.metadata;
  if (state !== null) throw meetingErrors.alreadyExists(meetingId);
  requireOffice(actor, 'schedule a meeting');
  requireText(title, 'title');
  const at = requireInstant(scheduledAt, 'scheduledAt', MeetingErrors.INVALID_DATE);
  if (!Array.isArray(attendees)) throw meetingErrors.fieldRequired('attendees');
  const seen = new Set<string>();
  for (const a of attendees) {
    if (blank(a)) throw meetingErrors.fieldRequired('attendees');
    if (seen.has(a)) throw meetingErrors.duplicateAttendees(a);
    seen.add(a);
  }
  return [
    {
      type: 'MeetingScheduled',
      data: { meetingId, title, scheduledAt: at, attendees: [...attendees], scheduledBy: actor.id, recordedAt: now },
    },
  ];
}

function addItem(command: AddItem, meeting: Meeting): MeetingEvent[] {
  const { meetingId, itemId, title, owner, ownerUnit, deadline, decisionId } = command.data;
  const { actor, now } = command.metadata;
  requireOffice(actor, 'add items');
  if (meeting.status === 'concluded') throw meetingErrors.concluded(meetingId);
  requireText(itemId, 'itemId');
  requireText(title, 'title');
  requireText(owner, 'owner');
  requireText(ownerUnit, 'ownerUnit');
  const due = requireInstant(deadline, 'deadline', MeetingErrors.INVALID_DATE);
  if (decisionId !== undefined && blank(decisionId)) throw meetingErrors.fieldRequired('decisionId');
  if (meeting.items.some((i) => i.id === itemId)) throw meetingErrors.itemExists(itemId);
  return [
    {
      type: 'ItemAdded',
      data: {
        meetingId,
        itemId,
        title,
        owner,
        ownerUnit,
        deadline: due,
        deadlineVersion: 1,
        decisionId: decisionId ?? null,
        addedBy: actor.id,
        addedAt: now,
      },
    },
  ];
}

function changeDeadline(command: ChangeItemDeadline, meeting: Meeting): MeetingEvent[] {
  const { meetingId, itemId, deadline, reason } = command.data;
  const { actor, now } = command.metadata;
  requireOffice(actor, 'change deadlines');
  const due = requireInstant(deadline, 'deadline', MeetingErrors.INVALID_DATE);
  requireText(reason, 'reason');
  const item = requireItem(meeting, itemId);
  requireOpenItem(item);
  // Same instant, new version would only churn the reminder schedule.
  if (Date.parse(item.deadline) === Date.parse(due)) throw meetingErrors.deadlineUnchanged();
  return [
    {
      type: 'ItemDeadlineChanged',
      data: {
        meetingId,
        itemId,
        owner: item.owner,
        ownerUnit: item.ownerUnit,
        previousDeadline: item.deadline,
        deadline: due,
        deadlineVersion: item.deadlineVersion + 1,
        reason,
        changedBy: actor.id,
        changedAt: now,
      },
    },
  ];
}

function complete(command: CompleteItem, meeting: Meeting): MeetingEvent[] {
  const { meetingId, itemId, note } = command.data;
  const { actor, now } = command.metadata;
  const item = requireItem(meeting, itemId);
  if (actor.id !== item.owner && !hasRole(actor, 'reform_office')) throw meetingErrors.notItemOwner(itemId);
  requireText(note, 'note');
  requireOpenItem(item);
  return [
    {
      type: 'ItemCompleted',
      data: { meetingId, itemId, owner: item.owner, ownerUnit: item.ownerUnit, note, completedBy: actor.id, completedAt: now },
    },
  ];
}

function cancel(command: CancelItem, meeting: Meeting): MeetingEvent[] {
  const { meetingId, itemId, reason } = command.data;
  const { actor, now } = command.metadata;
  requireOffice(actor, 'cancel items');
  requireText(reason, 'reason');
  const item = requireItem(meeting, itemId);
  requireOpenItem(item);
  return [
    {
      type: 'ItemCancelled',
      data: { meetingId, itemId, owner: item.owner, ownerUnit: item.ownerUnit, reason, cancelledBy: actor.id, cancelledAt: now },
    },
  ];
}

function conclude(command: ConcludeMeeting, meeting: Meeting): MeetingEvent[] {
  const { meetingId, minutes } = command.data;
  const { actor, now } = command.metadata;
  requireOffice(actor, 'conclude a meeting');
  requireText(minutes, 'minutes');
  if (meeting.status === 'concluded') throw meetingErrors.concluded(meetingId);
  return [{ type: 'MeetingConcluded', data: { meetingId, minutes, concludedBy: actor.id, concludedAt: now } }];
}

function requireReminderFields(data: { reminderKey: string; kind: ReminderKind; recipient: string }): void {
  requireText(data.reminderKey, 'reminderKey');
  if (!REMINDER_KINDS.includes(data.kind)) throw meetingErrors.invalidReminder('kind', 'kind must be before, due or overdue');
  requireText(data.recipient, 'recipient');
}

/**
 * The worker checks the item before delivering, but an item can close or move between that
 * check and this record; refusing here keeps the trail honest about which deadline was chased.
 */
function reminderSent(command: RecordReminderSent, meeting: Meeting): MeetingEvent[] {
  const { meetingId, itemId, reminderKey, kind, recipient, at, deadlineVersion } = command.data;
  requireReminderFields(command.data);
  const sentAt = requireInstant(at, 'at', MeetingErrors.INVALID_DATE);
  if (!Number.isInteger(deadlineVersion) || deadlineVersion < 1)
    throw meetingErrors.invalidReminder('deadlineVersion', 'deadlineVersion must be a positive integer');
  const item = requireItem(meeting, itemId);
  // A redelivered job must be recognised as a duplicate before anything else about it.
  if (item.reminders.some((r) => r.key === reminderKey)) throw meetingErrors.reminderAlreadySent(reminderKey);
  requireOpenItem(item);
  if (deadlineVersion !== item.deadlineVersion) throw meetingErrors.staleReminder(deadlineVersion, item.deadlineVersion);
  return [
    {
      type: 'ReminderSent',
      data: {
        meetingId,
        itemId,
        title: item.title,
        deadline: item.deadline,
        reminderKey,
        kind,
        recipient,
        at: sentAt,
        deadlineVersion,
      },
    },
  ];
}

function reminderFailed(command: RecordReminderFailed, meeting: Meeting): MeetingEvent[] {
  const { meetingId, itemId, reminderKey, kind, recipient, error, attempts } = command.data;
  requireReminderFields(command.data);
  requireText(error, 'error');
  if (!Number.isInteger(attempts) || attempts < 1) throw meetingErrors.invalidReminder('attempts', 'attempts must be a positive integer');
  const item = requireItem(meeting, itemId);
  if (item.reminders.some((r) => r.key === reminderKey)) throw meetingErrors.reminderAlreadySent(reminderKey);
  requireOpenItem(item);
  return [
    {
      type: 'ReminderFailed',
      data: { meetingId, itemId, reminderKey, kind, recipient, error, attempts, failedAt: command.metadata.now },
    },
  ];
}

/** The joint meeting (联席会议) aggregate with its action items, stream `meeting-<id>`. */
export const meetingDecider: Decider<MeetingCommand, MeetingEvent, MeetingState> = {
  initialState: () => null,
  evolve,
  decide,
};
