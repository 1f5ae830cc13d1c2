import { calendarDateIn, zonedInstantMs } from '../shared/due.js';
import { instantMs, type Instant } from '../shared/time.js';

/*
 * Reporting cycles (报送周期): a task owes one progress report per period, from the period in
 * which the cycle was set (or the one containing the day the office said reports are owed
 * since, `owedSince`: a paper ledger moved into the system) until the task is closed. Periods are calendar weeks (Monday to
 * Sunday), months and quarters of the deployment's time zone; each is due at the end of its
 * last day there. Every rule about reports owed, missed and overdue is computed here and
 * nowhere else; the read models store what these functions give (`reportingColumns`) and
 * compare it with "now" in SQL.
 */

/** How often a report is owed; `none` ends a cycle. */
export const REPORT_EVERY = ['weekly', 'monthly', 'quarterly', 'none'] as const;
/** One reporting frequency. */
export type ReportEvery = (typeof REPORT_EVERY)[number];
/** A frequency that owes reports. */
export type ReportCycle = Exclude<ReportEvery, 'none'>;

/** One reporting period in the time zone's calendar. */
export interface ReportingPeriod {
  /** First day, `YYYY-MM-DD`. */
  start: string;
  /** Last day, `YYYY-MM-DD`. */
  end: string;
  /** The instant the first day begins (epoch ms). */
  startMs: number;
  /** The instant the last day ends (23:59:59.999, epoch ms): when the period's report is due. */
  dueMs: number;
}

const DAY_MS = 86_400_000;
const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** `YYYY-MM-DD` of a proleptic UTC calendar day (date arithmetic only; no zone involved). */
function dateOf(utcMs: number): string {
  const d = new Date(utcMs);
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

function dayMs(date: string): number {
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
}

/** First and last calendar day of the period of `every` that contains calendar day `date`. */
function periodDays(every: ReportCycle, date: string): { start: string; end: string } {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  switch (every) {
    case 'weekly': {
      const day = dayMs(date);
      // getUTCDay: 0 is Sunday; a week starts on Monday.
      const sinceMonday = (new Date(day).getUTCDay() + 6) % 7;
      return { start: dateOf(day - sinceMonday * DAY_MS), end: dateOf(day + (6 - sinceMonday) * DAY_MS) };
    }
    case 'monthly':
      return { start: `${pad(year, 4)}-${pad(month)}-01`, end: dateOf(Date.UTC(year, month, 0)) };
    case 'quarterly': {
      const first = month - ((month - 1) % 3);
      return { start: `${pad(year, 4)}-${pad(first)}-01`, end: dateOf(Date.UTC(year, first + 2, 0)) };
    }
    default: {
      const never: never = every;
      throw new Error(`Unexpected reporting cycle ${String(never)}`);
    }
  }
}

/**
 * The period of `every` that contains instant `at` in `timeZone`: a week from Monday to
 * Sunday, a calendar month or a quarter (January, April, July, October), due at the end of its
 * last day in that zone.
 *
 * @example reportingPeriodAt('monthly', '2026-01-31T15:59:00Z', 'Asia/Shanghai') // January: 23:59 on the 31st in Beijing
 * @example reportingPeriodAt('monthly', '2026-01-31T16:00:00Z', 'Asia/Shanghai') // February: already the 1st in Beijing
 */
export function reportingPeriodAt(every: ReportCycle, at: Instant, timeZone: string): ReportingPeriod {
  const { start, end } = periodDays(every, calendarDateIn(instantMs(at), timeZone));
  return {
    start,
    end,
    startMs: zonedInstantMs(start, timeZone, { hour: 0, minute: 0 }),
    dueMs: zonedInstantMs(end, timeZone, { hour: 23, minute: 59, second: 59, ms: 999 }),
  };
}

/** The period right after `period` (the one containing the instant after its due). */
export function nextReportingPeriod(every: ReportCycle, period: ReportingPeriod, timeZone: string): ReportingPeriod {
  return reportingPeriodAt(every, period.dueMs + 1, timeZone);
}

/** A task's reporting cycle as its events set it. */
export interface ReportingCycle {
  every: ReportCycle;
  /**
   * When the cycle was set (registration, or `POST /tasks/:id/reporting`): without `owedSince`,
   * the first period owed is the one containing it.
   */
  since: Instant;
  /**
   * The calendar day (`YYYY-MM-DD` in the zone) from which reports are owed, when the office
   * named one (`since` / `reportSince` in the API: units that owed reports before the ledger
   * recorded them); the first period owed is then the one containing that day. Absent: `since`.
   */
  owedSince?: string;
}

/**
 * The first period a cycle owes a report for: the one containing `owedSince` when the office
 * named that day, else the one containing the instant the cycle was set. Every count of what is
 * owed, missed and overdue (and the reminders of it) starts here.
 *
 * @example firstReportingPeriod({ every: 'monthly', since: '2026-05-10T02:00:00Z', owedSince: '2026-02-14' }, 'Asia/Shanghai') // February
 */
export function firstReportingPeriod(cycle: ReportingCycle, timeZone: string): ReportingPeriod {
  const from = cycle.owedSince === undefined ? cycle.since : zonedInstantMs(cycle.owedSince, timeZone, { hour: 0, minute: 0 });
  return reportingPeriodAt(cycle.every, from, timeZone);
}

/** The task's progress reports, for the reporting rules: their instants, any order. */
export type ReportInstants = readonly Instant[];

/**
 * The due instant (epoch ms) of the first period still owed after the last report: the period
 * after the last report's, or the cycle's first period when no report came in or after it.
 * The task's report is overdue exactly when this has passed while the task is open: the one
 * number the read models keep (`report_due_ms`) and compare with "now" in SQL.
 */
export function reportOwedDueMs(cycle: ReportingCycle, lastReportAt: Instant | null, timeZone: string): number {
  const first = firstReportingPeriod(cycle, timeZone);
  if (lastReportAt === null) return first.dueMs;
  const reported = reportingPeriodAt(cycle.every, lastReportAt, timeZone);
  return reported.dueMs < first.startMs ? first.dueMs : nextReportingPeriod(cycle.every, reported, timeZone).dueMs;
}

/** API.md's `reporting` of a task answer, for the period containing "now". */
export interface ReportingStatus {
  every: ReportCycle;
  /** First day of the current period. */
  periodStart: string;
  /** When the current period's report is due (UTC ISO: the end of its last day). */
  periodDue: string;
  lastReportAt: string | null;
  /** Ended periods, from the cycle's first, in which no report came. */
  missed: number;
  /** The last ended period had no report and none has come since. */
  overdue: boolean;
}

/** One ended period without a report, for the scoreboard (`task.report_missed`) and the answer's `missed`. */
export interface MissedReport {
  period: ReportingPeriod;
}

/**
 * The ended periods of the cycle without a report in them, oldest first, up to `until` (a
 * period counts once its due has passed at `until`). `until` is "now", or the instant the task
 * was closed, after which nothing more is owed.
 */
export function missedReports(cycle: ReportingCycle, reports: ReportInstants, until: Instant, timeZone: string): MissedReport[] {
  const untilMs = instantMs(until);
  const times = reports.map(instantMs).sort((a, b) => a - b);
  const missed: MissedReport[] = [];
  let period = firstReportingPeriod(cycle, timeZone);
  let i = 0;
  while (period.dueMs < untilMs) {
    while (i < times.length && times[i]! < period.startMs) i++;
    if (!(i < times.length && times[i]! <= period.dueMs)) missed.push({ period });
    period = nextReportingPeriod(cycle.every, period, timeZone);
  }
  return missed;
}

/**
 * The reporting status of a task at `now`: the current period, the last report, the periods
 * missed so far and whether a report is overdue. `closedAt` (acceptance or cancellation) ends
 * what is owed: nothing is missed or overdue after it.
 */
export function reportingStatus(
  cycle: ReportingCycle,
  reports: ReportInstants,
  now: Instant,
  timeZone: string,
  closedAt: Instant | null = null,
): ReportingStatus {
  const nowMs = instantMs(now);
  const until = closedAt !== null ? Math.min(instantMs(closedAt), nowMs) : nowMs;
  const current = reportingPeriodAt(cycle.every, nowMs, timeZone);
  const last = reports.length === 0 ? null : Math.max(...reports.map(instantMs));
  return {
    every: cycle.every,
    periodStart: current.start,
    periodDue: new Date(current.dueMs).toISOString(),
    lastReportAt: last === null ? null : new Date(last).toISOString(),
    missed: missedReports(cycle, reports, until, timeZone).length,
    overdue: closedAt === null && reportOwedDueMs(cycle, last, timeZone) < nowMs,
  };
}
