import { SetClock } from '#platform';
import { samplePdf } from '../libs/platform/src/files/sample-files.fixture.js';
import { uploadFile } from './support/files.js';
import { registerSpecialGroups } from './support/special-groups.js';
import { startTestApp, type TestApp } from './support/test-app.js';

// End-to-end: extension requests (延期申请, API.md "Supervision workflow"): the lead unit asks,
// the office approves (granting what was asked or less) or rejects; a pending request changes
// nothing; an approval moves the deadline through the task's deadline change, citing the request.

let t: TestApp;
const clock = new SetClock('2026-03-02T02:00:00.000Z');
const tok = {} as Record<'office' | 'dept' | 'other' | 'leader' | 'inspector' | 'late', string>;
const JUNE_30 = '2026-06-30T15:59:59.999Z';
const SEPT_30 = '2026-09-30T15:59:59.999Z';
const AUG_31 = '2026-08-31T15:59:59.999Z';

const register = async (title: string) =>
  (
    await t.request('POST', '/tasks', {
      token: tok.office,
      body: {
        title,
        area: 'government_services',
        specialGroup: 'sg-ext',
        leadUnit: 'unit-a',
        responsible: '张三',
        evaluationStandard: '可办',
        deadline: '2026-06-30',
      },
    })
  ).body.id as string;
const ask = (taskId: string, body: Record<string, unknown>, token = tok.dept) =>
  t.request('POST', `/tasks/${taskId}/extension-requests`, { token, body });
const decide = (taskId: string, requestId: string, verb: 'approve' | 'reject', body: Record<string, unknown> = {}, token = tok.office) =>
  t.request('POST', `/tasks/${taskId}/extension-requests/${requestId}/${verb}`, { token, body });
const task = async (id: string) => (await t.request('GET', `/tasks/${id}`, { token: tok.office })).body;
const pendingIds = async (token = tok.office) =>
  ((await t.request('GET', '/tasks?pendingExtension=true', { token })).body.items as Array<{ id: string }>).map((x) => x.id);

beforeAll(async () => {
  t = await startTestApp({}, { clock });
  tok.office = await t.token('office-1', ['reform_office']);
  tok.dept = await t.token('dept-1', ['department'], 'unit-a');
  tok.other = await t.token('dept-2', ['department'], 'unit-b');
  tok.leader = await t.token('leader-1', ['leader']);
  tok.inspector = await t.token('inspector-1', ['inspector']);
  tok.late = await t.token('dept-3', ['department'], 'unit-late');
  await registerSpecialGroups(t, ['sg-ext']);
});
afterAll(() => t?.close());

describe('extension requests (延期申请)', () => {
  it('the unit asks with evidence; pending changes nothing; the office grants less than asked, the deadline moves citing it', async () => {
    const id = await register('工程建设项目审批提速');
    const file = await uploadFile(t, tok.dept, '征地进度说明.pdf', samplePdf('extension evidence'));
    expect(file.status).toBe(201);
    const before = await task(id);

    const asked = await ask(id, { deadline: '2026-09-30', reason: '征地拆迁延误', attachments: [file.body.id] });
    expect(asked.status).toBe(201);
    expect(asked.body).toMatchObject({
      deadline: SEPT_30,
      deadlineDate: '2026-09-30',
      status: 'pending',
      reason: '征地拆迁延误',
      by: 'dept-1',
      at: '2026-03-02T02:00:00.000Z',
      granted: null,
      attachments: [{ id: file.body.id, name: '征地进度说明.pdf' }],
    });
    const requestId = asked.body.id as string;

    // Pending: the deadline, overdue and the light are those of the deadline in force.
    const pending = await task(id);
    expect([pending.deadline, pending.overdue, pending.light]).toEqual([before.deadline, before.overdue, before.light]);
    expect(pending.extensionRequests).toEqual([asked.body]);
    expect(await pendingIds()).toEqual([id]);
    const then = await t.request('GET', `/tasks?pendingExtension=true&asOf=${encodeURIComponent('2026-03-02T02:00:00.000Z')}`, {
      token: tok.office,
    });
    expect([then.status, then.body.items.map((x: { id: string }) => x.id)]).toEqual([200, [id]]);
    clock.set('2026-07-01T00:00:00.000Z');
    expect((await task(id)).overdue).toBe(true);
    expect((await t.request('GET', '/tasks/summary', { token: tok.office })).body).toMatchObject({
      pendingExtensions: 1,
      byUnit: { 'unit-a': { pendingExtensions: 1 } },
    });
    clock.set('2026-03-03T02:00:00.000Z');

    // One pending request per task.
    const again = await ask(id, { deadline: '2026-10-31', reason: '再次' });
    expect([again.status, again.body.code]).toEqual([409, 'TASK.EXTENSION_PENDING']);

    // The office grants less than asked.
    const approved = await decide(id, requestId, 'approve', { deadline: '2026-08-31', comment: '同意延至八月底' });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({
      status: 'approved',
      granted: AUG_31,
      grantedDate: '2026-08-31',
      decidedBy: 'office-1',
      decision: '同意延至八月底',
    });
    const moved = await task(id);
    expect([moved.deadline, moved.deadlineDate]).toEqual([AUG_31, '2026-08-31']);
    expect(moved.deadlineChanges).toMatchObject([{ from: JUNE_30, to: AUG_31, reason: '征地拆迁延误', requestId, by: 'office-1' }]);
    expect(await pendingIds()).toEqual([]);
    expect((await t.request('GET', '/tasks/summary', { token: tok.office })).body.pendingExtensions).toBe(0);

    // Both events are on the task's stream, in one append.
    const audit = await t.request('GET', `/audit/streams/task-${id}`, { token: await t.token('admin-1', ['admin']) });
    expect(audit.body.events.map((e: { type: string }) => e.type).slice(-3)).toEqual([
      'TaskExtensionRequested',
      'TaskExtensionApproved',
      'TaskDeadlineChanged',
    ]);

    // The ledger export's 延期申请 column.
    const csv = await t.app
      .getHttpAdapter()
      .getInstance()
      .inject({
        method: 'GET',
        url: `/tasks/export?format=csv&q=${encodeURIComponent('工程建设项目审批提速')}`,
        headers: { authorization: `Bearer ${tok.office}` },
      });
    const [head, row] = csv.body.replace(/^\uFEFF/, '').split('\r\n');
    expect(row!.split(',')[head!.split(',').indexOf('延期申请')]).toBe('已批准：申请延至 2026-09-30，批准延至 2026-08-31');

    const twice = await decide(id, requestId, 'reject', { reason: '重复' });
    expect([twice.status, twice.body.code]).toEqual([409, 'TASK.EXTENSION_ALREADY_DECIDED']);
  });

  it('the office rejects with a reason and the deadline in force stays; the unit may ask again', async () => {
    const id = await register('营商环境评价');
    const requestId = (await ask(id, { deadline: '2026-12-31', reason: '需要更多时间' })).body.id;
    expect((await decide(id, requestId, 'reject', {})).status).toBe(400);
    const rejected = await decide(id, requestId, 'reject', { reason: '理由不充分' });
    expect(rejected.status).toBe(200);
    expect(rejected.body).toMatchObject({ status: 'rejected', granted: null, decision: '理由不充分' });
    const after = await task(id);
    expect([after.deadline, after.deadlineChanges]).toEqual([JUNE_30, []]);
    expect((await ask(id, { deadline: '2026-07-31', reason: '补充材料后再申请' })).status).toBe(201);
  });

  it('refuses a deadline not after the current one, a grant beyond the request, other units, roles, unknown ids: no write', async () => {
    const id = await register('公共资源交易改革');
    const head = await t.head();
    const early = await ask(id, { deadline: '2026-06-30', reason: '不变' });
    expect([early.status, early.body.code]).toEqual([400, 'TASK.EXTENSION_NOT_LATER']);
    expect(JSON.stringify(early.body)).toContain('deadline');
    expect((await ask(id, { deadline: 'someday', reason: '无效' })).status).toBe(400);
    expect((await ask(id, { deadline: '2026-09-30' })).status).toBe(400);
    const unreadable = await ask(id, { deadline: '2026-09-30', reason: '附件', attachments: ['sha256:' + '0'.repeat(64)] });
    expect([unreadable.status, JSON.stringify(unreadable.body).includes('attachments[0]')]).toEqual([400, true]);
    expect((await ask(id, { deadline: '2026-09-30', reason: '越权' }, tok.other)).status).toBe(403);
    for (const token of [tok.office, tok.leader, tok.inspector])
      expect((await ask(id, { deadline: '2026-09-30', reason: '越权' }, token)).status).toBe(403);
    expect((await ask('no-such-task', { deadline: '2026-09-30', reason: '无' })).status).toBe(404);
    expect(await t.head()).toBe(head);

    const requestId = (await ask(id, { deadline: '2026-09-30', reason: '征地' })).body.id;
    const beyond = await decide(id, requestId, 'approve', { deadline: '2026-10-31' });
    expect([beyond.status, beyond.body.code]).toEqual([400, 'TASK.EXTENSION_BEYOND_REQUEST']);
    const notLater = await decide(id, requestId, 'approve', { deadline: '2026-06-01' });
    expect([notLater.status, notLater.body.code]).toEqual([400, 'TASK.EXTENSION_NOT_LATER']);
    for (const token of [tok.dept, tok.leader]) {
      expect((await decide(id, requestId, 'approve', {}, token)).status).toBe(403);
      expect((await decide(id, requestId, 'reject', { reason: '无权' }, token)).status).toBe(403);
    }
    const unknown = await decide(id, 'no-such-request', 'approve');
    expect([unknown.status, unknown.body.code]).toEqual([404, 'TASK.EXTENSION_NOT_FOUND']);
    expect(await pendingIds(tok.dept)).toContain(id);
    const approved = await decide(id, requestId, 'approve', {});
    expect(approved.body).toMatchObject({ status: 'approved', granted: SEPT_30, decision: null });
  });

  it('scores an extension approved after the old deadline as overdue for it, citing the approval (extension.after_deadline)', async () => {
    clock.set('2026-05-01T00:00:00.000Z');
    const registered = await t.request('POST', '/tasks', {
      token: tok.office,
      body: {
        title: '逾期后延期的任务',
        area: 'livelihood',
        specialGroup: 'sg-ext',
        leadUnit: 'unit-late',
        responsible: '王五',
        evaluationStandard: '可办',
        deadline: '2026-06-30',
      },
    });
    const id = registered.body.id as string;
    clock.set('2026-06-25T00:00:00.000Z');
    const requestId = (await ask(id, { deadline: '2026-09-30', reason: '征地拆迁延误' }, tok.late)).body.id;
    clock.set('2026-07-03T00:00:00.000Z');
    expect((await decide(id, requestId, 'approve', {})).status).toBe(200);
    clock.set('2026-08-01T00:00:00.000Z');
    const board = await t.request('GET', '/scoreboard/unit-late?year=2026', { token: tok.office });
    expect(board.status).toBe(200);
    expect(board.body.items).toMatchObject([
      {
        rule: 'extension.after_deadline',
        points: -2,
        reason: '牵头任务「逾期后延期的任务」未在期限（2026-06-30）前通过验收，逾期后获批延期至 2026-09-30，原期限仍计逾期',
        stream: `task-${id}`,
      },
    ]);
    const cited = board.body.items[0];
    const audit = await t.request('GET', `/audit/streams/task-${id}?fromRevision=${cited.revision}&limit=1`, {
      token: await t.token('admin-1', ['admin']),
    });
    expect(audit.body.events[0]).toMatchObject({ revision: cited.revision, id: cited.eventId, type: 'TaskExtensionApproved' });
    expect(board.body.total).toBe(98);
  });
});
