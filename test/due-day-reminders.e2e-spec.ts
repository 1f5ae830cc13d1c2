import { Queue } from 'bullmq';
import { calendarDateIn } from '#domain';
import { REMINDER_QUEUE, type ReminderJobData } from '#reminders';
import { eventually, startReminderApp, type ReminderApp } from './support/reminder-harness.js';

// The reminder engine plans a date-only deadline's reminders by day: the `due` reminder at
// DUE_DAY_REMINDER_AT (here 14:30) Beijing time on that day, not at the deadline's last instant.
// The spec reads the delayed jobs the engine put in BullMQ (when each will fire), so nothing
// waits for a reminder's hour to come.

let r: ReminderApp;
let queue: Queue<ReminderJobData>;

beforeAll(async () => {
  r = await startReminderApp({
    REMINDER_OFFSETS: '24h,0',
    REMINDER_ESCALATE_EVERY: '24h',
    REMINDER_ESCALATE_MAX: '1',
    REMINDER_SWEEP_EVERY: '5m',
    DUE_DAY_REMINDER_AT: '14:30',
  });
  queue = new Queue<ReminderJobData>(REMINDER_QUEUE, {
    connection: { url: r.config.REDIS_URL, maxRetriesPerRequest: null } as never,
    prefix: r.prefix,
  });
});

afterAll(async () => {
  await queue?.close();
  await r?.shutdown();
});

/** When each delayed job of a subject fires, by kind (`before`, `due`, `overdue`). */
async function fireTimes(match: (data: ReminderJobData) => boolean, count: number): Promise<Record<string, string[]>> {
  const jobs = await eventually(async () => {
    const found = (await queue.getDelayed(0, -1)).filter((j) => match(j.data));
    return found.length >= count ? found : null;
  });
  const byKind: Record<string, string[]> = {};
  for (const j of jobs) {
    const data = j.data as { kind: string; at: string };
    // The job fires at its timestamp plus its delay, which the engine computed from `at` (BullMQ
    // stamps the job a millisecond or so after the engine read the clock).
    expect(Math.abs(j.timestamp + (j.opts.delay ?? 0) - Date.parse(data.at))).toBeLessThan(1_000);
    (byKind[data.kind] ??= []).push(data.at);
  }
  for (const list of Object.values(byKind)) list.sort();
  return byKind;
}

it('an item due "2030-06-28" is reminded at 14:30 Beijing time that day and the day before, escalated from 14:30 next day', async () => {
  const m = await r.request('POST', '/meetings', {
    token: r.office,
    body: { title: '联席会议', scheduledAt: '2030-06-01T09:00:00+08:00' },
  });
  const item = await r.request('POST', `/meetings/${m.body.id}/items`, {
    token: r.office,
    body: { title: '报送清单', owner: 'alice', ownerUnit: 'transport', deadline: '2030-06-28' },
  });
  expect(item.status).toBe(201);
  expect(item.body).toMatchObject({ deadline: '2030-06-28T15:59:59.999Z', deadlineDate: '2030-06-28' });
  const times = await fireTimes((d) => d.type === 'item-reminder' && d.itemId === item.body.id, 3 + 1);
  expect(times['due']).toEqual(['2030-06-28T06:30:00.000Z']);
  expect(times['before']).toEqual(['2030-06-27T06:30:00.000Z']);
  // Escalations go to the owner and the office: one job per recipient, both the next day at 14:30.
  expect(new Set(times['overdue'])).toEqual(new Set(['2030-06-29T06:30:00.000Z']));
});

it('the same item given an instant is reminded at the instant, as before', async () => {
  const m = await r.request('POST', '/meetings', {
    token: r.office,
    body: { title: '联席会议', scheduledAt: '2030-06-01T09:00:00+08:00' },
  });
  const item = await r.request('POST', `/meetings/${m.body.id}/items`, {
    token: r.office,
    body: { title: '报送清单', owner: 'bob', ownerUnit: 'transport', deadline: '2030-06-28T18:00:00+08:00' },
  });
  const times = await fireTimes((d) => d.type === 'item-reminder' && d.itemId === item.body.id, 3 + 1);
  expect(times['due']).toEqual(['2030-06-28T10:00:00.000Z']);
});

it('a finding due "2030-06-28" and its extension to "2030-07-31" are reminded at 14:30 on those days', async () => {
  const inspector = await r.token('insp-1', ['inspector'], 'supervision-office');
  const opened = await r.request('POST', '/inspections', { token: inspector, body: { title: '督察', targetUnit: 'transport-bureau' } });
  const finding = await r.request('POST', `/inspections/${opened.body.id}/findings`, {
    token: inspector,
    body: { description: '窗口排队', severity: 'high', responsibleUnit: 'transport-bureau', rectificationDue: '2030-06-28' },
  });
  expect(finding.status).toBe(201);
  const ofFinding = (d: ReminderJobData) =>
    d.type === 'finding-reminder' && d.findingId === finding.body.id && d.inspectionId === opened.body.id;
  expect((await fireTimes(ofFinding, 3 + 1))['due']).toEqual(['2030-06-28T06:30:00.000Z']);

  const extended = await r.request('POST', `/inspections/${opened.body.id}/findings/${finding.body.id}/extend`, {
    token: inspector,
    body: { due: '2030-07-31', reason: '采购延迟' },
  });
  expect(extended.status).toBe(200);
  const after = await fireTimes((d) => ofFinding(d) && d.type === 'finding-reminder' && d.dueVersion === 1, 3 + 1);
  expect(after['due']).toEqual(['2030-07-31T06:30:00.000Z']);
});

it('a reminder of a date-only deadline names the day, not its last minute, in the inbox', async () => {
  // Due three days ago (Beijing calendar): the escalation planned for 14:30 the day after is
  // already past, so the engine delivers it at once (late, as a recovered schedule would).
  const threeDaysAgo = calendarDateIn(Date.now() - 3 * 86_400_000, 'Asia/Shanghai');
  const m = await r.request('POST', '/meetings', {
    token: r.office,
    body: { title: '联席会议', scheduledAt: '2030-06-01T09:00:00+08:00' },
  });
  const item = await r.request('POST', `/meetings/${m.body.id}/items`, {
    token: r.office,
    body: { title: '报送清单', owner: 'carol', ownerUnit: 'transport', deadline: threeDaysAgo },
  });
  expect(item.status).toBe(201);
  const entry = await eventually(async () => (await r.inbox('carol')).find((n) => n.refs?.itemId === item.body.id));
  expect(entry.kind).toBe('item_overdue');
  expect(entry.subject).toContain(`（时限 ${threeDaysAgo}）`);
  expect(entry.refs).toMatchObject({ deadlineDate: threeDaysAgo });
});
