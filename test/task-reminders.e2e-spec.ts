import { isStreamOf } from '#domain';
import { registerSpecialGroups } from './support/special-groups.js';
import {
  beijing,
  eventually,
  flushRedisDb,
  remindersSettled,
  startReminderApp,
  type InboxNote as Note,
  type ReminderApp,
} from './support/reminder-harness.js';

/*
 * Reform task reminders through the reminder engine, against the real Redis with a seconds-long
 * schedule (TASK_REMINDER_OFFSETS=3s,1s,0; one escalation 1 s after the deadline, to the
 * reform office `office-watch` and the group's lead): a task due in D seconds reminds its lead
 * unit's shared inbox (`unit:<leadUnit>`) at D-3, D-1 and D, then at D+1 escalates to the unit,
 * the office and the special group's lead. Milestones are reminded the same way, never
 * escalated.
 */
const DUE_MS = 4_000;
const PAST = '2020-01-31T18:00:00+08:00';
const FAR = '2030-06-30T18:00:00+08:00';
const iso = (ms: number) => new Date(ms).toISOString();
const LEAD = 'lead-of-services';

async function taskApp(env: Record<string, string> = {}): Promise<ReminderApp> {
  const t = await startReminderApp({ TASK_REMINDER_OFFSETS: '3s,1s,0', ...env });
  await registerSpecialGroups(t, ['services']);
  return t;
}

function helpers(t: () => ReminderApp) {
  const member = (user: string, unit: string) => t().token(user, ['department'], unit);
  const inboxOf = async (token: string) => (await t().request('GET', '/notifications?limit=500', { token })).body.items as Note[];
  const notesOf = async (token: string, taskId: string) => (await inboxOf(token)).filter((n) => n.refs.taskId === taskId);
  async function register(title: string, over: Record<string, unknown>) {
    const res = await t().request('POST', '/tasks', {
      token: t().office,
      body: {
        title,
        area: 'government_services',
        specialGroup: 'services',
        leadUnit: 'data-bureau',
        responsible: '张伟',
        evaluationStandard: '按期完成',
        ...over,
      },
    });
    expect([res.status, res.status === 201 ? '' : res.text]).toEqual([201, '']);
    return res.body as { id: string; number: string; deadline: string; milestones: Array<{ id: string; due: string }> };
  }
  async function command(taskId: string, path: string, body: unknown) {
    const res = await t().request('POST', `/tasks/${taskId}/${path}`, { token: t().office, body });
    expect([res.status, res.status === 200 ? '' : res.text]).toEqual([200, '']);
    return res.body;
  }
  /** `ReminderSent` events of one task, from the store. */
  async function sent(taskId: string) {
    const out: Array<{ reminderKey: string; kind: string; recipient: string }> = [];
    for await (const e of t().store.readAll()) {
      const d = e.data as { subject?: string; taskId?: string; reminderKey: string; kind: string; recipient: string };
      if (e.type === 'ReminderSent' && isStreamOf(e.stream, 'reminder') && d.subject === 'task' && d.taskId === taskId) out.push(d);
    }
    return out;
  }
  return { member, inboxOf, notesOf, register, command, sent };
}

describe('task reminders (real Redis, seconds-long schedule)', () => {
  let t: ReminderApp;
  const h = helpers(() => t);
  beforeAll(async () => {
    t = await taskApp();
  });
  afterAll(async () => t.shutdown());

  it('reminds the unit before, at the deadline, escalates to office, group lead; a new deadline replaces it; none if done', async () => {
    const plain = await h.register('一网通办改革', { deadline: iso(Date.now() + DUE_MS) });
    const accepted = await h.register('已验收任务', { deadline: iso(Date.now() + DUE_MS) });
    const moved = await h.register('延期任务', { deadline: iso(Date.now() + DUE_MS) });
    await h.command(accepted.id, 'submit', { evidence: '验收材料' });
    await h.command(accepted.id, 'accept', {});
    const newDeadline = iso(Date.now() + DUE_MS + 2_000);
    await h.command(moved.id, 'deadline', { deadline: newDeadline, reason: '试点延后' });

    const clerk = await h.member('data-clerk', 'data-bureau');
    const unitNotes = await eventually(async () => {
      const mine = await h.notesOf(clerk, plain.id);
      return mine.length >= 4 && mine;
    });
    expect(unitNotes.map((n) => n.kind).sort()).toEqual(['task_before', 'task_before', 'task_due', 'task_overdue']);
    for (const n of unitNotes)
      expect(n.refs).toMatchObject({
        taskId: plain.id,
        milestoneId: null,
        leadUnit: 'data-bureau',
        specialGroup: 'services',
        deadline: plain.deadline,
      });
    // Chinese first, times in Beijing time; the same entry in English on request.
    const overdue = unitNotes.find((n) => n.kind === 'task_overdue')!;
    expect(overdue.subject).toBe(
      `【台账催办】改革任务「${plain.number} 一网通办改革」已逾期 1 分钟（时限 ${beijing(plain.deadline)}），请立即推进并说明原因`,
    );
    const inEnglish = (await t.request('GET', '/notifications?limit=500', { token: clerk, headers: { 'accept-language': 'en' } })).body
      .items as Note[];
    expect(inEnglish.find((n) => n.id === overdue.id)!.subject).toBe(
      `Reform task "${plain.number} 一网通办改革" is 1 minute overdue (deadline ${beijing(plain.deadline)}): push it forward and ` +
        `explain the delay`,
    );
    // Every user of the lead unit sees the unit's inbox; a user of another unit sees none of it.
    expect((await h.notesOf(await h.member('data-chief', 'data-bureau'), plain.id)).map((n) => n.id).sort()).toEqual(
      unitNotes.map((n) => n.id).sort(),
    );
    expect(await h.notesOf(await h.member('water-clerk', 'water-bureau'), plain.id)).toEqual([]);
    // The escalation also reached the reform office and the special group's lead.
    const office = await t.token('office-watch', ['reform_office']);
    const lead = await t.token(LEAD, ['committee_member']);
    await eventually(async () => (await h.notesOf(office, plain.id)).length >= 1 && (await h.notesOf(lead, plain.id)).length >= 1);
    expect((await h.notesOf(office, plain.id)).map((n) => n.kind)).toEqual(['task_overdue']);
    expect((await h.notesOf(lead, plain.id)).map((n) => n.kind)).toEqual(['task_overdue']);

    // The moved deadline: only its new schedule (version 2), for the new deadline.
    const movedNotes = await eventually(async () => {
      const mine = await h.notesOf(clerk, moved.id);
      return mine.length >= 4 && mine;
    });
    // Nothing of the three tasks is left to run (the system's own barrier): a straggler or a repeat would show here.
    await remindersSettled(t, (d) => d.type === 'task-reminder' && [plain.id, moved.id, accepted.id].includes(d.taskId as string));
    expect(await h.notesOf(clerk, moved.id)).toHaveLength(4);
    expect(movedNotes.every((n) => n.refs.deadline === newDeadline && n.id.includes('_v2_'))).toBe(true);
    expect(await h.notesOf(clerk, plain.id)).toHaveLength(4);
    // Each reminder recorded once: as many ReminderSent as distinct keys (4 to the unit, 2 escalations).
    const events = await h.sent(plain.id);
    expect(events).toHaveLength(6);
    expect(new Set(events.map((e) => e.reminderKey)).size).toBe(6);

    // The accepted task got nothing, anywhere.
    expect(await h.sent(accepted.id)).toEqual([]);
  });

  it('reminds each open milestone before and at its due date, never escalated; a completed one gets no more', async () => {
    const task = await h.register('河长制', {
      deadline: FAR,
      milestones: [
        { title: '摸底调查', due: iso(Date.now() + DUE_MS) },
        { title: '制定方案', due: iso(Date.now() + DUE_MS) },
      ],
    });
    const [open, done] = task.milestones;
    const dept = await h.member('data-clerk', 'data-bureau');
    const completed = await t.request('POST', `/tasks/${task.id}/milestones/${done!.id}/complete`, {
      token: dept,
      body: { note: '已完成' },
    });
    expect(completed.status).toBe(200);
    const notes = await eventually(async () => {
      const mine = await h.notesOf(dept, task.id);
      return mine.length >= 3 && mine;
    });
    // The task's own deadline is years away: only its milestones' jobs must be done.
    await remindersSettled(t, (d) => d.type === 'task-reminder' && d.taskId === task.id && d.milestoneId !== null);
    expect((await h.notesOf(dept, task.id)).map((n) => n.kind).sort()).toEqual(['milestone_before', 'milestone_before', 'milestone_due']);
    expect(
      notes.every(
        (n) => n.refs.milestoneId === open!.id && n.refs.due === open!.due && n.refs.title === `${task.number} 河长制 · 摸底调查`,
      ),
    ).toBe(true);
    expect(notes.find((n) => n.kind === 'milestone_due')!.subject).toBe(
      `【节点督办】改革任务节点「${task.number} 河长制 · 摸底调查」已到节点时限 ${beijing(open!.due)}，请立即反馈完成情况`,
    );
  });

  it('a task registered long past its deadline gets its latest reminder, not a burst of stale ones', async () => {
    const task = await h.register('迁移的旧任务', { deadline: PAST });
    const clerk = await h.member('data-clerk', 'data-bureau');
    await eventually(async () => (await h.notesOf(clerk, task.id)).length >= 1);
    await remindersSettled(t, (d) => d.type === 'task-reminder' && d.taskId === task.id);
    expect((await h.notesOf(clerk, task.id)).map((n) => n.kind)).toEqual(['task_overdue']);
    expect((await h.sent(task.id)).map((e) => e.recipient).sort()).toEqual([LEAD, 'office-watch', 'unit:data-bureau']);
  });
});

describe('task reminders after a flushed Redis', () => {
  const DB = 10;
  let t: ReminderApp;
  const h = helpers(() => t);
  beforeAll(async () => {
    t = await taskApp({ REDIS_URL: `redis://127.0.0.1:6379/${DB}` });
  });
  afterAll(async () => t.shutdown());

  it('FLUSHDB mid-schedule: the sweep re-adds what was lost and every reminder arrives once', async () => {
    const task = await h.register('营商环境', { deadline: iso(Date.now() + DUE_MS) });
    const clerk = await h.member('data-clerk', 'data-bureau');
    await eventually(async () => (await h.notesOf(clerk, task.id)).length >= 1);
    await flushRedisDb(DB);
    const events = await eventually(async () => {
      const mine = await h.sent(task.id);
      return mine.length >= 6 && mine;
    });
    await remindersSettled(t, (d) => d.type === 'task-reminder' && d.taskId === task.id);
    expect(await h.sent(task.id)).toHaveLength(6);
    expect(new Set(events.map((e) => e.reminderKey)).size).toBe(6);
    expect(await h.notesOf(clerk, task.id)).toHaveLength(4);
  });
});
