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

/** The fields of a reminder record that are not its subject's ids. */
const RECORD_FIELDS: ReadonlySet<string> = new Set([
  'subject',
  'reminderKey',
  'kind',
  'recipient',
  'at',
  'deadline',
  'deadlineVersion',
  'notification',
  'channel',
  'error',
  'attempts',
]);

/**
 * The ids of the subjects whose records predate subjects defined in one place: a record of
 * one of them keeps exactly these (`nullable` ones may be null: a task deadline names no
 * milestone). A subject not listed keeps every field that is not the record's own, each a
 * text or null, so a new subject needs no line here (it may add one to be held to its ids).
 */
const SUBJECT_IDS: Readonly<Record<string, { ids: readonly string[]; nullable?: readonly string[] }>> = {
  item: { ids: ['meetingId', 'itemId'] },
  matter: { ids: ['matterId'] },
  finding: { ids: ['inspectionId', 'findingId'] },
  evaluation: { ids: ['evaluationId'] },
  task: { ids: ['taskId', 'milestoneId'], nullable: ['milestoneId'] },
  acknowledgement: { ids: ['taskId'] },
};

/** The subject of a record: its name and its ids, each a text (or null where it may be), at least one a text. */
function requireSubject(data: ReminderSubjectRef): ReminderSubjectRef {
  if (typeof data.subject !== 'string' || !/^[a-z][a-z0-9-]*$/.test(data.subject))
    invalid('subject', 'subject must name a reminder subject (e.g. item, task)');
  const known = Object.hasOwn(SUBJECT_IDS, data.subject) ? SUBJECT_IDS[data.subject]! : undefined;
  const fields = known ? known.ids : Object.keys(data).filter((field) => !RECORD_FIELDS.has(field));
  const ids = fields.map((field) => [field, data[field]] as const);
  for (const [field, value] of ids) {
    const mayBeNull = known ? known.nullable?.includes(field) : true;
    if (!(mayBeNull && value === null)) requireText(value, field);
  }
  if (!ids.some(([, value]) => value !== null)) invalid('subject', `a ${data.subject} reminder names the ids of its subject`);
  return { subject: data.subject, ...Object.fromEntries(ids) };
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
  if (!Number.isInteger(d.deadlineVersion) || d.deadlineVersion < 1)
    invalid('deadlineVersion', 'deadlineVersion must be a positive integer');
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
