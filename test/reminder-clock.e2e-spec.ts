import { getQueueToken } from '@nestjs/bullmq';
import type { Job, Queue } from 'bullmq';
import { ReminderEngine, SetClock } from '#platform';
import { REMINDER_QUEUE } from '#reminders';
import { eventually, startReminderApp, type ReminderApp } from './support/reminder-harness.js';

/*
 * Reminder delivery runs on the app's clock, as the scheduler plans on it and commands are
 * decided on it: the clock is set to March 2026, months before the wall clock, so a matter's
 * deadline a minute ahead of the app's "now" is long past on the wall. Its jobs are run at once
 * (BullMQ's promote, the queue paused until they are planned): the reminder is recorded at the
 * app's time, the expiry is refused while the app's clock is before the deadline and done, at the
 * app's time, once the clock is moved past it. Nothing waits for time: the barriers are the
 * scheduler's checkpoint and the jobs' states.
 */
const SET = '2026-03-02T01:00:00.000Z';
const DEADLINE = '2026-03-02T01:01:00.000Z';
const MOVED = '2026-03-02T01:01:05.000Z';

const clock = new SetClock(SET);
let t: ReminderApp;
beforeAll(async () => {
  t = await startReminderApp({}, { clock });
});
afterAll(async () => t?.shutdown());

it('records a reminder at the app’s time, and expires a matter only once the app’s clock reaches its deadline', async () => {
  const queue = t.app.get<Queue>(getQueueToken(REMINDER_QUEUE));
  await queue.pause();
  const open = await t.request('POST', '/matters', {
    token: t.office,
    body: { title: 'Merge the permit desks', body: 'Please countersign.', signers: ['ann'], mode: 'all', deadline: DEADLINE },
  });
  expect([open.status, open.status === 201 ? '' : open.text]).toEqual([201, '']);
  const matterId = open.body.id as string;
  expect(await t.app.get(ReminderEngine).projection.waitFor((await t.head())!, 60_000)).toBe(true);
  const jobs = (await queue.getJobs(['delayed', 'waiting'])).filter((j): j is Job => !!j && j.data.matterId === matterId);
  const expiry = jobs.find((j) => j.data.type === 'matter-expiry')!;
  const reminders = jobs.filter((j) => j.data.type === 'matter-reminder');
  // The scheduler planned on the app's clock: the expiry a minute ahead, the reminders before it.
  expect([expiry.data.at, expiry.opts.delay]).toEqual([DEADLINE, 60_000]);
  expect(reminders.length).toBeGreaterThan(0);
  for (const job of jobs) await job.promote();
  await queue.resume();

  // Delivered at once: the inbox entry carries the app's "now", not the wall clock's.
  const notes = await eventually(async () => {
    const mine = (await t.inbox('ann')).filter((n) => n.refs.matterId === matterId);
    return mine.length === reminders.length && mine;
  });
  expect(notes.map((n) => [n.kind, n.createdAt])).toEqual(reminders.map(() => ['matter_before', SET]));

  // The expiry is not due on the app's clock: each attempt is refused until the job has failed.
  await eventually(async () => (await queue.getJobState(expiry.id!)) === 'failed');
  const pending = await t.request('GET', `/matters/${matterId}`, { token: t.office });
  expect([pending.body.status, pending.body.expiredAt]).toEqual(['pending', null]);

  // Past the deadline on the app's clock, the same job expires the matter, at the app's time.
  clock.set(MOVED);
  await (await queue.getJob(expiry.id!))!.retry();
  const expired = await eventually(async () => {
    const m = await t.request('GET', `/matters/${matterId}`, { token: t.office });
    return m.body.status === 'expired' && m.body;
  });
  expect(expired.expiredAt).toBe(MOVED);
});
