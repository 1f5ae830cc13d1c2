import { registerSpecialGroups } from './support/special-groups.js';
import { startTestApp, type TestApp } from './support/test-app.js';

// End-to-end: `q` on every ledger of API.md against the booted app (one- and two-character
// Chinese substrings in each searchable field, names, 文号, pinyin, ranking, matchedIn, paging).

const FUTURE = '2030-06-30T18:00:00+08:00';
const UNIT = 'transport-bureau';

let t: TestApp;
let office: string;
let dept: string;
let inspector: string;
let member: string;

beforeAll(async () => {
  t = await startTestApp();
  office = await t.token('office-1', ['reform_office']);
  dept = await t.token('dept-1', ['department'], UNIT);
  inspector = await t.token('insp-1', ['inspector'], 'supervision-office');
  member = await t.token('member-1', ['committee_member']);
});
afterAll(async () => {
  await t.close();
});

async function ok(res: Promise<{ status: number; body: any }>, status = 200): Promise<any> {
  const r = await res;
  expect([r.status, r.body]).toEqual([status, expect.anything()]);
  return r.body;
}

/** `[id, matchedIn]` of every item of one page of `path` with `q`. */
async function search(path: string, q: string, extra = ''): Promise<Array<[string, string]>> {
  const res = await t.request('GET', `${path}?q=${encodeURIComponent(q)}${extra}`, { token: member });
  expect(res.status).toBe(200);
  return res.body.items.map((i: { id: string; matchedIn: string }) => [i.id, i.matchedIn]);
}

describe('GET /tasks?q=', () => {
  // Every task is in its own special group so the other specs' tasks never interfere.
  const group = `search-${Date.now()}`;
  const ids: Record<string, string> = {};
  const tasks = (q: string, extra = '') => search('/tasks', q, `&specialGroup=${group}${extra}`);

  beforeAll(async () => {
    await registerSpecialGroups(t, [group]);
    const register = async (name: string, body: Record<string, unknown>) => {
      const task = await ok(
        t.request('POST', '/tasks', {
          token: office,
          body: {
            area: 'real_economy',
            specialGroup: group,
            leadUnit: UNIT,
            responsible: 'Zhang Wei',
            evaluationStandard: 'standard',
            deadline: FUTURE,
            milestones: [{ title: 'step', due: '2030-01-31T18:00:00+08:00' }],
            ...body,
          },
        }),
        201,
      );
      ids[name] = task.id;
      return task;
    };
    const car = await register('car', {
      title: '长春国际汽车城建设',
      evaluationStandard: '整车产量达到目标',
      responsible: '王芳',
      leadUnit: '市交通局',
      milestones: [{ title: '完成规划编制', due: '2030-01-31T18:00:00+08:00' }],
    });
    await register('river', { title: '全面推行河长制', evaluationStandard: '新能源汽车推广数量', responsible: '李明' });
    await register('portal', { title: '一网通办 One Network' });
    await ok(
      t.request('POST', `/tasks/${ids['portal']}/progress`, { token: dept, body: { percent: 30, note: '已印发长府发〔2025〕12号文件' } }),
    );
    // The office may act on any task; the department only on its unit's (car's lead unit is another).
    await ok(
      t.request('POST', `/tasks/${car.id}/milestones/${car.milestones[0].id}/complete`, { token: office, body: { note: '专家评审通过' } }),
    );
  });

  it('finds one- and two-character substrings in every searchable field and says where', async () => {
    const cases: Array<[string, string, string]> = [
      ['际', 'car', 'title'],
      ['城建', 'car', 'title'],
      ['整', 'car', 'evaluationStandard'],
      ['产量', 'car', 'evaluationStandard'],
      ['芳', 'car', 'responsible'],
      ['交', 'car', 'leadUnit'],
      ['交通', 'car', 'leadUnit'],
      ['划', 'car', 'milestone'],
      ['规划', 'car', 'milestone'],
      ['审', 'car', 'note'],
      ['评审', 'car', 'note'],
      ['印发', 'portal', 'note'],
    ];
    for (const [q, name, field] of cases) expect([q, await tasks(q)]).toEqual([q, [[ids[name], field]]]);
  });

  it('finds personal names, 文号 and pinyin (initials and full), and Latin text as before', async () => {
    expect(await tasks('李明')).toEqual([[ids['river'], 'responsible']]);
    expect(await tasks('长府发〔2025〕12号')).toEqual([[ids['portal'], 'note']]);
    expect(await tasks('〔2025〕')).toEqual([[ids['portal'], 'note']]);
    expect(await tasks('qc')).toEqual([[ids['car'], 'pinyin']]);
    expect(await tasks('qiche')).toEqual([[ids['car'], 'pinyin']]);
    expect(await tasks('liming')).toEqual([[ids['river'], 'pinyin']]);
    expect(await tasks('network')).toEqual([[ids['portal'], 'title']]);
    expect(await tasks('One Net')).toEqual([[ids['portal'], 'title']]);
    expect(await tasks('nothing-like-this')).toEqual([]);
  });

  it('finds the title of the key point record a task carries out, and institutional documents by title and 文号', async () => {
    // Its own group, so the ledger of the other specs keeps its three tasks.
    const kpGroup = `${group}-kp`;
    await registerSpecialGroups(t, [kpGroup]);
    const inGroup = (q: string) => search('/tasks', q, `&specialGroup=${kpGroup}`);
    const plan = await ok(
      t.request('POST', '/plans', { token: office, body: { title: '改革规划', periodFrom: 2024, periodTo: 2028 } }),
      201,
    );
    const keyPoint = async (title: string) =>
      (
        await ok(
          t.request('POST', `/plans/${plan.id}/key-points`, { token: office, body: { year: 2026, title, area: 'real_economy' } }),
          201,
        )
      ).id;
    const business = await keyPoint('持续优化营商环境');
    const digital = await keyPoint('加快数字政府建设');
    const linked = await ok(
      t.request('POST', '/tasks', {
        token: office,
        body: {
          title: '项目审批提速',
          area: 'real_economy',
          specialGroup: kpGroup,
          leadUnit: UNIT,
          responsible: '赵磊',
          evaluationStandard: 'standard',
          deadline: FUTURE,
          keyPointId: business,
        },
      }),
      201,
    );
    expect(linked).toMatchObject({ keyPointId: business, keyPointTitle: '持续优化营商环境' });
    expect(await inGroup('营商')).toEqual([[linked.id, 'keyPoint']]);
    expect(await inGroup('yingshang')).toEqual([[linked.id, 'pinyin']]);
    // Moving the task to another key point searches the new title, not the old one.
    await ok(t.request('POST', `/tasks/${linked.id}/key-point`, { token: office, body: { keyPointId: digital } }));
    expect(await inGroup('营商')).toEqual([]);
    expect(await inGroup('数字')).toEqual([[linked.id, 'keyPoint']]);

    await ok(
      t.request('POST', `/tasks/${ids['river']}/documents`, {
        token: office,
        body: { title: '供热价格改革方案', docNumber: '吉发改〔2024〕5号', issuer: '省发改委', issuedAt: '2024-03-01T10:00:00+08:00' },
      }),
      201,
    );
    expect(await tasks('供热')).toEqual([[ids['river'], 'document']]);
    expect(await tasks('吉发改〔2024〕5号')).toEqual([[ids['river'], 'document']]);
    expect(await tasks('〔2024〕')).toEqual([[ids['river'], 'document']]);
  });

  it('ranks title matches first, then the most recent, and pages the ranking with its cursor', async () => {
    expect(await tasks('汽车')).toEqual([
      [ids['car'], 'title'],
      [ids['river'], 'evaluationStandard'],
    ]);
    const seen: Array<[string, string]> = [];
    let cursor: string | null = null;
    do {
      const res: { status: number; body: any } = await t.request(
        'GET',
        `/tasks?specialGroup=${group}&q=${encodeURIComponent('长')}&limit=1${cursor ? `&cursor=${cursor}` : ''}`,
        { token: member },
      );
      expect(res.status).toBe(200);
      expect(res.body.items).toHaveLength(1);
      expect(res.body.items[0]).toMatchObject({ overdue: false, revision: expect.any(Number), status: expect.any(String) });
      seen.push([res.body.items[0].id, res.body.items[0].matchedIn]);
      cursor = res.body.nextCursor;
    } while (cursor && seen.length < 10);
    expect(seen).toEqual([
      [ids['river'], 'title'],
      [ids['car'], 'title'],
      [ids['portal'], 'note'],
    ]);
    expect(await tasks('长', '&status=planned')).toEqual([[ids['river'], 'title']]);
  });

  it('refuses a cursor of the other ordering with a 400 naming cursor, and a blank q is no search', async () => {
    const plain = await ok(t.request('GET', `/tasks?specialGroup=${group}&limit=1`, { token: member }));
    const mixed = await t.request('GET', `/tasks?specialGroup=${group}&q=${encodeURIComponent('长')}&cursor=${plain.nextCursor}`, {
      token: member,
    });
    expect(mixed.status).toBe(400);
    expect(mixed.body.errors.map((e: { path: string }) => e.path)).toEqual(['cursor']);
    const ranked = await ok(t.request('GET', `/tasks?specialGroup=${group}&q=${encodeURIComponent('长')}&limit=1`, { token: member }));
    expect((await t.request('GET', `/tasks?specialGroup=${group}&cursor=${ranked.nextCursor}`, { token: member })).status).toBe(400);
    const blank = await ok(t.request('GET', `/tasks?specialGroup=${group}&q=%20%20`, { token: member }));
    expect(blank.items.map((i: { id: string }) => i.id)).toEqual([ids['car'], ids['river'], ids['portal']]);
    expect((await t.request('GET', `/tasks?q=${'长'.repeat(201)}`, { token: member })).status).toBe(400);
  });
});

describe('q on the other ledgers', () => {
  it('GET /matters?q= finds the title first, then the body, and pinyin', async () => {
    const submit = async (title: string, body: string) =>
      (await ok(t.request('POST', '/matters', { token: office, body: { title, body, signers: ['a1', 'a2'], mode: 'all' } }), 201))
        .id as string;
    const m1 = await submit('关于汽车产业用地的请示', '请审议土地指标');
    const m2 = await submit('河道治理经费', '涉及汽车通行的道路改造，李明牵头');
    expect(await search('/matters', '汽车')).toEqual([
      [m1, 'title'],
      [m2, 'body'],
    ]);
    expect(await search('/matters', '李明')).toEqual([[m2, 'body']]);
    expect(await search('/matters', 'hdzl')).toEqual([[m2, 'pinyin']]);
    const inbox = await t.request('GET', `/matters?awaiting=me&q=${encodeURIComponent('汽车')}`, {
      token: await t.token('a1', ['committee_member']),
    });
    expect(inbox.body.items.map((m: { id: string }) => m.id)).toEqual([m1, m2]);
  });

  it('GET /meetings?q= and GET /action-items?q= find titles, minutes and pinyin', async () => {
    const meeting = await ok(
      t.request('POST', '/meetings', { token: office, body: { title: '营商环境联席会议', scheduledAt: '2030-01-01T09:00:00+08:00' } }),
      201,
    );
    const item = await ok(
      t.request('POST', `/meetings/${meeting.id}/items`, {
        token: office,
        body: { title: '落实河长制巡查', owner: 'alice', ownerUnit: 'water', deadline: FUTURE },
      }),
      201,
    );
    const other = await ok(
      t.request('POST', '/meetings', { token: office, body: { title: '专题会', scheduledAt: '2030-01-02T09:00:00+08:00' } }),
      201,
    );
    await ok(t.request('POST', `/meetings/${other.id}/conclude`, { token: office, body: { minutes: '研究了营商环境问题' } }));
    expect(await search('/meetings', '营商')).toEqual([
      [meeting.id, 'title'],
      [other.id, 'minutes'],
    ]);
    expect(await search('/meetings', 'lxhy')).toEqual([[meeting.id, 'pinyin']]);
    expect(await search('/action-items', '巡')).toEqual([[item.id, 'title']]);
    expect(await search('/action-items', '河长')).toEqual([[item.id, 'title']]);
    expect(await search('/action-items', 'xuncha')).toEqual([[item.id, 'pinyin']]);
    expect(await search('/action-items', '河长', '&status=done')).toEqual([]);
  });

  it('GET /rectifications?q= finds descriptions, then plans and rectifications', async () => {
    const inspection = await ok(
      t.request('POST', '/inspections', { token: inspector, body: { title: '水务督察', targetUnit: UNIT } }),
      201,
    );
    const finding = async (description: string) =>
      (
        await ok(
          t.request('POST', `/inspections/${inspection.id}/findings`, {
            token: inspector,
            body: { description, severity: 'high', responsibleUnit: UNIT, rectificationDue: FUTURE },
          }),
          201,
        )
      ).id as string;
    const f1 = await finding('污水处理厂超标排放');
    const f2 = await finding('台账记录不全');
    await ok(t.request('POST', `/inspections/${inspection.id}/findings/${f2}/plan`, { token: dept, body: { plan: '补齐污水台账' } }));
    const f3 = await finding('资金拨付滞后');
    await ok(
      t.request('POST', `/inspections/${inspection.id}/findings/${f3}/rectifications`, {
        token: inspector,
        body: { description: '已拨付专项资金，李明负责' },
      }),
    );
    expect(await search('/rectifications', '污水')).toEqual([
      [f1, 'description'],
      [f2, 'plan'],
    ]);
    expect(await search('/rectifications', '污')).toEqual([
      [f1, 'description'],
      [f2, 'plan'],
    ]);
    expect(await search('/rectifications', '李明')).toEqual([[f3, 'rectification']]);
    expect(await search('/rectifications', 'zijin')).toEqual([[f3, 'pinyin']]);
    const page = await ok(t.request('GET', `/rectifications?q=${encodeURIComponent('污水')}&limit=1`, { token: member }));
    const next = await ok(
      t.request('GET', `/rectifications?q=${encodeURIComponent('污水')}&limit=1&cursor=${page.nextCursor}`, { token: member }),
    );
    expect(next.items.map((f: { id: string }) => f.id)).toEqual([f2]);
  });

  it('documents q on every ledger route in the OpenAPI document', async () => {
    const doc = (await t.request('GET', '/docs-json')).body;
    for (const route of ['/tasks', '/matters', '/meetings', '/action-items', '/rectifications']) {
      const params = (doc.paths[route].get.parameters as Array<{ name: string; in: string; description?: string }>).filter(
        (p) => p.name === 'q',
      );
      expect([route, params]).toEqual([route, [expect.objectContaining({ in: 'query', description: expect.stringContaining('pinyin') })]]);
    }
  });
});
