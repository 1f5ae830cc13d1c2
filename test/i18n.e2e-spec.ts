import { registerSpecialGroups } from './support/special-groups.js';
import { startTestApp, type TestApp } from './support/test-app.js';

// Language: Simplified Chinese by default, English with Accept-Language: en; `code`, `status`,
// field paths and enum values are the same in both, times inside text are Beijing time.

let t: TestApp;
let office: string;
let taskId: string;

beforeAll(async () => {
  t = await startTestApp();
  office = await t.token('office-1', ['reform_office']);
  await registerSpecialGroups(t, ['government-services-group']);
  const res = await t.request('POST', '/tasks', {
    token: office,
    body: {
      title: '深化一网通办改革',
      area: 'government_services',
      specialGroup: 'government-services-group',
      leadUnit: 'transport-bureau',
      responsible: '张伟',
      evaluationStandard: '1200 项事项全程网办',
      deadline: '2030-06-30T18:00:00+08:00',
      milestones: [],
    },
  });
  expect(res.status).toBe(201);
  taskId = res.body.id;
});

afterAll(async () => {
  await t?.close();
});

describe('a refusal', () => {
  const accept = (headers: Record<string, string> = {}) => t.request('POST', `/tasks/${taskId}/accept`, { token: office, body: {}, headers });

  it('is in Chinese by default', async () => {
    const res = await accept();
    expect(res.status).toBe(409);
    expect(res.headers['content-language']).toBe('zh-CN');
    expect(res.body).toMatchObject({ code: 'TASK.NOT_SUBMITTED', title: '任务未报送', detail: `改革任务 ${taskId} 当前状态为 planned，尚未报送验收。` });
  });

  it('is in English with Accept-Language: en, with the same code and status', async () => {
    const res = await accept({ 'accept-language': 'en-GB,en;q=0.9,zh;q=0.1' });
    expect(res.status).toBe(409);
    expect(res.headers['content-language']).toBe('en');
    expect(res.body).toMatchObject({ code: 'TASK.NOT_SUBMITTED', title: 'Task not submitted', detail: `Reform task ${taskId} is planned, not submitted.` });
  });

  it('shows times in Beijing time, whatever the request wrote', async () => {
    const same = (headers: Record<string, string> = {}) =>
      t.request('POST', `/tasks/${taskId}/deadline`, { token: office, body: { deadline: '2030-06-30T10:00:00Z', reason: '调整' }, headers });
    expect((await same()).body).toMatchObject({ code: 'TASK.DEADLINE_UNCHANGED', detail: '完成时限已是 2030-06-30 18:00，无需调整。' });
    expect((await same({ 'accept-language': 'en' })).body).toMatchObject({ code: 'TASK.DEADLINE_UNCHANGED', detail: 'The deadline is already 2030-06-30 18:00.' });
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
    const over = (headers: Record<string, string> = {}) => t.request('POST', `/tasks/${taskId}/progress`, { token: office, body: { percent: 150, note: '超额' }, headers });
    const zh = await over();
    expect(zh.status).toBe(400);
    expect(zh.body).toMatchObject({ code: 'TASK.PROGRESS_OUT_OF_RANGE', title: '进度超出范围', errors: [{ path: 'percent', message: 'percent 必须是 0 到 100 之间的数。' }] });
    const en = await over({ 'accept-language': 'en' });
    expect(en.body).toMatchObject({ code: 'TASK.PROGRESS_OUT_OF_RANGE', title: 'Progress out of range', errors: [{ path: 'percent', message: 'percent must be a number from 0 to 100.' }] });
  });

  it('lists allowed enum values as they are, in either language', async () => {
    const res = await t.request('GET', '/tasks?status=late', { token: office });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].path).toBe('status');
    expect(res.body.errors[0].message).toMatch(/^status 必须是以下值之一：planned, in_progress, submitted, accepted/);
  });
});

it('the OpenAPI document describes Accept-Language on every route', async () => {
  const doc = (await t.request('GET', '/docs-json')).body as { paths: Record<string, Record<string, { parameters?: { name: string; in: string }[] }>> };
  const operations = Object.entries(doc.paths).flatMap(([p, ops]) => Object.entries(ops).map(([method, op]) => ({ route: `${method} ${p}`, op })));
  expect(operations.length).toBeGreaterThan(30);
  const without = operations.filter(({ op }) => !(op.parameters ?? []).some((q) => q.in === 'header' && q.name === 'Accept-Language'));
  expect(without.map((o) => o.route)).toEqual([]);
});
