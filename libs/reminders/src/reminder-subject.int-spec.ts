import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Queue } from 'bullmq';
import { DEFAULT_DUE_DAY_REMINDER, ladderSteps, planReminders, unitRecipient } from '#domain';
import { eventIdFor, SqliteEventStore, storeCommandSender } from '#event-store';
import { ReminderDelivery, type ReminderTexts } from './reminder.delivery.js';
import { ReminderScheduler } from './reminder.scheduler.js';
import type { ReminderSettings } from './reminder-settings.js';
import { REMINDER_SUBJECTS } from './reminder-subjects.js';
import { jobsPerRecipient, type PlannedJob, type ReminderJobFields, type ReminderSubject } from './subjects/reminder-subject.js';

/*
 * "Adding a reminder subject is one new file plus its catalogue entries", shown: the block
 * below is everything a subject is (here the chores of a made-up `chore-<id>` aggregate, kept
 * in a table of its own), and the real scheduler and delivery run it with no other change:
 * planned from its events, re-added by the sweep, delivered while it applies, recorded on its
 * reminder stream, skipped once done. A production subject adds its line to REMINDER_SUBJECTS
 * and its texts to the catalogues (which the catalogue's type then asks for); this spec hands
 * its list to the scheduler and delivery instead, and brings its own texts.
 */

// ---- the new subject's file --------------------------------------------------------------
type ChoreEvent =
  | { type: 'ChoreAssigned'; data: { choreId: string; unit: string; title: string; due: string } }
  | { type: 'ChoreDone'; data: { choreId: string } };
type Chore = { title: string; unit: string; due: string; done: boolean } | null;

interface ChoreReminderJob extends ReminderJobFields {
  type: 'chore-reminder';
  choreId: string;
  due: string;
}

const choreFold = {
  initialState: (): Chore => null,
  evolve: (state: Chore, e: ChoreEvent): Chore =>
    e.type === 'ChoreAssigned'
      ? { title: e.data.title, unit: e.data.unit, due: e.data.due, done: false }
      : state && { ...state, done: true },
};

const choreSubject: ReminderSubject<ChoreReminderJob, 'chore', ChoreEvent> = {
  jobType: 'chore-reminder',
  prefixes: ['chore'],
  categories: ['chore'],
  migrate: (db) =>
    db.exec(
      `CREATE TABLE IF NOT EXISTS sched_chores (chore_id TEXT PRIMARY KEY, unit TEXT NOT NULL, due TEXT NOT NULL, open INTEGER NOT NULL)`,
    ),
  fold(ctx) {
    const get = ctx.db.prepare<[string], { chore_id: string; unit: string; due: string; open: number }>(
      'SELECT * FROM sched_chores WHERE chore_id = ?',
    );
    const jobsOf = (row: { chore_id: string; unit: string; due: string }): PlannedJob[] =>
      jobsPerRecipient<ChoreReminderJob>(
        planReminders({
          subjectKind: 'chore',
          subjectId: row.chore_id,
          deadline: row.due,
          deadlineVersion: 1,
          owner: unitRecipient(row.unit),
          escalateTo: [],
          ...ladderSteps(ctx.settings, { offsetsMs: ctx.settings.offsetsMs, escalates: false }),
        }),
        { type: 'chore-reminder', choreId: row.chore_id, due: row.due },
      );
    return {
      apply(event, ops) {
        if (event.type === 'ChoreAssigned') {
          ctx.db
            .prepare('INSERT INTO sched_chores VALUES (?, ?, ?, 1) ON CONFLICT DO NOTHING')
            .run(event.data.choreId, event.data.unit, event.data.due);
          ops.plan(ctx.wanted(jobsOf(get.get(event.data.choreId)!)));
        } else {
          const row = get.get(event.data.choreId);
          if (!row) return;
          for (const job of jobsOf(row)) ops.unplan(job.id);
          ctx.db.prepare('UPDATE sched_chores SET open = 0 WHERE chore_id = ?').run(row.chore_id);
        }
      },
      openJobs: () =>
        ctx.db
          .prepare<[], { chore_id: string; unit: string; due: string }>('SELECT * FROM sched_chores WHERE open = 1')
          .all()
          .flatMap((row) => ctx.wanted(jobsOf(row))),
    };
  },
  async deliverable(job, read) {
    const chore = await read.load(`chore-${job.choreId}`, choreFold);
    if (chore === null || chore.done) return null;
    return {
      ref: { subject: 'chore', choreId: job.choreId },
      deadline: chore.due,
      deadlineVersion: 1,
      prefix: 'chore',
      unit: chore.unit,
      // A unit's own chore reads like its ledger: a group robot of the unit may name it.
      about: { kind: 'task' },
      facts: { title: chore.title, owner: chore.unit, due: chore.due },
      refs: { choreId: job.choreId, title: chore.title },
    };
  },
};
// ---- end of the new subject's file -------------------------------------------------------

const SUBJECTS = [...REMINDER_SUBJECTS, choreSubject];
const settings: ReminderSettings = {
  offsetsMs: [3_600_000, 0],
  taskOffsetsMs: [0],
  escalateEveryMs: 0,
  escalateMax: 0,
  escalateTo: [],
  sweepEveryMs: 300_000,
  dueDay: DEFAULT_DUE_DAY_REMINDER,
};
const texts: ReminderTexts = {
  notification: (kind, facts) => ({ subject: `${kind}: ${facts.title}`, text: `${facts.title} is due ${facts.due}` }),
  reminderReference: (id) => `ref ${id}`,
  openInConsole: () => 'open',
  evidenceCount: (count) => `evidence ${count}`,
  robotWithheld: () => 'a reminder waits',
};

/** The reminder queue, in memory: what the scheduler adds and removes, by job id. */
function memoryQueue() {
  const jobs = new Map<string, { name: string; data: { type: string } }>();
  const queue = {
    addBulk: async (list: Array<{ name: string; data: { type: string }; opts: { jobId: string } }>) => {
      for (const j of list) jobs.set(j.opts.jobId, { name: j.name, data: j.data });
      return [];
    },
    remove: async (id: string) => (jobs.delete(id) ? 1 : 0),
    getJobState: async (id: string) => (jobs.has(id) ? 'delayed' : 'unknown'),
  };
  return { jobs, queue: queue as unknown as Queue<{ type: string }> };
}

let dir: string;
let store: SqliteEventStore;
let scheduler: ReminderScheduler | undefined;

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'reminder-subject-'));
  store = SqliteEventStore.open({ path: path.join(dir, 'events.sqlite'), synchronous: 'NORMAL' });
});

afterEach(async () => {
  await scheduler?.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const append = (choreId: string, event: ChoreEvent, n: number) =>
  store.appendToStream(`chore-${choreId}`, [{ id: eventIdFor(`chore-${choreId}`, n), type: event.type, data: event.data, metadata: {} }]);

it('a subject defined in one place is planned, swept, delivered while it applies, recorded by unchanged scheduler, delivery', async () => {
  const due = new Date(Date.now() + 7_200_000).toISOString();
  await append('c1', { type: 'ChoreAssigned', data: { choreId: 'c1', unit: 'water', title: 'Sweep the yard', due } }, 0);
  await append('c2', { type: 'ChoreAssigned', data: { choreId: 'c2', unit: 'roads', title: 'Fill the potholes', due } }, 0);
  const { jobs, queue } = memoryQueue();
  scheduler = new ReminderScheduler({
    store,
    queue,
    file: path.join(dir, 'schedule.sqlite'),
    settings,
    jobOptions: {},
    subjects: SUBJECTS,
  });
  scheduler.start();
  expect(await scheduler.waitFor((await store.headPosition())!, 10_000)).toBe(true);

  // Planned from its events: a `before` and a `due` reminder per chore, to the unit's inbox.
  const planned = [...jobs.entries()].filter(([, j]) => j.name === 'chore-reminder');
  expect(planned.map(([id]) => id.replace(/_r[0-9a-f]{12}$/, '')).sort()).toEqual([
    'chore_c1_v1_before_0',
    'chore_c1_v1_due_0',
    'chore_c2_v1_before_0',
    'chore_c2_v1_due_0',
  ]);
  expect(planned.map(([, j]) => j.data)).toContainEqual(
    expect.objectContaining({ type: 'chore-reminder', choreId: 'c1', recipient: 'unit:water', kind: 'before' }),
  );

  // Done: its reminders are unplanned; a lost queue is refilled by the sweep from the subject's own table.
  await append('c2', { type: 'ChoreDone', data: { choreId: 'c2' } }, 1);
  expect(await scheduler.waitFor((await store.headPosition())!, 10_000)).toBe(true);
  expect([...jobs.keys()].filter((id) => id.startsWith('chore_c2'))).toEqual([]);
  jobs.clear();
  expect(await scheduler.sweep()).toBe(2);
  expect([...jobs.keys()].every((id) => id.startsWith('chore_c1'))).toBe(true);

  // Delivered through the same path as every subject: recorded once on its reminder stream.
  const delivery = new ReminderDelivery(store, storeCommandSender(store), settings, texts, undefined, Date.now, SUBJECTS);
  const [id, job] = [...jobs.entries()].find(([, j]) => j.data.type === 'chore-reminder')!;
  const run = () => delivery.run({ id, data: job.data as never, attemptsMade: 0, attempts: 1 });
  expect(await run()).toBe('sent');
  const recorded = [];
  for await (const e of store.readStream(`reminder-${id}`)) recorded.push(e);
  expect(recorded).toEqual([
    expect.objectContaining({
      type: 'ReminderSent',
      data: expect.objectContaining({
        subject: 'chore',
        choreId: 'c1',
        recipient: 'unit:water',
        notification: expect.objectContaining({ kind: 'chore_before', subject: 'chore_before: Sweep the yard' }),
      }),
    }),
  ]);

  // Once the chore is done, the subject's own reading says the reminder no longer applies.
  await append('c1', { type: 'ChoreDone', data: { choreId: 'c1' } }, 1);
  expect(await run()).toBe('skipped');
});

it('delivery refuses a job no registered subject runs rather than guessing', async () => {
  const delivery = new ReminderDelivery(store, storeCommandSender(store), settings, texts);
  const data = {
    type: 'chore-reminder',
    choreId: 'c1',
    due: new Date().toISOString(),
    kind: 'due',
    at: new Date().toISOString(),
    recipient: 'u',
  } as const;
  await expect(delivery.run({ id: 'x', data: data as never, attemptsMade: 0, attempts: 1 })).rejects.toThrow(
    'no reminder subject runs jobs of type chore-reminder',
  );
});
