import { isStreamOf } from '#domain';
import { registerSpecialGroups } from './support/special-groups.js';
import {
  beijing,
  eventually,
  inboxOf,
  registerTask,
  remindersSettled,
  startReminderApp,
  type ReminderApp,
} from './support/reminder-harness.js';
import { startStubRobot, type StubRobot } from './support/robot-stubs.js';

/*
 * Urging notices and leaders' instructions through the reminder engine, against the real Redis
 * with a seconds-long schedule (REMINDER_OFFSETS=3s,1s,0; one escalation 1 s after the date, to
 * the office `office-watch`): an urging reaches the lead unit's inbox and its group robot at once,
 * with its number (催办〔2026〕N号) and a console link; its `replyBy` is reminded and escalated;
 * an instruction's `respondBy` the same, to the subject's unit. Nothing after a reply. The
 * barrier is `remindersSettled`: no sleeps.
 */
const PUBLIC_URL = 'https://ledger.example.gov.cn';
const DUE_MS = 4_000;
const iso = (ms: number) => new Date(ms).toISOString();

let t: ReminderApp;
let dingtalk: StubRobot;
beforeAll(async () => {
  dingtalk = await startStubRobot('/robot/send?access_token=supervision');
  t = await startReminderApp({ PUBLIC_URL, NOTIFY_DINGTALK_URL: dingtalk.url, NOTIFY_DINGTALK_SECRET: 'SECsupervision0123456789' });
  await registerSpecialGroups(t, ['services']);
});
afterAll(async () => {
  await t?.shutdown();
  await dingtalk?.close();
});

const task = (title: string, leadUnit: string) => registerTask(t, title, { leadUnit, deadline: '2030-06-30' });
/** `ReminderSent` events of one subject (`urging`, `instruction`), from the store. */
async function sent(subject: string, key: string, id: string) {
  const out: Array<{ reminderKey: string; kind: string; recipient: string }> = [];
  for await (const e of t.store.readAll()) {
    const d = e.data as { subject?: string; reminderKey: string; kind: string; recipient: string } & Record<string, unknown>;
    if (e.type === 'ReminderSent' && isStreamOf(e.stream, 'reminder') && d.subject === subject && d[key] === id) out.push(d);
  }
  return out;
}

describe('urging notices (催办单)', () => {
  it('reach the unit’s inbox and robot at once with number and console link; replyBy is reminded, escalated to the office', async () => {
    const taskId = await task('一网通办改革', 'data-bureau');
    const replyBy = iso(Date.now() + DUE_MS);
    const issued = await t.request('POST', `/tasks/${taskId}/urgings`, { token: t.office, body: { text: '请加快进度', replyBy } });
    expect(issued.status).toBe(201);
    const { id, number: label } = issued.body as { id: string; number: string };
    expect(label).toMatch(/^催办〔\d{4}〕\d+号$/);

    const clerk = await t.token('data-clerk', ['department'], 'data-bureau');
    const notes = await eventually(async () => {
      const mine = (await inboxOf(t, clerk)).filter((n) => n.refs.urgingId === id);
      return mine.length >= 5 && mine;
    });
    await remindersSettled(t, (d) => d.type === 'urging-reminder' && d.urgingId === id);
    const mine = (await inboxOf(t, clerk)).filter((n) => n.refs.urgingId === id);
    expect(mine.map((n) => n.kind).sort()).toEqual([
      'urging_before',
      'urging_before',
      'urging_due',
      'urging_overdue',
      'urgingnotice_before',
    ]);
    const notice = notes.find((n) => n.kind === 'urgingnotice_before')!;
    expect(notice.subject).toContain(`【催办通知】${label} 一网通办改革`);
    expect(notice.subject).toContain(`请于 ${beijing(replyBy)} 前书面回复`);
    expect(notice.refs).toMatchObject({ urgingId: id, taskId, number: label, link: `${PUBLIC_URL}/console/tasks/${taskId}` });
    // The group robot (the default robot, read by the office) names the notice with its number and links the task.
    const card = await eventually(async () => dingtalk.accepted().find((h) => JSON.stringify(h.body).includes(label))?.body);
    expect(card.actionCard.title).toContain(label);
    expect(card.actionCard.singleURL).toBe(`${PUBLIC_URL}/console/tasks/${taskId}`);
    // Escalated to the office once overdue; another unit sees nothing.
    const office = await t.token('office-watch', ['reform_office']);
    expect((await inboxOf(t, office)).filter((n) => n.refs.urgingId === id).map((n) => n.kind)).toEqual(['urging_overdue']);
    expect((await inboxOf(t, await t.token('water-clerk', ['department'], 'water-bureau'))).filter((n) => n.refs.urgingId === id)).toEqual(
      [],
    );
    const events = await sent('urging', 'urgingId', id);
    expect(events).toHaveLength(6);
    expect(new Set(events.map((e) => e.reminderKey)).size).toBe(6);
  });

  it('without replyBy: the notice only, asking for a reply now; a reply before replyBy stops the reminders', async () => {
    const taskId = await task('河长制', 'water-bureau');
    const plain = await t.request('POST', `/tasks/${taskId}/urgings`, { token: t.office, body: { text: '请报送进展' } });
    const answered = await t.request('POST', `/tasks/${taskId}/urgings`, { token: t.office, body: { replyBy: iso(Date.now() + 60_000) } });
    const clerk = await t.token('water-clerk', ['department'], 'water-bureau');
    await eventually(async () => (await inboxOf(t, clerk)).some((n) => n.refs.urgingId === answered.body.id));
    expect((await t.request('POST', `/urgings/${answered.body.id}/reply`, { token: clerk, body: { text: '已加快推进' } })).status).toBe(
      200,
    );
    await eventually(async () => (await inboxOf(t, clerk)).some((n) => n.refs.urgingId === plain.body.id));
    await remindersSettled(t, (d) => d.type === 'urging-reminder' && [plain.body.id, answered.body.id].includes(d.urgingId));
    const notes = await inboxOf(t, clerk);
    expect(notes.filter((n) => n.refs.urgingId === plain.body.id).map((n) => n.kind)).toEqual(['urgingnotice_due']);
    expect(notes.find((n) => n.refs.urgingId === plain.body.id)!.subject).toBe(
      `【催办通知】${plain.body.number} 河长制：请立即签收并书面回复`,
    );
    // Replied: the reply date's reminders were unplanned; only the notice was ever sent.
    expect(notes.filter((n) => n.refs.urgingId === answered.body.id).map((n) => n.kind)).toEqual(['urgingnotice_before']);
  });
});

describe('leaders’ instructions (领导批示)', () => {
  it('respondBy reminds the subject’s unit and escalates to the office; a response ends it', async () => {
    const taskId = await task('营商环境', 'data-bureau');
    const leader = await t.token('leader-1', ['leader']);
    const respondBy = iso(Date.now() + DUE_MS);
    const given = await t.request('POST', '/instructions', {
      token: leader,
      body: { subject: { kind: 'task', id: taskId }, text: '请抓紧落实', respondBy },
    });
    expect(given.status).toBe(201);
    const answered = await t.request('POST', '/instructions', {
      token: leader,
      body: { subject: { kind: 'task', id: taskId }, text: '请报送', respondBy: iso(Date.now() + 60_000) },
    });
    const clerk = await t.token('data-clerk', ['department'], 'data-bureau');
    expect(
      (await t.request('POST', `/instructions/${answered.body.id}/responses`, { token: clerk, body: { text: '已部署' } })).status,
    ).toBe(201);
    await eventually(async () => (await inboxOf(t, clerk)).filter((n) => n.refs.instructionId === given.body.id).length >= 4);
    await remindersSettled(t, (d) => d.type === 'instruction-reminder' && [given.body.id, answered.body.id].includes(d.instructionId));
    const notes = (await inboxOf(t, clerk)).filter((n) => n.refs.instructionId === given.body.id);
    expect(notes.map((n) => n.kind).sort()).toEqual(['instruction_before', 'instruction_before', 'instruction_due', 'instruction_overdue']);
    expect(notes.find((n) => n.kind === 'instruction_due')!.subject).toBe(
      `【批示督办】领导批示（「营商环境」）已到报送时限 ${beijing(respondBy)}，请立即报送落实情况`,
    );
    expect(notes[0]!.refs).toMatchObject({ subjectKind: 'task', subjectId: taskId, link: `${PUBLIC_URL}/console/tasks/${taskId}` });
    const office = await t.token('office-watch', ['reform_office']);
    expect((await inboxOf(t, office)).filter((n) => n.refs.instructionId === given.body.id).map((n) => n.kind)).toEqual([
      'instruction_overdue',
    ]);
    expect(await sent('instruction', 'instructionId', answered.body.id)).toEqual([]);
  });
});
