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

const record = (over: Partial<RecordReminder['data']> = {}): ReminderCommand =>
  ({
    type: 'RecordReminder',
    data: {
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
      ...over,
    },
    metadata: { actor: worker, now: T1 },
  }) as ReminderCommand;
const recordFailure = (over: Partial<RecordReminderFailure['data']> = {}): ReminderCommand =>
  ({
    type: 'RecordReminderFailure',
    data: {
      subject: 'matter',
      matterId: 'm1',
      reminderKey: 'k_webhook',
      channel: 'webhook',
      kind: 'due',
      recipient: 'alice',
      error: 'webhook 503',
      attempts: 3,
      ...over,
    },
    metadata: { actor: worker, now: T1 },
  }) as ReminderCommand;
const sent: ReminderEvent = {
  type: 'ReminderSent',
  data: {
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
    sentAt: T1,
  },
};

describe('reminder decider', () => {
  it('records the reminder with its subject, deadline version and inbox entry', () => {
    expect(given([]).when(record()).thenEvents()).toEqual([sent]);
  });

  it('records a reminder once, however often the job runs', () => {
    expect(given([sent]).when(record()).thenEvents()).toEqual([]);
  });

  it('records every subject the same way', () => {
    const finding = given([])
      .when(record({ subject: 'finding', inspectionId: 'in1', findingId: 'f1' } as Partial<RecordReminder['data']>))
      .thenEvents();
    expect(finding[0]!.data).toMatchObject({ subject: 'finding', inspectionId: 'in1', findingId: 'f1', reminderKey: 'k' });
    const milestone = given([])
      .when(record({ subject: 'task', taskId: 't1', milestoneId: 'm1' } as Partial<RecordReminder['data']>))
      .thenEvents();
    expect(milestone[0]!.data).toMatchObject({ subject: 'task', taskId: 't1', milestoneId: 'm1', reminderKey: 'k' });
    const deadline = given([])
      .when(record({ subject: 'task', taskId: 't1', milestoneId: null } as Partial<RecordReminder['data']>))
      .thenEvents();
    expect(deadline[0]!.data).toMatchObject({ subject: 'task', taskId: 't1', milestoneId: null });
    expect(
      given([])
        .when(record({ subject: 'task', taskId: 't1', milestoneId: ' ' } as Partial<RecordReminder['data']>))
        .thenError(),
    ).toMatchObject({ code: 'REMINDER.INVALID', path: 'milestoneId' });
    expect(finding[0]!.data).not.toHaveProperty('itemId');
  });

  it('refuses malformed reminder records', () => {
    expect(
      given([])
        .when(record({ kind: 'later' as never }))
        .thenError(),
    ).toMatchObject({ code: 'REMINDER.INVALID', path: 'kind' });
    expect(
      given([])
        .when(record({ deadlineVersion: 0 }))
        .thenError().path,
    ).toBe('deadlineVersion');
    expect(
      given([])
        .when(record({ recipient: '' }))
        .thenError().path,
    ).toBe('recipient');
    expect(
      given([])
        .when(record({ reminderKey: '' }))
        .thenError().path,
    ).toBe('reminderKey');
    expect(
      given([])
        .when(record({ at: 'now' }))
        .thenError().path,
    ).toBe('at');
    expect(
      given([])
        .when(record({ itemId: ' ' } as Partial<RecordReminder['data']>))
        .thenError().path,
    ).toBe('itemId');
  });

  it('records a failing channel once per reminder and channel, for any subject', () => {
    const events = given([sent]).when(recordFailure()).thenEvents();
    expect(events).toEqual([
      {
        type: 'ReminderFailed',
        data: {
          subject: 'matter',
          matterId: 'm1',
          reminderKey: 'k_webhook',
          channel: 'webhook',
          kind: 'due',
          recipient: 'alice',
          error: 'webhook 503',
          attempts: 3,
          failedAt: T1,
        },
      },
    ]);
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
    expect(
      given([])
        .when(recordFailure({ attempts: 0 }))
        .thenError().path,
    ).toBe('attempts');
    expect(
      given([])
        .when(recordFailure({ error: '' }))
        .thenError().path,
    ).toBe('error');
    expect(
      given([])
        .when(recordFailure({ channel: '' }))
        .thenError().path,
    ).toBe('channel');
  });
});
