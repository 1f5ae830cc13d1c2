import { SetClock } from '#platform';
import { registerSpecialGroups } from './support/special-groups.js';
import { startTestApp, type TestApp } from './support/test-app.js';

// End-to-end: API.md's "Supervision workflow (督办)": urging notices and leaders' instructions,
// each route with the roles that may call it and the refusals it gives.

let t: TestApp;
const clock = new SetClock('2026-03-02T02:00:00.000Z');
const tok = {} as Record<'office' | 'leader' | 'leader2' | 'member' | 'dept' | 'other' | 'inspector', string>;
let taskId: string;
let closedTaskId: string;

const taskBody = (title: string, leadUnit: string) => ({
  title,
  area: 'government_services',
  specialGroup: 'sg-sup',
  leadUnit,
  responsible: '张三',
  evaluationStandard: '可办',
  deadline: '2026-12-31',
});

beforeAll(async () => {
  t = await startTestApp({}, { clock });
  tok.office = await t.token('office-1', ['reform_office']);
  tok.leader = await t.token('leader-1', ['leader']);
  tok.leader2 = await t.token('leader-2', ['leader']);
  tok.member = await t.token('member-1', ['committee_member']);
  tok.dept = await t.token('dept-1', ['department'], 'unit-a');
  tok.other = await t.token('dept-2', ['department'], 'unit-b');
  tok.inspector = await t.token('inspector-1', ['inspector']);
  await registerSpecialGroups(t, ['sg-sup']);
  taskId = (await t.request('POST', '/tasks', { token: tok.office, body: taskBody('一网通办', 'unit-a') })).body.id;
  closedTaskId = (await t.request('POST', '/tasks', { token: tok.office, body: taskBody('已撤销任务', 'unit-a') })).body.id;
  expect((await t.request('POST', `/tasks/${closedTaskId}/cancel`, { token: tok.office, body: { reason: '调整' } })).status).toBe(200);
});
afterAll(() => t?.close());

describe('urging notices (催办单)', () => {
  let urgingId: string;

  it('are issued by the office, numbered in the year of issuing', async () => {
    const res = await t.request('POST', `/tasks/${taskId}/urgings`, {
      token: tok.office,
      body: { text: '请加快进度', replyBy: '2026-03-10' },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      taskId,
      taskTitle: '一网通办',
      leadUnit: 'unit-a',
      year: 2026,
      seq: 1,
      number: '催办〔2026〕1号',
      status: 'sent',
      replyBy: '2026-03-10T15:59:59.999Z',
      replyByDate: '2026-03-10',
      overdue: false,
    });
    urgingId = res.body.id;
    const second = await t.request('POST', `/tasks/${taskId}/urgings`, { token: tok.office, body: {} });
    expect(second.body).toMatchObject({ seq: 2, number: '催办〔2026〕2号', text: null, replyBy: null });
  });

  it('refuses other roles (403), a missing task (404), a closed one (409), a bad or past reply date (400) and writes nothing', async () => {
    const head = await t.head();
    expect((await t.request('POST', `/tasks/${taskId}/urgings`, { token: tok.dept, body: {} })).status).toBe(403);
    expect((await t.request('POST', `/tasks/${taskId}/urgings`, { token: tok.leader, body: {} })).status).toBe(403);
    const missing = await t.request('POST', '/tasks/no-such-task/urgings', { token: tok.office, body: {} });
    expect([missing.status, missing.body.code]).toEqual([404, 'URGING.TASK_NOT_FOUND']);
    const closed = await t.request('POST', `/tasks/${closedTaskId}/urgings`, { token: tok.office, body: {} });
    expect([closed.status, closed.body.code]).toEqual([409, 'URGING.TASK_CLOSED']);
    const bad = await t.request('POST', `/tasks/${taskId}/urgings`, { token: tok.office, body: { replyBy: '2026-02-30' } });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('replyBy');
    const past = await t.request('POST', `/tasks/${taskId}/urgings`, { token: tok.office, body: { replyBy: '2026-03-01' } });
    expect([past.status, past.body.code]).toEqual([400, 'URGING.REPLY_BY_PASSED']);
    expect(await t.head()).toBe(head);
  });

  it('are acknowledged once and replied to by the lead unit only', async () => {
    expect((await t.request('POST', `/urgings/${urgingId}/acknowledge`, { token: tok.other })).status).toBe(403);
    expect((await t.request('POST', `/urgings/${urgingId}/acknowledge`, { token: tok.office })).status).toBe(403);
    const ack = await t.request('POST', `/urgings/${urgingId}/acknowledge`, { token: tok.dept });
    expect(ack.status).toBe(200);
    expect(ack.body).toMatchObject({ status: 'acknowledged', acknowledgedBy: 'dept-1' });
    const again = await t.request('POST', `/urgings/${urgingId}/acknowledge`, { token: tok.dept });
    expect([again.status, again.body.code]).toEqual([409, 'URGING.ALREADY_ACKNOWLEDGED']);
    expect((await t.request('POST', `/urgings/${urgingId}/reply`, { token: tok.dept, body: {} })).status).toBe(400);
    const reply = await t.request('POST', `/urgings/${urgingId}/reply`, { token: tok.dept, body: { text: '已部署加快推进' } });
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ status: 'replied', reply: { text: '已部署加快推进', by: 'dept-1', late: false } });
    expect((await t.request('POST', `/urgings/${urgingId}/reply`, { token: tok.dept, body: { text: '再次' } })).status).toBe(409);
  });

  it('are overdue once replyBy passes without a reply, and filtered by it', async () => {
    const late = await t.request('POST', `/tasks/${taskId}/urgings`, { token: tok.office, body: { replyBy: '2026-03-05' } });
    clock.set('2026-03-06T00:00:00.000Z');
    try {
      expect((await t.request('GET', `/urgings/${late.body.id}`, { token: tok.office })).body.overdue).toBe(true);
      const overdue = await t.request('GET', '/urgings?overdue=true', { token: tok.office });
      expect(overdue.body.items.map((u: { id: string }) => u.id)).toEqual([late.body.id]);
      const notOverdue = await t.request('GET', '/urgings?overdue=false', { token: tok.office });
      expect(notOverdue.body.items).toHaveLength(2);
    } finally {
      clock.set('2026-03-02T02:00:00.000Z');
    }
  });

  it('are listed with filters; a department sees its own unit’s only and another unit’s is 404', async () => {
    const all = await t.request('GET', `/urgings?taskId=${taskId}`, { token: tok.inspector });
    expect(all.body.items.map((u: { seq: number }) => u.seq)).toEqual([1, 2, 3]);
    expect((await t.request('GET', '/urgings?status=replied', { token: tok.office })).body.items).toHaveLength(1);
    expect((await t.request('GET', '/urgings?year=2025', { token: tok.office })).body.items).toHaveLength(0);
    expect((await t.request('GET', '/urgings', { token: tok.dept })).body.items).toHaveLength(3);
    expect((await t.request('GET', '/urgings', { token: tok.other })).body.items).toHaveLength(0);
    expect((await t.request('GET', '/urgings?unit=unit-a', { token: tok.other })).body.items).toHaveLength(0);
    expect((await t.request('GET', `/urgings/${urgingId}`, { token: tok.dept })).status).toBe(200);
    expect((await t.request('GET', `/urgings/${urgingId}`, { token: tok.other })).status).toBe(404);
    expect((await t.request('GET', '/urgings?status=lost', { token: tok.office })).status).toBe(400);
  });
});

describe('leaders’ instructions (领导批示)', () => {
  let instructionId: string;

  it('are given by leaders and committee members on a subject that exists', async () => {
    const res = await t.request('POST', '/instructions', {
      token: tok.leader,
      body: { subject: { kind: 'task', id: taskId }, text: '请抓紧落实', respondBy: '2026-03-20' },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      subject: { kind: 'task', id: taskId, title: '一网通办', unit: 'unit-a' },
      text: '请抓紧落实',
      status: 'open',
      givenBy: 'leader-1',
      respondBy: '2026-03-20T15:59:59.999Z',
      overdue: false,
    });
    instructionId = res.body.id;
    expect(
      (await t.request('POST', '/instructions', { token: tok.member, body: { subject: { kind: 'task', id: taskId }, text: '同意' } }))
        .status,
    ).toBe(201);
  });

  it('refuses other roles (403), a missing subject or bad kind (400 naming the field) and writes nothing', async () => {
    const head = await t.head();
    expect(
      (await t.request('POST', '/instructions', { token: tok.office, body: { subject: { kind: 'task', id: taskId }, text: 'x' } })).status,
    ).toBe(403);
    expect(
      (await t.request('POST', '/instructions', { token: tok.dept, body: { subject: { kind: 'task', id: taskId }, text: 'x' } })).status,
    ).toBe(403);
    const missing = await t.request('POST', '/instructions', {
      token: tok.leader,
      body: { subject: { kind: 'matter', id: 'no-such' }, text: 'x' },
    });
    expect([missing.status, missing.body.code]).toEqual([400, 'INSTRUCTION.SUBJECT_NOT_FOUND']);
    expect(JSON.stringify(missing.body)).toContain('subject.id');
    const kind = await t.request('POST', '/instructions', {
      token: tok.leader,
      body: { subject: { kind: 'plan', id: taskId }, text: 'x' },
    });
    expect(kind.status).toBe(400);
    expect(JSON.stringify(kind.body)).toContain('kind');
    expect(await t.head()).toBe(head);
  });

  it('are answered by the subject’s unit or the office, and closed by a done response or the leader', async () => {
    expect(
      (await t.request('POST', `/instructions/${instructionId}/responses`, { token: tok.other, body: { text: '不相干' } })).status,
    ).toBe(403);
    const first = await t.request('POST', `/instructions/${instructionId}/responses`, { token: tok.dept, body: { text: '已部署' } });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ status: 'answered', responses: [{ text: '已部署', by: 'dept-1' }] });
    expect((await t.request('POST', `/instructions/${instructionId}/close`, { token: tok.leader2, body: {} })).status).toBe(403);
    const done = await t.request('POST', `/instructions/${instructionId}/responses`, {
      token: tok.office,
      body: { text: '已办结', done: true },
    });
    expect(done.body).toMatchObject({ status: 'closed', closedBy: 'office-1' });
    const closed = await t.request('POST', `/instructions/${instructionId}/close`, { token: tok.leader, body: {} });
    expect([closed.status, closed.body.code]).toEqual([409, 'INSTRUCTION.CLOSED']);
  });

  it('are overdue past respondBy without a response, and listed by subject, status and unit', async () => {
    const open = await t.request('POST', '/instructions', {
      token: tok.leader,
      body: { subject: { kind: 'task', id: taskId }, text: '限期反馈', respondBy: '2026-03-04' },
    });
    clock.set('2026-03-05T00:00:00.000Z');
    try {
      expect(
        (await t.request('GET', '/instructions?overdue=true', { token: tok.office })).body.items.map((i: { id: string }) => i.id),
      ).toEqual([open.body.id]);
    } finally {
      clock.set('2026-03-02T02:00:00.000Z');
    }
    const closeIt = await t.request('POST', `/instructions/${open.body.id}/close`, { token: tok.leader, body: { comment: '已当面汇报' } });
    expect(closeIt.body).toMatchObject({ status: 'closed', closingComment: '已当面汇报' });
    expect((await t.request('GET', `/instructions?subjectKind=task&subjectId=${taskId}`, { token: tok.leader })).body.items).toHaveLength(
      3,
    );
    expect((await t.request('GET', '/instructions?status=open', { token: tok.office })).body.items).toHaveLength(1);
    expect((await t.request('GET', '/instructions', { token: tok.dept })).body.items).toHaveLength(3);
    expect((await t.request('GET', '/instructions', { token: tok.other })).body.items).toHaveLength(0);
    expect((await t.request('GET', `/instructions/${instructionId}`, { token: tok.other })).status).toBe(404);
    expect((await t.request('GET', `/instructions/${instructionId}`, { token: tok.dept })).status).toBe(200);
  });
});
