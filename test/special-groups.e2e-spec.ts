import { executeCommand, type EventStore } from '#event-store';
import { DEFAULT_DUE_CALENDAR, taskDeciderFor, taskStream, type RegisterTask } from '#domain';
import { EVENT_STORE, ProjectionsService } from '#platform';
import { randomUUID } from 'node:crypto';
import { registerSpecialGroups } from './support/special-groups.js';
import { startTestApp, type TestApp } from './support/test-app.js';

// Decides as a deployment that configured nothing (the default calendar).
const taskDecider = taskDeciderFor(DEFAULT_DUE_CALENDAR);

// End-to-end: special groups (专项小组) as records, tasks that must name one, and the roll-ups
// of a group's tasks against numbers counted by hand.

const FUTURE = '2030-06-30T18:00:00+08:00';
const PAST = '2020-01-31T18:00:00+08:00';

let t: TestApp;
const tok = {} as Record<'office' | 'member' | 'dept', string>;

const taskBody = (over: Record<string, unknown> = {}) => ({
  title: '一网通办',
  area: 'government_services',
  specialGroup: 'gov-services',
  leadUnit: 'data-bureau',
  responsible: '张伟',
  evaluationStandard: '1200 项事项网上可办',
  deadline: FUTURE,
  ...over,
});

async function task(over: Record<string, unknown> = {}): Promise<{ id: string }> {
  const res = await t.request('POST', '/tasks', { token: tok.office, body: taskBody(over) });
  expect(res.status).toBe(201);
  return res.body;
}

async function post(url: string, body: unknown, token = tok.office): Promise<void> {
  const res = await t.request('POST', url, { token, body });
  expect(res.status).toBe(200);
}

beforeAll(async () => {
  t = await startTestApp();
  tok.office = await t.token('office-1', ['reform_office']);
  tok.member = await t.token('member-1', ['committee_member']);
  tok.dept = await t.token('dept-1', ['department'], 'data-bureau');
});
afterAll(async () => {
  await t.close();
});

describe('special groups', () => {
  it('registers a group (201), refuses a second one under the same code (409) and a bad code (400)', async () => {
    const body = {
      code: 'gov-services',
      name: '政务服务改革专项小组',
      lead: 'vice-mayor-li',
      deputies: ['deputy-wang'],
      memberUnits: ['data-bureau', 'market-bureau'],
    };
    const res = await t.request('POST', '/special-groups', { token: tok.office, body });
    expect(res.status).toBe(201);
    expect(res.headers['etag']).toBe('"0"');
    expect(res.body).toMatchObject({ ...body, revision: 0, tasks: { total: 0, overdue: 0, averageProgress: null }, byUnit: {} });
    const again = await t.request('POST', '/special-groups', { token: tok.office, body });
    expect([again.status, again.body.code]).toEqual([409, 'SPECIAL_GROUP.ALREADY_EXISTS']);
    const before = await t.head();
    const bad = await t.request('POST', '/special-groups', { token: tok.office, body: { ...body, code: 'Gov Services' } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([{ path: 'code', message: expect.any(String) }]);
    expect(await t.head()).toBe(before);
    expect((await t.request('POST', '/special-groups', { token: tok.member, body: { ...body, code: 'other' } })).status).toBe(403);
  });

  it('refuses a task naming an unregistered group (400 on specialGroup) and appends nothing', async () => {
    const before = await t.head();
    const res = await t.request('POST', '/tasks', { token: tok.office, body: taskBody({ specialGroup: 'no-such-group' }) });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'TASK.UNKNOWN_SPECIAL_GROUP', errors: [{ path: 'specialGroup', message: expect.any(String) }] });
    expect(await t.head()).toBe(before);
  });

  it('changes members, lead and deputies; a stranger removed is 400 naming the entry; an unknown group is 404', async () => {
    await registerSpecialGroups(t, ['members-test']);
    const res = await t.request('POST', '/special-groups/members-test/members', {
      token: tok.office,
      body: { add: ['a-bureau', 'b-bureau'], lead: 'new-lead', deputies: ['d1'] },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      code: 'members-test',
      memberUnits: ['a-bureau', 'b-bureau'],
      lead: 'new-lead',
      deputies: ['d1'],
      revision: 1,
    });
    const removed = await t.request('POST', '/special-groups/members-test/members', { token: tok.office, body: { remove: ['a-bureau'] } });
    expect(removed.body.memberUnits).toEqual(['b-bureau']);
    const stranger = await t.request('POST', '/special-groups/members-test/members', { token: tok.office, body: { remove: ['nobody'] } });
    expect(stranger.status).toBe(400);
    expect(stranger.body.errors).toEqual([{ path: 'remove.0', message: expect.any(String) }]);
    expect((await t.request('POST', '/special-groups/nope/members', { token: tok.office, body: { add: ['x'] } })).status).toBe(404);
    expect((await t.request('GET', '/special-groups/nope', { token: tok.dept })).status).toBe(404);
    expect((await t.request('GET', '/special-groups/NOT%20A%20CODE', { token: tok.dept })).status).toBe(404);
    const wrongType = await t.request('POST', '/special-groups/members-test/members', { token: tok.office, body: { add: 'x' } });
    expect(wrongType.status).toBe(400);
  });

  it('rolls a group’s tasks up overall and per lead unit, as counted by hand', async () => {
    await registerSpecialGroups(t, ['rollup-group']);
    const g = { specialGroup: 'rollup-group' };
    // data-bureau: planned (0 %), in progress 60 %, overdue in progress 20 %, accepted (100 %).
    await task(g);
    const a = await task(g);
    await post(`/tasks/${a.id}/progress`, { percent: 60, note: '过半' });
    const late = await task({ ...g, deadline: PAST });
    await post(`/tasks/${late.id}/progress`, { percent: 20, note: '滞后' });
    const done = await task(g);
    await post(`/tasks/${done.id}/progress`, { percent: 100, note: '完成' });
    await post(`/tasks/${done.id}/submit`, { evidence: '验收材料' });
    await post(`/tasks/${done.id}/accept`, {});
    // water-bureau: one cancelled (left out of the average), one overdue planned.
    const dropped = await task({ ...g, leadUnit: 'water-bureau' });
    await post(`/tasks/${dropped.id}/progress`, { percent: 50, note: '开始' });
    await post(`/tasks/${dropped.id}/cancel`, { reason: '合并' });
    await task({ ...g, leadUnit: 'water-bureau', deadline: PAST });

    const res = await t.request('GET', '/special-groups/rollup-group', { token: tok.dept });
    expect(res.status).toBe(200);
    expect(res.body.tasks).toEqual({
      total: 6,
      byStatus: { planned: 2, in_progress: 2, submitted: 0, accepted: 1, cancelled: 1 },
      overdue: 2,
      averageProgress: 36,
    });
    expect(res.body.byUnit).toEqual({
      'data-bureau': {
        total: 4,
        byStatus: { planned: 1, in_progress: 2, submitted: 0, accepted: 1, cancelled: 0 },
        overdue: 1,
        averageProgress: 45,
      },
      'water-bureau': {
        total: 2,
        byStatus: { planned: 1, in_progress: 0, submitted: 0, accepted: 0, cancelled: 1 },
        overdue: 1,
        averageProgress: 0,
      },
    });
    const list = await t.request('GET', '/special-groups?limit=500', { token: tok.member });
    expect(list.status).toBe(200);
    expect(list.body.items.find((x: { code: string }) => x.code === 'rollup-group').tasks).toEqual(res.body.tasks);
    expect(list.body.nextCursor).toBeNull();
  });

  it('pages the list by keyset', async () => {
    await registerSpecialGroups(t, ['page-a', 'page-b', 'page-c']);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: Awaited<ReturnType<TestApp['request']>> = await t.request(
        'GET',
        `/special-groups?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        { token: tok.dept },
      );
      expect(res.status).toBe(200);
      seen.push(...res.body.items.map((x: { code: string }) => x.code));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(expect.arrayContaining(['gov-services', 'page-a', 'page-b', 'page-c']));
  });

  it('lists in the summary the group codes of older tasks that no registered group carries, until the office registers them', async () => {
    // A task recorded before groups were records: written straight to the store, as history is.
    const store = t.app.get<EventStore>(EVENT_STORE);
    const taskId = randomUUID();
    const now = new Date().toISOString();
    const actor = { id: 'legacy-office', roles: ['reform_office' as const] };
    const legacy: RegisterTask = {
      type: 'RegisterTask',
      data: {
        ...(taskBody({ specialGroup: 'legacy-group' }) as Omit<RegisterTask['data'], 'taskId' | 'milestones' | 'specialGroupRegistered'>),
        taskId,
        milestones: [],
        specialGroupRegistered: true,
      },
      metadata: { actor, now },
    };
    const outcome = await executeCommand(store, taskStream(taskId), taskDecider, legacy, {
      context: { actor, occurredAt: now, correlationId: randomUUID(), causationId: randomUUID(), commandId: randomUUID() },
    });
    await t.app.get(ProjectionsService).waitForAll(outcome.position!);
    const before = await t.request('GET', '/tasks/summary', { token: tok.dept });
    expect(before.body.unregisteredSpecialGroups).toEqual(['legacy-group']);
    expect((await t.request('GET', `/tasks/${taskId}`, { token: tok.dept })).body).toMatchObject({ specialGroup: 'legacy-group' });
    await registerSpecialGroups(t, ['legacy-group']);
    const after = await t.request('GET', '/tasks/summary', { token: tok.dept });
    expect(after.body.unregisteredSpecialGroups).toEqual([]);
    expect((await t.request('GET', '/special-groups/legacy-group', { token: tok.dept })).body.tasks.total).toBe(1);
  });
});
