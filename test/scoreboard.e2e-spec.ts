import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { EventStore } from '#event-store';
import { ConfigError, EVENT_STORE, loadConfig } from '#platform';
import { startTestApp, type TestApp } from './support/test-app.js';
import { registerSpecialGroups } from './support/special-groups.js';

// End-to-end: the "100+20" scoreboard of API.md against the booted app, with a rules file of
// its own so the spec can change it and restart.

const ROOT = path.resolve(import.meta.dirname, '..');
const DEFAULT_RULES = JSON.parse(readFileSync(path.join(ROOT, 'config/assessment-rules.json'), 'utf8')) as Record<string, any>;
const YEAR = 2026;

let dir: string;
let rulesFile: string;
let t: TestApp;
const tok = {} as Record<'office' | 'member' | 'leader' | 'admin' | 'deptA' | 'deptB' | 'evaluator' | 'inspector', string>;

const writeRules = (rules: unknown) => writeFileSync(rulesFile, JSON.stringify(rules, null, 2));
const boot = (dataDir?: string, prefix?: string) =>
  startTestApp({ ASSESSMENT_RULES_FILE: rulesFile }, { ...(dataDir ? { dataDir } : {}), ...(prefix ? { prefix } : {}) });

async function ok(method: 'GET' | 'POST', url: string, token: string, body?: unknown) {
  const res = await t.request(method, url, { token, ...(body !== undefined ? { body } : {}) });
  if (res.status >= 300) throw new Error(`${method} ${url}: ${res.status} ${res.text}`);
  return res.body;
}

async function tokens() {
  tok.office = await t.token('office-1', ['reform_office']);
  tok.member = await t.token('member-1', ['committee_member']);
  tok.admin = await t.token('admin-1', ['admin']);
  tok.leader = await t.token('leader-1', ['leader']);
  tok.deptA = await t.token('dept-a', ['department'], 'sb-unit-a');
  tok.deptB = await t.token('dept-b', ['department'], 'sb-unit-b');
  tok.evaluator = await t.token('eval-1', ['evaluator'], 'org-1');
  tok.inspector = await t.token('insp-1', ['inspector']);
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'scoreboard-e2e-'));
  rulesFile = path.join(dir, 'rules.json');
  writeRules(DEFAULT_RULES);
  t = await boot(path.join(dir, 'data'));
  await tokens();
  await registerSpecialGroups(t, ['sg-econ']);
  // Unit A: a task due on 1 March (migrated ledger, never accepted): −2; a good evaluation: +1.
  await ok('POST', '/tasks', tok.office, {
    title: '营商环境改革',
    area: 'real_economy',
    specialGroup: 'sg-econ',
    leadUnit: 'sb-unit-a',
    responsible: '王伟',
    evaluationStandard: '办结',
    deadline: '2026-03-01T18:00:00+08:00',
  });
  const e = await ok('POST', '/evaluations', tok.office, {
    subject: { kind: 'unit', id: 'sb-unit-a' },
    year: YEAR,
    evaluatorUnit: 'org-1',
    due: '2026-12-31T18:00:00+08:00',
  });
  await ok('POST', `/evaluations/${e.id}/report`, tok.evaluator, { rating: 'good', summary: '良好', reportRef: 'R-1' });
  await ok('POST', `/evaluations/${e.id}/accept`, tok.office, {});
  // Unit B: a city exemplar recognised by the province: +10.
  const x = await ok('POST', '/exemplars', tok.office, { title: '一窗受理', unit: 'sb-unit-b', year: YEAR, summary: '全市推广' });
  await ok('POST', `/exemplars/${x.id}/select`, tok.member, { level: 'city' });
  await ok('POST', `/exemplars/${x.id}/recognize`, tok.office, {
    level: 'province',
    by: '省委深改委',
    reference: '吉改办〔2026〕5号',
    at: '2026-06-01T10:00:00+08:00',
  });
});
afterAll(async () => {
  await t?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('GET /scoreboard', () => {
  it('ranks the units, best total first, with the rules version and asOf', async () => {
    const res = await t.request('GET', `/scoreboard?year=${YEAR}`, { token: tok.office });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      year: YEAR,
      rulesVersion: '2026.1',
      units: [
        { unit: 'sb-unit-b', rank: 1, base: 100, deductions: 0, bonus: 10, total: 110 },
        { unit: 'sb-unit-a', rank: 2, base: 100, deductions: 2, bonus: 1, total: 99 },
      ],
    });
    expect(Date.parse(res.body.asOf)).not.toBeNaN();
    // Before anything happened this year nobody had a score.
    const early = await t.request('GET', `/scoreboard?year=${YEAR}&asOf=2026-01-01T00:00:00%2B08:00`, { token: tok.member });
    expect(early.body).toMatchObject({ asOf: '2025-12-31T16:00:00.000Z', units: [] });
  });

  it("is for the office, committee members, leaders (CONSOLE.md's 绩效考评) and admins only", async () => {
    for (const token of [tok.office, tok.member, tok.leader, tok.admin])
      expect((await t.request('GET', `/scoreboard?year=${YEAR}`, { token })).status).toBe(200);
    for (const token of [tok.deptA, tok.evaluator, tok.inspector])
      expect((await t.request('GET', `/scoreboard?year=${YEAR}`, { token })).status).toBe(403);
    expect((await t.request('GET', `/scoreboard?year=${YEAR}`)).status).toBe(401);
  });

  it('refuses a missing year or a future asOf with a 400 naming the field', async () => {
    const noYear = await t.request('GET', '/scoreboard', { token: tok.office });
    expect(noYear.status).toBe(400);
    expect(noYear.body.errors.map((e: { path: string }) => e.path)).toContain('year');
    const future = await t.request('GET', `/scoreboard?year=${YEAR}&asOf=2099-01-01T00:00:00Z`, { token: tok.office });
    expect(future.status).toBe(400);
    expect(future.body.errors[0].path).toBe('asOf');
  });
});

describe('GET /scoreboard/:unit', () => {
  it('explains the score item by item, each citing its event', async () => {
    const res = await t.request('GET', `/scoreboard/sb-unit-a?year=${YEAR}`, { token: tok.deptA });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      unit: 'sb-unit-a',
      year: YEAR,
      rulesVersion: '2026.1',
      base: 100,
      deductions: 2,
      bonusEarned: 1,
      bonus: 1,
      total: 99,
    });
    expect(res.body.items.map((i: { rule: string; points: number }) => [i.rule, i.points])).toEqual([
      ['task.overdue', -2],
      ['evaluation', 1],
    ]);
    expect(res.body.items[0].reason).toContain('营商环境改革');
  });

  it('cites, for every item, an event that exists at that revision of that stream', async () => {
    const store = t.app.get<EventStore>(EVENT_STORE);
    const board = await ok('GET', `/scoreboard?year=${YEAR}`, tok.admin);
    let checked = 0;
    for (const { unit } of board.units as Array<{ unit: string }>) {
      const detail = await ok('GET', `/scoreboard/${unit}?year=${YEAR}`, tok.admin);
      for (const item of detail.items as Array<{ stream: string; revision: number; eventId: string }>) {
        const events = [];
        for await (const e of store.readStream(item.stream, { fromRevision: item.revision, maxCount: 1 })) events.push(e);
        expect(events.map((e) => [e.revision, e.id])).toEqual([[item.revision, item.eventId]]);
        checked += 1;
      }
    }
    expect(checked).toBe(3);
  });

  it('shows a department its own unit only; board readers any unit', async () => {
    expect((await t.request('GET', `/scoreboard/sb-unit-a?year=${YEAR}`, { token: tok.deptB })).status).toBe(403);
    expect((await t.request('GET', `/scoreboard/sb-unit-b?year=${YEAR}`, { token: tok.deptB })).status).toBe(200);
    expect((await t.request('GET', `/scoreboard/sb-unit-a?year=${YEAR}`, { token: tok.evaluator })).status).toBe(403);
    const untouched = await t.request('GET', `/scoreboard/nobody?year=${YEAR}`, { token: tok.member });
    expect(untouched.body).toMatchObject({ unit: 'nobody', total: 100, items: [] });
  });
});

describe('rules file', () => {
  it('recomputes every score under the new version after a change and a restart', async () => {
    const dataDir = t.dataDir;
    const prefix = t.prefix;
    await t.close({ keepData: true, keepRedis: true });
    writeRules({
      ...DEFAULT_RULES,
      version: '2026.2-test',
      bonusCap: 5,
      rules: { ...DEFAULT_RULES['rules'], 'task.overdue': { points: -7 } },
    });
    t = await boot(dataDir, prefix);
    await tokens();
    const res = await ok('GET', `/scoreboard?year=${YEAR}`, tok.office);
    expect(res).toMatchObject({
      rulesVersion: '2026.2-test',
      units: [
        { unit: 'sb-unit-b', rank: 1, deductions: 0, bonus: 5, total: 105 },
        { unit: 'sb-unit-a', rank: 2, deductions: 7, bonus: 1, total: 94 },
      ],
    });
    expect((await ok('GET', `/scoreboard/sb-unit-b?year=${YEAR}`, tok.office)).bonusEarned).toBe(10);
  });

  it('refuses to load a bad rules file, naming the bad rule', () => {
    const bad = path.join(dir, 'bad.json');
    writeFileSync(
      bad,
      JSON.stringify({
        ...DEFAULT_RULES,
        rules: { ...DEFAULT_RULES['rules'], 'finding.overdue': { pointsPerWeek: -1, maxPerFinding: 5 } },
      }),
    );
    expect(() => loadConfig({ ASSESSMENT_RULES_FILE: bad })).toThrow(ConfigError);
    expect(() => loadConfig({ ASSESSMENT_RULES_FILE: bad })).toThrow(/rules\.finding\.overdue\.maxPerFinding/);
    writeFileSync(bad, JSON.stringify({ ...DEFAULT_RULES, rules: { ...DEFAULT_RULES['rules'], 'task.overdu': { points: -2 } } }));
    expect(() => loadConfig({ ASSESSMENT_RULES_FILE: bad })).toThrow(/rules\.task\.overdu/);
    expect(() => loadConfig({ ASSESSMENT_RULES_FILE: path.join(dir, 'missing.json') })).toThrow(/ASSESSMENT_RULES_FILE/);
  });

  it('stops the process with exit code 78 and a message naming the bad rule', async () => {
    const bad = path.join(dir, 'bad-boot.json');
    const rules = { ...DEFAULT_RULES, rules: { ...DEFAULT_RULES['rules'], exemplar: { city: 5, province: 'ten', national: 20 } } };
    writeFileSync(bad, JSON.stringify(rules));
    const { code, stderr } = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = spawn(
        process.execPath,
        ['--import', path.join(ROOT, 'scripts/ts-node/register.mjs'), path.join(ROOT, 'apps/api/src/main.ts')],
        {
          cwd: dir,
          env: { PATH: process.env['PATH'] ?? '', NODE_ENV: 'test', DATA_DIR: path.join(dir, 'never'), ASSESSMENT_RULES_FILE: bad },
          stdio: ['ignore', 'ignore', 'pipe'],
        },
      );
      let err = '';
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      child.on('close', (c) => resolve({ code: c, stderr: err }));
    });
    expect(stderr).toContain('rules.exemplar.province');
    expect(code).toBe(78);
    // The child compiles the whole app through the TypeScript loader before it reads the file:
    // on a loaded machine that alone has taken more than Jest's default 30 s.
  }, 120_000);
});

describe('a deadline given as a day', () => {
  it('a task registered with a date-only deadline and missed names that day in its reason, not the end-of-day time', async () => {
    const task = await ok('POST', '/tasks', tok.office, {
      title: '一件事一次办',
      area: 'real_economy',
      specialGroup: 'sg-econ',
      leadUnit: 'sb-unit-c',
      responsible: '李娜',
      evaluationStandard: '办结',
      deadline: '2026-03-31',
    });
    const res = await t.request('GET', `/scoreboard/sb-unit-c?year=${YEAR}`, {
      token: tok.office,
      headers: { 'accept-language': 'zh-CN' },
    });
    expect(res.status).toBe(200);
    expect(res.body.items.map((i: { rule: string; stream: string; reason: string }) => [i.rule, i.stream, i.reason])).toEqual([
      ['task.overdue', `task-${task.id}`, '牵头任务「一件事一次办」未在期限（2026-03-31）前通过验收'],
    ]);
  });
});
