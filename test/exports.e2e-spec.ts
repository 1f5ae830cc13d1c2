import ExcelJS from 'exceljs';
import { registerSpecialGroups } from './support/special-groups.js';
import { startTestApp, type TestApp } from './support/test-app.js';

// End-to-end: API.md's "Exports", opened with the library that wrote them.

let t: TestApp;
const tok = {} as Record<'office' | 'member' | 'dept', string>;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

async function download(url: string, token: string): Promise<{ status: number; type: string; disposition: string; body: Buffer }> {
  const res = await t.app
    .getHttpAdapter()
    .getInstance()
    .inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });
  return {
    status: res.statusCode,
    type: String(res.headers['content-type']),
    disposition: String(res.headers['content-disposition'] ?? ''),
    body: res.rawPayload,
  };
}

async function sheetOf(buffer: Buffer): Promise<{ name: string; rows: unknown[][] }> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0]!;
  const rows: unknown[][] = [];
  sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
  return { name: sheet.name, rows };
}

const task = (title: string, leadUnit: string, deadline: string, keyPointId?: string) => ({
  title,
  area: 'government_services',
  specialGroup: 'sg-gov',
  leadUnit,
  responsible: '李明',
  evaluationStandard: '标准, "含逗号"',
  deadline,
  ...(keyPointId ? { keyPointId } : {}),
});
let keyPointId: string;

beforeAll(async () => {
  t = await startTestApp();
  tok.office = await t.token('office-1', ['reform_office']);
  tok.member = await t.token('member-1', ['committee_member']);
  tok.dept = await t.token('dept-1', ['department'], 'unit-x');
  await registerSpecialGroups(t, ['sg-gov']);
  const plan = await t.request('POST', '/plans', {
    token: tok.office,
    body: { title: '全面深化改革规划', periodFrom: 2024, periodTo: 2028 },
  });
  expect(plan.status).toBe(201);
  const point = await t.request('POST', `/plans/${plan.body.id}/key-points`, {
    token: tok.office,
    body: { year: 2026, title: '深化“一网通办”改革', area: 'government_services', specialGroup: 'sg-gov' },
  });
  expect(point.status).toBe(201);
  keyPointId = point.body.id;
  for (const [title, unit, deadline] of [
    ['一网通办', 'unit-x', '2026-03-01T18:00:00+08:00'],
    ['放管服改革', 'unit-y', '2030-03-01T18:00:00+08:00'],
    ['营商环境', 'unit-x', '2030-06-30T18:00:00+08:00'],
  ] as const) {
    const res = await t.request('POST', '/tasks', {
      token: tok.office,
      body: task(title, unit, deadline, title === '一网通办' ? keyPointId : undefined),
    });
    expect(res.status).toBe(201);
  }
  const inspector = await t.token('insp-1', ['inspector']);
  const inspection = await t.request('POST', '/inspections', { token: inspector, body: { title: '专项督察', targetUnit: 'unit-x' } });
  expect(inspection.status).toBe(201);
  const finding = await t.request('POST', `/inspections/${inspection.body.id}/findings`, {
    token: inspector,
    body: { description: '窗口未整合', severity: 'high', responsibleUnit: 'unit-x', rectificationDue: '2026-04-01T18:00:00+08:00' },
  });
  expect(finding.status).toBe(201);
});
afterAll(async () => {
  await t?.close();
});

describe('GET /tasks/export', () => {
  it('streams the whole filtered ledger as xlsx with Chinese headings', async () => {
    const res = await download('/tasks/export?leadUnit=unit-x', tok.dept);
    expect(res.status).toBe(200);
    expect(res.type).toBe(XLSX);
    expect(res.disposition).toContain(`filename*=UTF-8''${encodeURIComponent('改革任务台账.xlsx')}`);
    const { name, rows } = await sheetOf(res.body);
    expect(name).toBe('改革任务台账');
    const headings = rows[0]!;
    expect(headings.slice(0, 14)).toEqual([
      '任务编号',
      '任务名称',
      '改革领域',
      '专项小组',
      '专项小组代码',
      '牵头单位',
      '责任人',
      '评估标准',
      '年度要点',
      '要点编号',
      '完成时限',
      '状态',
      '进度(%)',
      '是否逾期',
    ]);
    const cell = (r: unknown[], heading: string) => r[headings.indexOf(heading)] ?? null;
    const columns = [
      '任务名称',
      '改革领域',
      '专项小组',
      '专项小组代码',
      '牵头单位',
      '年度要点',
      '要点编号',
      '完成时限',
      '状态',
      '进度(%)',
      '是否逾期',
    ];
    expect(rows.slice(1).map((r) => columns.map((c) => cell(r, c)))).toEqual([
      [
        '一网通办',
        '政务服务',
        '专项小组 sg-gov',
        'sg-gov',
        'unit-x',
        '深化“一网通办”改革',
        keyPointId,
        '2026-03-01 18:00',
        '未启动',
        0,
        '是',
      ],
      ['营商环境', '政务服务', '专项小组 sg-gov', 'sg-gov', 'unit-x', null, null, '2030-06-30 18:00', '未启动', 0, '否'],
    ]);
    // The ledger number (台账编号) of each row, as the task answers it.
    const ledger = await t.request('GET', '/tasks?leadUnit=unit-x', { token: tok.office });
    expect(rows.slice(1).map((r) => cell(r, '台账编号'))).toEqual((ledger.body.items as Array<{ number: string }>).map((i) => i.number));
    expect(rows.slice(1).every((r) => /^\d{4}-\d{4}$/.test(String(cell(r, '台账编号'))))).toBe(true);
  });

  it('shows the same names beside their codes in CSV', async () => {
    const res = await download('/tasks/export?format=csv&leadUnit=unit-y', tok.office);
    const [head, row] = res.body.toString('utf8').slice(1).trimEnd().split('\r\n');
    const at = (name: string) => head!.split(',').indexOf(name);
    expect([at('专项小组'), at('专项小组代码')].map((i) => row!.split(',')[i])).toEqual(['专项小组 sg-gov', 'sg-gov']);
  });

  it('writes CSV in UTF-8 with a BOM, quoting what needs quoting', async () => {
    const res = await download('/tasks/export?format=csv&overdue=false', tok.office);
    expect(res.status).toBe(200);
    expect(res.type).toBe('text/csv; charset=utf-8');
    expect([...res.body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = res.body.toString('utf8').slice(1).trimEnd().split('\r\n');
    expect(lines[0]!.startsWith('任务编号,任务名称,改革领域')).toBe(true);
    expect(lines).toHaveLength(3);
    expect(lines[1]).toContain('放管服改革');
    expect(lines[1]).toContain('"标准, ""含逗号"""');
  });

  it('refuses a bad filter or format with a 400 naming it', async () => {
    for (const [q, field] of [
      ['format=pdf', 'format'],
      ['status=lost', 'status'],
      ['limit=5', 'limit'],
    ]) {
      const res = await t.request('GET', `/tasks/export?${q}`, { token: tok.office });
      expect(res.status).toBe(400);
      expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(field);
    }
  });
});

describe('GET /rectifications/export', () => {
  it('streams the rectification ledger with Chinese headings', async () => {
    const res = await download('/rectifications/export?responsibleUnit=unit-x', tok.office);
    expect(res.status).toBe(200);
    const { name, rows } = await sheetOf(res.body);
    expect(name).toBe('整改台账');
    expect(rows[0]!.slice(0, 8)).toEqual(['督察编号', '问题编号', '问题描述', '严重程度', '责任单位', '整改时限', '状态', '是否逾期']);
    expect(rows.slice(1).map((r) => [r[2], r[3], r[4], r[5], r[6], r[7]])).toEqual([
      ['窗口未整合', '严重', 'unit-x', '2026-04-01 18:00', '待整改', '是'],
    ]);
  });
});

describe('GET /scoreboard/export', () => {
  it('exports the board of a year for board readers only', async () => {
    const res = await download('/scoreboard/export?year=2026', tok.member);
    expect(res.status).toBe(200);
    const { name, rows } = await sheetOf(res.body);
    expect(name).toBe('年度考核得分');
    expect(rows[0]).toEqual(['排名', '单位', '基础分', '扣分', '加分', '总分', '规则版本', '统计时点']);
    // unit-x: an overdue task (−2) and a finding 1+ week late (at most −5); 2026.1 rules.
    expect(rows[1]!.slice(0, 3)).toEqual([1, 'unit-x', 100]);
    expect(rows[1]![6]).toBe('2026.1');
    const csv = await download('/scoreboard/export?year=2026&format=csv', tok.office);
    expect(csv.body.toString('utf8').slice(1).split('\r\n')[0]).toBe('排名,单位,基础分,扣分,加分,总分,规则版本,统计时点');
    expect((await download('/scoreboard/export?year=2026', tok.dept)).status).toBe(403);
    expect((await t.request('GET', '/scoreboard/export', { token: tok.office })).status).toBe(400);
  });
});
