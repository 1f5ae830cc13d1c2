import { assertNever, hasRole, type Decider, type DomainActor } from '../shared/decider.js';
import {
  type AddItem,
  type CancelItem,
  type ChangeItemDeadline,
  type CompleteItem,
  type ConcludeMeeting,
  type MeetingCommand,
  type ScheduleMeeting,
} from './meeting.commands.js';
import { refuse } from '../shared/domain-error.js';
import { isBlank } from '../shared/text.js';
import { requireInstant } from '../shared/time.js';
import { dueDateField, requireDue, type DueCalendar } from '../shared/due.js';
import { MeetingErrors } from './meeting.errors.js';
import type { MeetingEvent } from './meeting.events.js';
import type { Meeting, MeetingItem, MeetingState } from './meeting.state.js';

/** Nothing scheduled yet. */
export function initialMeetingState(): MeetingState {
  return null;
}

/** Folds one event into the meeting; total, like every evolve: decide never emits anything for an unscheduled meeting. */
export function evolveMeeting(state: MeetingState, event: MeetingEvent): MeetingState {
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
        deadlineDate: d.deadlineDate ?? null,
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
        deadlineDate: event.data.deadlineDate ?? null,
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
      return assertNever(event, 'meeting event');
  }
}

function updateItem(meeting: Meeting, itemId: string, change: (item: MeetingItem) => MeetingItem): Meeting {
  return { ...meeting, items: meeting.items.map((i) => (i.id === itemId ? change(i) : i)) };
}

/**
 * Decides a meeting command: existence (404), then per command role or ownership (403), input
 * (400) and state (409).
 */
function decideMeeting(command: MeetingCommand, state: MeetingState, calendar: DueCalendar): MeetingEvent[] {
  switch (command.type) {
    case 'ScheduleMeeting':
      return schedule(command, state);
    case 'AddItem':
      return addItem(command, existing(state, command.data.meetingId), calendar);
    case 'ChangeItemDeadline':
      return changeDeadline(command, existing(state, command.data.meetingId), calendar);
    case 'CompleteItem':
      return complete(command, existing(state, command.data.meetingId));
    case 'CancelItem':
      return cancel(command, existing(state, command.data.meetingId));
    case 'ConcludeMeeting':
      return conclude(command, existing(state, command.data.meetingId));
    default:
      return assertNever(command, 'meeting command');
  }
}

function existing(state: MeetingState, meetingId: string): Meeting {
  if (state === null) throw refuse.notFound(MeetingErrors.NOT_FOUND, `Meeting ${meetingId} does not exist`, { meetingId });
  return state;
}

function requireText(value: unknown, path: string): void {
  if (isBlank(value)) throw refuse.invalid(MeetingErrors.FIELD_REQUIRED, `${path} is required`, path);
}

function requireOffice(actor: DomainActor, what: string): void {
  if (!hasRole(actor, 'reform_office'))
    throw refuse.forbidden(MeetingErrors.FORBIDDEN, `Only the reform office may ${what}`, { roles: 'reform_office' });
}

function requireItem(meeting: Meeting, itemId: string): MeetingItem {
  const item = meeting.items.find((i) => i.id === itemId);
  if (item === undefined) throw refuse.notFound(MeetingErrors.ITEM_NOT_FOUND, `Item ${itemId} does not exist in this meeting`, { itemId });
  return item;
}

function requireOpenItem(item: MeetingItem): void {
  switch (item.status) {
    case 'open':
      return;
    case 'done':
      throw refuse.conflict(MeetingErrors.ITEM_ALREADY_DONE, `Item ${item.id} is already done`, { itemId: item.id });
    case 'cancelled':
      throw refuse.conflict(MeetingErrors.ITEM_CANCELLED, `Item ${item.id} was cancelled`, { itemId: item.id });
    default:
      return assertNever(item.status, 'item status');
  }
}

function schedule(command: ScheduleMeeting, state: MeetingState): MeetingEvent[] {
  const { meetingId, title, scheduledAt, attendees = [] } = command.data;
  const { actor, now } = command.metadata;
  if (state !== null) throw refuse.conflict(MeetingErrors.ALREADY_EXISTS, `Meeting ${meetingId} is already scheduled`, { meetingId });
  requireOffice(actor, 'schedule a meeting');
  requireText(title, 'title');
  const at = requireInstant(scheduledAt, 'scheduledAt', MeetingErrors.INVALID_DATE);
  if (!Array.isArray(attendees)) throw refuse.invalid(MeetingErrors.FIELD_REQUIRED, 'attendees is required', 'attendees');
  const seen = new Set<string>();
  for (const a of attendees) {
    if (isBlank(a)) throw refuse.invalid(MeetingErrors.FIELD_REQUIRED, 'attendees is required', 'attendees');
    if (seen.has(a))
      throw refuse.invalid(MeetingErrors.DUPLICATE_ATTENDEES, `Attendee ${a} is listed more than once`, 'attendees', { userId: a });
    seen.add(a);
  }
  return [
    {
      type: 'MeetingScheduled',
      data: { meetingId, title, scheduledAt: at, attendees: [...attendees], scheduledBy: actor.id, recordedAt: now },
    },
  ];
}

function addItem(command: AddItem, meeting: Meeting, calendar: DueCalendar): MeetingEvent[] {
  const { meetingId, itemId, title, owner, ownerUnit, deadline, decisionId } = command.data;
  const { actor, now } = command.metadata;
  requireOffice(actor, 'add items');
  if (meeting.status === 'concluded')
    throw refuse.conflict(MeetingErrors.CONCLUDED, `Meeting ${meetingId} is already concluded`, { meetingId });
  requireText(itemId, 'itemId');
  requireText(title, 'title');
  requireText(owner, 'owner');
  requireText(ownerUnit, 'ownerUnit');
  const due = requireDue(deadline, 'deadline', MeetingErrors.INVALID_DATE, calendar);
  if (decisionId !== undefined && isBlank(decisionId))
    throw refuse.invalid(MeetingErrors.FIELD_REQUIRED, 'decisionId is required', 'decisionId');
  if (meeting.items.some((i) => i.id === itemId))
    throw refuse.conflict(MeetingErrors.ITEM_EXISTS, `Item ${itemId} already exists`, { itemId });
  return [
    {
      type: 'ItemAdded',
      data: {
        meetingId,
        itemId,
        title,
        owner,
        ownerUnit,
        deadline: due.at,
        ...dueDateField('deadlineDate', due),
        deadlineVersion: 1,
        decisionId: decisionId ?? null,
        addedBy: actor.id,
        addedAt: now,
      },
    },
  ];
}

function changeDeadline(command: ChangeItemDeadline, meeting: Meeting, calendar: DueCalendar): MeetingEvent[] {
  const { meetingId, itemId, deadline, reason } = command.data;
  const { actor, now } = command.metadata;
  requireOffice(actor, 'change deadlines');
  const due = requireDue(deadline, 'deadline', MeetingErrors.INVALID_DATE, calendar);
  requireText(reason, 'reason');
  const item = requireItem(meeting, itemId);
  requireOpenItem(item);
  // Same instant, new version would only churn the reminder schedule.
  if (Date.parse(item.deadline) === Date.parse(due.at))
    throw refuse.invalid(MeetingErrors.DEADLINE_UNCHANGED, 'The new deadline equals the current one', 'deadline');
  return [
    {
      type: 'ItemDeadlineChanged',
      data: {
        meetingId,
        itemId,
        owner: item.owner,
        ownerUnit: item.ownerUnit,
        previousDeadline: item.deadline,
        deadline: due.at,
        ...dueDateField('deadlineDate', due),
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
  if (actor.id !== item.owner && !hasRole(actor, 'reform_office'))
    throw refuse.forbidden(MeetingErrors.NOT_ITEM_OWNER, `Only the owner of item ${itemId} or the reform office may complete it`, {
      itemId,
    });
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
  if (meeting.status === 'concluded')
    throw refuse.conflict(MeetingErrors.CONCLUDED, `Meeting ${meetingId} is already concluded`, { meetingId });
  return [{ type: 'MeetingConcluded', data: { meetingId, minutes, concludedBy: actor.id, concludedAt: now } }];
}

/**
 * The joint meeting (联席会议) aggregate with its action items, stream `meeting-<id>`, reading
 * item deadlines in `calendar` (the deployment's time zone, given when the decider is built).
 */
export function meetingDeciderFor(calendar: DueCalendar): Decider<MeetingCommand, MeetingEvent, MeetingState> {
  return {
    initialState: initialMeetingState,
    evolve: evolveMeeting,
    decide: (command, state) => decideMeeting(command, state, calendar),
  };
}
