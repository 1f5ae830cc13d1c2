import ExcelJS from 'exceljs';
import { SetClock } from '#platform';
import { registerSpecialGroups } from './support/special-groups.js';
import { startTestApp, type TestApp } from './support/test-app.js';

// Reporting cycles (报送周期), end to end: `reportEvery` on registration, POST /tasks/:id/reporting
// (the office only), `reporting` on the task answer and the list items, the `reportOverdue`
// filter and counts (task summary, now and as of a moment; unit summary), the export's columns,
// judged on the app's clock at the last minute of a month in Beijing and the first of the next.

let t: TestApp;
// 10:00 on 15 March 2026 in Beijing: a task registered mid-period.
const clock = new SetClock('2026-03-15T02:00:00.000Z');
const tok = {} as Record<'office' | 'dept', string>;

const taskBody = (title: string, more: Record<string, unknown> = {}) => ({
  title,
  area: 'government_services',
  specialGroup: 'sg-rep',
  leadUnit: 'unit-a',
  responsible: '张三',
  evaluationStandard: '可办',
  deadline: '2026-12-31',
  ...more,
});

beforeAll(async () => {
  t = await startTestApp({}, { clock });
  tok.office = await t.token('office-1', ['reform_office']);
  tok.dept = await t.token('dept-1', ['department'], 'unit-a');
  await registerSpecialGroups(t, ['sg-rep']);
});
afterAll(() => t?.close());

let monthlyId = '';
let silentId = '';

describe('reporting cycles (报送周期)', () => {
  it('owe a report per period from registration; the missed month shows, the filter finds it, a report settles it', async () => {
    const monthly = await t.request('POST', '/tasks', { token: tok.office, body: taskBody('按月报送', { reportEvery: 'monthly' }) });
    const silent = await t.request('POST', '/tasks', { token: tok.office, body: taskBody('无报送周期') });
    expect([monthly.status, silent.status]).toEqual([201, 201]);
    expect(monthly.body.reporting).toEqual({
      every: 'monthly',
      periodStart: '2026-03-01',
      periodDue: '2026-03-31T15:59:59.999Z',
      lastReportAt: null,
      missed: 0,
      overdue: false,
    });
    expect(silent.body.reporting).toBeNull();
    // Acknowledged (签收) by the lead unit, so that the report owed is what the light shows.
    for (const task of [monthly, silent])
      expect((await t.request('POST', `/tasks/${task.body.id}/acknowledge`, { token: tok.dept, body: {} })).status).toBe(200);
    monthlyId = monthly.body.id;
    silentId = silent.body.id;

    // 23:59 on 31 March in Beijing: March's report is due, not yet missed.
    clock.set('2026-03-31T15:59:00.000Z');
    const due = await t.request('GET', `/tasks/${monthly.body.id}`, { token: tok.office });
    expect([due.body.reporting, due.body.light]).toMatchObject([{ missed: 0, overdue: false }, 'green']);
    expect((await t.request('GET', '/tasks?reportOverdue=true', { token: tok.office })).body.items).toEqual([]);

    // 00:00 on 1 April in Beijing (still 31 March in UTC): March was missed.
    clock.set('2026-03-31T16:00:00.000Z');
    const missed = await t.request('GET', `/tasks/${monthly.body.id}`, { token: tok.office });
    expect(missed.body.reporting).toMatchObject({ periodStart: '2026-04-01', missed: 1, overdue: true });
    // An overdue report makes the task at least yellow: in its answer, the list, the light filter and the summary alike.
    expect(missed.body.light).toBe('yellow');
    const yellow = await t.request('GET', '/tasks?light=yellow', { token: tok.office });
    expect((yellow.body.items as Array<{ id: string; light: string }>).map((i) => [i.id, i.light])).toEqual([[monthly.body.id, 'yellow']]);
    expect((await t.request('GET', '/tasks/summary', { token: tok.office })).body.byLight).toEqual({ red: 0, yellow: 1, green: 1 });
    const overdue = await t.request('GET', '/tasks?reportOverdue=true', { token: tok.office });
    expect((overdue.body.items as Array<{ id: string }>).map((i) => i.id)).toEqual([monthly.body.id]);
    const notOverdue = await t.request('GET', '/tasks?reportOverdue=false', { token: tok.office });
    expect((notOverdue.body.items as Array<{ id: string }>).map((i) => i.id)).toEqual([silent.body.id]);

    // A progress report in April settles what is owed (March stays missed).
    clock.set('2026-04-02T02:00:00.000Z');
    expect(
      (await t.request('POST', `/tasks/${monthly.body.id}/progress`, { token: tok.dept, body: { percent: 20, note: '三月进展' } })).status,
    ).toBe(200);
    const reported = await t.request('GET', `/tasks/${monthly.body.id}`, { token: tok.office });
    expect(reported.body.reporting).toMatchObject({ lastReportAt: '2026-04-02T02:00:00.000Z', missed: 1, overdue: false });
    expect(reported.body.light).toBe('green');
    expect((await t.request('GET', '/tasks?reportOverdue=true', { token: tok.office })).body.items).toEqual([]);
  });

  it('are set or ended by the office only (POST /tasks/:id/reporting), refusing the same cycle and unknown ones', async () => {
    clock.set('2026-05-06T02:00:00.000Z');
    const task = await t.request('POST', '/tasks', { token: tok.office, body: taskBody('后设报送周期') });
    const set = await t.request('POST', `/tasks/${task.body.id}/reporting`, { token: tok.office, body: { every: 'weekly' } });
    expect([set.status, set.body.reporting]).toEqual([
      200,
      { every: 'weekly', periodStart: '2026-05-04', periodDue: '2026-05-10T15:59:59.999Z', lastReportAt: null, missed: 0, overdue: false },
    ]);
    expect((await t.request('POST', `/tasks/${task.body.id}/reporting`, { token: tok.office, body: { every: 'weekly' } })).body.code).toBe(
      'TASK.REPORTING_UNCHANGED',
    );
    expect((await t.request('POST', `/tasks/${task.body.id}/reporting`, { token: tok.dept, body: { every: 'monthly' } })).status).toBe(403);
    const bad = await t.request('POST', `/tasks/${task.body.id}/reporting`, { token: tok.office, body: { every: 'daily' } });
    expect([bad.status, bad.body.errors.map((e: { path: string }) => e.path)]).toEqual([400, ['every']]);
    const ended = await t.request('POST', `/tasks/${task.body.id}/reporting`, { token: tok.office, body: { every: 'none' } });
    expect([ended.status, ended.body.reporting]).toEqual([200, null]);
  });

  it('show the same reporting on the list items, and count overdue reports in the summaries and the export', async () => {
    // 10:00 on Monday 1 June in Beijing: May ended without a report (April's came on 2 April; March was missed).
    clock.set('2026-06-01T02:00:00.000Z');
    const single = (await t.request('GET', `/tasks/${monthlyId}`, { token: tok.dept })).body.reporting;
    expect(single).toEqual({
      every: 'monthly',
      periodStart: '2026-06-01',
      periodDue: '2026-06-30T15:59:59.999Z',
      lastReportAt: '2026-04-02T02:00:00.000Z',
      missed: 2,
      overdue: true,
    });
    // The list items carry what the single answer says, by the same function; the filter agrees with `overdue`.
    const items = (await t.request('GET', '/tasks?leadUnit=unit-a&limit=50', { token: tok.dept })).body.items as Array<{
      id: string;
      reporting: unknown;
    }>;
    expect(items.find((i) => i.id === monthlyId)!.reporting).toEqual(single);
    expect(items.find((i) => i.id === silentId)!.reporting).toBeNull();
    const searched = (await t.request('GET', `/tasks?q=${encodeURIComponent('按月报送')}`, { token: tok.dept })).body.items;
    expect(searched.map((i: { id: string; reporting: unknown }) => [i.id, i.reporting])).toEqual([[monthlyId, single]]);
    expect((await t.request('GET', '/tasks?reportOverdue=true', { token: tok.dept })).body.items.map((i: { id: string }) => i.id)).toEqual([
      monthlyId,
    ]);

    // The task summary counts it in all, by area and by unit; as of 3 April (April's report in, May not due) nothing was overdue.
    const summary = (await t.request('GET', '/tasks/summary', { token: tok.dept })).body;
    expect([summary.reportOverdue, summary.byUnit['unit-a'].reportOverdue, summary.byArea.government_services.reportOverdue]).toEqual([
      1, 1, 1,
    ]);
    const asOf = async (at: string) =>
      (await t.request('GET', `/tasks/summary?asOf=${encodeURIComponent(at)}`, { token: tok.dept })).body.reportOverdue;
    expect([await asOf('2026-04-01T00:00:00.000Z'), await asOf('2026-04-03T00:00:00.000Z')]).toEqual([1, 0]);
    expect(
      (await t.request('GET', '/tasks?asOf=2026-04-01T00:00:00.000Z&reportOverdue=true', { token: tok.dept })).body.items.map(
        (i: { id: string; reporting: { missed: number; overdue: boolean } }) => [i.id, i.reporting.missed, i.reporting.overdue],
      ),
    ).toEqual([[monthlyId, 1, true]]);
    // The unit's summary (unit-a is no registered unit: its own tasks are its subtree's).
    const unit = (await t.request('GET', '/units/unit-a/summary', { token: tok.dept })).body;
    expect([unit.own.reportOverdue, unit.subtree.reportOverdue]).toEqual([1, 1]);

    // The export's 报送周期 and 缺报次数, in CSV and in xlsx.
    const csv = (await t.request('GET', '/tasks/export?format=csv&leadUnit=unit-a', { token: tok.dept })).text
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n')
      .map((line) => line.split(','));
    const [cycle, missed] = ['报送周期', '缺报次数'].map((h) => csv[0]!.indexOf(h));
    expect(csv.slice(1).map((row) => [row[0], row[cycle!], row[missed!]])).toEqual([
      [monthlyId, '每月', '2'],
      [silentId, '', ''],
      [expect.any(String), '', ''],
    ]);
    const xlsx = await t.app
      .getHttpAdapter()
      .getInstance()
      .inject({ method: 'GET', url: '/tasks/export?leadUnit=unit-a', headers: { authorization: `Bearer ${tok.dept}` } });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const rows: unknown[][] = [];
    workbook.worksheets[0]!.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    const at = (h: string) => rows[0]!.indexOf(h);
    expect(rows.slice(1, 2).map((r) => [r[0], r[at('报送周期')], r[at('缺报次数')]])).toEqual([[monthlyId, '每月', 2]]);
  });

  it('score a month ended without a report (task.report_missed), citing the reporting change that made it due', async () => {
    clock.set('2026-06-03T02:00:00.000Z');
    const task = await t.request('POST', '/tasks', { token: tok.office, body: taskBody('六月未报送', { leadUnit: 'unit-rep' }) });
    expect((await t.request('POST', `/tasks/${task.body.id}/reporting`, { token: tok.office, body: { every: 'monthly' } })).status).toBe(
      200,
    );
    // The last minute of 30 June in Beijing: nothing yet; the first of July: June was missed.
    clock.set('2026-06-30T15:59:00.000Z');
    expect((await t.request('GET', '/scoreboard/unit-rep?year=2026', { token: tok.office })).body.items).toEqual([]);
    clock.set('2026-07-02T02:00:00.000Z');
    const board = await t.request('GET', '/scoreboard/unit-rep?year=2026', { token: tok.office });
    expect(board.body.items).toMatchObject([
      {
        rule: 'task.report_missed',
        points: -0.5,
        reason: '牵头任务「六月未报送」未按报送周期（每月）报送进展（2026-06-01 至 2026-06-30）',
        stream: `task-${task.body.id}`,
        at: '2026-06-03T02:00:00.000Z',
      },
    ]);
    expect(board.body.total).toBe(99.5);
    const cited = board.body.items[0];
    const audit = await t.request('GET', `/audit/streams/task-${task.body.id}?fromRevision=${cited.revision}&limit=1`, {
      token: await t.token('admin-1', ['admin']),
    });
    expect(audit.body.events[0]).toMatchObject({ revision: cited.revision, id: cited.eventId, type: 'TaskReportingSet' });
  });

  it('owe from a day named before (reportSince, since: a paper ledger moved in): missed periods, the filter, the board', async () => {
    // 10:00 on 10 July in Beijing; reports owed monthly since 10 April, three months ago.
    clock.set('2026-07-10T02:00:00.000Z');
    const owed = { reportEvery: 'monthly', reportSince: '2026-04-10', leadUnit: 'unit-since' };
    const registered = await t.request('POST', '/tasks', { token: tok.office, body: taskBody('纸质台账迁入', owed) });
    expect(registered.status).toBe(201);
    // April, May and June ended without a report: recorded today, owed since April.
    expect([registered.body.reporting, registered.body.reportingCycle]).toEqual([
      { every: 'monthly', periodStart: '2026-07-01', periodDue: '2026-07-31T15:59:59.999Z', lastReportAt: null, missed: 3, overdue: true },
      { every: 'monthly', since: '2026-07-10T02:00:00.000Z', owedSince: '2026-04-10' },
    ]);
    // Set later by the office on a task registered without a cycle.
    const later = await t.request('POST', '/tasks', { token: tok.office, body: taskBody('后补报送周期', { leadUnit: 'unit-since' }) });
    const set = await t.request('POST', `/tasks/${later.body.id}/reporting`, {
      token: tok.office,
      body: { every: 'monthly', since: '2026-05-01' },
    });
    expect([set.status, set.body.reporting.missed, set.body.reporting.overdue]).toEqual([200, 2, true]);
    const ids = async (query: string) =>
      ((await t.request('GET', `/tasks?leadUnit=unit-since&${query}`, { token: tok.office })).body.items as Array<{ id: string }>)
        .map((i) => i.id)
        .sort();
    expect(await ids('reportOverdue=true')).toEqual([registered.body.id, later.body.id].sort());
    expect(await ids('light=yellow')).toEqual([registered.body.id, later.body.id].sort());

    // Not from the future (tomorrow in Beijing), not a day that does not exist, not without a cycle.
    const refused = async (body: Record<string, unknown>) => {
      const r = await t.request('POST', `/tasks/${later.body.id}/reporting`, { token: tok.office, body });
      return [r.status, r.body.code ?? null, (r.body.errors ?? []).map((e: { path: string }) => e.path)];
    };
    expect(await refused({ every: 'weekly', since: '2026-07-11' })).toEqual([400, 'TASK.REPORT_SINCE_AFTER_TODAY', ['since']]);
    expect((await refused({ every: 'weekly', since: '2026-02-30' }))[0]).toBe(400);
    expect((await refused({ every: 'weekly', since: '2026-02-30' }))[2]).toEqual(['since']);
    expect(await refused({ every: 'none', since: '2026-05-01' })).toEqual([400, 'TASK.REPORT_SINCE_WITHOUT_CYCLE', ['since']]);

    // The board: each missed month cites the event that made it due, recorded today.
    const board = await t.request('GET', '/scoreboard/unit-since?year=2026', { token: tok.office });
    const items = (board.body.items as Array<{ rule: string; stream: string; at: string }>).filter((i) => i.rule === 'task.report_missed');
    expect(items.filter((i) => i.stream === `task-${registered.body.id}`).map((i) => i.at)).toEqual(
      Array(3).fill('2026-07-10T02:00:00.000Z'),
    );
    expect(items.filter((i) => i.stream === `task-${later.body.id}`)).toHaveLength(2);
  });
});
