import { SetClock } from '#platform';
import { registerSpecialGroups } from './support/special-groups.js';
import { startTestApp, type TestApp } from './support/test-app.js';

// End-to-end: GET /tasks in a chosen order (sort, keyset cursor kept with it) and as of a past
// moment (asOf: the red list of the cockpit's "as of" date), against the booted app.

const clock = new SetClock('2026-01-01T09:00:00+08:00');
let t: TestApp;
let office: string;
const ids: Record<'a' | 'b' | 'c', string> = { a: '', b: '', c: '' };

async function ok(method: 'GET' | 'POST', url: string, body?: unknown) {
  const res = await t.request(method, url, { token: office, ...(body !== undefined ? { body } : {}) });
  if (res.status >= 300) throw new Error(`${method} ${url}: ${res.status} ${res.text}`);
  return res.body;
}

const register = async (title: string, deadline: string): Promise<string> =>
  (
    await ok('POST', '/tasks', {
      title,
      area: 'government_services',
      specialGroup: 'government-services-group',
      leadUnit: 'order-unit',
      responsible: 'Zhang Wei',
      evaluationStandard: 'Done',
      deadline,
    })
  ).id;

const titles = (page: { items: Array<{ title: string }> }) => page.items.map((i) => i.title);

beforeAll(async () => {
  t = await startTestApp({}, { clock });
  office = await t.token('office-order', ['reform_office']);
  await registerSpecialGroups(t, ['government-services-group']);
  ids.a = await register('甲 二月到期', '2026-02-01');
  ids.b = await register('乙 三月到期', '2026-03-01');
  ids.c = await register('丙 一月到期', '2026-01-20');
  // On 15 February the office accepts 丙, late: red until then, no light after.
  clock.set('2026-02-15T10:00:00+08:00');
  await ok('POST', `/tasks/${ids.c}/submit`, { evidence: '已完成' });
  await ok('POST', `/tasks/${ids.c}/accept`, {});
});

afterAll(async () => {
  await t?.close();
});

describe('GET /tasks?sort=', () => {
  it('orders every page by the field, the cursor keeping the order', async () => {
    const first = await ok('GET', '/tasks?sort=-deadline&limit=2');
    expect(titles(first)).toEqual(['乙 三月到期', '甲 二月到期']);
    const second = await ok('GET', `/tasks?sort=-deadline&limit=2&cursor=${first.nextCursor}`);
    expect([titles(second), second.nextCursor]).toEqual([['丙 一月到期'], null]);
    expect(titles(await ok('GET', '/tasks?sort=deadline'))).toEqual(['丙 一月到期', '甲 二月到期', '乙 三月到期']);
    // Red first: 甲 is past its deadline; 乙 is within its warning window or green; 丙, accepted, has no light.
    expect(titles(await ok('GET', '/tasks?sort=light')).at(0)).toBe('甲 二月到期');
    expect(titles(await ok('GET', '/tasks?sort=light')).at(-1)).toBe('丙 一月到期');
    expect(titles(await ok('GET', '/tasks?sort=-updatedAt')).at(0)).toBe('丙 一月到期');
  });

  it('refuses an unknown sort, a cursor of another order, and a sort or asOf with q, naming the field', async () => {
    const bad = await t.request('GET', '/tasks?sort=title', { token: office });
    expect([bad.status, bad.body.errors.map((e: { path: string }) => e.path)]).toEqual([400, ['sort']]);
    const first = await ok('GET', '/tasks?sort=deadline&limit=1');
    for (const url of [`/tasks?sort=progress&cursor=${first.nextCursor}`, `/tasks?cursor=${first.nextCursor}`]) {
      const foreign = await t.request('GET', url, { token: office });
      expect([url, foreign.status, foreign.body.errors.map((e: { path: string }) => e.path)]).toEqual([url, 400, ['cursor']]);
    }
    const withQ = await t.request('GET', '/tasks?q=%E7%94%B2&sort=deadline&asOf=2026-02-01T00:00:00%2B08:00', {
      token: office,
      headers: { 'accept-language': 'zh-CN' },
    });
    expect(withQ.status).toBe(400);
    expect(withQ.body.errors).toEqual([
      { path: 'sort', message: expect.stringContaining('不能与文本搜索 q 同时使用') },
      { path: 'asOf', message: expect.stringContaining('不能与文本搜索 q 同时使用') },
    ]);
  });
});

describe('GET /tasks?asOf=', () => {
  it('lists the tasks red at that moment, as the as-of summary counts them', async () => {
    expect(titles(await ok('GET', '/tasks?light=red'))).toEqual(['甲 二月到期']);
    const asOf = encodeURIComponent('2026-02-10T23:59:59.999+08:00');
    const then = await ok('GET', `/tasks?light=red&sort=deadline&asOf=${asOf}`);
    expect(then.items.map((i: { title: string; status: string; light: string }) => [i.title, i.status, i.light])).toEqual([
      ['丙 一月到期', 'planned', 'red'],
      ['甲 二月到期', 'planned', 'red'],
    ]);
    expect((await ok('GET', `/tasks/summary?asOf=${asOf}`)).byLight.red).toBe(2);
    // Before anything was registered, the ledger was empty.
    expect((await ok('GET', `/tasks?asOf=${encodeURIComponent('2025-12-31T00:00:00+08:00')}`)).items).toEqual([]);
  });
});
