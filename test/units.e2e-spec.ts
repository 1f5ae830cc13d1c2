import { registerSpecialGroups } from './support/special-groups.js';
import { startTestApp, type TestApp } from './support/test-app.js';

// End-to-end: the tree of units (四级联动), moves that would make a cycle, subtrees, and the
// roll-ups of a unit's tasks (`/units/:code/summary`, `GET /tasks?unitTree=`).

let t: TestApp;
const tok = {} as Record<'office' | 'admin' | 'dept', string>;

async function unit(code: string, level: string, parent?: string): Promise<void> {
  const res = await t.request('POST', '/units', {
    token: tok.office,
    body: { code, name: `单位 ${code}`, level, ...(parent ? { parent } : {}) },
  });
  expect(res.status).toBe(201);
}

async function task(leadUnit: string): Promise<string> {
  const res = await t.request('POST', '/tasks', {
    token: tok.office,
    body: {
      title: `任务 ${leadUnit}`,
      area: 'grassroots_governance',
      specialGroup: 'grassroots',
      leadUnit,
      responsible: '王芳',
      evaluationStandard: '网格全覆盖',
      deadline: '2030-06-30T18:00:00+08:00',
    },
  });
  expect(res.status).toBe(201);
  return res.body.id;
}

beforeAll(async () => {
  t = await startTestApp();
  tok.office = await t.token('office-1', ['reform_office']);
  tok.admin = await t.token('admin-1', ['admin']);
  tok.dept = await t.token('dept-1', ['department'], 'nanguan');
  await registerSpecialGroups(t, ['grassroots']);
  // city ← nanguan ← yongxing ← shengli; city ← chaoyang
  await unit('changchun', 'city');
  await unit('nanguan', 'district', 'changchun');
  await unit('yongxing', 'street', 'nanguan');
  await unit('shengli', 'community', 'yongxing');
  await unit('chaoyang', 'district', 'changchun');
});
afterAll(async () => {
  await t.close();
});

describe('units', () => {
  it('shows a unit with its ancestors (the top first) and children; 404 for a unit never registered', async () => {
    const res = await t.request('GET', '/units/yongxing', { token: tok.dept });
    expect(res.status).toBe(200);
    expect(res.headers['etag']).toBe('"0"');
    expect(res.body).toMatchObject({ code: 'yongxing', level: 'street', parent: 'nanguan', revision: 0 });
    expect(res.body.ancestors.map((u: { code: string }) => u.code)).toEqual(['changchun', 'nanguan']);
    expect(res.body.children).toEqual([{ code: 'shengli', name: '单位 shengli', level: 'community' }]);
    expect((await t.request('GET', '/units/nowhere', { token: tok.dept })).body.code).toBe('UNIT.NOT_FOUND');
    expect((await t.request('GET', '/units/%E5%8D%97', { token: tok.dept })).status).toBe(404);
  });

  it('refuses a duplicate (409), an unknown parent and a bad level (400), and anyone but the office or an admin (403)', async () => {
    const dup = await t.request('POST', '/units', { token: tok.office, body: { code: 'nanguan', name: 'x', level: 'district' } });
    expect([dup.status, dup.body.code]).toEqual([409, 'UNIT.ALREADY_EXISTS']);
    const parent = await t.request('POST', '/units', {
      token: tok.office,
      body: { code: 'lvyuan', name: 'x', level: 'district', parent: 'nowhere' },
    });
    expect([parent.status, parent.body.code, parent.body.errors?.[0]?.path]).toEqual([400, 'UNIT.UNKNOWN_PARENT', 'parent']);
    const level = await t.request('POST', '/units', { token: tok.office, body: { code: 'lvyuan', name: 'x', level: 'province' } });
    expect([level.status, level.body.errors?.[0]?.path]).toEqual([400, 'level']);
    expect((await t.request('POST', '/units', { token: tok.dept, body: { code: 'lvyuan', name: 'x', level: 'district' } })).status).toBe(
      403,
    );
    expect(
      (
        await t.request('POST', '/units', {
          token: tok.admin,
          body: { code: 'lvyuan', name: '绿园区', level: 'district', parent: 'changchun' },
        })
      ).status,
    ).toBe(201);
  });

  it('moves a subtree, and refuses a move under the unit itself or below it (400 UNIT.CYCLE on parent)', async () => {
    for (const parent of ['nanguan', 'yongxing', 'shengli']) {
      const res = await t.request('POST', '/units/nanguan/move', { token: tok.office, body: { parent } });
      expect([res.status, res.body.code, res.body.errors?.[0]?.path]).toEqual([400, 'UNIT.CYCLE', 'parent']);
    }
    await unit('qingming', 'street', 'chaoyang');
    const moved = await t.request('POST', '/units/qingming/move', { token: tok.office, body: { parent: 'nanguan' } });
    expect([moved.status, moved.body.parent, moved.body.ancestors.map((u: { code: string }) => u.code)]).toEqual([
      200,
      'nanguan',
      ['changchun', 'nanguan'],
    ]);
    const same = await t.request('POST', '/units/qingming/move', { token: tok.office, body: { parent: 'nanguan' } });
    expect([same.status, same.body.code]).toEqual([409, 'UNIT.PARENT_UNCHANGED']);
    const under = await t.request('GET', '/units?under=nanguan&limit=2', { token: tok.dept });
    expect(under.body.items.map((u: { code: string }) => u.code)).toEqual(['nanguan', 'qingming']);
    const next = await t.request('GET', `/units?under=nanguan&cursor=${under.body.nextCursor}`, { token: tok.dept });
    expect([next.body.items.map((u: { code: string }) => u.code), next.body.nextCursor]).toEqual([['shengli', 'yongxing'], null]);
  });

  it('rolls tasks up the tree: the unit summary and GET /tasks?unitTree=', async () => {
    const city = await task('changchun');
    const street = await task('yongxing');
    const community = await task('shengli');
    const other = await task('chaoyang');
    const legacy = await task('市民政局');
    const summary = await t.request('GET', '/units/nanguan/summary', { token: tok.dept });
    expect(summary.status).toBe(200);
    expect(summary.body).toMatchObject({
      unit: 'nanguan',
      registered: true,
      own: { total: 0 },
      subtree: { total: 2, byStatus: { planned: 2 }, overdue: 0 },
    });
    expect((await t.request('GET', '/units/changchun/summary', { token: tok.dept })).body).toMatchObject({
      own: { total: 1 },
      subtree: { total: 4 },
    });
    // A lead unit nobody registered is a top-level unit: its own tasks are its subtree's.
    expect((await t.request('GET', `/units/${encodeURIComponent('市民政局')}/summary`, { token: tok.dept })).body).toMatchObject({
      registered: false,
      own: { total: 1 },
      subtree: { total: 1 },
    });
    const ids = async (code: string) =>
      (await t.request('GET', `/tasks?unitTree=${encodeURIComponent(code)}`, { token: tok.dept })).body.items.map(
        (x: { id: string }) => x.id,
      );
    expect(await ids('nanguan')).toEqual([street, community]);
    expect(await ids('changchun')).toEqual([city, street, community, other]);
    expect(await ids('市民政局')).toEqual([legacy]);
  });
});
