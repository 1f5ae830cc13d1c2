import { registerSpecialGroups } from './support/special-groups.js';
import { startTestApp, type TestApp } from './support/test-app.js';

// GET /tasks/:id/timeline: what happened to a task (its stream's events with who and when),
// for whoever may read the task; the console's 办理过程.

describe('task timeline', () => {
  let t: TestApp;
  let office: string;
  let dept: string;

  beforeAll(async () => {
    t = await startTestApp();
    await registerSpecialGroups(t, ['timeline-group']);
    office = await t.token('office-zhao', ['reform_office']);
    dept = await t.token('dept-wang', ['department'], 'unit-a');
  });
  afterAll(() => t?.close());

  it('lists the task’s events oldest first, each with its revision, actor and time', async () => {
    const created = await t.request('POST', '/tasks', {
      token: office,
      body: {
        title: '推进一网通办',
        area: 'government_services',
        specialGroup: 'timeline-group',
        leadUnit: 'unit-a',
        responsible: '王科长',
        evaluationStandard: '全部事项网上可办',
        deadline: '2099-06-30',
      },
    });
    expect(created.status).toBe(201);
    const id = (created.body as { id: string }).id;
    expect((await t.request('POST', `/tasks/${id}/acknowledge`, { token: dept, body: {} })).status).toBe(200);
    expect((await t.request('POST', `/tasks/${id}/progress`, { token: dept, body: { percent: 30, note: '完成调研' } })).status).toBe(200);

    const res = await t.request('GET', `/tasks/${id}/timeline`, { token: await t.token('member-li', ['committee_member']) });
    expect(res.status).toBe(200);
    const body = res.body as {
      taskId: string;
      items: Array<{ revision: number; type: string; at: string; actor: { id: string; unit?: string }; data: Record<string, unknown> }>;
      nextFromRevision: number | null;
    };
    expect(body.taskId).toBe(id);
    expect(body.items.map((e) => [e.revision, e.type, e.actor.id])).toEqual([
      [0, 'TaskRegistered', 'office-zhao'],
      [1, 'TaskAcknowledged', 'dept-wang'],
      [2, 'TaskProgressReported', 'dept-wang'],
    ]);
    expect(body.items[2]!.actor.unit).toBe('unit-a');
    expect(body.items[2]!.data).toMatchObject({ percent: 30, note: '完成调研' });
    expect(Number.isNaN(Date.parse(body.items[0]!.at))).toBe(false);
    expect(body.nextFromRevision).toBeNull();

    const page = await t.request('GET', `/tasks/${id}/timeline?limit=2`, { token: office });
    expect((page.body as typeof body).items).toHaveLength(2);
    expect((page.body as typeof body).nextFromRevision).toBe(2);
    const rest = await t.request('GET', `/tasks/${id}/timeline?fromRevision=2`, { token: office });
    expect((rest.body as typeof body).items.map((e) => e.revision)).toEqual([2]);
  });

  it('answers 404 for a task that does not exist, and 400 naming a bad limit', async () => {
    const missing = await t.request('GET', '/tasks/0192f0a0-0000-7000-8000-000000000000/timeline', { token: office });
    expect(missing.status).toBe(404);
    const bad = await t.request('GET', '/tasks/0192f0a0-0000-7000-8000-000000000000/timeline?limit=0', { token: office });
    expect(bad.status).toBe(400);
    expect((bad.body as { errors: Array<{ path: string }> }).errors.map((e) => e.path)).toContain('limit');
  });
});
