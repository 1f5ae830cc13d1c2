import { SetClock } from '#platform';
import { registerSpecialGroups } from './support/special-groups.js';
import { startTestApp, type TestApp } from './support/test-app.js';

// End-to-end: institutional documents on tasks, and the ledger summary now and as it stood at a
// past moment (`asOf`): a task registered later is absent, one accepted later is not accepted,
// overdue is judged at `asOf`.

let t: TestApp;
const tok = {} as Record<'office' | 'dept' | 'otherDept' | 'member', string>;
/** The app's "now", moved on by the spec: two events a `tick` apart have different times, without waiting. */
const clock = new SetClock(Date.now());
const tick = () => clock.set(clock.now() + 1_000);

async function ok(method: 'GET' | 'POST', url: string, body?: unknown, token = tok.office, status = method === 'GET' ? 200 : 201) {
  const res = await t.request(method, url, { token, ...(body !== undefined ? { body } : {}) });
  expect([res.status, res.status === status ? '' : res.text]).toEqual([status, '']);
  return res.body;
}

const taskBody = (over: Record<string, unknown> = {}) => ({
  title: '改革任务',
  area: 'government_services',
  specialGroup: 'services',
  leadUnit: 'data-bureau',
  responsible: '张伟',
  evaluationStandard: '按期完成',
  deadline: '2030-06-30T18:00:00+08:00',
  ...over,
});
const doc = { title: '关于深化“一网通办”改革的实施意见', docNumber: '长府发〔2026〕3号', issuer: '长春市人民政府', issuedAt: '2026-03-01' };

beforeAll(async () => {
  t = await startTestApp({}, { clock });
  tok.office = await t.token('office-1', ['reform_office']);
  tok.dept = await t.token('dept-1', ['department'], 'data-bureau');
  tok.otherDept = await t.token('dept-2', ['department'], 'water-bureau');
  tok.member = await t.token('member-1', ['committee_member']);
  await registerSpecialGroups(t, ['services', 'city']);
});
afterAll(async () => {
  await t.close();
});

describe('institutional documents', () => {
  it('are recorded by the lead unit (201 with the task), listed on it, refused to another unit and on a bad date', async () => {
    const task = await ok('POST', '/tasks', taskBody());
    const res = await t.request('POST', `/tasks/${task.id}/documents`, {
      token: tok.dept,
      body: { ...doc, url: 'https://www.changchun.gov.cn/doc/3' },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      id: task.id,
      revision: 1,
      documents: [{ id: expect.any(String), ...doc, issuedAt: expect.any(String), url: 'https://www.changchun.gov.cn/doc/3' }],
    });
    expect((await ok('GET', `/tasks/${task.id}`)).documents).toHaveLength(1);
    expect((await t.request('POST', `/tasks/${task.id}/documents`, { token: tok.otherDept, body: doc })).status).toBe(403);
    expect((await t.request('POST', `/tasks/${task.id}/documents`, { token: tok.dept, body: doc })).status).toBe(409);
    const before = await t.head();
    const bad = await t.request('POST', `/tasks/${task.id}/documents`, {
      token: tok.dept,
      body: { ...doc, docNumber: 'x', issuedAt: 'soon' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path)).toEqual(['issuedAt']);
    const missing = await t.request('POST', `/tasks/${task.id}/documents`, { token: tok.dept, body: { title: 'x' } });
    expect(missing.status).toBe(400);
    expect(await t.head()).toBe(before);
  });
});

describe('the ledger summary now and as of a past moment', () => {
  it('answers the counts as they stood: before and after a registration and an acceptance', async () => {
    const base = await ok('GET', '/tasks/summary');
    tick();
    const a = await ok(
      'POST',
      '/tasks',
      taskBody({ specialGroup: 'city', leadUnit: 'water-bureau', area: 'urban_development', deadline: '2031-03-31T18:00:00+08:00' }),
    );
    tick();
    const t1 = clock.nowIso();
    tick();
    const b = await ok(
      'POST',
      '/tasks',
      taskBody({
        specialGroup: 'city',
        leadUnit: 'water-bureau',
        area: 'urban_development',
        deadline: new Date(clock.now() + 3_600_000).toISOString(),
      }),
    );
    tick();
    const t2 = clock.nowIso();
    tick();
    await ok('POST', `/tasks/${a.id}/progress`, { percent: 100, note: '完成' }, tok.office, 200);
    await ok('POST', `/tasks/${a.id}/submit`, { evidence: '材料' }, tok.office, 200);
    await ok('POST', `/tasks/${a.id}/accept`, {}, tok.office, 200);
    await ok('POST', `/tasks/${a.id}/documents`, { ...doc, docNumber: '长府发〔2026〕9号' });
    tick();
    const t3 = clock.nowIso();

    const at = async (asOf: string, extra = '') => ok('GET', `/tasks/summary?asOf=${encodeURIComponent(asOf)}${extra}`);
    const s1 = await at(t1);
    const s2 = await at(t2);
    const s3 = await at(t3);
    const live = await ok('GET', '/tasks/summary');
    expect(s1.asOf).toBe(t1);
    // Before b's registration: only a (planned) beyond the baseline.
    expect(s1.total).toBe(base.total + 1);
    expect(s1.bySpecialGroup.city).toEqual({ total: 1, accepted: 0, overdue: 0, pendingExtensions: 0, reportOverdue: 0 });
    expect(s1.byUnit['water-bureau']).toEqual({ total: 1, accepted: 0, overdue: 0, pendingExtensions: 0, reportOverdue: 0 });
    // After b's registration, before a's acceptance.
    expect(s2.total).toBe(base.total + 2);
    expect(s2.byStatus.accepted).toBe(base.byStatus.accepted);
    expect(s2.bySpecialGroup.city).toEqual({ total: 2, accepted: 0, overdue: 0, pendingExtensions: 0, reportOverdue: 0 });
    expect(s2.documents).toBe(base.documents);
    // After the acceptance and a's document.
    expect(s3.byStatus.accepted).toBe(base.byStatus.accepted + 1);
    expect(s3.bySpecialGroup.city).toEqual({ total: 2, accepted: 1, overdue: 0, pendingExtensions: 0, reportOverdue: 0 });
    expect(s3.byArea.urban_development).toEqual({ total: 2, accepted: 1, overdue: 0, pendingExtensions: 0, reportOverdue: 0 });
    expect(s3.documents).toBe(base.documents + 1);
    // The live summary says what the as-of summary says at the same moment.
    expect({ ...live, asOf: null }).toEqual({ ...s3, asOf: null });
    // Overdue is judged at asOf: b's deadline is an hour away, so two hours on it is overdue.
    const later = await at(new Date(clock.now() + 7_200_000).toISOString());
    expect(later.bySpecialGroup.city).toEqual({ total: 2, accepted: 1, overdue: 1, pendingExtensions: 0, reportOverdue: 0 });
    // `year`: tasks whose deadline falls in that year (Beijing time): a's 2031-03-31.
    const y2031 = await at(t3, '&year=2031');
    expect(y2031.bySpecialGroup).toEqual({ city: { total: 1, accepted: 1, overdue: 0, pendingExtensions: 0, reportOverdue: 0 } });
    expect(y2031.documents).toBe(1);
    expect((await ok('GET', '/tasks/summary?year=2031')).bySpecialGroup).toEqual({
      city: { total: 1, accepted: 1, overdue: 0, pendingExtensions: 0, reportOverdue: 0 },
    });
    expect(b.id).toBeDefined();
  });

  it('refuses a malformed asOf or year (400 naming the field)', async () => {
    for (const [query, path] of [
      ['asOf=yesterday', 'asOf'],
      ['asOf=2026-01-01T00:00:00', 'asOf'],
      ['year=twenty', 'year'],
      ['year=1800', 'year'],
    ]) {
      const res = await t.request('GET', `/tasks/summary?${query}`, { token: tok.member });
      expect(res.status).toBe(400);
      expect([...new Set(res.body.errors.map((e: { path: string }) => e.path))]).toEqual([path]);
    }
  });
});
