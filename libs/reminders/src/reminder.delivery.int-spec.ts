import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  DEFAULT_DUE_CALENDAR,
  DEFAULT_DUE_DAY_REMINDER,
  meetingDeciderFor,
  reminderStream,
  taskDeciderFor,
  type MeetingCommand,
  type TaskCommand,
} from '#domain';
import { executeCommand, SqliteEventStore, storeCommandSender, verifyStream, WrongExpectedVersion, type EventStore } from '#event-store';
import { Translator } from '#platform';
import { ReminderDelivery, type DeliveryJob } from './reminder.delivery.js';
import type { ItemReminderJob } from './subjects/item.subject.js';
import type { TaskReminderJob } from './subjects/task.subject.js';
import type { ReminderSettings } from './reminder-settings.js';

// Decides as a deployment that configured nothing (the default calendar).
const taskDecider = taskDeciderFor(DEFAULT_DUE_CALENDAR);
const meetingDecider = meetingDeciderFor(DEFAULT_DUE_CALENDAR);

// Item delivery on a real SqliteEventStore: a burst of reminders of one meeting (the common
// case: its items share deadlines) records each once, each on its own reminder stream with a
// valid chain, without the concurrent appends racing each other; an item that no longer calls
// for the reminder means "nothing to deliver".

const settings: ReminderSettings = {
  offsetsMs: [0],
  taskOffsetsMs: [0],
  escalateEveryMs: 0,
  escalateMax: 0,
  escalateTo: [],
  sweepEveryMs: 300_000,
  dueDay: DEFAULT_DUE_DAY_REMINDER,
};
const texts = new Translator('zh-CN', 'Asia/Shanghai');
const actor = { id: 'office', roles: ['reform_office' as const] };
const now = '2030-01-01T00:00:00.000Z';
const deadline = '2030-01-02T00:00:00.000Z';

let dir: string;
let sqlite: SqliteEventStore;
let refused: number;
let store: EventStore;

/** The store, counting appends refused because another append to the stream came first. */
function countingRefusals(inner: EventStore): EventStore {
  return new Proxy(inner, {
    get(target, key, receiver) {
      if (key !== 'appendToStream') return Reflect.get(target, key, receiver) as unknown;
      return async (...args: Parameters<EventStore['appendToStream']>) => {
        try {
          return await target.appendToStream(...args);
        } catch (e) {
          if (e instanceof WrongExpectedVersion) refused++;
          throw e;
        }
      };
    },
  });
}

const run = (cmd: MeetingCommand, id: string) =>
  executeCommand(sqlite, 'meeting-m1', meetingDecider, cmd, {
    context: { actor: { id: 'office', roles: ['reform_office'] }, occurredAt: now, correlationId: id, causationId: id, commandId: id },
  });

/** The reminders recorded for meeting m1's items, by item (in item order), as keys. */
async function recordedKeys(): Promise<string[][]> {
  const byItem = new Map<string, string[]>(Array.from({ length: 20 }, (_, i) => [`i${i}`, []]));
  for await (const e of sqlite.readAll()) {
    const d = e.data as { meetingId?: string; itemId?: string; reminderKey?: string };
    if (e.type === 'ReminderSent' && d.meetingId === 'm1') byItem.get(d.itemId!)!.push(d.reminderKey!);
  }
  return [...byItem.values()];
}

const job = (i: number, id = `rem_i${i}`): DeliveryJob<ItemReminderJob> => ({
  id,
  data: { type: 'item-reminder', meetingId: 'm1', itemId: `i${i}`, deadlineVersion: 1, kind: 'due', at: deadline, recipient: `u${i}` },
  attemptsMade: 0,
  attempts: 3,
});

beforeEach(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'reminder-delivery-'));
  sqlite = SqliteEventStore.open({ path: path.join(dir, 'events.sqlite'), synchronous: 'NORMAL' });
  refused = 0;
  store = countingRefusals(sqlite);
  await run(
    { type: 'ScheduleMeeting', data: { meetingId: 'm1', title: 'Weekly', scheduledAt: now }, metadata: { actor, now } },
    'schedule',
  );
  for (let i = 0; i < 20; i++)
    await run(
      {
        type: 'AddItem',
        data: { meetingId: 'm1', itemId: `i${i}`, title: `Item ${i}`, owner: `u${i}`, ownerUnit: 'unit', deadline },
        metadata: { actor, now },
      },
      `add${i}`,
    );
});

afterEach(async () => {
  await sqlite.close();
  rmSync(dir, { recursive: true, force: true });
});

it("delivers a burst of one meeting's reminders once each, without racing appends", async () => {
  const delivery = new ReminderDelivery(store, storeCommandSender(store), settings, texts);
  const outcomes = await Promise.all(Array.from({ length: 20 }, (_, i) => delivery.run(job(i))));
  expect(outcomes).toEqual(Array.from({ length: 20 }, () => 'sent'));
  expect(refused).toBe(0);
  expect(await recordedKeys()).toEqual(Array.from({ length: 20 }, (_, i) => [`rem_i${i}`]));
  for (let i = 0; i < 20; i++)
    expect((await verifyStream(reminderStream(`rem_i${i}`), sqlite.readStream(reminderStream(`rem_i${i}`)))).valid).toBe(true);
});

it('records a redelivered job once and still delivers it (the webhook is what a retry is for)', async () => {
  const delivery = new ReminderDelivery(store, storeCommandSender(store), settings, texts);
  expect(await delivery.run(job(3))).toBe('sent');
  expect(await Promise.all([delivery.run(job(3)), delivery.run(job(3))])).toEqual(['sent', 'sent']);
  expect((await recordedKeys())[3]).toHaveLength(1);
});

it('skips a completed item, a re-dated one and an unknown meeting, and records nothing for them', async () => {
  await run({ type: 'CompleteItem', data: { meetingId: 'm1', itemId: 'i1', note: 'done' }, metadata: { actor, now } }, 'complete1');
  await run(
    {
      type: 'ChangeItemDeadline',
      data: { meetingId: 'm1', itemId: 'i2', deadline: '2030-01-03T00:00:00.000Z', reason: 'later' },
      metadata: { actor, now },
    },
    'move2',
  );
  const delivery = new ReminderDelivery(store, storeCommandSender(store), settings, texts);
  const unknown = { ...job(0), data: { ...job(0).data, meetingId: 'nope' } };
  expect(await Promise.all([delivery.run(job(1)), delivery.run(job(2)), delivery.run(unknown)])).toEqual(['skipped', 'skipped', 'skipped']);
  expect((await recordedKeys()).flat()).toEqual([]);
});

it('delivers a task deadline or milestone reminder while it applies: not after the milestone, a new deadline or acceptance', async () => {
  let n = 0;
  const task = (cmd: Omit<TaskCommand, 'metadata'>) =>
    executeCommand(sqlite, 'task-t1', taskDecider, { ...cmd, metadata: { actor, now } } as TaskCommand, {
      context: { actor, occurredAt: now, correlationId: `t${++n}`, causationId: `t${n}`, commandId: `t${n}` },
    });
  const milestones = [
    { milestoneId: 'm1', title: '摸底', due: deadline },
    { milestoneId: 'm2', title: '方案', due: deadline },
  ];
  await task({
    type: 'RegisterTask',
    data: {
      taskId: 't1',
      title: '河长制',
      area: 'urban_development',
      specialGroup: 'city',
      specialGroupRegistered: true,
      leadUnit: 'water',
      responsible: '李明',
      evaluationStandard: '全覆盖',
      deadline,
      milestones,
    },
  });
  const delivery = new ReminderDelivery(store, storeCommandSender(store), settings, texts);
  const taskJob = (id: string, milestoneId: string | null, deadlineVersion = 1): DeliveryJob<TaskReminderJob> => ({
    id,
    data: {
      type: 'task-reminder',
      taskId: 't1',
      milestoneId,
      deadlineVersion,
      due: deadline,
      kind: 'due',
      at: deadline,
      recipient: 'unit:water',
    },
    attemptsMade: 0,
    attempts: 3,
  });
  expect(await delivery.run(taskJob('task_t1_v1_due_0', null))).toBe('sent');
  expect(await delivery.run(taskJob('milestone_m1_due', 'm1'))).toBe('sent');
  await task({ type: 'CompleteMilestone', data: { taskId: 't1', milestoneId: 'm1' } });
  await task({ type: 'ChangeTaskDeadline', data: { taskId: 't1', deadline: '2030-02-01T00:00:00.000Z', reason: '延后' } });
  expect(await delivery.run(taskJob('milestone_m1_due_again', 'm1'))).toBe('skipped');
  expect(await delivery.run(taskJob('task_t1_v1_overdue_0', null))).toBe('skipped');
  expect(await delivery.run(taskJob('task_t1_v2_before_0', null, 2))).toBe('sent');
  await task({ type: 'SubmitTaskCompletion', data: { taskId: 't1', evidence: '报告' } });
  await task({ type: 'AcceptTask', data: { taskId: 't1' } });
  expect(await Promise.all([delivery.run(taskJob('task_t1_v2_due_0', null, 2)), delivery.run(taskJob('milestone_m2_due', 'm2'))])).toEqual([
    'skipped',
    'skipped',
  ]);
  const recorded: Array<{ key: string; kind: string; milestoneId: string | null }> = [];
  for await (const e of sqlite.readAll()) {
    const d = e.data as { subject?: string; reminderKey: string; notification: { kind: string }; milestoneId: string | null };
    if (e.type === 'ReminderSent' && d.subject === 'task')
      recorded.push({ key: d.reminderKey, kind: d.notification.kind, milestoneId: d.milestoneId });
  }
  expect(recorded).toEqual([
    { key: 'task_t1_v1_due_0', kind: 'task_due', milestoneId: null },
    { key: 'milestone_m1_due', kind: 'milestone_due', milestoneId: 'm1' },
    { key: 'task_t1_v2_before_0', kind: 'task_due', milestoneId: null },
  ]);
});
