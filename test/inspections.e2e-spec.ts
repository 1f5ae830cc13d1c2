import { SEVERITIES, type FindingStatus, type Role, type Severity } from '#domain';
import { ProjectionsService, loadConfig, ConfigError } from '#platform';
import { listOpenFindingsWithDue } from '#read-models';
import { startTestApp, type TestApp } from './support/test-app.js';
import { registerSpecialGroups } from './support/special-groups.js';

const DAY = 86_400_000;
const ROLES: Role[] = ['reform_office', 'committee_member', 'inspector', 'department', 'admin'];
const iso = (ms: number) => new Date(ms).toISOString();

/** Tokens of the people in these specs; every department user belongs to a unit. */
async function people(t: TestApp) {
  return {
    inspector: await t.token('insp-1', ['inspector'], 'supervision-office'),
    /** An inspector seconded from the unit that rectifies: must not verify its own work. */
    insiderInspector: await t.token('insp-2', ['inspector'], 'transport-bureau'),
    dept: await t.token('dept-1', ['department'], 'transport-bureau'),
    otherDept: await t.token('dept-2', ['department'], 'water-bureau'),
    office: await t.token('office-1', ['reform_office']),
  };
}

describe('inspections and rectifications', () => {
  let t: TestApp;
  let p: Awaited<ReturnType<typeof people>>;
  // medium differs from the domain default (3), so the route visibly uses the configuration.
  beforeAll(async () => {
    t = await startTestApp({ RECTIFICATION_EXTENSION_LIMITS: 'critical=1,high=2,medium=1,low=3' });
    p = await people(t);
    await registerSpecialGroups(t, ['g1']);
  });
  afterAll(async () => {
    await t.close();
  });

  async function openInspection(body: Record<string, unknown> = {}) {
    const res = await t.request('POST', '/inspections', {
      token: p.inspector,
      body: { title: 'Government services inspection', targetUnit: 'transport-bureau', ...body },
    });
    expect(res.status).toBe(201);
    return res.body.id as string;
  }

  async function recordFinding(inspectionId: string, body: Record<string, unknown> = {}) {
    const res = await t.request('POST', `/inspections/${inspectionId}/findings`, {
      token: p.inspector,
      body: {
        description: 'Permits still need a second visit',
        severity: 'high',
        responsibleUnit: 'transport-bureau',
        rectificationDue: iso(Date.now() + 30 * DAY),
        ...body,
      },
    });
    expect(res.status).toBe(201);
    return res.body.id as string;
  }

  it('runs the whole loop: open → finding → plan → rectification → rejected → rectification → accepted → close', async () => {
    const task = await t.request('POST', '/tasks', {
      token: p.office,
      body: {
        title: 'One door for permits',
        area: 'government_services',
        specialGroup: 'g1',
        leadUnit: 'transport-bureau',
        responsible: 'Zhang',
        evaluationStandard: 'All permits at one counter',
        deadline: '2027-06-30T18:00:00+08:00',
      },
    });
    expect(task.status).toBe(201);

    const opened = await t.request('POST', '/inspections', {
      token: p.inspector,
      body: { title: 'Permit counters', targetUnit: 'transport-bureau', taskIds: [task.body.id], scope: 'All district centres' },
    });
    expect(opened.status).toBe(201);
    expect(opened.headers['etag']).toBe('"0"');
    expect(opened.body).toMatchObject({
      title: 'Permit counters',
      targetUnit: 'transport-bureau',
      taskIds: [task.body.id],
      scope: 'All district centres',
      status: 'open',
      findings: [],
      openedBy: 'insp-1',
      revision: 0,
    });
    const id = opened.body.id as string;

    const due = '2030-03-31T18:00:00+08:00';
    const finding = await t.request('POST', `/inspections/${id}/findings`, {
      token: p.inspector,
      headers: { 'if-match': '"0"' },
      body: {
        description: 'Two counters still ask for paper copies',
        severity: 'high',
        responsibleUnit: 'transport-bureau',
        rectificationDue: due,
      },
    });
    expect(finding.status).toBe(201);
    expect(finding.headers['etag']).toBe('"1"');
    expect(finding.body).toMatchObject({
      inspectionId: id,
      description: 'Two counters still ask for paper copies',
      severity: 'high',
      responsibleUnit: 'transport-bureau',
      rectificationDue: '2030-03-31T10:00:00.000Z',
      status: 'open',
      plan: null,
      rectifications: [],
      verifications: [],
      overdue: false,
      revision: 1,
    });
    const fid = finding.body.id as string;
    const base = `/inspections/${id}/findings/${fid}`;

    const stale = await t.request('POST', `${base}/plan`, { token: p.dept, headers: { 'if-match': '"0"' }, body: { plan: 'x' } });
    expect(stale.status).toBe(412);

    const plan = await t.request('POST', `${base}/plan`, {
      token: p.dept,
      body: { plan: 'Remove the paper step by May', due: '2030-05-01T00:00:00+08:00' },
    });
    expect(plan.status).toBe(200);
    expect(plan.body).toMatchObject({ status: 'planned', plan: 'Remove the paper step by May', revision: 2 });

    const r1 = await t.request('POST', `${base}/rectifications`, {
      token: p.inspector,
      body: { description: 'Paper step removed at one counter', evidence: ['photo-1.jpg'] },
    });
    expect(r1.status).toBe(200);
    expect(r1.body.status).toBe('rectified');
    expect(r1.body.rectifications).toEqual([
      { description: 'Paper step removed at one counter', evidence: ['photo-1.jpg'], recordedBy: 'insp-1', at: expect.any(String) },
    ]);

    const rejected = await t.request('POST', `${base}/verify`, {
      token: p.inspector,
      body: { outcome: 'rejected', comment: 'Second counter unchanged' },
    });
    expect(rejected.status).toBe(200);
    expect(rejected.body).toMatchObject({ status: 'reopened', failedVerifications: 1 });
    expect(rejected.body.verifications).toEqual([
      { outcome: 'rejected', comment: 'Second counter unchanged', by: 'insp-1', at: expect.any(String) },
    ]);

    const early = await t.request('POST', `/inspections/${id}/close`, { token: p.inspector });
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('INSPECTION.OPEN_FINDINGS');

    const r2 = await t.request('POST', `${base}/rectifications`, { token: p.inspector, body: { description: 'Both counters paperless' } });
    expect(r2.status).toBe(200);
    expect(r2.body.rectifications).toHaveLength(2);
    expect(r2.body.rectifications[1].evidence).toEqual([]);

    const accepted = await t.request('POST', `${base}/verify`, {
      token: p.inspector,
      body: { outcome: 'accepted', comment: 'Checked on site' },
    });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ status: 'closed', overdue: false, revision: 6 });
    expect(accepted.headers['etag']).toBe('"6"');

    const again = await t.request('POST', `${base}/verify`, { token: p.inspector, body: { outcome: 'accepted', comment: 'again' } });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('INSPECTION.FINDING_CLOSED');

    const closed = await t.request('POST', `/inspections/${id}/close`, { token: p.inspector });
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ status: 'closed', closedBy: 'insp-1', revision: 7 });

    const read = await t.request('GET', `/inspections/${id}`, { token: p.office });
    expect(read.status).toBe(200);
    expect(read.headers['etag']).toBe('"7"');
    expect(read.body.findings).toHaveLength(1);
    expect(read.body.findings[0]).toMatchObject({ id: fid, status: 'closed', failedVerifications: 1 });

    const oneFinding = await t.request('GET', base, { token: p.dept });
    expect(oneFinding.status).toBe(200);
    // The finding's own answer adds the leaders' instructions on it (none here).
    expect(oneFinding.body).toEqual({ ...read.body.findings[0], instructions: [] });

    const ledger = await t.request('GET', `/rectifications?responsibleUnit=transport-bureau&status=closed`, { token: p.office });
    expect(ledger.body.items.map((f: { id: string }) => f.id)).toContain(fid);
    expect(ledger.body.items.find((f: { id: string }) => f.id === fid)).toEqual(read.body.findings[0]);

    const afterClose = await t.request('POST', `/inspections/${id}/findings`, {
      token: p.inspector,
      body: { description: 'late', severity: 'low', responsibleUnit: 'transport-bureau', rectificationDue: due },
    });
    expect(afterClose.status).toBe(409);
    expect(afterClose.body.code).toBe('INSPECTION.CLOSED');

    const list = await t.request('GET', `/inspections?targetUnit=transport-bureau&status=closed`, { token: p.dept });
    expect(list.body.items.map((i: { id: string }) => i.id)).toContain(id);
    const open = await t.request('GET', `/inspections?status=open`, { token: p.dept });
    expect(open.body.items.map((i: { id: string }) => i.id)).not.toContain(id);
  });

  it('refuses taskIds that name no task, naming the field', async () => {
    const res = await t.request('POST', '/inspections', {
      token: p.inspector,
      body: { title: 'x', targetUnit: 'u', taskIds: ['no-such-task'] },
    });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ path: 'taskIds[0]', message: expect.stringContaining('no-such-task') }]);
  });

  it('answers 404 for unknown inspections and findings', async () => {
    const id = await openInspection();
    expect((await t.request('GET', '/inspections/nope', { token: p.office })).status).toBe(404);
    expect((await t.request('GET', `/inspections/${id}/findings/nope`, { token: p.office })).status).toBe(404);
    const verify = await t.request('POST', `/inspections/${id}/findings/nope/verify`, {
      token: p.inspector,
      body: { outcome: 'accepted', comment: 'ok' },
    });
    expect(verify.status).toBe(404);
    expect(verify.body.code).toBe('INSPECTION.FINDING_NOT_FOUND');
    const finding = await t.request('POST', '/inspections/nope/findings', {
      token: p.inspector,
      body: { description: 'x', severity: 'low', responsibleUnit: 'u', rectificationDue: iso(Date.now() + DAY) },
    });
    expect(finding.status).toBe(404);
  });

  describe('authorisation', () => {
    it('allows each route exactly to the roles of API.md', async () => {
      const id = await openInspection();
      const fid = await recordFinding(id);
      const f = `/inspections/${id}/findings/${fid}`;
      const later = iso(Date.now() + 60 * DAY);
      const routes: Array<{ method: 'GET' | 'POST'; url: string; body?: unknown; allowed: Role[] | 'any' }> = [
        { method: 'POST', url: '/inspections', body: { title: 't', targetUnit: 'transport-bureau' }, allowed: ['inspector'] },
        { method: 'GET', url: '/inspections', allowed: 'any' },
        { method: 'GET', url: `/inspections/${id}`, allowed: 'any' },
        { method: 'GET', url: f, allowed: 'any' },
        {
          method: 'POST',
          url: `/inspections/${id}/findings`,
          body: { description: 'd', severity: 'low', responsibleUnit: 'transport-bureau', rectificationDue: later },
          allowed: ['inspector'],
        },
        { method: 'POST', url: `${f}/plan`, body: { plan: 'p' }, allowed: ['department'] },
        { method: 'POST', url: `${f}/rectifications`, body: { description: 'r' }, allowed: ['inspector'] },
        { method: 'POST', url: `${f}/verify`, body: { outcome: 'rejected', comment: 'c' }, allowed: ['inspector'] },
        { method: 'POST', url: `${f}/extend`, body: { due: later, reason: 'r' }, allowed: ['inspector'] },
        { method: 'POST', url: `/inspections/${id}/close`, allowed: ['inspector'] },
        { method: 'GET', url: '/rectifications', allowed: 'any' },
        { method: 'GET', url: '/rectifications/summary', allowed: 'any' },
      ];
      const tokens = Object.fromEntries(
        await Promise.all(
          ROLES.map(
            async (r) => [r, await t.token(`matrix-${r}`, [r], r === 'department' ? 'transport-bureau' : 'supervision-office')] as const,
          ),
        ),
      ) as Record<Role, string>;
      const observed: string[] = [];
      const expected: string[] = [];
      for (const route of routes) {
        const unauthenticated = await t.request(route.method, route.url, { body: route.body });
        expect(unauthenticated.status).toBe(401);
        // Refused roles first, so an allowed command cannot change what a refused one would meet.
        const order = [...ROLES].sort(
          (a, b) =>
            Number(route.allowed === 'any' || route.allowed.includes(a)) - Number(route.allowed === 'any' || route.allowed.includes(b)),
        );
        for (const role of order) {
          const allowed = route.allowed === 'any' || route.allowed.includes(role);
          const before = (await t.request('GET', `/inspections/${id}`, { token: p.office })).body.revision;
          const res = await t.request(route.method, route.url, { token: tokens[role], body: route.body });
          observed.push(
            `${route.method} ${route.url} ${role}: ` +
              `${res.status === 403 ? 'forbidden' : res.status >= 500 ? `error ${res.status}` : 'allowed'}`,
          );
          expected.push(`${route.method} ${route.url} ${role}: ${allowed ? 'allowed' : 'forbidden'}`);
          if (!allowed) expect((await t.request('GET', `/inspections/${id}`, { token: p.office })).body.revision).toBe(before);
        }
      }
      expect(observed).toEqual(expected);
    });

    it('refuses a verifier whose unit is the rectifying unit, even an inspector', async () => {
      const id = await openInspection();
      const fid = await recordFinding(id);
      const f = `/inspections/${id}/findings/${fid}`;
      expect((await t.request('POST', `${f}/rectifications`, { token: p.inspector, body: { description: 'done' } })).status).toBe(200);
      const insider = await t.request('POST', `${f}/verify`, {
        token: p.insiderInspector,
        body: { outcome: 'accepted', comment: 'all good' },
      });
      expect(insider.status).toBe(403);
      expect(insider.body.code).toBe('INSPECTION.VERIFIER_IS_RECTIFYING_UNIT');
      const outsider = await t.request('POST', `${f}/verify`, { token: p.inspector, body: { outcome: 'accepted', comment: 'all good' } });
      expect(outsider.status).toBe(200);
    });

    it('takes a plan only from the department of the responsible unit', async () => {
      const id = await openInspection();
      const fid = await recordFinding(id);
      const other = await t.request('POST', `/inspections/${id}/findings/${fid}/plan`, { token: p.otherDept, body: { plan: 'not ours' } });
      expect(other.status).toBe(403);
      expect(other.body.code).toBe('INSPECTION.NOT_RESPONSIBLE_UNIT');
      const noUnit = await t.request('POST', `/inspections/${id}/findings/${fid}/plan`, {
        token: await t.token('dept-x', ['department']),
        body: { plan: 'whose?' },
      });
      expect(noUnit.status).toBe(403);
      const own = await t.request('POST', `/inspections/${id}/findings/${fid}/plan`, { token: p.dept, body: { plan: 'ours' } });
      expect(own.status).toBe(200);
      const twice = await t.request('POST', `/inspections/${id}/findings/${fid}/plan`, { token: p.dept, body: { plan: 'ours again' } });
      expect(twice.status).toBe(409);
      expect(twice.body.code).toBe('INSPECTION.PLAN_ALREADY_SUBMITTED');
    });
  });

  describe('validation', () => {
    const paths = (res: { body: { errors?: Array<{ path: string }> } }) => [...new Set((res.body.errors ?? []).map((e) => e.path))].sort();

    it('names every bad field and appends nothing', async () => {
      const id = await openInspection();
      const fid = await recordFinding(id);
      const f = `/inspections/${id}/findings/${fid}`;
      const cases: Array<[string, unknown, string[], string?]> = [
        ['/inspections', { title: ' ', targetUnit: 5, taskIds: 'x', extra: true }, ['extra', 'targetUnit', 'taskIds', 'title']],
        ['/inspections', { title: 't', targetUnit: 'u', taskIds: ['../etc'] }, ['taskIds']],
        [
          `/inspections/${id}/findings`,
          { description: 'd', severity: 'urgent', responsibleUnit: '', rectificationDue: '2030-02-30T00:00:00Z' },
          ['rectificationDue', 'responsibleUnit', 'severity'],
        ],
        [
          `/inspections/${id}/findings`,
          { description: 'd', severity: 'low', responsibleUnit: 'u', rectificationDue: '2030-01-01T00:00:00' },
          ['rectificationDue'],
        ],
        [`${f}/plan`, { plan: 'p', due: 'next week' }, ['due'], p.dept],
        [`${f}/rectifications`, { description: 'r', evidence: [1, 'ok'] }, ['evidence']],
        [`${f}/verify`, { outcome: 'maybe' }, ['comment', 'outcome']],
        [`${f}/extend`, { due: 'soon' }, ['due', 'reason']],
        [`${f}/extend`, { due: '2000-01-01T00:00:00Z', reason: 'earlier' }, ['due']],
      ];
      for (const [url, body, expected, token] of cases) {
        const res = await t.request('POST', url, { token: token ?? p.inspector, body });
        expect({ url, status: res.status, paths: paths(res), type: res.headers['content-type'] }).toEqual({
          url,
          status: 400,
          paths: expected,
          type: expect.stringContaining('application/problem+json'),
        });
      }
      const malformed = await t.request('POST', `${f}/verify`, {
        token: p.inspector,
        body: '{"outcome":',
        headers: { 'content-type': 'application/json' },
      });
      expect(malformed.status).toBe(400);
      const read = await t.request('GET', `/inspections/${id}`, { token: p.office });
      expect(read.body.revision).toBe(1);
    });

    it('validates list queries', async () => {
      const bad = await t.request('GET', '/rectifications?overdue=maybe&severity=urgent&status=done&limit=501', { token: p.office });
      expect(bad.status).toBe(400);
      expect(paths(bad)).toEqual(['limit', 'overdue', 'severity', 'status']);
      const badList = await t.request('GET', '/inspections?status=pending&cursor=%%%', { token: p.office });
      expect(badList.status).toBe(400);
      const forged = Buffer.from(JSON.stringify([{}, 'a', 'b'])).toString('base64url');
      const cursor = await t.request('GET', `/rectifications?cursor=${forged}`, { token: p.office });
      expect(cursor.status).toBe(400);
      expect(paths(cursor)).toEqual(['cursor']);
    });
  });

  describe('extensions', () => {
    it('extends within the configured limit per severity, then refuses', async () => {
      const id = await openInspection();
      const due0 = Date.now() + 10 * DAY;
      const medium = await recordFinding(id, { severity: 'medium', rectificationDue: iso(due0) });
      const high = await recordFinding(id, { severity: 'high', rectificationDue: iso(due0) });
      const extend = (fid: string, days: number, token = p.inspector) =>
        t.request('POST', `/inspections/${id}/findings/${fid}/extend`, {
          token,
          body: { due: iso(due0 + days * DAY), reason: `needs ${days} more days` },
        });

      expect((await extend(medium, 5, p.dept)).status).toBe(403);
      const first = await extend(medium, 5);
      expect(first.status).toBe(200);
      expect(first.body.rectificationDue).toBe(iso(due0 + 5 * DAY));
      expect(first.body.extensions).toEqual([
        expect.objectContaining({ previousDue: iso(due0), due: iso(due0 + 5 * DAY), reason: 'needs 5 more days', by: 'insp-1' }),
      ]);
      // The configuration says medium=1 (the domain default would allow 3).
      const second = await extend(medium, 10);
      expect(second.status).toBe(409);
      expect(second.body.code).toBe('INSPECTION.EXTENSION_LIMIT_REACHED');

      expect((await extend(high, 5)).status).toBe(200);
      expect((await extend(high, 10)).status).toBe(200);
      const third = await extend(high, 15);
      expect(third.status).toBe(409);
      expect(third.body.code).toBe('INSPECTION.EXTENSION_LIMIT_REACHED');

      const notLater = await extend(high, 1);
      expect(notLater.status).toBe(400);
      expect(notLater.body.errors).toEqual([{ path: 'due', message: expect.any(String) }]);
    });

    it('refuses a malformed RECTIFICATION_EXTENSION_LIMITS at boot, naming it', () => {
      for (const value of ['critical=x', 'critical=1,critical=2', 'urgent=1', 'high=-1']) {
        expect(() => loadConfig({ RECTIFICATION_EXTENSION_LIMITS: value })).toThrow(ConfigError);
        expect(() => loadConfig({ RECTIFICATION_EXTENSION_LIMITS: value })).toThrow(/RECTIFICATION_EXTENSION_LIMITS/);
      }
      expect(loadConfig({ RECTIFICATION_EXTENSION_LIMITS: 'critical=0, low=5' }).rectificationExtensionLimits).toEqual({
        critical: 0,
        low: 5,
      });
      expect(loadConfig({}).rectificationExtensionLimits).toEqual({ critical: 1, high: 2, medium: 3, low: 3 });
    });
  });

  it('describes every inspection route in the OpenAPI document', async () => {
    const docs = await t.request('GET', '/docs-json');
    const described = Object.entries(docs.body.paths as Record<string, Record<string, unknown>>).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`),
    );
    expect(described).toEqual(
      expect.arrayContaining([
        'POST /inspections',
        'GET /inspections',
        'GET /inspections/{id}',
        'POST /inspections/{id}/findings',
        'GET /inspections/{id}/findings/{findingId}',
        'POST /inspections/{id}/findings/{findingId}/plan',
        'POST /inspections/{id}/findings/{findingId}/rectifications',
        'POST /inspections/{id}/findings/{findingId}/verify',
        'POST /inspections/{id}/findings/{findingId}/extend',
        'POST /inspections/{id}/close',
        'GET /rectifications',
        'GET /rectifications/summary',
      ]),
    );
  });
});

/** Deterministic PRNG (mulberry32), so the seeded spread is the same on every run. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

/** What the seed does to one finding, and so what the ledger must show for it. */
interface SeedPlan {
  unit: string;
  severity: Severity;
  status: FindingStatus;
  dueMs: number;
  withPlan: boolean;
  rejections: number;
}

describe('rectification summary on 200 seeded findings', () => {
  const UNITS = ['transport-bureau', 'water-bureau', 'health-commission', 'education-bureau', 'land-bureau', 'market-regulation'];
  const STATUSES: FindingStatus[] = ['open', 'planned', 'rectified', 'closed', 'reopened'];
  let t: TestApp;
  let plans: SeedPlan[];
  let now: number;

  beforeAll(async () => {
    t = await startTestApp();
    const inspector = await t.token('insp-seed', ['inspector']);
    const deptTokens = Object.fromEntries(
      await Promise.all(UNITS.map(async (u) => [u, await t.token(`dept-${u}`, ['department'], u)] as const)),
    );
    const random = prng(20260107);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
    now = Date.now();
    plans = Array.from({ length: 200 }, () => {
      const status = pick(STATUSES);
      // Due dates at least a day from now, so "overdue" cannot flip while the spec runs.
      const dueMs = now + (random() < 0.4 ? -1 : 1) * (1 + Math.floor(random() * 60)) * DAY;
      const rejections =
        status === 'reopened' ? 1 + Math.floor(random() * 2) : status === 'closed' || status === 'rectified' ? Math.floor(random() * 3) : 0;
      return {
        unit: pick(UNITS),
        severity: pick(SEVERITIES),
        status,
        dueMs,
        withPlan: status === 'planned' || (status !== 'open' && random() < 0.5),
        rejections,
      };
    });

    const ok = async (res: Promise<{ status: number; body: unknown }>) => {
      const r = await res;
      if (r.status >= 300) throw new Error(`seed step failed: ${r.status} ${JSON.stringify(r.body)}`);
      return r.body as { id: string };
    };
    let inspectionId = '';
    for (const [i, plan] of plans.entries()) {
      if (i % 20 === 0) {
        inspectionId = (
          await ok(t.request('POST', '/inspections', { token: inspector, body: { title: `Inspection ${i / 20}`, targetUnit: plan.unit } }))
        ).id;
      }
      const f = await ok(
        t.request('POST', `/inspections/${inspectionId}/findings`, {
          token: inspector,
          body: { description: `Finding ${i}`, severity: plan.severity, responsibleUnit: plan.unit, rectificationDue: iso(plan.dueMs) },
        }),
      );
      const base = `/inspections/${inspectionId}/findings/${f.id}`;
      const rectify = () => ok(t.request('POST', `${base}/rectifications`, { token: inspector, body: { description: 'work done' } }));
      const verify = (outcome: 'accepted' | 'rejected') =>
        ok(t.request('POST', `${base}/verify`, { token: inspector, body: { outcome, comment: outcome } }));
      if (plan.withPlan) await ok(t.request('POST', `${base}/plan`, { token: deptTokens[plan.unit]!, body: { plan: 'we will fix it' } }));
      if (plan.status === 'open' || plan.status === 'planned') continue;
      for (let r = 0; r < plan.rejections; r++) {
        await rectify();
        await verify('rejected');
      }
      if (plan.status === 'reopened') continue;
      await rectify();
      if (plan.status === 'closed') await verify('accepted');
    }
  }, 180_000);

  afterAll(async () => {
    await t.close();
  });

  it('counts per unit and in total what was seeded', async () => {
    const office = await t.token('office-1', ['reform_office']);
    const res = await t.request('GET', '/rectifications/summary', { token: office });
    expect(res.status).toBe(200);

    const zero = () => ({ total: 0, open: 0, planned: 0, rectified: 0, closed: 0, reopened: 0, overdue: 0, failedVerifications: 0 });
    const expectedByUnit = new Map<string, ReturnType<typeof zero>>();
    const totals = zero();
    for (const plan of plans) {
      const c = expectedByUnit.get(plan.unit) ?? zero();
      expectedByUnit.set(plan.unit, c);
      for (const counts of [c, totals]) {
        counts.total += 1;
        counts[plan.status] += 1;
        if (plan.status !== 'closed' && plan.dueMs < now) counts.overdue += 1;
        counts.failedVerifications += plan.rejections;
      }
    }
    const expectedRows = [...expectedByUnit.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([unit, c]) => ({ unit, ...c }));
    expect(res.body).toEqual({ byUnit: expectedRows, totals });
    // The spread is wide enough to mean something: every status and both sides of the due date occur.
    expect(STATUSES.every((s) => totals[s] > 0)).toBe(true);
    expect(totals.overdue).toBeGreaterThan(0);
    expect(totals.total).toBe(200);
  });

  it('filters and pages the ledger consistently with the seed', async () => {
    const office = await t.token('office-1', ['reform_office']);
    const seen: Array<{ id: string; responsibleUnit: string; severity: string; status: string; overdue: boolean }> = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: typeof seen; nextCursor: string | null } } = await t.request(
        'GET',
        `/rectifications?limit=37${cursor ? `&cursor=${cursor}` : ''}`,
        { token: office },
      );
      seen.push(...page.body.items);
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(200);
    expect(new Set(seen.map((f) => f.id)).size).toBe(200);

    const unit = 'water-bureau';
    const expectedOverdue = plans.filter((p) => p.unit === unit && p.status !== 'closed' && p.dueMs < now).length;
    const overdue = await t.request('GET', `/rectifications?responsibleUnit=${unit}&overdue=true&limit=500`, { token: office });
    expect(overdue.body.items).toHaveLength(expectedOverdue);
    expect(overdue.body.items.every((f: { overdue: boolean; responsibleUnit: string }) => f.overdue && f.responsibleUnit === unit)).toBe(
      true,
    );
    const notOverdue = await t.request('GET', `/rectifications?responsibleUnit=${unit}&overdue=false&limit=500`, { token: office });
    expect(notOverdue.body.items).toHaveLength(plans.filter((p) => p.unit === unit).length - expectedOverdue);

    const criticalReopened = await t.request('GET', '/rectifications?severity=critical&status=reopened&limit=500', { token: office });
    expect(criticalReopened.body.items).toHaveLength(plans.filter((p) => p.severity === 'critical' && p.status === 'reopened').length);
  });

  it('hands the reminder engine every finding not closed, with the inspector to escalate to', () => {
    const db = t.app.get(ProjectionsService).runner('rectification-ledger').db;
    const open = listOpenFindingsWithDue(db);
    expect(open).toHaveLength(plans.filter((p) => p.status !== 'closed').length);
    expect(open.every((o) => o.openedBy === 'insp-seed' && o.dueVersion === 0)).toBe(true);
    const dues = open.map((o) => Date.parse(o.rectificationDue));
    expect(dues).toEqual([...dues].sort((a, b) => a - b));
  });
});
