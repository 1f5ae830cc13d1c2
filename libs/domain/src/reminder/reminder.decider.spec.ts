import type { DomainActor } from '../shared/decider.js';
import { specFor } from '../testing.js';
import type { RecordReminder, RecordReminderFailure, ReminderCommand } from './reminder.commands.js';
import { reminderDecider } from './reminder.decider.js';
import type { ReminderEvent } from './reminder.events.js';

const given = specFor(reminderDecider);
const T1 = '2025-03-02T08:00:00.000Z';
const DUE = '2025-03-10T09:00:00.000Z';
const worker: DomainActor = { id: 'reminder-worker', roles: ['admin'] };
const notification = {
  kind: 'item_before',
  subject: 'Action item "Publish" is due',
  refs: { meetingId: 'mt1', itemId: 'i1', deadline: DUE, reminderKind: 'before' },
};

/** What the worker records of one sent reminder (the event adds when it was sent). */
const reminder: RecordReminder['data'] = {
  subject: 'item',
  meetingId: 'mt1',
  itemId: 'i1',
  reminderKey: 'k',
  kind: 'before',
  recipient: 'alice',
  at: T1,
  deadline: DUE,
  deadlineVersion: 2,
  notification,
};
const record = (over: Partial<RecordReminder['data']> = {}): ReminderCommand =>
  ({ type: 'RecordReminder', data: { ...reminder, ...over }, metadata: { actor: worker, now: T1 } }) as ReminderCommand;
/** What the worker records of a channel that kept failing. */
const failure: RecordReminderFailure['data'] = {
  subject: 'matter',
  matterId: 'm1',
  reminderKey: 'k_webhook',
  channel: 'webhook',
  kind: 'due',
  recipient: 'alice',
  error: 'webhook 503',
  attempts: 3,
};
const recordFailure = (over: Partial<RecordReminderFailure['data']> = {}): ReminderCommand =>
  ({ type: 'RecordReminderFailure', data: { ...failure, ...over }, metadata: { actor: worker, now: T1 } }) as ReminderCommand;
const sent: ReminderEvent = { type: 'ReminderSent', data: { ...reminder, sentAt: T1 } };

/** Given no reminder yet, when `command`: the refusal's path. */
const refusedAt = (command: ReminderCommand) => given([]).when(command).thenError().path;
/** Given no reminder yet, when a reminder of another subject (`over`) is recorded: the data of the event. */
const recordedOf = (over: Record<string, unknown>) =>
  given([])
    .when(record(over as Partial<RecordReminder['data']>))
    .thenEvents()[0]!.data;

describe('reminder decider', () => {
  it('records the reminder with its subject, deadline version and inbox entry', () => {
    expect(given([]).when(record()).thenEvents()).toEqual([sent]);
  });

  it('records a reminder once, however often the job runs', () => {
    expect(given([sent]).when(record()).thenEvents()).toEqual([]);
  });

  it('records every subject the same way', () => {
    const finding = recordedOf({ subject: 'finding', inspectionId: 'in1', findingId: 'f1' });
    expect(finding).toMatchObject({ subject: 'finding', inspectionId: 'in1', findingId: 'f1', reminderKey: 'k' });
    expect(recordedOf({ subject: 'task', taskId: 't1', milestoneId: 'm1' })).toMatchObject({
      subject: 'task',
      taskId: 't1',
      milestoneId: 'm1',
      reminderKey: 'k',
    });
    expect(recordedOf({ subject: 'task', taskId: 't1', milestoneId: null })).toMatchObject({
      subject: 'task',
      taskId: 't1',
      milestoneId: null,
    });
    expect(
      given([])
        .when(record({ subject: 'task', taskId: 't1', milestoneId: ' ' } as Partial<RecordReminder['data']>))
        .thenError(),
    ).toMatchObject({ code: 'REMINDER.INVALID', path: 'milestoneId' });
    expect(finding).not.toHaveProperty('itemId');
  });

  it('refuses malformed reminder records', () => {
    expect(
      given([])
        .when(record({ kind: 'later' as never }))
        .thenError(),
    ).toMatchObject({ code: 'REMINDER.INVALID', path: 'kind' });
    expect(refusedAt(record({ deadlineVersion: 0 }))).toBe('deadlineVersion');
    expect(refusedAt(record({ recipient: '' }))).toBe('recipient');
    expect(refusedAt(record({ reminderKey: '' }))).toBe('reminderKey');
    expect(refusedAt(record({ at: 'now' }))).toBe('at');
    expect(refusedAt(record({ itemId: ' ' } as Partial<RecordReminder['data']>))).toBe('itemId');
  });

  it('records a failing channel once per reminder and channel, for any subject', () => {
    const events = given([sent]).when(recordFailure()).thenEvents();
    expect(events).toEqual([{ type: 'ReminderFailed', data: { ...failure, failedAt: T1 } }]);
    expect(
      given([sent, ...events])
        .when(recordFailure())
        .thenEvents(),
    ).toEqual([]);
    expect(
      given([sent, ...events])
        .when(recordFailure({ reminderKey: 'k_dingtalk', channel: 'dingtalk' }))
        .thenEvents(),
    ).toHaveLength(1);
  });

  it('refuses a failure without an error, a channel or a positive attempt count', () => {
    expect(refusedAt(recordFailure({ attempts: 0 }))).toBe('attempts');
    expect(refusedAt(recordFailure({ error: '' }))).toBe('error');
    expect(refusedAt(recordFailure({ channel: '' }))).toBe('channel');
  });
});
