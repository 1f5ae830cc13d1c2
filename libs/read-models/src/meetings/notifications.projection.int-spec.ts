import {
  DEFAULT_DUE_CALENDAR,
  meetingDeciderFor,
  reminderDecider,
  reminderStream,
  type DomainActor,
  type MeetingCommand,
  type MeetingEvent,
  type MeetingState,
  type ReminderCommand,
  type ReminderSubjectRef,
} from '#domain';
import { executeCommand } from '#event-store';
import { commandContext, useProjectionHarness } from '../testing/projection-harness.fixture.js';
import { notificationsProjection, REMINDER_FAILURES_TABLE } from './notifications.projection.js';
import { countReminderFailures } from './notifications.queries.js';

// Decides as a deployment that configured nothing (the default calendar).
const meetingDecider = meetingDeciderFor(DEFAULT_DUE_CALENDAR);

// Reminder failures beside the inbox, on real SQLite: counted by the failed reminder's own kind
// (not every subject as an item's) and by channel; an item's failure recorded on its meeting's
// stream before failures named a channel still loads and counts as the webhook's.

const worker: DomainActor = { id: 'reminder-worker', roles: ['admin'] };
const office: DomainActor = { id: 'office-1', roles: ['reform_office'] };
const NOW = '2030-01-01T00:00:00.000Z';
const harness = useProjectionHarness('notifications-');

async function failure(key: string, channel: string, ref: ReminderSubjectRef, kind: 'before' | 'due' | 'overdue' = 'overdue') {
  const command: ReminderCommand = {
    type: 'RecordReminderFailure',
    data: {
      ...ref,
      reminderKey: `${key}_${channel}`,
      channel,
      kind,
      recipient: 'unit:roads',
      error: `${channel} answered 503`,
      attempts: 6,
    },
    metadata: { actor: worker, now: NOW },
  };
  await executeCommand(harness.store, reminderStream(key), reminderDecider, command, { context: commandContext(worker, NOW) });
}

/** An item's failure in the shape meeting streams hold from before reminders had streams: no channel. */
async function legacyItemFailure(): Promise<void> {
  const meeting = (c: Omit<MeetingCommand, 'metadata'>) =>
    executeCommand(harness.store, 'meeting-m1', meetingDecider, { ...c, metadata: { actor: office, now: NOW } } as MeetingCommand, {
      context: commandContext(office, NOW),
    });
  await meeting({ type: 'ScheduleMeeting', data: { meetingId: 'm1', title: 'Weekly', scheduledAt: NOW } });
  await meeting({
    type: 'AddItem',
    data: { meetingId: 'm1', itemId: 'i1', title: 'Publish', owner: 'u1', ownerUnit: 'roads', deadline: NOW },
  });
  const old: MeetingEvent = {
    type: 'ReminderFailed',
    data: {
      meetingId: 'm1',
      itemId: 'i1',
      reminderKey: 'old-key',
      kind: 'due',
      recipient: 'u1',
      error: 'webhook answered 500',
      attempts: 6,
      failedAt: NOW,
    },
  };
  const writeOld = { ...meetingDecider, decide: (_c: MeetingCommand, _s: MeetingState) => [old] };
  await executeCommand(
    harness.store,
    'meeting-m1',
    writeOld,
    { type: 'ConcludeMeeting', data: { meetingId: 'm1', minutes: 'x' }, metadata: { actor: office, now: NOW } },
    {
      context: commandContext(office, NOW),
    },
  );
}

/** A task milestone's reminder, recorded (its inbox entry is `milestone_overdue`) before its channel fails. */
async function milestoneReminder(key: string): Promise<void> {
  const ref = { subject: 'task' as const, taskId: 't1', milestoneId: 'm1' };
  const command: ReminderCommand = {
    type: 'RecordReminder',
    data: {
      ...ref,
      reminderKey: key,
      kind: 'overdue',
      recipient: 'unit:roads',
      at: NOW,
      deadline: NOW,
      deadlineVersion: 1,
      notification: { kind: 'milestone_overdue', subject: '里程碑已逾期', refs: {} },
    },
    metadata: { actor: worker, now: NOW },
  };
  await executeCommand(harness.store, reminderStream(key), reminderDecider, command, { context: commandContext(worker, NOW) });
  await failure(key, 'wecom', ref);
}

it("counts failures by the reminder's own kind and by channel, old ones as the webhook's", async () => {
  await failure('f1', 'dingtalk', { subject: 'finding', inspectionId: 'x1', findingId: 'F1' });
  await failure('f1', 'wecom', { subject: 'finding', inspectionId: 'x1', findingId: 'F1' });
  await failure('f2', 'dingtalk', { subject: 'finding', inspectionId: 'x1', findingId: 'F2' });
  await failure('e1', 'webhook', { subject: 'evaluation', evaluationId: 'e1' }, 'before');
  // The same failure recorded twice (a job run twice) is one row.
  await failure('e1', 'webhook', { subject: 'evaluation', evaluationId: 'e1' }, 'before');
  await legacyItemFailure();
  await milestoneReminder('t1');
  const runner = await harness.runner(notificationsProjection, 'notifications.sqlite');
  expect(countReminderFailures(runner.db)).toEqual([
    { kind: 'evaluation_before', channel: 'webhook', count: 1 },
    { kind: 'finding_overdue', channel: 'dingtalk', count: 2 },
    { kind: 'finding_overdue', channel: 'wecom', count: 1 },
    { kind: 'item_due', channel: 'webhook', count: 1 },
    { kind: 'milestone_overdue', channel: 'wecom', count: 1 },
  ]);
  await harness.expectReplayChangesNothing(notificationsProjection, 'notifications2.sqlite', (db) =>
    db.prepare(`SELECT * FROM ${REMINDER_FAILURES_TABLE} ORDER BY id`).all(),
  );
});
