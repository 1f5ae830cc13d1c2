import { registerSpecialGroups } from './support/special-groups.js';
import { startTestApp, type TestApp } from './support/test-app.js';

// End-to-end: plans → annual key points → tasks ("以要点落实规划、以台账落实要点"), with the
// roll-ups per key point and per plan checked against numbers counted by hand.

const FUTURE = '2030-06-30T18:00:00+08:00';
const PAST = '2020-01-31T18:00:00+08:00';
const STATUSES = (over: Partial<Record<'planned' | 'in_progress' | 'submitted' | 'accepted' | 'cancelled', number>>) => ({
  planned: 0,
  in_progress: 0,
  submitted: 0,
  accepted: 0,
  cancelled: 0,
  ...over,
});

let t: TestApp;
const tok = {} as Record<'office' | 'dept' | 'member', string>;

async function ok(method: 'GET' | 'POST', url: string, body?: unknown, status = method === 'GET' ? 200 : 201) {
  const res = await t.request(method, url, { token: tok.office, ...(body !== undefined ? { body } : {}) });
  expect([res.status, res.status === status ? '' : res.text]).toEqual([status, '']);
  return res.body;
}

const task = (keyPointId: string | undefined, over: Record<string, unknown> = {}) =>
  ok('POST', '/tasks', {
    title: '改革任务',
    area: 'government_services',
    specialGroup: 'services',
    leadUnit: 'data-bureau',
    responsible: '张伟',
    evaluationStandard: '按期完成',
    deadline: FUTURE,
    ...(keyPointId ? { keyPointId } : {}),
    ...over,
  });

beforeAll(async () => {
  t = await startTestApp();
  tok.office = await t.token('office-1', ['reform_office']);
  tok.dept = await t.token('dept-1', ['department'], 'data-bureau');
  tok.member = await t.token('member-1', ['committee_member']);
  await registerSpecialGroups(t, ['services']);
});
afterAll(async () => {
  await t.close();
});

describe('plans and key points', () => {
  let planId: string;
  const kp = {} as Record<'a' | 'b' | 'c', string>;

  it('registers a plan and key points within its period; a year outside it is 400 on year', async () => {
    const plan = await ok('POST', '/plans', {
      title: '全面深化改革规划（2024—2028年）',
      periodFrom: 2024,
      periodTo: 2028,
      reference: '长发〔2024〕1号',
    });
    expect(plan).toMatchObject({
      periodFrom: 2024,
      periodTo: 2028,
      keyPoints: [],
      tasks: { total: 0, averageProgress: null },
      revision: 0,
    });
    planId = plan.id;
    for (const year of [2023, 2029]) {
      const before = await t.head();
      const res = await t.request('POST', `/plans/${planId}/key-points`, {
        token: tok.office,
        body: { year, title: 'x', area: 'livelihood' },
      });
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([{ path: 'year', message: expect.any(String) }]);
      expect(await t.head()).toBe(before);
    }
    const badGroup = await t.request('POST', `/plans/${planId}/key-points`, {
      token: tok.office,
      body: { year: 2026, title: 'x', area: 'livelihood', specialGroup: 'nope' },
    });
    expect(badGroup.body.errors).toEqual([{ path: 'specialGroup', message: expect.any(String) }]);
    const backwards = await t.request('POST', '/plans', { token: tok.office, body: { title: 'x', periodFrom: 2028, periodTo: 2024 } });
    expect(backwards.body.errors).toEqual([{ path: 'periodTo', message: expect.any(String) }]);
    expect((await t.request('POST', '/plans', { token: tok.dept, body: { title: 'x', periodFrom: 2024, periodTo: 2028 } })).status).toBe(
      403,
    );

    kp.a = (
      await ok('POST', `/plans/${planId}/key-points`, {
        year: 2026,
        title: '深化“一网通办”',
        area: 'government_services',
        specialGroup: 'services',
      })
    ).id;
    kp.b = (await ok('POST', `/plans/${planId}/key-points`, { year: 2026, title: '公交都市建设', area: 'livelihood' })).id;
    kp.c = (await ok('POST', `/plans/${planId}/key-points`, { year: 2027, title: '基层网格化治理', area: 'grassroots_governance' })).id;
    expect((await ok('GET', `/plans/${planId}`)).keyPoints.map((k: { id: string }) => k.id)).toEqual([kp.a, kp.b, kp.c]);
  });

  it('refuses a task naming an unknown key point (400 on keyPointId), appending nothing', async () => {
    const before = await t.head();
    const res = await t.request('POST', '/tasks', {
      token: tok.office,
      body: {
        title: 'x',
        area: 'livelihood',
        specialGroup: 'services',
        leadUnit: 'u',
        responsible: 'r',
        evaluationStandard: 's',
        deadline: FUTURE,
        keyPointId: 'no-such-key-point',
      },
    });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'TASK.UNKNOWN_KEY_POINT', errors: [{ path: 'keyPointId', message: expect.any(String) }] });
    expect(await t.head()).toBe(before);
  });

  it('rolls tasks up per key point and for the plan, links and moves tasks, and answers withoutTasks', async () => {
    // Key point a: accepted (100 %), in progress 40 % and overdue, planned (moved to b below).
    const accepted = await task(kp.a);
    await ok('POST', `/tasks/${accepted.id}/progress`, { percent: 100, note: '完成' }, 200);
    await ok('POST', `/tasks/${accepted.id}/submit`, { evidence: '材料' }, 200);
    await ok('POST', `/tasks/${accepted.id}/accept`, {}, 200);
    const late = await task(kp.a, { deadline: PAST });
    await ok('POST', `/tasks/${late.id}/progress`, { percent: 40, note: '滞后' }, 200);
    const moving = await task(kp.a);
    // Key point b: in progress 70 %, one cancelled; key point c: only a cancelled task.
    const b1 = await task(kp.b, { area: 'livelihood' });
    await ok('POST', `/tasks/${b1.id}/progress`, { percent: 70, note: '推进' }, 200);
    const dropped = await task(kp.b);
    await ok('POST', `/tasks/${dropped.id}/cancel`, { reason: '合并' }, 200);
    const droppedC = await task(kp.c);
    await ok('POST', `/tasks/${droppedC.id}/cancel`, { reason: '合并' }, 200);
    // A task without a key point, later linked to c (and moved on to b).
    const loose = await task(undefined);
    expect(loose.keyPointId).toBeNull();

    const withoutTasks = async () =>
      (await ok('GET', `/key-points?planId=${planId}&withoutTasks=true`)).items.map((k: { id: string }) => k.id);
    // c has only a cancelled task: nothing carries it out.
    expect(await withoutTasks()).toEqual([kp.c]);
    const linked = await ok('POST', `/tasks/${loose.id}/key-point`, { keyPointId: kp.c }, 200);
    expect(linked).toMatchObject({ id: loose.id, keyPointId: kp.c, revision: 1 });
    expect(await withoutTasks()).toEqual([]);
    expect((await ok('GET', `/key-points?planId=${planId}&withoutTasks=false`)).items.map((k: { id: string }) => k.id)).toEqual([
      kp.a,
      kp.b,
      kp.c,
    ]);
    await ok('POST', `/tasks/${loose.id}/key-point`, { keyPointId: kp.b }, 200);
    await ok('POST', `/tasks/${moving.id}/key-point`, { keyPointId: kp.b }, 200);
    expect(await withoutTasks()).toEqual([kp.c]);
    const unknown = await t.request('POST', `/tasks/${loose.id}/key-point`, { token: tok.office, body: { keyPointId: 'nope' } });
    expect(unknown.body.errors).toEqual([{ path: 'keyPointId', message: expect.any(String) }]);
    const same = await t.request('POST', `/tasks/${loose.id}/key-point`, { token: tok.office, body: { keyPointId: kp.b } });
    expect(same.status).toBe(409);
    expect((await t.request('POST', `/tasks/${loose.id}/key-point`, { token: tok.dept, body: { keyPointId: kp.a } })).status).toBe(403);

    // Hand-counted. a: accepted 100, in_progress 40 (overdue) → 2 tasks, average 70.
    // b: in_progress 70, cancelled, planned 0 (moving), planned 0 (loose) → 4 tasks, average (70+0+0)/3 = 23.3.
    // c: cancelled → 1 task, no average. Plan: 7 tasks, 1 overdue, average (100+40+70+0+0)/5 = 42.
    const plan = await ok('GET', `/plans/${planId}`);
    const byId = Object.fromEntries(plan.keyPoints.map((k: { id: string; tasks: unknown }) => [k.id, k.tasks]));
    expect(byId[kp.a]).toEqual({ total: 2, byStatus: STATUSES({ accepted: 1, in_progress: 1 }), overdue: 1, averageProgress: 70 });
    expect(byId[kp.b]).toEqual({
      total: 4,
      byStatus: STATUSES({ in_progress: 1, cancelled: 1, planned: 2 }),
      overdue: 0,
      averageProgress: 23.3,
    });
    expect(byId[kp.c]).toEqual({ total: 1, byStatus: STATUSES({ cancelled: 1 }), overdue: 0, averageProgress: null });
    expect(plan.tasks).toEqual({
      total: 7,
      byStatus: STATUSES({ accepted: 1, in_progress: 2, planned: 2, cancelled: 2 }),
      overdue: 1,
      averageProgress: 42,
    });
    const listed = (await ok('GET', '/plans')).items.find((p: { id: string }) => p.id === planId);
    expect(listed.tasks).toEqual(plan.tasks);

    // The ledger filters by key point.
    const ofB = await ok('GET', `/tasks?keyPointId=${kp.b}`);
    expect(ofB.items.map((x: { id: string }) => x.id).sort()).toEqual([b1.id, dropped.id, moving.id, loose.id].sort());
    // Key point filters of GET /key-points.
    expect((await ok('GET', `/key-points?planId=${planId}&year=2027`)).items.map((k: { id: string }) => k.id)).toEqual([kp.c]);
    expect((await ok('GET', `/key-points?planId=${planId}&area=livelihood`)).items.map((k: { id: string }) => k.id)).toEqual([kp.b]);
    const bySpecialGroup = await ok('GET', `/key-points?planId=${planId}&specialGroup=services`);
    expect(bySpecialGroup.items).toEqual([expect.objectContaining({ id: kp.a, tasks: byId[kp.a] })]);
    expect((await t.request('GET', '/key-points?withoutTasks=maybe', { token: tok.dept })).status).toBe(400);
  });

  it('answers 404 for an unknown plan', async () => {
    expect((await t.request('GET', '/plans/nope', { token: tok.dept })).status).toBe(404);
    expect(
      (await t.request('POST', '/plans/nope/key-points', { token: tok.office, body: { year: 2026, title: 'x', area: 'livelihood' } }))
        .status,
    ).toBe(404);
  });
});
