import { Queue } from 'bullmq';
import { SetClock } from '#platform';
import { REMINDER_QUEUE, type ReminderJobData } from '#reminders';
import { registerSpecialGroups } from './support/special-groups.js';
import { eventually, inboxOf, registerTask, remindersSettled, startReminderApp, type ReminderApp } from './support/reminder-harness.js';

// Reporting cycles (报送周期) through the reminder engine, on the app's clock (the scheduler plans
// on it; BullMQ then waits in real time): the lead unit is reminded on the period's last day at
// DUE_DAY_REMINDER_AT (09:00 Beijing), the office (REMINDER_ESCALATE_TO: office-watch) the next
// day; a progress report unplans what is pending. The barriers are the queue and the inbox,
// polled with deadlines, and `remindersSettled`: no sleeps.

// 08:59:58 on Sunday 29 March 2026 in Beijing: the last day of the week of 23 March, two seconds before 09:00.
const clock = new SetClock('2026-03-29T00:59:58.000Z');
let t: ReminderApp;
let queue: Queue<ReminderJobData>;

beforeAll(async () => {
  t = await startReminderApp({ DUE_DAY_REMINDER_AT: '09:00', REMINDER_SWEEP_EVERY: '5m' }, { clock });
  queue = new Queue<ReminderJobData>(REMINDER_QUEUE, {
    connection: { url: t.config.REDIS_URL, maxRetriesPerRequest: null } as never,
    prefix: t.prefix,
  });
  await registerSpecialGroups(t, ['services']);
});
afterAll(async () => {
  await queue?.close();
  await t?.shutdown();
});

const weeklyTask = (title: string, leadUnit: string) => registerTask(t, title, { leadUnit, deadline: '2026-12-31', reportEvery: 'weekly' });
const ofTask = (taskId: string) => (d: Record<string, unknown>) => d.type === 'report-reminder' && d.taskId === taskId;
const delayed = async (taskId: string) =>
  (await queue.getDelayed(0, -1))
    .filter((j) => ofTask(taskId)(j.data as never))
    .map((j) => j.data as unknown as { kind: string; recipient: string; at: string });

it('reminds the lead unit on the due day at 09:00 Beijing and plans the office’s reminder for 09:00 the next day', async () => {
  const taskId = await weeklyTask('一网通办周报', 'data-bureau');
  const clerk = await t.token('data-clerk', ['department'], 'data-bureau');
  // The unit's reminder of the week of 23–29 March fires two seconds after the app's "now".
  const notes = await eventually(async () => {
    const mine = (await inboxOf(t, clerk)).filter((n) => n.refs.taskId === taskId && n.kind.startsWith('report_'));
    return mine.length > 0 && mine;
  });
  expect(notes.map((n) => [n.kind, n.refs.periodEnd])).toEqual([['report_due', '2026-03-29']]);
  expect(notes[0]!.subject).toContain('一网通办周报');
  expect(notes[0]!.subject).toContain('尚未报送');
  // The office's reminder waits for 09:00 on Monday 30 March in Beijing.
  const office = await eventually(async () => (await delayed(taskId)).find((d) => d.kind === 'overdue'));
  expect([office.recipient, office.at]).toEqual(['office-watch', '2026-03-30T01:00:00.000Z']);
  expect((await inboxOf(t, await t.token('office-watch', ['reform_office']))).filter((n) => n.refs.taskId === taskId)).toEqual([]);
});

it('a progress report unplans what is pending: neither the unit nor the office is reminded of that week', async () => {
  // 10:00 on Saturday 28 March in Beijing: both reminders of the week are ahead.
  clock.set('2026-03-28T02:00:00.000Z');
  const taskId = await weeklyTask('河长制周报', 'water-bureau');
  const planned = await eventually(async () => {
    const jobs = await delayed(taskId);
    return jobs.length === 2 && jobs;
  });
  expect(planned.map((d) => [d.kind, d.recipient, d.at]).sort()).toEqual([
    ['due', 'unit:water-bureau', '2026-03-29T01:00:00.000Z'],
    ['overdue', 'office-watch', '2026-03-30T01:00:00.000Z'],
  ]);
  const clerk = await t.token('water-clerk', ['department'], 'water-bureau');
  const reported = await t.request('POST', `/tasks/${taskId}/progress`, { token: clerk, body: { percent: 10, note: '本周进展' } });
  expect(reported.status).toBe(200);
  await remindersSettled(t, ofTask(taskId));
  expect(await delayed(taskId)).toEqual([]);
  expect((await inboxOf(t, clerk)).filter((n) => n.refs.taskId === taskId && n.kind.startsWith('report_'))).toEqual([]);
});
