import { startTestApp, type TestApp } from './support/test-app.js';

// End-to-end: evaluations and exemplars of API.md's "Assessment" against the booted app.

const PROBLEM = 'application/problem+json';
let t: TestApp;
const tok = {} as Record<'office' | 'member' | 'admin' | 'dept' | 'evalA' | 'evalB' | 'evalNoUnit' | 'inspector', string>;

beforeAll(async () => {
  t = await startTestApp();
  tok.office = await t.token('office-1', ['reform_office']);
  tok.member = await t.token('member-1', ['committee_member']);
  tok.admin = await t.token('admin-1', ['admin']);
  tok.dept = await t.token('dept-1', ['department'], 'transport-bureau');
  tok.inspector = await t.token('insp-1', ['inspector']);
  tok.evalA = await t.token('eval-a', ['evaluator'], 'org-a');
  tok.evalB = await t.token('eval-b', ['evaluator'], 'org-b');
  tok.evalNoUnit = await t.token('eval-x', ['evaluator']);
});
afterAll(async () => {
  await t?.close();
});

const commissionBody = (over: Record<string, unknown> = {}) => ({
  subject: { kind: 'unit', id: 'transport-bureau' },
  year: 2026,
  evaluatorUnit: 'org-a',
  due: '2026-09-30T18:00:00+08:00',
  ...over,
});
const reportBody = { rating: 'excellent', score: 91.5, summary: '群众满意度高', reportRef: '评估报告〔2026〕12号' };

async function commission(over: Record<string, unknown> = {}) {
  const res = await t.request('POST', '/evaluations', { token: tok.office, body: commissionBody(over) });
  expect(res.status).toBe(201);
  return res.body as { id: string; status: string; revision: number };
}

describe('evaluations', () => {
  it('runs commission → report → return → report → accept, with ETags and revisions', async () => {
    const e = await commission();
    expect(e).toMatchObject({
      status: 'commissioned',
      subject: { kind: 'unit', id: 'transport-bureau' },
      year: 2026,
      evaluatorUnit: 'org-a',
      due: '2026-09-30T10:00:00.000Z',
      revision: 0,
    });

    const reported = await t.request('POST', `/evaluations/${e.id}/report`, { token: tok.evalA, body: reportBody });
    expect(reported.status).toBe(200);
    expect(reported.body).toMatchObject({
      status: 'reported',
      report: { rating: 'excellent', score: 91.5, reportRef: '评估报告〔2026〕12号', by: 'eval-a' },
      revision: 1,
    });
    expect(reported.headers['etag']).toBe('"1"');

    const returned = await t.request('POST', `/evaluations/${e.id}/return`, { token: tok.office, body: { reason: '样本不足' } });
    expect(returned.status).toBe(200);
    expect(returned.body.status).toBe('commissioned');

    const again = await t.request('POST', `/evaluations/${e.id}/report`, {
      token: tok.evalA,
      body: { ...reportBody, rating: 'good', score: undefined },
    });
    expect(again.status).toBe(200);
    expect(again.body.report).toMatchObject({ rating: 'good', score: null });

    const accepted = await t.request('POST', `/evaluations/${e.id}/accept`, {
      token: tok.office,
      body: { comment: '同意' },
      headers: { 'if-match': '"3"' },
    });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ status: 'accepted', acceptanceComment: '同意', revision: 4 });

    const refused = await t.request('POST', `/evaluations/${e.id}/accept`, { token: tok.office, body: {} });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('EVALUATION.ALREADY_ACCEPTED');
  });

  it('lets only an evaluator of the commissioned organisation report (403 for another one, for other roles)', async () => {
    const e = await commission();
    const head = await t.head();
    for (const token of [tok.evalB, tok.evalNoUnit]) {
      const res = await t.request('POST', `/evaluations/${e.id}/report`, { token, body: reportBody });
      expect(res.status).toBe(403);
      expect(res.headers['content-type']).toContain(PROBLEM);
    }
    expect((await t.request('POST', `/evaluations/${e.id}/report`, { token: tok.office, body: reportBody })).status).toBe(403);
    expect(await t.head()).toBe(head);
    expect((await t.request('POST', `/evaluations/${e.id}/accept`, { token: tok.office, body: {} })).body.code).toBe(
      'EVALUATION.NOT_REPORTED',
    );
  });

  it('answers 403 for roles that may not commission, accept or return', async () => {
    for (const token of [tok.member, tok.dept, tok.evalA, tok.admin]) {
      expect((await t.request('POST', '/evaluations', { token, body: commissionBody() })).status).toBe(403);
    }
    const e = await commission();
    expect((await t.request('POST', `/evaluations/${e.id}/accept`, { token: tok.evalA, body: {} })).status).toBe(403);
    expect((await t.request('POST', `/evaluations/${e.id}/return`, { token: tok.member, body: { reason: 'x' } })).status).toBe(403);
  });

  it('answers 404 for an unknown evaluation and 400 naming the field for bad input, appending nothing', async () => {
    expect((await t.request('GET', '/evaluations/nope', { token: tok.office })).status).toBe(404);
    expect((await t.request('POST', '/evaluations/nope/report', { token: tok.evalA, body: reportBody })).status).toBe(404);
    const head = await t.head();
    const cases: Array<[Record<string, unknown>, string]> = [
      [commissionBody({ subject: { kind: 'city', id: 'x' } }), 'subject.kind'],
      [commissionBody({ year: 1999 }), 'year'],
      [commissionBody({ due: 'soon' }), 'due'],
      [commissionBody({ evaluatorUnit: '' }), 'evaluatorUnit'],
      [commissionBody({ extra: 1 }), 'extra'],
    ];
    for (const [body, field] of cases) {
      const res = await t.request('POST', '/evaluations', { token: tok.office, body });
      expect(res.status).toBe(400);
      expect(res.body.errors.map((x: { path: string }) => x.path)).toContain(field);
    }
    const e = await commission();
    const afterCommission = await t.head();
    for (const [body, field] of [
      [{ ...reportBody, rating: 'superb' }, 'rating'],
      [{ ...reportBody, score: 101 }, 'score'],
      [{ ...reportBody, summary: undefined }, 'summary'],
    ] as Array<[Record<string, unknown>, string]>) {
      const res = await t.request('POST', `/evaluations/${e.id}/report`, { token: tok.evalA, body });
      expect(res.status).toBe(400);
      expect(res.body.errors.map((x: { path: string }) => x.path)).toContain(field);
    }
    expect(await t.head()).toBe(afterCommission);
    expect(afterCommission).not.toBe(head);
  });

  it('shows an evaluator only the evaluations of its organisation', async () => {
    const mine = await commission({ evaluatorUnit: 'org-list-a', year: 2031 });
    const theirs = await commission({ evaluatorUnit: 'org-list-b', year: 2031 });
    const evaluator = await t.token('eval-list', ['evaluator'], 'org-list-a');

    const list = await t.request('GET', '/evaluations?year=2031', { token: evaluator });
    expect(list.status).toBe(200);
    expect(list.body.items.map((e: { id: string }) => e.id)).toEqual([mine.id]);
    expect((await t.request('GET', '/evaluations?evaluatorUnit=org-list-b', { token: evaluator })).status).toBe(403);
    expect((await t.request('GET', `/evaluations/${mine.id}`, { token: evaluator })).status).toBe(200);
    const other = await t.request('GET', `/evaluations/${theirs.id}`, { token: evaluator });
    expect(other.status).toBe(403);
    expect(other.body.code).toBe('EVALUATION.NOT_EVALUATOR_UNIT');

    const all = await t.request('GET', '/evaluations?year=2031', { token: tok.dept });
    expect(all.body.items.map((e: { id: string }) => e.id)).toEqual([mine.id, theirs.id]);
  });

  it('filters and pages the list', async () => {
    const a = await commission({ year: 2032, subject: { kind: 'task', id: 'task-1' } });
    const b = await commission({ year: 2032, subject: { kind: 'special_group', id: 'sg-1' } });
    await t.request('POST', `/evaluations/${b.id}/report`, { token: tok.evalA, body: reportBody });
    const ids = async (q: string) =>
      (await t.request('GET', `/evaluations?${q}`, { token: tok.office })).body.items.map((e: { id: string }) => e.id);
    expect(await ids('year=2032')).toEqual([a.id, b.id]);
    expect(await ids('year=2032&subjectKind=task')).toEqual([a.id]);
    expect(await ids('year=2032&subjectId=sg-1')).toEqual([b.id]);
    expect(await ids('year=2032&status=reported')).toEqual([b.id]);
    expect(await ids('year=2032&status=accepted')).toEqual([]);
    const first = await t.request('GET', '/evaluations?year=2032&limit=1', { token: tok.office });
    expect(first.body.items.map((e: { id: string }) => e.id)).toEqual([a.id]);
    const second = await t.request('GET', `/evaluations?year=2032&limit=1&cursor=${first.body.nextCursor}`, { token: tok.office });
    expect(second.body).toMatchObject({ items: [{ id: b.id }], nextCursor: null });
    expect((await t.request('GET', '/evaluations?status=lost', { token: tok.office })).status).toBe(400);
    expect((await t.request('GET', '/evaluations?year=abc', { token: tok.office })).status).toBe(400);
  });

  it('replays a commission with the same Idempotency-Key without appending', async () => {
    const headers = { 'idempotency-key': 'eval-once' };
    const first = await t.request('POST', '/evaluations', { token: tok.office, body: commissionBody(), headers });
    const head = await t.head();
    const again = await t.request('POST', '/evaluations', { token: tok.office, body: commissionBody(), headers });
    expect(again.status).toBe(201);
    expect(again.body.id).toBe(first.body.id);
    expect(await t.head()).toBe(head);
  });
});

async function nominate(over: Record<string, unknown> = {}) {
  const res = await t.request('POST', '/exemplars', {
    token: tok.office,
    body: { title: '一网通办 改革', unit: 'data-bureau', year: 2026, summary: '全市 192 个中心一窗受理', taskIds: ['t-1'], ...over },
  });
  expect(res.status).toBe(201);
  return res.body as { id: string };
}

describe('exemplars', () => {
  const recognition = (level: string) => ({
    level,
    by: level === 'national' ? '国务院办公厅' : '省委深改委',
    reference: '吉改发〔2026〕3号',
    at: '2026-06-01T10:00:00+08:00',
  });

  it('is nominated, selected at city level, recognised by the province then the nation; level is the highest reached', async () => {
    const x = await nominate();
    expect(x).toMatchObject({ status: 'nominated', level: null, taskIds: ['t-1'], revision: 0 });
    const selected = await t.request('POST', `/exemplars/${x.id}/select`, {
      token: tok.member,
      body: { level: 'city', comment: '可复制' },
    });
    expect(selected.status).toBe(200);
    expect(selected.body).toMatchObject({ status: 'selected', level: 'city', selectionComment: '可复制' });
    const national = await t.request('POST', `/exemplars/${x.id}/recognize`, { token: tok.office, body: recognition('national') });
    expect(national.status).toBe(200);
    expect(national.body.level).toBe('national');
    const province = await t.request('POST', `/exemplars/${x.id}/recognize`, { token: tok.office, body: recognition('province') });
    expect(province.status).toBe(200);
    expect(province.body).toMatchObject({
      level: 'national',
      recognitions: [{ level: 'national' }, { level: 'province', at: '2026-06-01T02:00:00.000Z' }],
      revision: 3,
    });
    expect((await t.request('POST', `/exemplars/${x.id}/recognize`, { token: tok.office, body: recognition('province') })).status).toBe(
      409,
    );
  });

  it('refuses recognition of an exemplar that is not selected (409), and anything after a rejection', async () => {
    const x = await nominate();
    const early = await t.request('POST', `/exemplars/${x.id}/recognize`, { token: tok.office, body: recognition('province') });
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('EXEMPLAR.NOT_SELECTED');
    const rejected = await t.request('POST', `/exemplars/${x.id}/reject`, { token: tok.member, body: { reason: '不具推广价值' } });
    expect(rejected.status).toBe(200);
    expect(rejected.body).toMatchObject({ status: 'rejected', rejectionReason: '不具推广价值' });
    expect((await t.request('POST', `/exemplars/${x.id}/select`, { token: tok.member, body: { level: 'city' } })).status).toBe(409);
  });

  it('checks roles: nominate and recognise for the office, select and reject for committee members', async () => {
    for (const token of [tok.member, tok.dept, tok.evalA]) {
      expect((await t.request('POST', '/exemplars', { token, body: { title: 'x', unit: 'u', year: 2026, summary: 's' } })).status).toBe(
        403,
      );
    }
    const x = await nominate();
    expect((await t.request('POST', `/exemplars/${x.id}/select`, { token: tok.office, body: { level: 'city' } })).status).toBe(403);
    expect((await t.request('POST', `/exemplars/${x.id}/reject`, { token: tok.dept, body: { reason: 'r' } })).status).toBe(403);
    await t.request('POST', `/exemplars/${x.id}/select`, { token: tok.member, body: { level: 'city' } });
    expect((await t.request('POST', `/exemplars/${x.id}/recognize`, { token: tok.member, body: recognition('province') })).status).toBe(
      403,
    );
    expect((await t.request('GET', `/exemplars/${x.id}`, { token: tok.evalA })).status).toBe(200);
  });

  it('answers 404 and 400 as API.md says', async () => {
    expect((await t.request('GET', '/exemplars/none', { token: tok.office })).status).toBe(404);
    expect((await t.request('POST', '/exemplars/none/select', { token: tok.member, body: { level: 'city' } })).status).toBe(404);
    const x = await nominate();
    const bad = await t.request('POST', `/exemplars/${x.id}/select`, { token: tok.member, body: { level: 'national' } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe('level');
    const badYear = await t.request('POST', '/exemplars', {
      token: tok.office,
      body: { title: 'x', unit: 'u', year: 'this', summary: 's' },
    });
    expect(badYear.status).toBe(400);
    expect(badYear.body.errors.map((e: { path: string }) => e.path)).toContain('year');
  });

  it('filters by year, unit, status and level', async () => {
    const a = await nominate({ year: 2033, unit: 'unit-a' });
    const b = await nominate({ year: 2033, unit: 'unit-b' });
    await t.request('POST', `/exemplars/${b.id}/select`, { token: tok.member, body: { level: 'city' } });
    const ids = async (q: string) =>
      (await t.request('GET', `/exemplars?${q}`, { token: tok.dept })).body.items.map((e: { id: string }) => e.id);
    expect(await ids('year=2033')).toEqual([a.id, b.id]);
    expect(await ids('year=2033&unit=unit-a')).toEqual([a.id]);
    expect(await ids('year=2033&status=selected')).toEqual([b.id]);
    expect(await ids('year=2033&level=city')).toEqual([b.id]);
    expect(await ids('year=2033&level=national')).toEqual([]);
  });
});
