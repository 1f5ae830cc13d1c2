import { REMINDER_KINDS } from '../meeting/index.js';
import { assertNever, type Decider } from '../shared/decider.js';
import { refuse } from '../shared/domain-error.js';
import { isBlank } from '../shared/text.js';
import { requireInstant } from '../shared/time.js';
import type { RecordReminder, RecordReminderFailure, ReminderCommand } from './reminder.commands.js';
import { ReminderErrors } from './reminder.errors.js';
import type { ReminderEvent, ReminderSubjectRef } from './reminder.events.js';

/**
 * One reminder to one recipient (stream `reminder-<key>`): whether it was delivered, and the
 * channels whose failure is recorded. Each reminder has its own stream, so reminders of one
 * meeting, matter, inspection or inbox never contend for a stream, and "recorded once however
 * often the job runs" is simply "this stream already says so".
 */
export interface ReminderState {
  sent: boolean;
  /** Failure keys (`<reminder key>_<channel>`) already recorded. */
  failures: string[];
}

/** Nothing recorded yet. */
export function initialReminderState(): ReminderState {
  return { sent: false, failures: [] };
}

/** Folds one event into the reminder's record. */
export function evolveReminder(state: ReminderState, event: ReminderEvent): ReminderState {
  switch (event.type) {
    case 'ReminderSent':
      return { ...state, sent: true };
    case 'ReminderFailed':
      return { ...state, failures: [...state.failures, event.data.reminderKey] };
    default:
      return assertNever(event, 'reminder event');
  }
}

function decideReminder(command: ReminderCommand, state: ReminderState): ReminderEvent[] {
  switch (command.type) {
    case 'RecordReminder':
      return record(command, state);
    case 'RecordReminderFailure':
      return recordFailure(command, state);
    default:
      return assertNever(command, 'reminder command');
  }
}

function invalid(path: string, message: string): never {
  throw refuse.invalid(ReminderErrors.INVALID, message, path);
}

function requireText(value: unknown, path: string): void {
  if (isBlank(value)) invalid(path, `${path} is required`);
}

function requireSubject(ref: ReminderSubjectRef): ReminderSubjectRef {
  switch (ref.subject) {
    case 'item':
      requireText(ref.meetingId, 'meetingId');
      requireText(ref.itemId, 'itemId');
      return { subject: 'item', meetingId: ref.meetingId, itemId: ref.itemId };
    case 'matter':
      requireText(ref.matterId, 'matterId');
      return { subject: 'matter', matterId: ref.matterId };
    case 'finding':
      requireText(ref.inspectionId, 'inspectionId');
      requireText(ref.findingId, 'findingId');
      return { subject: 'finding', inspectionId: ref.inspectionId, findingId: ref.findingId };
    case 'evaluation':
      requireText(ref.evaluationId, 'evaluationId');
      return { subject: 'evaluation', evaluationId: ref.evaluationId };
    case 'task':
      requireText(ref.taskId, 'taskId');
      // A deadline reminder names no milestone; a milestone reminder names its milestone.
      if (ref.milestoneId !== null) requireText(ref.milestoneId, 'milestoneId');
      return { subject: 'task', taskId: ref.taskId, milestoneId: ref.milestoneId };
    case 'acknowledgement':
      requireText(ref.taskId, 'taskId');
      return { subject: 'acknowledgement', taskId: ref.taskId };
    default:
      return invalid('subject', 'subject must be item, matter, finding, evaluation, task or acknowledgement');
  }
}

function requireReminderFields(data: { reminderKey: string; kind: string; recipient: string }): void {
  requireText(data.reminderKey, 'reminderKey');
  if (!(REMINDER_KINDS as readonly string[]).includes(data.kind)) invalid('kind', 'kind must be before, due or overdue');
  requireText(data.recipient, 'recipient');
}

/** Records a delivered reminder once: a repeat (a redelivered job) records nothing. */
function record(command: RecordReminder, state: ReminderState): ReminderEvent[] {
  const d = command.data;
  const subject = requireSubject(d);
  requireReminderFields(d);
  const at = requireInstant(d.at, 'at', ReminderErrors.INVALID);
  const deadline = requireInstant(d.deadline, 'deadline', ReminderErrors.INVALID);
  if (!Number.isInteger(d.deadlineVersion) || d.deadlineVersion < 1) invalid('deadlineVersion', 'deadlineVersion must be a positive integer');
  requireText(d.notification?.kind, 'notification.kind');
  requireText(d.notification?.subject, 'notification.subject');
  if (state.sent) return [];
  return [
    {
      type: 'ReminderSent',
      data: {
        ...subject,
        reminderKey: d.reminderKey,
        kind: d.kind,
        recipient: d.recipient,
        at,
        deadline,
        deadlineVersion: d.deadlineVersion,
        notification: { kind: d.notification.kind, subject: d.notification.subject, refs: { ...d.notification.refs } },
        sentAt: command.metadata.now,
      },
    },
  ];
}

/** Records a channel's failure for a reminder once per channel. */
function recordFailure(command: RecordReminderFailure, state: ReminderState): ReminderEvent[] {
  const d = command.data;
  const subject = requireSubject(d);
  requireReminderFields(d);
  requireText(d.channel, 'channel');
  requireText(d.error, 'error');
  if (!Number.isInteger(d.attempts) || d.attempts < 1) invalid('attempts', 'attempts must be a positive integer');
  if (state.failures.includes(d.reminderKey)) return [];
  return [
    {
      type: 'ReminderFailed',
      data: {
        ...subject,
        reminderKey: d.reminderKey,
        channel: d.channel,
        kind: d.kind,
        recipient: d.recipient,
        error: d.error,
        attempts: d.attempts,
        failedAt: command.metadata.now,
      },
    },
  ];
}

/** The reminder aggregate: one delivered reminder and its channels' failures, stream `reminder-<key>`. */
export const reminderDecider: Decider<ReminderCommand, ReminderEvent, ReminderState> = {
  initialState: initialReminderState,
  evolve: evolveReminder,
  decide: decideReminder,
};
