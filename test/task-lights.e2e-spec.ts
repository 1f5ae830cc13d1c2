import { SetClock } from '#platform';
import { registerSpecialGroups } from './support/special-groups.js';
import { startTestApp, type TestApp } from './support/test-app.js';

// End-to-end: milestones that slip and the traffic lights (三色预警) of API.md: each milestone's
// `overdue`, each task's `light` judged at the moment asked (WARNING_WINDOW, default 7d), the
// ledger's `light` and `milestoneOverdue` filters, and the summary's `byLight`, now and as of a
// past moment.

let t: TestApp;
const tok = {} as Record<'office' | 'dept', string>;
const DAY = 86_400_000;
const FAR = '2030-06-30T18:00:00+08:00';
const PAST = '2020-01-31T18:00:00+08:00';
/** The app's "now", moved on by the spec (a moment before the tasks is told from theirs without waiting). */
const clock = new SetClock(Date.now());
const inDays = (days: number) => new Date(clock.now() + days * DAY).toISOString();

interface TaskJson {
  id: string;
  light: string | null;
  overdue: boolean;
  milestones: Array<{ id: string; overdue: boolean }>;
}

async function ok(method: 'GET' | 'POST', url: string, body?: unknown, status = method === 'GET' ? 200 : 201) {
  const res = await t.request(method, url, { token: tok.office, ...(body !== undefined ? { body } : {}) });
  expect([res.status, res.status === status ? '' : res.text]).toEqual([status, '']);
  return res.body;
}

const register = (title: string, over: Record<string, unknown> = {}): Promise<TaskJson> =>
  ok('POST', '/tasks', {
    title,
    area: 'government_services',
    specialGroup: 'services',
    leadUnit: 'data-bureau',
    responsible: '张伟',
    evaluationStandard: '按期完成',
    deadline: FAR,
    ...over,
  });

const titles = async (query: string) => ((await ok('GET', `/tasks?${query}`)).items as Array<{ title: string }>).map((x) => x.title);

beforeAll(async () => {
  t = await startTestApp({}, { clock });
  tok.office = await t.token('office-1', ['reform_office']);
  tok.dept = await t.token('dept-1', ['department'], 'data-bureau');
  await registerSpecialGroups(t, ['services']);
});
afterAll(async () => {
  await t.close();
});

describe('milestones that slip and traffic lights', () => {
  let before: string;
  const tasks = {} as Record<'late' | 'slipped' | 'soon' | 'calm' | 'done', TaskJson>;

  beforeAll(async () => {
    before = clock.nowIso();
    clock.set(clock.now() + 1_000);
    tasks.late = await register('逾期任务', { deadline: PAST });
    tasks.slipped = await register('节点滞后', {
      milestones: [
        { title: '试点', due: PAST },
        { title: '推广', due: FAR },
      ],
    });
    tasks.soon = await register('即将到期', { deadline: inDays(3) });
    tasks.calm = await register('按计划推进', { milestones: [{ title: '试点', due: '2029-12-31T18:00:00+08:00' }] });
    const done = await register('已验收', { deadline: PAST });
    await ok('POST', `/tasks/${done.id}/submit`, { evidence: '验收材料' }, 200);
    tasks.done = await ok('POST', `/tasks/${done.id}/accept`, {}, 200);
  });

  it('shows each milestone’s overdue and the task’s light, judged now', async () => {
    expect(tasks.late).toMatchObject({ overdue: true, light: 'red' });
    expect(tasks.slipped).toMatchObject({ overdue: false, light: 'red' });
    expect(tasks.slipped.milestones.map((m) => m.overdue)).toEqual([true, false]);
    expect(tasks.soon).toMatchObject({ overdue: false, light: 'yellow' });
    expect(tasks.calm).toMatchObject({ overdue: false, light: 'green', milestones: [{ overdue: false }] });
    expect(tasks.done).toMatchObject({ status: 'accepted', overdue: false, light: null });
    // The answer of a GET is the same, and a completed milestone no longer slips.
    expect(await ok('GET', `/tasks/${tasks.slipped.id}`)).toMatchObject({ light: 'red' });
    const completed = await ok(
      'POST',
      `/tasks/${tasks.slipped.id}/milestones/${tasks.slipped.milestones[0]!.id}/complete`,
      { note: '试点完成' },
      200,
    );
    expect(completed).toMatchObject({ light: 'green', milestones: [{ overdue: false }, { overdue: false }] });
    await ok('POST', '/tasks', {
      title: '第二个滞后节点',
      area: 'government_services',
      specialGroup: 'services',
      leadUnit: 'data-bureau',
      responsible: '张伟',
      evaluationStandard: '按期完成',
      deadline: FAR,
      milestones: [{ title: '摸底', due: PAST }],
    });
  });

  it('filters the ledger by light and by a slipped milestone, and refuses an unknown light', async () => {
    expect(await titles('light=red')).toEqual(['逾期任务', '第二个滞后节点']);
    expect(await titles('light=yellow')).toEqual(['即将到期']);
    expect(await titles('light=green')).toEqual(['节点滞后', '按计划推进']);
    expect(await titles('milestoneOverdue=true')).toEqual(['第二个滞后节点']);
    expect(await titles('milestoneOverdue=true&light=red&status=planned')).toEqual(['第二个滞后节点']);
    expect(await titles('light=red&q=逾期')).toEqual(['逾期任务']);
    for (const q of ['light=amber', 'milestoneOverdue=yes']) {
      const res = await t.request('GET', `/tasks?${q}`, { token: tok.dept });
      expect(res.status).toBe(400);
      expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual([q.split('=')[0]]);
    }
  });

  it('counts the lights in the summary, now and as of a moment before the tasks', async () => {
    const now = await ok('GET', '/tasks/summary');
    expect(now.byLight).toEqual({ red: 2, yellow: 1, green: 2 });
    expect(now.total).toBe(6);
    const asOfNow = await ok('GET', `/tasks/summary?asOf=${encodeURIComponent(clock.nowIso())}`);
    expect(asOfNow.byLight).toEqual(now.byLight);
    const earlier = await ok('GET', `/tasks/summary?asOf=${encodeURIComponent(before)}`);
    expect(earlier).toMatchObject({ total: 0, byLight: { red: 0, yellow: 0, green: 0 } });
    // `year` narrows the lights too: only the task due in three days has its deadline in that year.
    const year = new Date(Date.parse(inDays(3)) + 8 * 3_600_000).getUTCFullYear();
    expect((await ok('GET', `/tasks/summary?year=${year}`)).byLight).toEqual({ red: 0, yellow: 1, green: 0 });
  });
});
