import fc from 'fast-check';
import type { Role } from '#domain';
import { registerSpecialGroups } from './support/special-groups.js';
import { startTestApp, type TestApp } from './support/test-app.js';

// End-to-end: API.md "Who may read what" — the issue's example (a confidential countersign
// matter, an evaluator and an unrelated department), the scopes of each kind of record, and a
// property: every record a list, search or export shows is readable by GET, and every record
// GET can read is in the list.

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
  await registerSpecialGroups(t, ['scope-g1', 'scope-g2']);
});
afterAll(async () => t?.close());

let seq = 0;
async function token(sub: string, roles: Role[], unit?: string): Promise<string> {
  return t.token(sub, roles, unit);
}

async function task(office: string, leadUnit: string, specialGroup = 'scope-g1', title = `任务 ${++seq}`): Promise<string> {
  const res = await t.request('POST', '/tasks', {
    token: office,
    body: {
      title,
      area: 'government_services',
      specialGroup,
      leadUnit,
      responsible: '张三',
      evaluationStandard: '全部办结',
      deadline: '2031-06-30',
    },
  });
  expect(res.status).toBe(201);
  return res.body.id as string;
}

/** Every item of a list, page by page (`limit` small so that paging is exercised). */
async function all(path: string, tok: string, limit = 2): Promise<Array<{ id: string }>> {
  const items: Array<{ id: string }> = [];
  let cursor: string | null = null;
  for (let pages = 0; pages < 200; pages++) {
    const sep = path.includes('?') ? '&' : '?';
    const res = await t.request('GET', `${path}${sep}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, {
      token: tok,
    });
    expect(res.status).toBe(200);
    // A page of readable records is full whenever more follow: never a page filtered down.
    if (res.body.nextCursor !== null) expect(res.body.items).toHaveLength(limit);
    items.push(...res.body.items);
    cursor = res.body.nextCursor;
    if (cursor === null) return items;
  }
  throw new Error(`${path}: too many pages`);
}

describe('the issue: a committee’s confidential countersign matter', () => {
  it('is read by submitter, signers (also after a hand-over), office, members, leaders, admins; not evaluators, other units', async () => {
    const office = await token('office-1', ['reform_office']);
    const matter = await t.request('POST', '/matters', {
      token: office,
      body: { title: '关于市管干部调整的会签', body: '机密：拟调整人选名单……', signers: ['member-a', 'member-b'], mode: 'all' },
    });
    expect(matter.status).toBe(201);
    const id = matter.body.id as string;
    // member-b hands the signature over: member-b stays a (former) signer and keeps reading.
    const memberB = await token('member-b', ['committee_member']);
    expect((await t.request('POST', `/matters/${id}/delegate`, { token: memberB, body: { to: 'deputy-c', reason: '出差' } })).status).toBe(
      200,
    );

    const readers = {
      submitter: office,
      signer: await token('member-a', ['committee_member']),
      formerSigner: await token('member-b', ['department'], 'civil-affairs'),
      delegate: await token('deputy-c', ['department'], 'civil-affairs'),
      member: await token('member-z', ['committee_member']),
      leader: await token('leader-1', ['leader']),
      admin: await token('admin-1', ['admin']),
      otherOffice: await token('office-2', ['reform_office']),
    };
    const strangers = {
      evaluator: await token('eval-1', ['evaluator'], 'org-third-party'),
      department: await token('dept-1', ['department'], 'civil-affairs'),
      inspector: await token('insp-1', ['inspector']),
    };
    for (const [who, tok] of Object.entries(readers)) {
      expect([who, (await t.request('GET', `/matters/${id}`, { token: tok })).status]).toEqual([who, 200]);
      expect([who, (await all('/matters', tok, 50)).some((m) => m.id === id)]).toEqual([who, true]);
      expect([
        who,
        (await t.request('GET', `/matters?q=${encodeURIComponent('机密')}`, { token: tok })).body.items.some(
          (m: { id: string }) => m.id === id,
        ),
      ]).toEqual([who, true]);
    }
    for (const [who, tok] of Object.entries(strangers)) {
      const got = await t.request('GET', `/matters/${id}`, { token: tok });
      expect([who, got.status]).toEqual([who, 404]);
      expect(got.text).not.toContain('机密');
      expect([who, (await all('/matters', tok, 50)).some((m) => m.id === id)]).toEqual([who, false]);
      expect([who, (await t.request('GET', `/matters?q=${encodeURIComponent('机密')}`, { token: tok })).body.items]).toEqual([who, []]);
      expect([who, (await t.request('GET', `/matters?status=pending&q=${encodeURIComponent('干部')}`, { token: tok })).body.items]).toEqual(
        [who, []],
      );
    }
  });
});

describe('an evaluator reads exactly the subjects commissioned from its organisation', () => {
  it('tasks, their summary and export, units and groups; no plans, key points or decisions', async () => {
    const office = await token('office-e', ['reform_office']);
    const mine = await task(office, 'eval-unit-a', 'scope-g1', '评估对象任务');
    const byUnit = await task(office, 'eval-unit-b', 'scope-g1');
    const byGroup = await task(office, 'eval-unit-c', 'scope-g2');
    const notMine = await task(office, 'eval-unit-d', 'scope-g1', '不该看到的任务');
    for (const subject of [
      { kind: 'task', id: mine },
      { kind: 'unit', id: 'eval-unit-b' },
      { kind: 'special_group', id: 'scope-g2' },
    ]) {
      const res = await t.request('POST', '/evaluations', {
        token: office,
        body: { subject, year: 2031, evaluatorUnit: 'org-e', due: '2031-09-30' },
      });
      expect(res.status).toBe(201);
    }
    const evaluator = await token('eval-e', ['evaluator'], 'org-e');
    const other = await token('eval-x', ['evaluator'], 'org-x');

    for (const id of [mine, byUnit, byGroup]) expect((await t.request('GET', `/tasks/${id}`, { token: evaluator })).status).toBe(200);
    expect((await t.request('GET', `/tasks/${notMine}`, { token: evaluator })).status).toBe(404);
    for (const id of [mine, byUnit, byGroup, notMine]) expect((await t.request('GET', `/tasks/${id}`, { token: other })).status).toBe(404);
    const listed = (await all('/tasks', evaluator)).map((x) => x.id).sort();
    expect(listed).toEqual([mine, byUnit, byGroup].sort());
    expect(await all('/tasks', other)).toEqual([]);
    expect(
      (await t.request('GET', `/tasks?q=${encodeURIComponent('任务')}`, { token: evaluator })).body.items.map((x: { id: string }) => x.id),
    ).not.toContain(notMine);
    const summary = (await t.request('GET', '/tasks/summary', { token: evaluator })).body;
    expect(summary.total).toBe(3);
    expect(Object.keys(summary.byUnit).sort()).toEqual(['eval-unit-a', 'eval-unit-b', 'eval-unit-c']);
    const csv = await t.request('GET', '/tasks/export?format=csv', { token: evaluator });
    expect(csv.status).toBe(200);
    expect(csv.text).toContain('评估对象任务');
    expect(csv.text).not.toContain('不该看到的任务');
    expect((await t.request('GET', '/tasks/export?format=csv', { token: other })).text).not.toContain('评估对象任务');

    expect((await t.request('GET', '/units/eval-unit-b/summary', { token: evaluator })).body.own.total).toBe(1);
    expect((await t.request('GET', '/units/eval-unit-d/summary', { token: evaluator })).status).toBe(404);
    expect((await t.request('GET', '/special-groups/scope-g2', { token: evaluator })).status).toBe(200);
    expect((await t.request('GET', '/special-groups/scope-g1', { token: evaluator })).status).toBe(404);
    expect((await all('/special-groups', evaluator)).map((g) => (g as unknown as { code: string }).code)).toEqual(['scope-g2']);
    expect((await t.request('GET', '/plans', { token: evaluator })).body.items).toEqual([]);
    expect((await t.request('GET', '/key-points', { token: evaluator })).body.items).toEqual([]);
    expect((await t.request('GET', '/decisions', { token: evaluator })).body.items).toEqual([]);

    // Every other role reads the whole ledger.
    const department = await token('dept-e', ['department'], 'somewhere-else');
    expect((await t.request('GET', `/tasks/${notMine}`, { token: department })).status).toBe(200);
  });
});

describe('a department reads the inspections of its unit and the findings its unit must rectify', () => {
  it('GET, lists, the rectification ledger, its summary and export', async () => {
    const inspector = await token('insp-d', ['inspector']);
    const open = async (targetUnit: string) =>
      (await t.request('POST', '/inspections', { token: inspector, body: { title: `督察 ${targetUnit}`, targetUnit } })).body.id as string;
    const finding = async (inspectionId: string, responsibleUnit: string, description: string) => {
      const res = await t.request('POST', `/inspections/${inspectionId}/findings`, {
        token: inspector,
        body: { description, severity: 'medium', responsibleUnit, rectificationDue: '2031-03-31' },
      });
      expect(res.status).toBe(201);
      return res.body.id as string;
    };
    const ofWater = await open('water-d');
    const ofRoads = await open('roads-d');
    const waterOwn = await finding(ofWater, 'water-d', '水务自查问题');
    const waterOther = await finding(ofWater, 'parks-d', '公园问题');
    const roadsForWater = await finding(ofRoads, 'water-d', '管线问题');
    const roadsOwn = await finding(ofRoads, 'roads-d', '道路问题');

    const water = await token('dept-water', ['department'], 'water-d');
    expect((await t.request('GET', `/inspections/${ofWater}`, { token: water })).status).toBe(200);
    expect((await t.request('GET', `/inspections/${ofRoads}`, { token: water })).status).toBe(404);
    expect((await t.request('GET', `/inspections/${ofRoads}/findings/${roadsForWater}`, { token: water })).status).toBe(200);
    expect((await t.request('GET', `/inspections/${ofRoads}/findings/${roadsOwn}`, { token: water })).status).toBe(404);
    expect((await all('/inspections', water)).map((i) => i.id)).toEqual([ofWater]);
    const ledger = (await all('/rectifications', water)).map((f) => f.id).sort();
    expect(ledger).toEqual([waterOwn, waterOther, roadsForWater].sort());
    const summary = (await t.request('GET', '/rectifications/summary', { token: water })).body;
    expect(summary.totals.total).toBe(3);
    const csv = (await t.request('GET', '/rectifications/export?format=csv', { token: water })).text;
    expect(csv).toContain('管线问题');
    expect(csv).not.toContain('道路问题');
    expect((await t.request('GET', `/rectifications?q=${encodeURIComponent('道路')}`, { token: water })).body.items).toEqual([]);

    const evaluator = await token('eval-d', ['evaluator'], 'org-d');
    expect((await t.request('GET', `/inspections/${ofWater}`, { token: evaluator })).status).toBe(404);
    expect(await all('/rectifications', evaluator)).toEqual([]);
    const leader = await token('leader-d', ['leader']);
    expect((await t.request('GET', `/inspections/${ofRoads}`, { token: leader })).status).toBe(200);
  });
});

describe('property: what a list shows is readable by GET, and what GET reads is in the list', () => {
  it('for random actors over a random ledger of matters, inspections, meetings, tasks, urgings and instructions', async () => {
    const office = await token('office-p', ['reform_office']);
    const inspector = await token('insp-p', ['inspector']);
    const USERS = ['p-u1', 'p-u2', 'p-u3'];
    const UNITS = ['p-unit-a', 'p-unit-b'];
    const ledger = fc.sample(
      fc.record({
        matters: fc.array(
          fc.record({ by: fc.constantFrom(...USERS), signers: fc.uniqueArray(fc.constantFrom(...USERS), { minLength: 1, maxLength: 2 }) }),
          { minLength: 2, maxLength: 4 },
        ),
        inspections: fc.array(fc.record({ target: fc.constantFrom(...UNITS), responsible: fc.constantFrom(...UNITS) }), {
          minLength: 1,
          maxLength: 3,
        }),
        items: fc.array(fc.record({ owner: fc.constantFrom(...USERS), unit: fc.constantFrom(...UNITS) }), { minLength: 1, maxLength: 3 }),
        tasks: fc.array(fc.record({ unit: fc.constantFrom(...UNITS), group: fc.constantFrom('scope-g1', 'scope-g2') }), {
          minLength: 2,
          maxLength: 4,
        }),
        commissions: fc.array(
          fc.oneof(fc.constant({ kind: 'unit', id: 'p-unit-a' }), fc.constant({ kind: 'special_group', id: 'scope-g2' })),
          { maxLength: 1 },
        ),
      }),
      { numRuns: 1, seed: 26 },
    )[0]!;
    for (const m of ledger.matters) {
      const submitter = await token(m.by, ['department'], 'p-unit-a');
      expect(
        (await t.request('POST', '/matters', { token: submitter, body: { title: '会签', body: '正文', signers: m.signers, mode: 'any' } }))
          .status,
      ).toBe(201);
    }
    for (const i of ledger.inspections) {
      const id = (await t.request('POST', '/inspections', { token: inspector, body: { title: '督察', targetUnit: i.target } })).body.id;
      await t.request('POST', `/inspections/${id}/findings`, {
        token: inspector,
        body: { description: '问题', severity: 'low', responsibleUnit: i.responsible, rectificationDue: '2031-01-31' },
      });
    }
    const meeting = (
      await t.request('POST', '/meetings', { token: office, body: { title: '联席会议', scheduledAt: '2031-01-01T09:00:00+08:00' } })
    ).body.id;
    for (const it of ledger.items) {
      await t.request('POST', `/meetings/${meeting}/items`, {
        token: office,
        body: { title: '事项', owner: it.owner, ownerUnit: it.unit, deadline: '2031-02-01' },
      });
    }
    const leader = await token('leader-p', ['leader']);
    const instruct = async (kind: string, id: string) =>
      expect(
        (
          await t.request('POST', '/instructions', {
            token: leader,
            body: { subject: { kind, id }, text: '批示', respondBy: '2031-03-31' },
          })
        ).status,
      ).toBe(201);
    for (const x of ledger.tasks) {
      const id = await task(office, x.unit, x.group);
      expect((await t.request('POST', `/tasks/${id}/urgings`, { token: office, body: { text: '催办' } })).status).toBe(201);
      await instruct('task', id);
    }
    for (const subject of ledger.commissions) {
      await t.request('POST', '/evaluations', { token: office, body: { subject, year: 2031, evaluatorUnit: 'p-org', due: '2031-09-30' } });
    }

    const actor = fc.record({
      sub: fc.constantFrom(...USERS, 'p-stranger'),
      roles: fc.uniqueArray(
        fc.constantFrom<Role>('department', 'evaluator', 'inspector', 'committee_member', 'leader', 'reform_office', 'admin'),
        { minLength: 1, maxLength: 2 },
      ),
      unit: fc.constantFrom(...UNITS, 'p-org'),
    });
    // Every record of each kind, as the office (or the inspector) reads them all.
    const everything = {
      matters: await all('/matters', office, 50),
      inspections: await all('/inspections', inspector, 50),
      findings: (await all('/rectifications', inspector, 50)) as Array<{ id: string; inspectionId?: string }>,
      tasks: await all('/tasks', office, 50),
      items: await all('/action-items', office, 50),
      urgings: await all('/urgings', office, 50),
    };
    // An instruction on every finding and action item, and on one matter, beside those on the tasks.
    for (const f of everything.findings) await instruct('finding', f.id);
    for (const i of everything.items) await instruct('meeting_item', i.id);
    await instruct('matter', everything.matters[0]!.id);
    const instructions = await all('/instructions', office, 50);
    await fc.assert(
      fc.asyncProperty(actor, async (a) => {
        const tok = await token(a.sub, a.roles, a.unit);
        const check = async (list: string, records: Array<{ id: string }>, getPath: (r: { id: string }) => string) => {
          const shown = new Set((await all(list, tok)).map((r) => r.id));
          for (const r of records) {
            const status = (await t.request('GET', getPath(r), { token: tok })).status;
            expect([list, r.id, status === 200]).toEqual([list, r.id, shown.has(r.id)]);
          }
        };
        await check('/matters', everything.matters, (r) => `/matters/${r.id}`);
        await check('/inspections', everything.inspections, (r) => `/inspections/${r.id}`);
        await check(
          '/rectifications',
          everything.findings,
          (r) => `/inspections/${(r as { inspectionId?: string }).inspectionId}/findings/${r.id}`,
        );
        await check('/tasks', everything.tasks, (r) => `/tasks/${r.id}`);
        await check('/urgings', everything.urgings, (r) => `/urgings/${r.id}`);
        await check('/instructions', instructions, (r) => `/instructions/${r.id}`);
        // Action items have no GET of their own: the meeting's GET shows the items the reader may read.
        const meetingView = await t.request('GET', `/meetings/${meeting}`, { token: tok });
        const viaMeeting = new Set<string>(meetingView.status === 200 ? meetingView.body.items.map((i: { id: string }) => i.id) : []);
        const listed = (await all('/action-items', tok)).map((i) => i.id).filter((id) => everything.items.some((x) => x.id === id));
        expect(listed.sort()).toEqual([...viaMeeting].sort());
      }),
      { numRuns: 12, seed: 2026 },
    );
  });
});
