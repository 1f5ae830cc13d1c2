import { SetClock } from '#platform';
import { registerSpecialGroups } from './support/special-groups.js';
import { startTestApp, type TestApp } from './support/test-app.js';

// Deadlines as an office writes them: a calendar date is the end of that day in Beijing time
// (DISPLAY_TIMEZONE's default), a date-time with an offset keeps its exact meaning. The app's
// clock is set by the spec ("it is now 10:00 on 27 November, Beijing time"), never waited for.

const TODAY = '2026-11-27';
const END_OF_TODAY = '2026-11-27T15:59:59.999Z'; // 23:59:59.999 Beijing time
const MORNING = '2026-11-27T10:00:00+08:00';
const LAST_MOMENT = '2026-11-27T23:59:59.999+08:00';
const NEXT_MIDNIGHT = '2026-11-28T00:00:00+08:00';
const PROBLEM = 'application/problem+json';

const clock = new SetClock(MORNING);
let t: TestApp;
let office: string;

beforeAll(async () => {
  t = await startTestApp({}, { clock });
  office = await t.token('office-1', ['reform_office']);
  await registerSpecialGroups(t, ['government-services-group']);
});

afterAll(async () => {
  await t?.close();
});

beforeEach(() => clock.set(MORNING));

async function refusedNaming(method: 'POST', url: string, token: string, body: Record<string, unknown>, path: string): Promise<void> {
  const zh = await t.request(method, url, { token, body });
  expect(zh.status).toBe(400);
  expect(zh.headers['content-type']).toContain(PROBLEM);
  expect(zh.headers['content-language']).toBe('zh-CN');
  expect(zh.body.errors).toEqual(expect.arrayContaining([{ path, message: expect.stringContaining(`${path} 必须是日期 YYYY-MM-DD`) }]));
  const en = await t.request(method, url, { token, body, headers: { 'accept-language': 'en' } });
  expect(en.status).toBe(400);
  expect(en.headers['content-language']).toBe('en');
  expect(en.body.errors).toEqual(expect.arrayContaining([{ path, message: expect.stringContaining(`${path} must be a date YYYY-MM-DD`) }]));
}

describe('task deadlines and milestones', () => {
  let seq = 0;
  const taskBody = (over: Record<string, unknown> = {}) => ({
    title: `一网通办 date ${++seq}`,
    area: 'government_services',
    specialGroup: 'government-services-group',
    leadUnit: 'transport-bureau',
    responsible: '张伟',
    evaluationStandard: '1200 项事项全程网办',
    deadline: TODAY,
    milestones: [{ title: '试点', due: TODAY }],
    ...over,
  });
  const register = async (over: Record<string, unknown> = {}) => {
    const res = await t.request('POST', '/tasks', { token: office, body: taskBody(over) });
    expect(res.status).toBe(201);
    return res.body;
  };
  const get = async (id: string) => (await t.request('GET', `/tasks/${id}`, { token: office })).body;
  const overdueIds = async () =>
    ((await t.request('GET', '/tasks?overdue=true&limit=500', { token: office })).body.items as { id: string }[]).map((x) => x.id);

  it('a date is the end of that day in Beijing time: due today is not overdue but yellow, and the answer keeps the date', async () => {
    const task = await register();
    expect(task).toMatchObject({ deadline: END_OF_TODAY, deadlineDate: TODAY, overdue: false, light: 'yellow' });
    expect(task.milestones[0]).toMatchObject({ due: END_OF_TODAY, dueDate: TODAY, overdue: false });
    expect(await overdueIds()).not.toContain(task.id);

    clock.set(LAST_MOMENT);
    expect(await get(task.id)).toMatchObject({ overdue: false, light: 'yellow' });
    expect(await overdueIds()).not.toContain(task.id);
    const yellow = (await t.request('GET', '/tasks?light=yellow&limit=500', { token: office })).body.items as { id: string }[];
    expect(yellow.map((x) => x.id)).toContain(task.id);
  });

  it('the same deadline is overdue and red from 00:00 Beijing time the next day, in the task and in the ledger filters', async () => {
    const task = await register();
    clock.set(NEXT_MIDNIGHT);
    const late = await get(task.id);
    expect(late).toMatchObject({ overdue: true, light: 'red', deadlineDate: TODAY });
    expect(late.milestones[0]).toMatchObject({ overdue: true, dueDate: TODAY });
    expect(await overdueIds()).toContain(task.id);
    const red = (await t.request('GET', '/tasks?light=red&limit=500', { token: office })).body.items as { id: string }[];
    expect(red.map((x) => x.id)).toContain(task.id);
    const summary = (await t.request('GET', '/tasks/summary', { token: office })).body;
    expect(summary.byArea.government_services.overdue).toBeGreaterThanOrEqual(1);
  });

  it('the ledger export writes a date-only deadline as its day, an instant as Beijing time', async () => {
    const dated = await register({ title: '导出 date-only' });
    const timed = await register({ title: '导出 instant', deadline: '2026-12-31T18:00:00+08:00' });
    const res = await t.request('GET', '/tasks/export?format=csv', { token: office });
    expect(res.status).toBe(200);
    const line = (id: string) => res.text.split(/\r?\n/).find((l) => l.startsWith(`${id},`)) ?? '';
    expect(line(dated.id)).toContain(`,${TODAY},`);
    expect(line(timed.id)).toContain(',2026-12-31 18:00,');
  });

  it('a date-time with an offset keeps its exact meaning and carries no date', async () => {
    const task = await register({
      deadline: '2026-11-27T00:00:00+08:00',
      milestones: [{ title: '试点', due: '2026-11-27T12:00:00+08:00' }],
    });
    expect(task).toMatchObject({ deadline: '2026-11-26T16:00:00.000Z', deadlineDate: null, overdue: true });
    expect(task.milestones[0]).toMatchObject({ due: '2026-11-27T04:00:00.000Z', dueDate: null });
  });

  it('a deadline changed to a date is the end of that day; changed back to an instant it loses the date', async () => {
    const task = await register({ deadline: '2026-11-27T00:00:00+08:00' });
    const moved = await t.request('POST', `/tasks/${task.id}/deadline`, {
      token: office,
      body: { deadline: '2026-12-31', reason: '延至年底' },
    });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ deadline: '2026-12-31T15:59:59.999Z', deadlineDate: '2026-12-31', overdue: false });
    expect(moved.body.deadlineChanges).toEqual([
      expect.objectContaining({ from: '2026-11-26T16:00:00.000Z', to: '2026-12-31T15:59:59.999Z', toDate: '2026-12-31' }),
    ]);
    // The same day again changes nothing; the refusal shows the day as the office wrote it.
    const same = await t.request('POST', `/tasks/${task.id}/deadline`, { token: office, body: { deadline: '2026-12-31', reason: '重复' } });
    expect(same.status).toBe(409);
    expect(same.body).toMatchObject({ code: 'TASK.DEADLINE_UNCHANGED', detail: '完成时限已是 2026-12-31，无需调整。' });
    const back = await t.request('POST', `/tasks/${task.id}/deadline`, {
      token: office,
      body: { deadline: '2026-12-30T18:00:00+08:00', reason: '提前' },
    });
    expect(back.body).toMatchObject({ deadline: '2026-12-30T10:00:00.000Z', deadlineDate: null });
  });

  it.each([
    ['a day that does not exist', '2026-02-30'],
    ['a date written the Chinese way', '2026年12月31日'],
    ['a date-time without an offset', '2026-12-31T18:00:00'],
  ])('%s is refused naming the field, in Chinese and in English, and nothing is written', async (_what, value) => {
    const head = await t.head();
    await refusedNaming('POST', '/tasks', office, taskBody({ deadline: value }), 'deadline');
    await refusedNaming('POST', '/tasks', office, taskBody({ milestones: [{ title: '试点', due: value }] }), 'milestones[0].due');
    const task = await register();
    const afterRegister = await t.head();
    await refusedNaming('POST', `/tasks/${task.id}/deadline`, office, { deadline: value, reason: '调整' }, 'deadline');
    expect(await t.head()).toBe(afterRegister);
    expect(afterRegister).not.toBe(head);
  });
});

describe('action item deadlines', () => {
  let meetingId: string;
  beforeAll(async () => {
    const m = await t.request('POST', '/meetings', {
      token: office,
      body: { title: '联席会议', scheduledAt: '2026-11-27T09:00:00+08:00' },
    });
    expect(m.status).toBe(201);
    meetingId = m.body.id;
  });
  const add = async (deadline: string) => {
    const res = await t.request('POST', `/meetings/${meetingId}/items`, {
      token: office,
      body: { title: '报送清单', owner: 'alice', ownerUnit: 'transport', deadline },
    });
    expect(res.status).toBe(201);
    return res.body;
  };
  const overdueIds = async () =>
    ((await t.request('GET', '/action-items?overdue=true&limit=500', { token: office })).body.items as { id: string }[]).map((x) => x.id);

  it('due today is not overdue until 00:00 Beijing time the next day, in the item and in the ledger filter', async () => {
    const item = await add(TODAY);
    expect(item).toMatchObject({ deadline: END_OF_TODAY, deadlineDate: TODAY, overdue: false });
    clock.set(LAST_MOMENT);
    expect(await overdueIds()).not.toContain(item.id);
    clock.set(NEXT_MIDNIGHT);
    expect(await overdueIds()).toContain(item.id);
    const meeting = (await t.request('GET', `/meetings/${meetingId}`, { token: office })).body;
    expect(meeting.items.find((i: { id: string }) => i.id === item.id)).toMatchObject({ overdue: true, deadlineDate: TODAY });
  });

  it('a deadline moved to a date keeps the date; an offset date-time has none', async () => {
    const item = await add('2026-11-27T09:00:00+08:00');
    expect(item).toMatchObject({ deadline: '2026-11-27T01:00:00.000Z', deadlineDate: null, overdue: true });
    const moved = await t.request('POST', `/meetings/${meetingId}/items/${item.id}/deadline`, {
      token: office,
      body: { deadline: '2026-12-31', reason: '延期' },
    });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ deadline: '2026-12-31T15:59:59.999Z', deadlineDate: '2026-12-31', overdue: false });
  });

  it.each(['2026-02-30', '2026年12月31日'])('%j is refused naming the field, in Chinese and in English', async (value) => {
    const body = { title: '报送清单', owner: 'alice', ownerUnit: 'transport', deadline: value };
    await refusedNaming('POST', `/meetings/${meetingId}/items`, office, body, 'deadline');
    const item = await add(TODAY);
    await refusedNaming(
      'POST',
      `/meetings/${meetingId}/items/${item.id}/deadline`,
      office,
      { deadline: value, reason: '延期' },
      'deadline',
    );
  });
});

describe('countersign deadlines', () => {
  const submit = (deadline: string) =>
    t.request('POST', '/matters', {
      token: office,
      body: { title: '会签：合并窗口', body: '请会签', signers: ['a', 'b'], mode: 'all', deadline },
    });

  it("today's date is still in the future at 10:00 (the end of today), and the answer keeps the date", async () => {
    const res = await submit(TODAY);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ deadline: END_OF_TODAY, deadlineDate: TODAY, status: 'pending' });
    // The first instant of today has passed at 10:00: refused as not in the future.
    const past = await submit('2026-11-27T00:00:00+08:00');
    expect(past.status).toBe(400);
    expect(past.body).toMatchObject({ code: 'MATTER.INVALID_DEADLINE', errors: [{ path: 'deadline' }] });
  });

  it.each(['2026-02-30', '2026年12月31日'])('%j is refused naming the field, in Chinese and in English', async (value) => {
    await refusedNaming(
      'POST',
      '/matters',
      office,
      { title: '会签', body: '请会签', signers: ['a'], mode: 'all', deadline: value },
      'deadline',
    );
  });
});

describe('rectification due dates, plans and extensions', () => {
  let inspector: string;
  let dept: string;
  let inspectionId: string;
  beforeAll(async () => {
    inspector = await t.token('insp-1', ['inspector'], 'supervision-office');
    dept = await t.token('dept-1', ['department'], 'transport-bureau');
    const opened = await t.request('POST', '/inspections', { token: inspector, body: { title: '督察', targetUnit: 'transport-bureau' } });
    expect(opened.status).toBe(201);
    inspectionId = opened.body.id;
  });
  const record = async (rectificationDue: string) => {
    const res = await t.request('POST', `/inspections/${inspectionId}/findings`, {
      token: inspector,
      body: { description: '窗口排队超过两小时', severity: 'high', responsibleUnit: 'transport-bureau', rectificationDue },
    });
    expect(res.status).toBe(201);
    return res.body;
  };
  const overdueIds = async () =>
    ((await t.request('GET', '/rectifications?overdue=true&limit=500', { token: office })).body.items as { id: string }[]).map((x) => x.id);

  it('due today is not overdue until 00:00 Beijing time the next day; plans and extensions keep their dates', async () => {
    const finding = await record(TODAY);
    expect(finding).toMatchObject({ rectificationDue: END_OF_TODAY, rectificationDueDate: TODAY, overdue: false });
    clock.set(LAST_MOMENT);
    expect(await overdueIds()).not.toContain(finding.id);
    clock.set(NEXT_MIDNIGHT);
    expect(await overdueIds()).toContain(finding.id);

    const base = `/inspections/${inspectionId}/findings/${finding.id}`;
    const planned = await t.request('POST', `${base}/plan`, { token: dept, body: { plan: '增开四个窗口', due: '2026-12-15' } });
    expect(planned.status).toBe(200);
    expect(planned.body).toMatchObject({ planDue: '2026-12-15T15:59:59.999Z', planDueDate: '2026-12-15' });
    const extended = await t.request('POST', `${base}/extend`, { token: inspector, body: { due: '2026-12-31', reason: '采购延迟' } });
    expect(extended.status).toBe(200);
    expect(extended.body).toMatchObject({
      rectificationDue: '2026-12-31T15:59:59.999Z',
      rectificationDueDate: '2026-12-31',
      overdue: false,
    });
    expect(extended.body.extensions).toEqual([expect.objectContaining({ due: '2026-12-31T15:59:59.999Z', dueDate: '2026-12-31' })]);
  });

  it.each(['2026-02-30', '2026年12月31日'])('%j is refused naming the field, in Chinese and in English', async (value) => {
    const body = { description: '窗口排队', severity: 'high', responsibleUnit: 'transport-bureau', rectificationDue: value };
    await refusedNaming('POST', `/inspections/${inspectionId}/findings`, inspector, body, 'rectificationDue');
    const finding = await record(TODAY);
    const base = `/inspections/${inspectionId}/findings/${finding.id}`;
    await refusedNaming('POST', `${base}/plan`, dept, { plan: '增开窗口', due: value }, 'due');
    await refusedNaming('POST', `${base}/extend`, inspector, { due: value, reason: '采购延迟' }, 'due');
  });
});

describe('evaluation due dates', () => {
  const body = (due: string) => ({ subject: { kind: 'unit', id: 'transport-bureau' }, year: 2026, evaluatorUnit: 'org-a', due });

  it('a date is the end of that day in Beijing time, and the answer keeps the date', async () => {
    const res = await t.request('POST', '/evaluations', { token: office, body: body('2026-12-31') });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ due: '2026-12-31T15:59:59.999Z', dueDate: '2026-12-31' });
  });

  it.each(['2026-02-30', '2026年12月31日'])('%j is refused naming the field, in Chinese and in English', async (value) => {
    await refusedNaming('POST', '/evaluations', office, body(value), 'due');
  });
});
