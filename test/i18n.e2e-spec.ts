import { registerSpecialGroups } from './support/special-groups.js';
import { startTestApp, type TestApp } from './support/test-app.js';

// Language: Simplified Chinese by default, English with Accept-Language: en; `code`, `status`,
// field paths and enum values are the same in both, times inside text are Beijing time.

let t: TestApp;
let office: string;
let taskId: string;
const task = {
  title: '深化一网通办改革',
  area: 'government_services',
  specialGroup: 'government-services-group',
  leadUnit: 'transport-bureau',
  responsible: '张伟',
  evaluationStandard: '1200 项事项全程网办',
  deadline: '2030-06-30T18:00:00+08:00',
  milestones: [],
};

beforeAll(async () => {
  t = await startTestApp();
  office = await t.token('office-1', ['reform_office']);
  await registerSpecialGroups(t, ['government-services-group']);
  const res = await t.request('POST', '/tasks', { token: office, body: task });
  expect(res.status).toBe(201);
  taskId = res.body.id;
});

afterAll(async () => {
  await t?.close();
});

describe('a refusal', () => {
  const accept = (headers: Record<string, string> = {}) =>
    t.request('POST', `/tasks/${taskId}/accept`, { token: office, body: {}, headers });

  it('is in Chinese by default', async () => {
    const res = await accept();
    expect(res.status).toBe(409);
    expect(res.headers['content-language']).toBe('zh-CN');
    expect(res.body).toMatchObject({
      code: 'TASK.NOT_SUBMITTED',
      title: '任务未报送',
      detail: `改革任务 ${taskId} 当前状态为 planned，尚未报送验收。`,
    });
  });

  it('is in English with Accept-Language: en, with the same code and status', async () => {
    const res = await accept({ 'accept-language': 'en-GB,en;q=0.9,zh;q=0.1' });
    expect(res.status).toBe(409);
    expect(res.headers['content-language']).toBe('en');
    expect(res.body).toMatchObject({
      code: 'TASK.NOT_SUBMITTED',
      title: 'Task not submitted',
      detail: `Reform task ${taskId} is planned, not submitted.`,
    });
  });

  it('shows times in Beijing time, whatever the request wrote', async () => {
    const same = (headers: Record<string, string> = {}) =>
      t.request('POST', `/tasks/${taskId}/deadline`, {
        token: office,
        body: { deadline: '2030-06-30T10:00:00Z', reason: '调整' },
        headers,
      });
    expect((await same()).body).toMatchObject({ code: 'TASK.DEADLINE_UNCHANGED', detail: '完成时限已是 2030-06-30 18:00，无需调整。' });
    expect((await same({ 'accept-language': 'en' })).body).toMatchObject({
      code: 'TASK.DEADLINE_UNCHANGED',
      detail: 'The deadline is already 2030-06-30 18:00.',
    });
  });

  it('of the HTTP layer (no token) is worded too', async () => {
    const res = await t.request('GET', '/tasks');
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ code: 'AUTH.TOKEN_REQUIRED', title: '需要登录', detail: '请求须携带 Bearer 令牌。' });
  });
});

describe('a validation error', () => {
  const progress = (headers: Record<string, string> = {}) =>
    t.request('POST', `/tasks/${taskId}/progress`, { token: office, body: { percent: 12.5, note: '  ', extra: 1 }, headers });

  it('names each field and the rule it breaks, in Chinese by default', async () => {
    const res = await progress();
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('REQUEST.INVALID');
    expect(res.body.title).toBe('请求未通过校验');
    expect(res.body.errors).toEqual(
      expect.arrayContaining([
        { path: 'percent', message: 'percent 必须是整数' },
        { path: 'note', message: 'note 不能为空白' },
        { path: 'extra', message: '不接受字段 extra' },
      ]),
    );
    expect(res.body.detail).toContain('percent 必须是整数');
  });

  it('in English with Accept-Language: en, same code and paths', async () => {
    const zh = await progress();
    const res = await progress({ 'accept-language': 'en' });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('REQUEST.INVALID');
    expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual(zh.body.errors.map((e: { path: string }) => e.path));
    expect(res.body.errors).toEqual(
      expect.arrayContaining([
        { path: 'percent', message: 'percent must be an integer number' },
        { path: 'note', message: 'note must not be blank' },
      ]),
    );
  });

  it("a decider's field refusal is worded the same way, with its own code", async () => {
    const over = (headers: Record<string, string> = {}) =>
      t.request('POST', `/tasks/${taskId}/progress`, { token: office, body: { percent: 150, note: '超额' }, headers });
    const zh = await over();
    expect(zh.status).toBe(400);
    expect(zh.body).toMatchObject({
      code: 'TASK.PROGRESS_OUT_OF_RANGE',
      title: '进度超出范围',
      errors: [{ path: 'percent', message: 'percent 必须是 0 到 100 之间的数。' }],
    });
    const en = await over({ 'accept-language': 'en' });
    expect(en.body).toMatchObject({
      code: 'TASK.PROGRESS_OUT_OF_RANGE',
      title: 'Progress out of range',
      errors: [{ path: 'percent', message: 'percent must be a number from 0 to 100.' }],
    });
  });

  it('lists allowed enum values as codes with their words, in either language', async () => {
    const zh = await t.request('GET', '/tasks?status=late', { token: office });
    expect(zh.status).toBe(400);
    expect(zh.body.errors).toEqual([
      {
        path: 'status',
        message:
          'status 必须是以下值之一：planned（未启动）、in_progress（推进中）、submitted（待验收）、accepted（已验收）、cancelled（已取消）',
      },
    ]);
    const en = await t.request('GET', '/tasks?status=late', { token: office, headers: { 'accept-language': 'en' } });
    expect(en.body.errors[0].message).toBe(
      'status must be one of the following values: planned (not started), in_progress (in progress), submitted (awaiting ' +
        'acceptance), accepted (accepted), cancelled (cancelled)',
    );
  });

  it('names a reform area by its Chinese words (区域: 实体经济 …), and a role of each element', async () => {
    const body = { ...task, area: 'economy' };
    const res = await t.request('POST', '/tasks', { token: office, body });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([
      { path: 'area', message: expect.stringMatching(/^area 必须是以下值之一：real_economy（实体经济）、agriculture_rural（农业农村）、/) },
    ]);
    expect(res.body.errors[0].message).toContain('party_conduct（管党治党）');
    const roles = await t.request('POST', '/auth/dev-token', { body: { sub: 'someone', roles: ['boss'] } });
    expect(roles.status).toBe(400);
    expect(roles.body.errors[0].message).toMatch(
      /^roles 中的每一项 必须是以下值之一：reform_office（改革办）、committee_member（深改委成员）/,
    );
  });

  it('a value outside a list without words (a format) is listed as it is', async () => {
    const res = await t.request('GET', '/tasks/export?format=pdf', { token: office });
    expect(res.body.errors).toEqual([{ path: 'format', message: 'format 必须是以下值之一：xlsx, csv' }]);
  });
});

describe('a missing required field', () => {
  it('gets one message saying it is required, not one per rule it breaks', async () => {
    const { specialGroup: _, ...body } = task;
    const zh = await t.request('POST', '/tasks', { token: office, body });
    expect(zh.status).toBe(400);
    expect(zh.body).toMatchObject({
      code: 'REQUEST.INVALID',
      detail: '请求有误：specialGroup 为必填项',
      errors: [{ path: 'specialGroup', message: 'specialGroup 为必填项' }],
    });
    const en = await t.request('POST', '/tasks', { token: office, body, headers: { 'accept-language': 'en' } });
    expect(en.body.errors).toEqual([{ path: 'specialGroup', message: 'specialGroup is required' }]);
  });

  it('null is missing too; an empty body names each required field once', async () => {
    const nulled = await t.request('POST', '/tasks', { token: office, body: { ...task, title: null } });
    expect(nulled.body.errors).toEqual([{ path: 'title', message: 'title 为必填项' }]);
    const empty = await t.request('POST', `/tasks/${taskId}/progress`, { token: office, body: {} });
    expect(empty.body.errors).toEqual([
      { path: 'percent', message: 'percent 为必填项' },
      { path: 'note', message: 'note 为必填项' },
    ]);
  });

  it('an unknown field sent as null is still refused as unknown', async () => {
    const res = await t.request('POST', '/tasks', { token: office, body: { ...task, colour: null } });
    expect(res.body.errors).toEqual([{ path: 'colour', message: '不接受字段 colour' }]);
  });
});

it('the OpenAPI document describes Accept-Language on every route', async () => {
  const doc = (await t.request('GET', '/docs-json')).body as {
    paths: Record<string, Record<string, { parameters?: { name: string; in: string }[] }>>;
  };
  const operations = Object.entries(doc.paths).flatMap(([p, ops]) =>
    Object.entries(ops).map(([method, op]) => ({ route: `${method} ${p}`, op })),
  );
  expect(operations.length).toBeGreaterThan(30);
  const without = operations.filter(({ op }) => !(op.parameters ?? []).some((q) => q.in === 'header' && q.name === 'Accept-Language'));
  expect(without.map((o) => o.route)).toEqual([]);
});
