import { startTestApp, type TestApp } from './support/test-app.js';

describe('tasks smoke', () => {
  let t: TestApp;
  beforeAll(async () => { t = await startTestApp(); });
  afterAll(async () => { await t.close(); });

  it('registers, reports progress and reads back', async () => {
    const office = await t.token('office-1', ['reform_office']);
    const dept = await t.token('dept-1', ['department'], 'transport-bureau');
    const created = await t.request('POST', '/tasks', { token: office, body: {
      title: 'One network for government services', area: 'government_services', specialGroup: 'g1', leadUnit: 'transport-bureau',
      responsible: 'Zhang', evaluationStandard: 'All 1,200 items online', deadline: '2027-06-30T18:00:00+08:00',
      milestones: [{ title: 'Pilot', due: '2027-01-31T18:00:00+08:00' }] } });
    expect(created.status).toBe(201);
    expect(created.headers['etag']).toBe('"0"');
    const id = created.body.id;
    const p = await t.request('POST', `/tasks/${id}/progress`, { token: dept, body: { percent: 40, note: 'half way' }, headers: { 'if-match': '"0"' } });
    expect(p.status).toBe(200);
    expect(p.body.progress).toBe(40);
    expect(p.body.revision).toBe(1);
    const stale = await t.request('POST', `/tasks/${id}/progress`, { token: dept, body: { percent: 50, note: 'x' }, headers: { 'if-match': '"0"' } });
    expect(stale.status).toBe(412);
    const other = await t.request('POST', `/tasks/${id}/progress`, { token: await t.token('d2', ['department'], 'other'), body: { percent: 50, note: 'x' } });
    expect(other.status).toBe(403);
    const bad = await t.request('POST', `/tasks/${id}/progress`, { token: dept, body: { percent: 101, note: 'x', extra: 1 } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: any) => e.path).sort()).toEqual(['extra', 'percent']);
    const idem1 = await t.request('POST', `/tasks/${id}/progress`, { token: dept, body: { percent: 60, note: 'y' }, headers: { 'idempotency-key': 'k1' } });
    const idem2 = await t.request('POST', `/tasks/${id}/progress`, { token: dept, body: { percent: 60, note: 'y' }, headers: { 'idempotency-key': 'k1' } });
    expect(idem2.body).toEqual(idem1.body);
    const idem3 = await t.request('POST', `/tasks/${id}/progress`, { token: dept, body: { percent: 70, note: 'y' }, headers: { 'idempotency-key': 'k1' } });
    expect(idem3.status).toBe(409);
    const list = await t.request('GET', '/tasks?q=network&area=government_services', { token: dept });
    expect(list.body.items).toHaveLength(1);
    const sum = await t.request('GET', '/tasks/summary', { token: dept });
    expect(sum.body.total).toBe(1);
    const docs = await t.request('GET', '/docs-json');
    expect(Object.keys(docs.body.paths)).toContain('/tasks/{id}/progress');
  });
});
