import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SignJWT } from 'jose';
import type { Role } from '#domain';
import { ConfigError, loadConfig } from '#platform';
import { signDevToken } from '../apps/api/src/auth/dev-token.js';
import { registerSpecialGroups } from './support/special-groups.js';
import { startTestApp, TEST_SECRET, type TestApp } from './support/test-app.js';

// End-to-end: "Reform tasks" and "Committee decisions" of API.md against the booted app, a
// temporary embedded store and the real Redis (private key prefix).

const UNIT = 'transport-bureau';
const FUTURE = '2030-06-30T18:00:00+08:00';
const PAST = '2020-01-31T18:00:00+08:00';
const PROBLEM = 'application/problem+json';

type Res = Awaited<ReturnType<TestApp['request']>>;
/** A task as the API answers it (the fields these specs read). */
interface TaskJson {
  id: string;
  status: string;
  overdue: boolean;
  revision: number;
  milestones: Array<{ id: string }>;
}

let t: TestApp;
const tok = {} as Record<'office' | 'member' | 'inspector' | 'admin' | 'dept' | 'otherDept' | 'nobody', string>;
let seq = 0;

function taskBody(over: Record<string, unknown> = {}): Record<string, unknown> {
  seq += 1;
  return {
    title: `一网通办 task ${seq}`,
    area: 'government_services',
    specialGroup: 'government-services-group',
    leadUnit: UNIT,
    responsible: 'Zhang Wei',
    evaluationStandard: 'All 1,200 items can be handled online',
    deadline: FUTURE,
    milestones: [{ title: 'Pilot in two centres', due: '2030-01-31T18:00:00+08:00' }],
    ...over,
  };
}

async function register(over: Record<string, unknown> = {}): Promise<TaskJson> {
  const res = await t.request('POST', '/tasks', { token: tok.office, body: taskBody(over) });
  expect(res.status).toBe(201);
  return res.body;
}

/** A task moved to `status` through the API. */
async function taskIn(
  status: 'planned' | 'in_progress' | 'submitted' | 'accepted' | 'cancelled',
  over: Record<string, unknown> = {},
): Promise<TaskJson> {
  let task = await register(over);
  const step = async (url: string, body: unknown) => {
    const res = await t.request('POST', `/tasks/${task.id}/${url}`, { token: tok.office, body });
    expect(res.status).toBe(200);
    task = res.body;
  };
  if (status === 'cancelled') await step('cancel', { reason: 'merged into another task' });
  if (status === 'in_progress' || status === 'submitted' || status === 'accepted') await step('progress', { percent: 30, note: 'started' });
  if (status === 'submitted' || status === 'accepted') await step('submit', { evidence: 'Online portal live' });
  if (status === 'accepted') await step('accept', {});
  expect(task.status).toBe(status);
  return task;
}

function expectProblem(res: Res, status: number): void {
  expect(res.status).toBe(status);
  expect(String(res.headers['content-type'])).toContain(PROBLEM);
  expect(res.body).toMatchObject({ status, type: expect.any(String), title: expect.any(String), detail: expect.any(String) });
}

function expectFieldErrors(res: Res, ...paths: string[]): void {
  expectProblem(res, 400);
  expect(Array.isArray(res.body.errors)).toBe(true);
  for (const e of res.body.errors) expect(e).toEqual({ path: expect.any(String), message: expect.any(String) });
  for (const p of paths) expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(p);
}

/** Runs `act` and checks that the store's head did not move (nothing appended). */
async function appendsNothing<T>(act: () => Promise<T>): Promise<T> {
  const before = await t.head();
  const result = await act();
  expect(await t.head()).toBe(before);
  return result;
}

beforeAll(async () => {
  t = await startTestApp();
  tok.office = await t.token('office-1', ['reform_office']);
  tok.member = await t.token('member-1', ['committee_member']);
  tok.inspector = await t.token('inspector-1', ['inspector']);
  tok.admin = await t.token('admin-1', ['admin']);
  tok.dept = await t.token('dept-1', ['department'], UNIT);
  tok.otherDept = await t.token('dept-2', ['department'], 'water-bureau');
  tok.nobody = await t.token('nobody-1', []);
  await registerSpecialGroups(t, ['government-services-group']);
});
afterAll(async () => {
  await t.close();
});

describe('reform tasks', () => {
  it('registers a task (201) with its roadmap, and GET /tasks/:id answers it with an ETag', async () => {
    const plan = await t.request('POST', '/plans', { token: tok.office, body: { title: '改革规划', periodFrom: 2026, periodTo: 2030 } });
    const keyPoint = await t.request('POST', `/plans/${plan.body.id}/key-points`, {
      token: tok.office,
      body: { year: 2030, title: '2030 key point 3', area: 'government_services' },
    });
    expect(keyPoint.status).toBe(201);
    const body = taskBody({ keyPointId: keyPoint.body.id });
    const res = await t.request('POST', '/tasks', { token: tok.office, body });
    expect(res.status).toBe(201);
    expect(res.headers['etag']).toBe('"0"');
    expect(res.body).toMatchObject({
      title: body['title'],
      area: 'government_services',
      specialGroup: 'government-services-group',
      leadUnit: UNIT,
      responsible: 'Zhang Wei',
      evaluationStandard: body['evaluationStandard'],
      keyPointId: keyPoint.body.id,
      progress: 0,
      status: 'planned',
      overdue: false,
      revision: 0,
      milestones: [{ id: expect.any(String), title: 'Pilot in two centres', completedAt: null }],
    });
    expect(Date.parse(res.body.deadline)).toBe(Date.parse(FUTURE));
    expect(res.body.createdAt).toEqual(expect.any(String));
    expect(res.body.updatedAt).toEqual(expect.any(String));
    const got = await t.request('GET', `/tasks/${res.body.id}`, { token: tok.inspector });
    expect(got.status).toBe(200);
    expect(got.headers['etag']).toBe('"0"');
    expect(got.body).toEqual(res.body);
  });

  it('walks a task through progress, milestone, deadline, submit, return, submit, accept; each answer agrees with a GET', async () => {
    const task = await register();
    const milestoneId = task.milestones[0].id;
    const steps: Array<[string, string, unknown, Record<string, unknown>]> = [
      [tok.dept, 'progress', { percent: 40, note: 'half the centres online' }, { progress: 40, status: 'in_progress' }],
      [tok.dept, `milestones/${milestoneId}/complete`, { note: 'pilot done' }, {}],
      [tok.office, 'deadline', { deadline: '2031-01-01T00:00:00+08:00', reason: 'scope grew' }, {}],
      [tok.dept, 'submit', { evidence: 'portal statistics attached' }, { status: 'submitted' }],
      [tok.office, 'return', { reason: 'evidence incomplete' }, { status: 'in_progress' }],
      [tok.office, 'submit', { evidence: 'full statistics attached' }, { status: 'submitted' }],
      [tok.office, 'accept', { comment: 'well done' }, { status: 'accepted', overdue: false }],
    ];
    let revision = 0;
    for (const [token, url, body, expected] of steps) {
      const res = await t.request('POST', `/tasks/${task.id}/${url}`, { token, body });
      expect({ url, status: res.status }).toEqual({ url, status: 200 });
      revision += 1;
      expect(res.body).toMatchObject({ ...expected, revision });
      expect(res.headers['etag']).toBe(`"${revision}"`);
      const got = await t.request('GET', `/tasks/${task.id}`, { token: tok.admin });
      expect(got.body).toEqual(res.body);
      expect(got.headers['etag']).toBe(res.headers['etag']);
    }
    const final = await t.request('GET', `/tasks/${task.id}`, { token: tok.admin });
    expect(final.body.milestones[0].completedAt).toEqual(expect.any(String));
    expect(Date.parse(final.body.deadline)).toBe(Date.parse('2031-01-01T00:00:00+08:00'));
    // An accepted task with a past deadline is never overdue (DOMAIN.md: "deadline passed and not accepted").
  });

  it('computes overdue against the current time, and the list and the summary agree with it', async () => {
    const group = `overdue-group-${Date.now()}`;
    await registerSpecialGroups(t, [group]);
    const late = await register({ specialGroup: group, deadline: PAST, area: 'livelihood' });
    await register({ specialGroup: group, deadline: FUTURE, area: 'livelihood' });
    expect(late.overdue).toBe(true);
    const overdue = await t.request('GET', `/tasks?specialGroup=${group}&overdue=true`, { token: tok.dept });
    expect(overdue.body.items.map((x: { id: string }) => x.id)).toEqual([late.id]);
    const onTime = await t.request('GET', `/tasks?specialGroup=${group}&overdue=false`, { token: tok.dept });
    expect(onTime.body.items).toHaveLength(1);
    expect(onTime.body.items[0].overdue).toBe(false);
    const summary = await t.request('GET', '/tasks/summary', { token: tok.member });
    expect(summary.status).toBe(200);
    expect(summary.body.byArea.livelihood.overdue).toBeGreaterThanOrEqual(1);
  });

  it('filters the ledger by area, specialGroup, leadUnit, status and text', async () => {
    const group = `filter-group-${Date.now()}`;
    await registerSpecialGroups(t, [group]);
    const a = await register({
      specialGroup: group,
      area: 'urban_development',
      leadUnit: 'water-bureau',
      title: '全面推行河长制 river chiefs',
    });
    const b = await register({ specialGroup: group, area: 'real_economy', leadUnit: UNIT, title: '长春国际汽车城 auto city' });
    const c = await taskIn('cancelled', { specialGroup: group, area: 'real_economy', leadUnit: UNIT, title: '长影旧址 film capital' });
    const ids = async (query: string) => {
      const res = await t.request('GET', `/tasks?specialGroup=${group}&${query}`, { token: tok.inspector });
      expect(res.status).toBe(200);
      return res.body.items.map((x: { id: string }) => x.id);
    };
    expect(await ids('area=urban_development')).toEqual([a.id]);
    expect(await ids('area=real_economy')).toEqual([b.id, c.id]);
    expect(await ids('leadUnit=water-bureau')).toEqual([a.id]);
    expect(await ids('status=cancelled')).toEqual([c.id]);
    expect(await ids('status=planned&area=real_economy')).toEqual([b.id]);
    expect(await ids(`q=${encodeURIComponent('河长制')}`)).toEqual([a.id]);
    expect(await ids(`q=${encodeURIComponent('汽车城')}`)).toEqual([b.id]);
    expect(await ids('q=auto')).toEqual([b.id]);
    // With q the page is ranked: title matches first, then the most recently registered.
    expect(await ids(`q=${encodeURIComponent('长')}`)).toEqual([c.id, b.id, a.id]);
    expect(await ids('q=nothing-like-this')).toEqual([]);
  });

  it('answers the summary with counts by status and by area', async () => {
    const before = (await t.request('GET', '/tasks/summary', { token: tok.nobody })).body;
    await taskIn('submitted', { area: 'party_conduct' });
    await taskIn('accepted', { area: 'party_conduct' });
    const after = (await t.request('GET', '/tasks/summary', { token: tok.nobody })).body;
    expect(after.total).toBe(before.total + 2);
    expect(after.byStatus.submitted).toBe(before.byStatus.submitted + 1);
    expect(after.byStatus.accepted).toBe(before.byStatus.accepted + 1);
    expect(after.byArea.party_conduct).toEqual({
      total: before.byArea.party_conduct.total + 2,
      accepted: before.byArea.party_conduct.accepted + 1,
      overdue: before.byArea.party_conduct.overdue,
      pendingExtensions: 0,
      reportOverdue: 0,
    });
    expect(Object.keys(after.byStatus).sort()).toEqual(['accepted', 'cancelled', 'in_progress', 'planned', 'submitted']);
    expect(Object.keys(after.byArea)).toHaveLength(7);
  });

  it('pages the ledger with a cursor over more than one page, without gaps or repeats', async () => {
    const group = `page-group-${Date.now()}`;
    await registerSpecialGroups(t, [group]);
    const made: string[] = [];
    for (let i = 0; i < 7; i++) made.push((await register({ specialGroup: group })).id);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res: Res = await t.request('GET', `/tasks?specialGroup=${group}&limit=3${cursor ? `&cursor=${cursor}` : ''}`, {
        token: tok.dept,
      });
      expect(res.status).toBe(200);
      expect(res.body.items.length).toBeLessThanOrEqual(3);
      seen.push(...res.body.items.map((x: { id: string }) => x.id));
      cursor = res.body.nextCursor;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual(made);
  });
});

describe('committee decisions', () => {
  it('records a decision (201) linked to ledger tasks; GET /decisions/:id answers it with an ETag', async () => {
    const task = await register();
    const res = await t.request('POST', '/decisions', {
      token: tok.member,
      body: {
        title: '关于推进一网通办的决定',
        content: 'The committee adopts the plan.',
        meetingId: 'meeting-1',
        taskIds: [task.id],
        matterIds: ['matter-1'],
        decidedAt: '2025-03-31T10:00:00+08:00',
      },
    });
    expect(res.status).toBe(201);
    expect(res.headers['etag']).toBe('"0"');
    expect(res.body).toEqual({
      id: expect.any(String),
      title: '关于推进一网通办的决定',
      content: 'The committee adopts the plan.',
      meetingId: 'meeting-1',
      taskIds: [task.id],
      matterIds: ['matter-1'],
      decidedAt: '2025-03-31T02:00:00.000Z',
      recordedBy: 'member-1',
      recordedAt: expect.any(String),
      revision: 0,
    });
    const got = await t.request('GET', `/decisions/${res.body.id}`, { token: tok.dept });
    expect(got.status).toBe(200);
    expect(got.headers['etag']).toBe('"0"');
    expect(got.body).toEqual(res.body);
  });

  it('refuses taskIds that are not on the ledger with a 400 naming them, appending nothing', async () => {
    const task = await register();
    const res = await appendsNothing(() =>
      t.request('POST', '/decisions', { token: tok.office, body: { title: 'x', content: 'y', taskIds: [task.id, 'no-such-task'] } }),
    );
    expectFieldErrors(res, 'taskIds[1]');
    expect(res.body.detail).toContain('no-such-task');
  });

  it('refuses a decidedAt in the future (400 on decidedAt)', async () => {
    const res = await appendsNothing(() =>
      t.request('POST', '/decisions', { token: tok.office, body: { title: 'x', content: 'y', decidedAt: FUTURE } }),
    );
    expectFieldErrors(res, 'decidedAt');
  });

  it('lists decisions newest first, by meeting and by task, over several pages', async () => {
    const meetingId = `meeting-${Date.now()}`;
    const task = await register();
    const made: string[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await t.request('POST', '/decisions', {
        token: tok.office,
        body: {
          title: `决定 ${i}`,
          content: 'content',
          meetingId,
          decidedAt: `2025-01-0${i + 1}T09:00:00+08:00`,
          ...(i % 2 === 0 ? { taskIds: [task.id] } : {}),
        },
      });
      expect(res.status).toBe(201);
      made.push(res.body.id);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: Res = await t.request('GET', `/decisions?meetingId=${meetingId}&limit=2${cursor ? `&cursor=${cursor}` : ''}`, {
        token: tok.inspector,
      });
      expect(res.status).toBe(200);
      seen.push(...res.body.items.map((d: { id: string }) => d.id));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...made].reverse());
    const byTask = await t.request('GET', `/decisions?taskId=${task.id}`, { token: tok.inspector });
    expect(byTask.body.items.map((d: { id: string }) => d.id)).toEqual([made[4], made[2], made[0]]);
    expect(byTask.body.nextCursor).toBeNull();
    const all = await t.request('GET', '/decisions', { token: tok.nobody });
    expect(all.status).toBe(200);
    expect(all.body.items.length).toBeGreaterThanOrEqual(5);
  });
});

describe('authorisation matrix', () => {
  const ROLES_UNDER_TEST = ['office', 'member', 'inspector', 'admin', 'dept', 'nobody'] as const;
  type Who = (typeof ROLES_UNDER_TEST)[number];
  interface Route {
    name: string;
    allowed: Who[];
    /** Builds a request on fresh state, so an allowed call can succeed. */
    prepare(): Promise<{ method: 'GET' | 'POST'; url: string; body?: unknown; ok: number }>;
  }
  const ANY: Who[] = [...ROLES_UNDER_TEST];
  const routes: Route[] = [
    { name: 'POST /tasks', allowed: ['office'], prepare: async () => ({ method: 'POST', url: '/tasks', body: taskBody(), ok: 201 }) },
    { name: 'GET /tasks', allowed: ANY, prepare: async () => ({ method: 'GET', url: '/tasks?limit=1', ok: 200 }) },
    { name: 'GET /tasks/summary', allowed: ANY, prepare: async () => ({ method: 'GET', url: '/tasks/summary', ok: 200 }) },
    { name: 'GET /tasks/:id', allowed: ANY, prepare: async () => ({ method: 'GET', url: `/tasks/${(await register()).id}`, ok: 200 }) },
    {
      name: 'POST /tasks/:id/progress',
      allowed: ['office', 'dept'],
      prepare: async () => ({ method: 'POST', url: `/tasks/${(await register()).id}/progress`, body: { percent: 10, note: 'n' }, ok: 200 }),
    },
    {
      name: 'POST /tasks/:id/milestones/:milestoneId/complete',
      allowed: ['office', 'dept'],
      prepare: async () => {
        const task = await register();
        return { method: 'POST', url: `/tasks/${task.id}/milestones/${task.milestones[0].id}/complete`, body: {}, ok: 200 };
      },
    },
    {
      name: 'POST /tasks/:id/deadline',
      allowed: ['office'],
      prepare: async () => ({
        method: 'POST',
        url: `/tasks/${(await register()).id}/deadline`,
        body: { deadline: '2031-01-01T00:00:00Z', reason: 'r' },
        ok: 200,
      }),
    },
    {
      name: 'POST /tasks/:id/submit',
      allowed: ['office', 'dept'],
      prepare: async () => ({ method: 'POST', url: `/tasks/${(await taskIn('in_progress')).id}/submit`, body: { evidence: 'e' }, ok: 200 }),
    },
    {
      name: 'POST /tasks/:id/accept',
      allowed: ['office'],
      prepare: async () => ({ method: 'POST', url: `/tasks/${(await taskIn('submitted')).id}/accept`, body: {}, ok: 200 }),
    },
    {
      name: 'POST /tasks/:id/return',
      allowed: ['office'],
      prepare: async () => ({ method: 'POST', url: `/tasks/${(await taskIn('submitted')).id}/return`, body: { reason: 'r' }, ok: 200 }),
    },
    {
      name: 'POST /tasks/:id/cancel',
      allowed: ['office'],
      prepare: async () => ({ method: 'POST', url: `/tasks/${(await register()).id}/cancel`, body: { reason: 'r' }, ok: 200 }),
    },
    {
      name: 'POST /decisions',
      allowed: ['office', 'member'],
      prepare: async () => ({ method: 'POST', url: '/decisions', body: { title: 't', content: 'c' }, ok: 201 }),
    },
    { name: 'GET /decisions', allowed: ANY, prepare: async () => ({ method: 'GET', url: '/decisions?limit=1', ok: 200 }) },
    {
      name: 'GET /decisions/:id',
      allowed: ANY,
      prepare: async () => {
        const d = await t.request('POST', '/decisions', { token: tok.member, body: { title: 't', content: 'c' } });
        return { method: 'GET', url: `/decisions/${d.body.id}`, ok: 200 };
      },
    },
  ];
  const cases = routes.flatMap((r) => ROLES_UNDER_TEST.map((who) => [r.name, who, r.allowed.includes(who)] as const));

  it.each(cases)('%s as %s → allowed: %s', async (name, who, allowed) => {
    const route = routes.find((r) => r.name === name)!;
    const req = await route.prepare();
    if (allowed) {
      const res = await t.request(req.method, req.url, { token: tok[who], ...(req.body !== undefined ? { body: req.body } : {}) });
      expect(res.status).toBe(req.ok);
    } else {
      const res = await appendsNothing(() =>
        t.request(req.method, req.url, { token: tok[who], ...(req.body !== undefined ? { body: req.body } : {}) }),
      );
      expectProblem(res, 403);
    }
  });

  it.each(['progress', 'milestone', 'submit'])('a department of another unit gets 403 on %s and appends nothing', async (what) => {
    const task = await taskIn('in_progress');
    const [url, body] =
      what === 'progress'
        ? ['progress', { percent: 50, note: 'n' }]
        : what === 'milestone'
          ? [`milestones/${task.milestones[0].id}/complete`, {}]
          : ['submit', { evidence: 'e' }];
    const res = await appendsNothing(() => t.request('POST', `/tasks/${task.id}/${url}`, { token: tok.otherDept, body }));
    expectProblem(res, 403);
    expect(res.body.code).toBe('TASK.NOT_LEAD_UNIT');
  });

  it('a department user without a unit cannot act on any task', async () => {
    const task = await register();
    const res = await appendsNothing(async () =>
      t.request('POST', `/tasks/${task.id}/progress`, { token: await t.token('dept-x', ['department']), body: { percent: 5, note: 'n' } }),
    );
    expectProblem(res, 403);
  });
});

describe('authentication', () => {
  const claims = { roles: ['reform_office'] };
  const key = new TextEncoder().encode(TEST_SECRET);
  const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const exp = () => Math.floor(Date.now() / 1000) + 600;

  const badTokens: Array<[string, () => Promise<string | undefined>]> = [
    ['missing', async () => undefined],
    ['malformed', async () => 'Bearer not-a-jwt'],
    ['not a bearer scheme', async () => `Basic ${Buffer.from('a:b').toString('base64')}`],
    [
      'expired',
      async () => `Bearer ${await signDevToken(TEST_SECRET, { sub: 'u', roles: ['reform_office'] }, Math.floor(Date.now() / 1000) - 60)}`,
    ],
    ['wrong signature', async () => `Bearer ${await signDevToken('another-secret-0123456789', { sub: 'u', roles: ['reform_office'] })}`],
    ['alg none', async () => `Bearer ${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub: 'u', ...claims, exp: exp() })}.`],
    ['without exp', async () => `Bearer ${await new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setSubject('u').sign(key)}`],
    [
      'without sub',
      async () => `Bearer ${await new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setExpirationTime('1h').sign(key)}`,
    ],
    [
      'with an unknown role',
      async () =>
        'Bearer ' +
        (await new SignJWT({ roles: ['mayor'] }).setProtectedHeader({ alg: 'HS256' }).setSubject('u').setExpirationTime('1h').sign(key)),
    ],
    [
      'HS512 instead of HS256',
      async () =>
        `Bearer ${await new SignJWT(claims).setProtectedHeader({ alg: 'HS512' }).setSubject('u').setExpirationTime('1h').sign(key)}`,
    ],
  ];

  it.each(badTokens)('answers 401 problem+json for a %s token and appends nothing', async (_name, make) => {
    const authorization = await make();
    const headers = authorization ? { authorization } : undefined;
    const post = await appendsNothing(() => t.request('POST', '/tasks', { body: taskBody(), ...(headers ? { headers } : {}) }));
    expectProblem(post, 401);
    expect(post.headers['www-authenticate']).toBe('Bearer');
    expect(post.body.code).toMatch(/^AUTH\./);
    const get = await t.request('GET', '/decisions', headers ? { headers } : {});
    expectProblem(get, 401);
  });

  it('refuses to start in production without a secret or JWKS', () => {
    let error: unknown;
    try {
      loadConfig({ NODE_ENV: 'production', DATA_DIR: os.tmpdir() });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain('AUTH_JWT_SECRET');
    expect(() =>
      loadConfig({ NODE_ENV: 'production', DATA_DIR: os.tmpdir(), AUTH_JWT_SECRET: 'a-production-secret-of-length' }),
    ).not.toThrow();
  });

  it('the server process exits with a message naming AUTH_JWT_SECRET when started in production without one', async () => {
    const root = path.resolve(import.meta.dirname, '..');
    // Run from an empty directory so no .env can supply a secret.
    const cwd = mkdtempSync(path.join(os.tmpdir(), 'reform-prod-'));
    try {
      const { code, stderr } = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
        const child = spawn(
          process.execPath,
          ['--import', path.join(root, 'scripts/ts-node/register.mjs'), path.join(root, 'apps/api/src/main.ts')],
          { cwd, env: { PATH: process.env['PATH'] ?? '', NODE_ENV: 'production', DATA_DIR: cwd }, stdio: ['ignore', 'ignore', 'pipe'] },
        );
        let err = '';
        child.stderr.on('data', (d: Buffer) => (err += d.toString()));
        child.on('close', (c) => resolve({ code: c, stderr: err }));
      });
      expect(stderr).toContain('AUTH_JWT_SECRET');
      expect(code).toBe(78);
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  });
});

describe('validation: every failure is a 400 problem+json that appends nothing', () => {
  let task: TaskJson;
  beforeAll(async () => {
    task = await register();
  });
  const json = { 'content-type': 'application/json' };

  it.each([
    ['malformed JSON', '{"title": "x",', ''],
    ['truncated JSON', '{', ''],
  ])('%s', async (_name, payload, pathExpected) => {
    const res = await appendsNothing(() => t.request('POST', '/tasks', { token: tok.office, body: payload, headers: json }));
    expectFieldErrors(res, pathExpected);
  });

  it.each([
    ['an array', '[1,2]'],
    ['a string', '"register"'],
    ['a number', '42'],
  ])('a body that is %s', async (_name, payload) => {
    const res = await appendsNothing(() => t.request('POST', '/tasks', { token: tok.office, body: payload, headers: json }));
    expectFieldErrors(res, '');
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['an unknown field', { shadowField: 1 }, 'shadowField'],
    ['a wrong type', { title: 42 }, 'title'],
    ['a blank title', { title: '   ' }, 'title'],
    ['a missing field', { responsible: undefined }, 'responsible'],
    ['an unknown area', { area: 'space_program' }, 'area'],
    ['a date without an offset', { deadline: '2030-06-30T18:00:00' }, 'deadline'],
    ['a date that does not exist', { deadline: '2030-02-30T18:00:00Z' }, 'deadline'],
    ['a text too long', { title: 'x'.repeat(301) }, 'title'],
    ['milestones not an array', { milestones: { title: 'x' } }, 'milestones'],
    ['a bad milestone date', { milestones: [{ title: 'x', due: 'tomorrow' }] }, 'milestones[0].due'],
    ['an unknown milestone field', { milestones: [{ title: 'x', due: FUTURE, owner: 'y' }] }, 'milestones[0].owner'],
  ])('POST /tasks with %s', async (_name, over, pathExpected) => {
    const body = taskBody(over);
    const res = await appendsNothing(() => t.request('POST', '/tasks', { token: tok.office, body }));
    expectFieldErrors(res, pathExpected);
  });

  it.each<[string, unknown, string]>([
    ['percent above 100', { percent: 101, note: 'n' }, 'percent'],
    ['percent below 0', { percent: -1, note: 'n' }, 'percent'],
    ['a fractional percent', { percent: 50.5, note: 'n' }, 'percent'],
    ['percent as a string', { percent: '50', note: 'n' }, 'percent'],
    ['no note', { percent: 50 }, 'note'],
    ['an empty object', {}, 'percent'],
  ])('POST /tasks/:id/progress with %s', async (_name, body, pathExpected) => {
    const res = await appendsNothing(() => t.request('POST', `/tasks/${task.id}/progress`, { token: tok.office, body }));
    expectFieldErrors(res, pathExpected);
  });

  it.each<[string, unknown, string]>([
    ['a bad deadline', { deadline: '31/12/2030', reason: 'r' }, 'deadline'],
    ['no reason', { deadline: FUTURE }, 'reason'],
  ])('POST /tasks/:id/deadline with %s', async (_name, body, pathExpected) => {
    const res = await appendsNothing(() => t.request('POST', `/tasks/${task.id}/deadline`, { token: tok.office, body }));
    expectFieldErrors(res, pathExpected);
  });

  it.each<[string, unknown, string]>([
    ['no title', { content: 'c' }, 'title'],
    ['taskIds not an array', { title: 't', content: 'c', taskIds: 'abc' }, 'taskIds'],
    ['a taskId of the wrong type', { title: 't', content: 'c', taskIds: [5] }, 'taskIds'],
    ['a bad decidedAt', { title: 't', content: 'c', decidedAt: 'yesterday' }, 'decidedAt'],
    ['an unknown field', { title: 't', content: 'c', votes: 9 }, 'votes'],
  ])('POST /decisions with %s', async (_name, body, pathExpected) => {
    const res = await appendsNothing(() => t.request('POST', '/decisions', { token: tok.member, body }));
    expectFieldErrors(res, pathExpected);
  });

  it.each([
    ['limit=0', 'limit'],
    ['limit=501', 'limit'],
    ['limit=ten', 'limit'],
    ['overdue=maybe', 'overdue'],
    ['status=done', 'status'],
    ['area=moon', 'area'],
    ['sortBy=title', 'sortBy'],
    ['cursor=not-a-cursor', 'cursor'],
  ])('GET /tasks?%s', async (query, pathExpected) => {
    const res = await t.request('GET', `/tasks?${query}`, { token: tok.office });
    expectFieldErrors(res, pathExpected);
  });

  it.each([
    ['limit=0', 'limit'],
    ['cursor=%7B%7D', 'cursor'],
    ['unknown=1', 'unknown'],
  ])('GET /decisions?%s', async (query, pathExpected) => {
    const res = await t.request('GET', `/decisions?${query}`, { token: tok.office });
    expectFieldErrors(res, pathExpected);
  });

  it('a body larger than the limit is a 413 problem+json', async () => {
    const body = taskBody({ evaluationStandard: 'x'.repeat(t.config.BODY_LIMIT + 10) });
    const res = await appendsNothing(() => t.request('POST', '/tasks', { token: tok.office, body }));
    expectProblem(res, 413);
    expect(res.body.code).toBe('REQUEST.TOO_LARGE');
  });

  it('a malformed If-Match and an over-long Idempotency-Key are 400s', async () => {
    const ifMatch = await appendsNothing(() =>
      t.request('POST', `/tasks/${task.id}/progress`, {
        token: tok.office,
        body: { percent: 1, note: 'n' },
        headers: { 'if-match': 'yesterday' },
      }),
    );
    expectProblem(ifMatch, 400);
    const key = await appendsNothing(() =>
      t.request('POST', `/tasks/${task.id}/progress`, {
        token: tok.office,
        body: { percent: 1, note: 'n' },
        headers: { 'idempotency-key': 'k'.repeat(201) },
      }),
    );
    expectProblem(key, 400);
  });
});

describe('404, 409 and 412', () => {
  it('answers 404 for tasks, milestones and decisions that do not exist, appending nothing', async () => {
    const task = await register();
    for (const [method, url, body] of [
      ['GET', '/tasks/no-such-task', undefined],
      ['GET', '/tasks/bad%20id%3F', undefined],
      ['GET', '/decisions/no-such-decision', undefined],
      ['POST', '/tasks/no-such-task/progress', { percent: 5, note: 'n' }],
      ['POST', '/tasks/no-such-task/cancel', { reason: 'r' }],
      ['POST', `/tasks/${task.id}/milestones/no-such-milestone/complete`, {}],
    ] as const) {
      const res = await appendsNothing(() => t.request(method, url, { token: tok.office, ...(body ? { body } : {}) }));
      expect({ url, status: res.status }).toEqual({ url, status: 404 });
      expectProblem(res, 404);
    }
  });

  it('answers 409 for acting on a cancelled task and for accepting a task that was not submitted', async () => {
    const cancelled = await taskIn('cancelled');
    for (const [url, body] of [
      ['progress', { percent: 50, note: 'n' }],
      ['submit', { evidence: 'e' }],
      ['deadline', { deadline: '2032-01-01T00:00:00Z', reason: 'r' }],
      ['cancel', { reason: 'again' }],
      ['accept', {}],
    ] as const) {
      const res = await appendsNothing(() => t.request('POST', `/tasks/${cancelled.id}/${url}`, { token: tok.office, body }));
      expect({ url, status: res.status }).toEqual({ url, status: 409 });
      expectProblem(res, 409);
    }
    const planned = await register();
    const accept = await appendsNothing(() => t.request('POST', `/tasks/${planned.id}/accept`, { token: tok.office, body: {} }));
    expectProblem(accept, 409);
    expect(accept.body.code).toBe('TASK.NOT_SUBMITTED');
  });

  it('answers 412 to a stale If-Match and accepts the current one', async () => {
    const task = await register();
    const first = await t.request('POST', `/tasks/${task.id}/progress`, {
      token: tok.dept,
      body: { percent: 10, note: 'a' },
      headers: { 'if-match': '"0"' },
    });
    expect(first.status).toBe(200);
    expect(first.headers['etag']).toBe('"1"');
    const stale = await appendsNothing(() =>
      t.request('POST', `/tasks/${task.id}/progress`, {
        token: tok.dept,
        body: { percent: 20, note: 'b' },
        headers: { 'if-match': '"0"' },
      }),
    );
    expectProblem(stale, 412);
    const current = await t.request('POST', `/tasks/${task.id}/progress`, {
      token: tok.dept,
      body: { percent: 20, note: 'b' },
      headers: { 'if-match': first.headers['etag'] as string },
    });
    expect(current.status).toBe(200);
    expect(current.body.revision).toBe(2);
  });
});

describe('Idempotency-Key', () => {
  it('a repeat returns the first response and appends nothing; another body with the same key is a 409', async () => {
    const body = taskBody();
    const headers = { 'idempotency-key': `register-${Date.now()}` };
    const first = await t.request('POST', '/tasks', { token: tok.office, body, headers });
    expect(first.status).toBe(201);
    const repeat = await appendsNothing(() => t.request('POST', '/tasks', { token: tok.office, body, headers }));
    expect(repeat.status).toBe(201);
    expect(repeat.body).toEqual(first.body);
    expect(repeat.headers['etag']).toBe(first.headers['etag']);
    const other = await appendsNothing(() =>
      t.request('POST', '/tasks', { token: tok.office, body: { ...body, title: 'another' }, headers }),
    );
    expectProblem(other, 409);
    // The key belongs to its user: someone else's identical key is a new request.
    const office2 = await t.token('office-2', ['reform_office']);
    const theirs = await t.request('POST', '/tasks', { token: office2, body, headers });
    expect(theirs.status).toBe(201);
    expect(theirs.body.id).not.toBe(first.body.id);
  });

  it('a repeated command returns its first answer even after the task moved on', async () => {
    const task = await register();
    const headers = { 'idempotency-key': `progress-${task.id}` };
    const first = await t.request('POST', `/tasks/${task.id}/progress`, { token: tok.dept, body: { percent: 30, note: 'n' }, headers });
    await t.request('POST', `/tasks/${task.id}/progress`, { token: tok.dept, body: { percent: 60, note: 'later' } });
    const repeat = await appendsNothing(() =>
      t.request('POST', `/tasks/${task.id}/progress`, { token: tok.dept, body: { percent: 30, note: 'n' }, headers }),
    );
    expect(repeat.status).toBe(200);
    expect(repeat.body).toEqual(first.body);
  });

  it('a failed request does not hold its key', async () => {
    const headers = { 'idempotency-key': `fail-${Date.now()}` };
    const bad = await t.request('POST', '/decisions', { token: tok.member, body: { title: 't' }, headers });
    expect(bad.status).toBe(400);
    const good = await t.request('POST', '/decisions', { token: tok.member, body: { title: 't', content: 'c' }, headers });
    expect(good.status).toBe(201);
  });

  it('holds across an application restart on the same data and Redis prefix', async () => {
    const first = await startTestApp();
    let second: TestApp | null = null;
    try {
      const token = await first.token('office-r', ['reform_office']);
      await registerSpecialGroups(first, ['government-services-group']);
      const body = taskBody();
      const headers = { 'idempotency-key': 'restart-key' };
      const created = await first.request('POST', '/tasks', { token, body, headers });
      expect(created.status).toBe(201);
      // A key names one request of its user, whatever the route: the decision needs its own.
      const decisionHeaders = { 'idempotency-key': 'restart-key-decision' };
      const decision = await first.request('POST', '/decisions', {
        token,
        body: { title: 'd', content: 'c', taskIds: [created.body.id] },
        headers: decisionHeaders,
      });
      expect(decision.status).toBe(201);
      await first.close({ keepData: true, keepRedis: true });
      second = await startTestApp({}, { dataDir: first.dataDir, prefix: first.prefix });
      const head = await second.head();
      const again = await second.request('POST', '/tasks', { token, body, headers });
      expect(again.status).toBe(201);
      expect(again.body).toEqual(created.body);
      const other = await second.request('POST', '/tasks', { token, body: { ...body, title: 'changed' }, headers });
      expect(other.status).toBe(409);
      const decisionAgain = await second.request('POST', '/decisions', {
        token,
        body: { title: 'd', content: 'c', taskIds: [created.body.id] },
        headers: decisionHeaders,
      });
      expect(decisionAgain.body).toEqual(decision.body);
      expect(await second.head()).toBe(head);
      // The read models resumed from their checkpoints: both are still there.
      expect((await second.request('GET', `/tasks/${created.body.id}`, { token })).status).toBe(200);
      expect((await second.request('GET', `/decisions?taskId=${created.body.id}`, { token })).body.items).toHaveLength(1);
    } finally {
      if (second) {
        await second.close();
        rmSync(first.dataDir, { recursive: true, force: true });
      } else {
        await first.close().catch(() => undefined);
      }
    }
  });
});

describe('audit metadata', () => {
  it('carries actor, correlation and causation ids from the request into the events', async () => {
    const res = await t.request('POST', '/tasks', { token: tok.office, body: taskBody(), headers: { 'x-correlation-id': 'corr-e2e-1' } });
    expect(res.headers['x-correlation-id']).toBe('corr-e2e-1');
    const { EVENT_STORE } = await import('#platform');
    const store = t.app.get(EVENT_STORE);
    const events = [];
    for await (const e of store.readStream(`task-${res.body.id}`)) events.push(e);
    expect(events).toHaveLength(1);
    expect(events[0].metadata).toMatchObject({
      actor: { id: 'office-1', roles: ['reform_office'] as Role[] },
      correlationId: 'corr-e2e-1',
      causationId: 'corr-e2e-1',
      occurredAt: expect.any(String),
      commandId: expect.any(String),
      hash: expect.any(String),
      prevHash: '0'.repeat(64),
    });
  });
});
