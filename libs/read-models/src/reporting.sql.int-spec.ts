import Database from 'better-sqlite3';
import { reportingStatus, reportOwedDueMs, TASK_STATUSES, type ReportCycle, type ReportingCycle } from '#domain';
import { taskReportOverdueSql } from './overdue.sql.js';

const BEIJING = 'Asia/Shanghai';
const ms = (iso: string) => Date.parse(iso);

/*
 * The reporting-overdue fragment evaluated by SQLite against the domain's reportingStatus on the
 * same rows, at the boundaries where the period arithmetic can go wrong: the last minute of a
 * month in Beijing (already the next day in UTC+8, still the same day in UTC), a quarter that
 * starts on a Monday (1 July 2024: week and quarter begin together), a task registered
 * mid-period, a cycle owed since a day before it was set (`owedSince`); each at its due instant,
 * one millisecond either side, and a day after.
 */
interface Case {
  name: string;
  every: ReportCycle;
  since: string;
  owedSince?: string;
  reports: string[];
  dues: string[];
}

const CASES: Case[] = [
  {
    name: 'monthly, set in the last minute of January in Beijing',
    every: 'monthly',
    since: '2026-01-31T15:59:00.000Z',
    reports: [],
    dues: ['2026-01-31T15:59:59.999Z', '2026-02-28T15:59:59.999Z'],
  },
  {
    name: 'monthly, set in the first minute of February in Beijing',
    every: 'monthly',
    since: '2026-01-31T16:00:00.000Z',
    reports: [],
    dues: ['2026-02-28T15:59:59.999Z'],
  },
  {
    name: 'monthly, reported in the last minute of a month',
    every: 'monthly',
    since: '2026-01-10T00:00:00.000Z',
    reports: ['2026-01-31T15:59:00.000Z'],
    dues: ['2026-01-31T15:59:59.999Z', '2026-02-28T15:59:59.999Z'],
  },
  {
    name: 'quarterly, starting Monday 1 July 2024',
    every: 'quarterly',
    since: '2024-06-30T16:00:00.000Z',
    reports: [],
    dues: ['2024-09-30T15:59:59.999Z'],
  },
  {
    name: 'quarterly, set the minute before that quarter',
    every: 'quarterly',
    since: '2024-06-30T15:59:00.000Z',
    reports: [],
    dues: ['2024-06-30T15:59:59.999Z', '2024-09-30T15:59:59.999Z'],
  },
  {
    name: 'weekly, in the week that starts with the quarter',
    every: 'weekly',
    since: '2024-07-03T02:00:00.000Z',
    reports: ['2024-07-01T00:30:00.000Z'],
    dues: ['2024-07-07T15:59:59.999Z', '2024-07-14T15:59:59.999Z'],
  },
  {
    name: 'monthly, registered mid-period, reported in the next',
    every: 'monthly',
    since: '2026-03-15T02:00:00.000Z',
    reports: ['2026-04-03T02:00:00.000Z'],
    dues: ['2026-03-31T15:59:59.999Z', '2026-04-30T15:59:59.999Z', '2026-05-31T15:59:59.999Z'],
  },
  {
    name: 'monthly, set in May, owed since the last day of January in Beijing',
    every: 'monthly',
    since: '2026-05-10T02:00:00.000Z',
    owedSince: '2026-01-31',
    reports: [],
    dues: ['2026-01-31T15:59:59.999Z', '2026-02-28T15:59:59.999Z', '2026-05-31T15:59:59.999Z'],
  },
  {
    name: 'monthly, owed since February, reported in March before the cycle was set in May',
    every: 'monthly',
    since: '2026-05-10T02:00:00.000Z',
    owedSince: '2026-02-01',
    reports: ['2026-03-31T15:59:00.000Z'],
    dues: ['2026-02-28T15:59:59.999Z', '2026-03-31T15:59:59.999Z', '2026-04-30T15:59:59.999Z'],
  },
  {
    name: 'weekly, owed since Monday 1 July 2024 (the quarter too), set a month later',
    every: 'weekly',
    since: '2024-08-01T02:00:00.000Z',
    owedSince: '2024-07-01',
    reports: ['2024-06-30T15:59:00.000Z', '2024-07-08T01:00:00.000Z'],
    dues: ['2024-07-07T15:59:59.999Z', '2024-07-14T15:59:59.999Z', '2024-07-21T15:59:59.999Z'],
  },
];

describe('reporting-overdue SQL says what reportingStatus says', () => {
  let db: Database.Database;
  beforeAll(() => {
    db = new Database(':memory:');
    db.exec('CREATE TABLE t (status TEXT NOT NULL, report_due_ms INTEGER)');
  });
  afterAll(() => db.close());

  const sqlSays = (status: string, dueMs: number | null, nowMs: number): boolean => {
    db.exec('DELETE FROM t');
    db.prepare('INSERT INTO t (status, report_due_ms) VALUES (?, ?)').run(status, dueMs);
    return (
      (db.prepare(`SELECT CASE WHEN ${taskReportOverdueSql('r')} THEN 1 ELSE 0 END AS v FROM t r`).get(nowMs) as { v: number }).v === 1
    );
  };

  it.each(CASES)('$name', ({ every, since, owedSince, reports, dues }) => {
    const cycle: ReportingCycle = owedSince === undefined ? { every, since } : { every, since, owedSince };
    const nows = dues.flatMap((due) => [ms(due) - 1, ms(due), ms(due) + 1, ms(due) + 86_400_000]);
    let overdueSeen = false;
    for (const status of TASK_STATUSES) {
      const final = status === 'accepted' || status === 'cancelled';
      for (const now of nows) {
        const done = reports.filter((r) => ms(r) <= now);
        const last = done.length === 0 ? null : done[done.length - 1]!;
        const column = reportOwedDueMs(cycle, last, BEIJING);
        // A closed task owes nothing: the domain is told when it closed (before `now` here).
        const domain = reportingStatus(cycle, done, now, BEIJING, final ? since : null).overdue;
        expect({ status, now: new Date(now).toISOString(), sql: sqlSays(status, column, now) }).toEqual({
          status,
          now: new Date(now).toISOString(),
          sql: domain,
        });
        overdueSeen ||= domain;
      }
    }
    // Every case crosses at least one due: the comparison saw both answers.
    expect(overdueSeen).toBe(true);
  });

  it('is never overdue for a task without a cycle', () => {
    expect(sqlSays('in_progress', null, ms('2030-01-01T00:00:00.000Z'))).toBe(false);
  });
});
