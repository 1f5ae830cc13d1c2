import {
  firstReportingPeriod,
  missedReports,
  nextReportingPeriod,
  reportingPeriodAt,
  reportingStatus,
  reportOwedDueMs,
  type ReportingCycle,
} from './reporting.period.js';

const BEIJING = 'Asia/Shanghai';
const iso = (ms: number) => new Date(ms).toISOString();

describe('reporting periods', () => {
  it('puts the last minute of January in Beijing in January, and the minute after in February', () => {
    const lastMinute = reportingPeriodAt('monthly', '2026-01-31T15:59:00.000Z', BEIJING);
    expect([lastMinute.start, lastMinute.end, iso(lastMinute.dueMs)]).toEqual(['2026-01-01', '2026-01-31', '2026-01-31T15:59:59.999Z']);
    expect(iso(lastMinute.startMs)).toBe('2025-12-31T16:00:00.000Z');
    const next = reportingPeriodAt('monthly', '2026-01-31T16:00:00.000Z', BEIJING);
    expect([next.start, next.end, iso(next.dueMs)]).toEqual(['2026-02-01', '2026-02-28', '2026-02-28T15:59:59.999Z']);
    // In UTC the same instant is still the 31st: the zone decides.
    expect(reportingPeriodAt('monthly', '2026-01-31T16:00:00.000Z', 'UTC').start).toBe('2026-01-01');
  });

  it('runs weeks Monday to Sunday, across a month and a year', () => {
    const week = reportingPeriodAt('weekly', '2026-12-31T04:00:00.000Z', BEIJING); // a Thursday
    expect([week.start, week.end]).toEqual(['2026-12-28', '2027-01-03']);
    // Sunday 23:59 Beijing is still the week; Monday 00:00 is the next.
    expect(reportingPeriodAt('weekly', '2027-01-03T15:59:59.999Z', BEIJING).end).toBe('2027-01-03');
    expect(reportingPeriodAt('weekly', '2027-01-03T16:00:00.000Z', BEIJING).start).toBe('2027-01-04');
  });

  it('starts a quarter that begins on a Monday with a week that begins with it', () => {
    // 1 July 2024 is a Monday: the quarter and the week start together at 00:00 Beijing time.
    const quarter = reportingPeriodAt('quarterly', '2024-06-30T16:00:00.000Z', BEIJING);
    const week = reportingPeriodAt('weekly', '2024-06-30T16:00:00.000Z', BEIJING);
    expect([quarter.start, quarter.end, week.start, week.end]).toEqual(['2024-07-01', '2024-09-30', '2024-07-01', '2024-07-07']);
    expect(quarter.startMs).toBe(week.startMs);
    const before = reportingPeriodAt('quarterly', '2024-06-30T15:59:59.999Z', BEIJING);
    expect([before.start, before.end]).toEqual(['2024-04-01', '2024-06-30']);
    expect(nextReportingPeriod('quarterly', before, BEIJING)).toEqual(quarter);
    expect(reportingPeriodAt('quarterly', '2026-11-15T00:00:00.000Z', BEIJING).start).toBe('2026-10-01');
  });

  it('owes a report from the period the cycle was set in, due at the end of its last day', () => {
    // Registered mid-month (15 March): March is owed, due 31 March 23:59:59.999 Beijing.
    const cycle: ReportingCycle = { every: 'monthly', since: '2026-03-15T02:00:00.000Z' };
    expect(iso(reportOwedDueMs(cycle, null, BEIJING))).toBe('2026-03-31T15:59:59.999Z');
    // A report in March settles March: April is owed next.
    expect(iso(reportOwedDueMs(cycle, '2026-03-20T02:00:00.000Z', BEIJING))).toBe('2026-04-30T15:59:59.999Z');
    // A report earlier in March, before the cycle was set, is inside the period and settles it.
    expect(iso(reportOwedDueMs(cycle, '2026-03-02T02:00:00.000Z', BEIJING))).toBe('2026-04-30T15:59:59.999Z');
    // A report in February is before the cycle: March is still owed.
    expect(iso(reportOwedDueMs(cycle, '2026-02-20T02:00:00.000Z', BEIJING))).toBe('2026-03-31T15:59:59.999Z');
  });

  it('counts missed periods and says overdue while the last ended period had no report and none came since', () => {
    const cycle: ReportingCycle = { every: 'monthly', since: '2026-03-15T02:00:00.000Z' };
    const endOfMarch = Date.parse('2026-03-31T15:59:59.999Z');
    // At the due instant itself the report is still on time; a millisecond later it is missed.
    expect(reportingStatus(cycle, [], endOfMarch, BEIJING)).toMatchObject({ periodStart: '2026-03-01', missed: 0, overdue: false });
    expect(reportingStatus(cycle, [], endOfMarch + 1, BEIJING)).toMatchObject({
      periodStart: '2026-04-01',
      periodDue: '2026-04-30T15:59:59.999Z',
      missed: 1,
      overdue: true,
    });
    // A report in April: March stays missed, but nothing is overdue any more.
    const april = ['2026-04-03T02:00:00.000Z'];
    expect(reportingStatus(cycle, april, '2026-04-10T00:00:00.000Z', BEIJING)).toMatchObject({
      lastReportAt: april[0],
      missed: 1,
      overdue: false,
    });
    // May without a report: April was reported, May ends → overdue again, 2 missed (March, May).
    expect(reportingStatus(cycle, april, '2026-06-02T00:00:00.000Z', BEIJING)).toMatchObject({ missed: 2, overdue: true });
    expect(missedReports(cycle, april, '2026-06-02T00:00:00.000Z', BEIJING).map((m) => m.period.start)).toEqual([
      '2026-03-01',
      '2026-05-01',
    ]);
  });

  it('owes from the period containing the day named as owed since, in the zone, whenever the cycle was set', () => {
    const setInMay = '2026-05-10T02:00:00.000Z';
    // The last day of January: January is the first period owed, due its last minute in Beijing.
    const january = firstReportingPeriod({ every: 'monthly', since: setInMay, owedSince: '2026-01-31' }, BEIJING);
    expect([january.start, january.end, iso(january.startMs), iso(january.dueMs)]).toEqual([
      '2026-01-01',
      '2026-01-31',
      '2025-12-31T16:00:00.000Z',
      '2026-01-31T15:59:59.999Z',
    ]);
    // The first day of February is February's, in Beijing as in UTC (the day, not an instant, is named).
    expect(firstReportingPeriod({ every: 'monthly', since: setInMay, owedSince: '2026-02-01' }, BEIJING).start).toBe('2026-02-01');
    expect(firstReportingPeriod({ every: 'monthly', since: setInMay, owedSince: '2026-02-01' }, 'UTC').start).toBe('2026-02-01');
    // A quarter that starts on a Monday: owed since that Monday, the week and the quarter begin with it;
    // owed since the Sunday before, the week before.
    const monday = { since: '2024-08-01T02:00:00.000Z', owedSince: '2024-07-01' };
    expect(firstReportingPeriod({ every: 'quarterly', ...monday }, BEIJING)).toMatchObject({ start: '2024-07-01', end: '2024-09-30' });
    expect(firstReportingPeriod({ every: 'weekly', ...monday }, BEIJING)).toMatchObject({ start: '2024-07-01', end: '2024-07-07' });
    expect(firstReportingPeriod({ every: 'weekly', ...monday, owedSince: '2024-06-30' }, BEIJING)).toMatchObject({ start: '2024-06-24' });
    // Mid-period: owed since 15 March is March's period; without the day, the period the cycle was set in (May).
    expect(firstReportingPeriod({ every: 'monthly', since: setInMay, owedSince: '2026-03-15' }, BEIJING).start).toBe('2026-03-01');
    expect(firstReportingPeriod({ every: 'monthly', since: setInMay }, BEIJING).start).toBe('2026-05-01');
  });

  it('counts the missed periods, the report owed and overdue from the day named, not from when the cycle was set', () => {
    const cycle: ReportingCycle = { every: 'monthly', since: '2026-05-10T02:00:00.000Z', owedSince: '2026-02-14' };
    // Set on 10 May owing since February: February, March and April ended without a report.
    expect(reportingStatus(cycle, [], '2026-05-10T02:00:00.000Z', BEIJING)).toMatchObject({
      periodStart: '2026-05-01',
      missed: 3,
      overdue: true,
    });
    expect(iso(reportOwedDueMs(cycle, null, BEIJING))).toBe('2026-02-28T15:59:59.999Z');
    // A report in March (on paper before, recorded in the ledger as made then) settles March only.
    expect(missedReports(cycle, ['2026-03-05T02:00:00.000Z'], '2026-05-10T02:00:00.000Z', BEIJING).map((m) => m.period.start)).toEqual([
      '2026-02-01',
      '2026-04-01',
    ]);
    // A report in May after setting it: nothing is overdue, the three ended periods stay missed.
    expect(reportingStatus(cycle, ['2026-05-10T03:00:00.000Z'], '2026-05-11T00:00:00.000Z', BEIJING)).toMatchObject({
      missed: 3,
      overdue: false,
    });
    // A report in January, before the day owed from: February is still owed.
    expect(iso(reportOwedDueMs(cycle, '2026-01-20T02:00:00.000Z', BEIJING))).toBe('2026-02-28T15:59:59.999Z');
  });

  it('owes nothing after the task is closed', () => {
    const cycle: ReportingCycle = { every: 'weekly', since: '2026-03-02T02:00:00.000Z' };
    const status = reportingStatus(cycle, [], '2026-06-01T00:00:00.000Z', BEIJING, '2026-03-10T00:00:00.000Z');
    expect(status).toMatchObject({ missed: 1, overdue: false });
  });
});
