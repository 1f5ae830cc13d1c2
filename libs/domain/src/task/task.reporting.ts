import { REPORT_EVERY, reportingStatus, type ReportCycle, type ReportEvery, type ReportingStatus } from '../reporting/reporting.period.js';
import { refuse } from '../shared/domain-error.js';
import { calendarDateIn, parseDue, type DueCalendar } from '../shared/due.js';
import type { Instant } from '../shared/time.js';
import type { SetTaskReporting } from './task.commands.js';
import { TaskErrors } from './task.errors.js';
import type { TaskEvent } from './task.events.js';
import { requireOffice, requireOpen } from './task.rules.js';
import type { Task } from './task.state.js';

/*
 * Reporting cycles (报送周期) on the task: which cycle is in force is the task's own fact
 * (set at registration or by the office); what is owed, missed and overdue at a moment is the
 * period function's (`reporting.period.ts`), judged here from the task's reports.
 */

/** `every` when it is a reporting frequency; refuses anything else naming `path`. */
export function requireReportEvery(every: unknown, path: string): ReportEvery {
  if (!(REPORT_EVERY as readonly unknown[]).includes(every)) {
    throw refuse.invalid(TaskErrors.INVALID_REPORT_EVERY, `reporting cycle must be one of ${REPORT_EVERY.join(', ')}`, path, {
      every: String(every),
    });
  }
  return every as ReportEvery;
}

/**
 * The day reports are owed from, when the office names one (an office moving a paper ledger in,
 * whose units owed reports before the ledger recorded them): a real calendar date, only with a
 * cycle that owes reports, and not after today in the deployment's zone (nothing is owed ahead).
 * `undefined` when none was named: the cycle owes from the period it is set in.
 */
export function requireOwedSince(
  since: unknown,
  every: ReportEvery,
  path: string,
  now: Instant,
  calendar: DueCalendar,
): string | undefined {
  if (since === undefined) return undefined;
  if (typeof since !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(since) || parseDue(since, calendar.timeZone) === null) {
    throw refuse.invalid(TaskErrors.INVALID_DATE, `${path} must be a calendar date YYYY-MM-DD`, path, { path });
  }
  if (every === 'none') {
    throw refuse.invalid(TaskErrors.REPORT_SINCE_WITHOUT_CYCLE, `${path} needs a reporting cycle that owes reports`, path, { since });
  }
  const today = calendarDateIn(now, calendar.timeZone);
  if (since > today) {
    throw refuse.invalid(TaskErrors.REPORT_SINCE_AFTER_TODAY, `${path} ${since} is after today (${today})`, path, { since, today });
  }
  return since;
}

/** The cycle a registration records: a frequency that owes reports (from `reportSince` when named), or none. */
export function registeredCycle(
  reportEvery: ReportEvery | undefined,
  reportSince: string | undefined,
  now: Instant,
  calendar: DueCalendar,
): { reportEvery: ReportCycle; reportSince?: string } | Record<string, never> {
  const every = reportEvery === undefined ? 'none' : requireReportEvery(reportEvery, 'reportEvery');
  const since = requireOwedSince(reportSince, every, 'reportSince', now, calendar);
  if (every === 'none') return {};
  return since === undefined ? { reportEvery: every } : { reportEvery: every, reportSince: since };
}

/**
 * The office sets or ends an open task's cycle, owed from now or from a day it names; the same
 * cycle again (same frequency, and the same day when one is named) is a conflict.
 */
export function setReporting(command: SetTaskReporting, task: Task, calendar: DueCalendar): TaskEvent[] {
  const { actor, now } = command.metadata;
  requireOffice(actor, 'set a reporting cycle');
  requireOpen(task);
  const every = requireReportEvery(command.data.every, 'every');
  const since = requireOwedSince(command.data.since, every, 'since', now, calendar);
  const previous: ReportEvery = task.reportingCycle?.every ?? 'none';
  if (every === previous && (since === undefined || since === task.reportingCycle?.owedSince)) {
    throw refuse.conflict(TaskErrors.REPORTING_UNCHANGED, `task ${task.id} already reports ${every}`, { every });
  }
  const owed = since === undefined ? {} : { since };
  return [{ type: 'TaskReportingSet', data: { taskId: task.id, every, previous, ...owed, setBy: actor.id, setAt: now } }];
}

/** When the task stopped owing reports: its acceptance or cancellation, or `null` while open. */
export function taskClosedAt(task: Pick<Task, 'acceptedAt' | 'cancelledAt'>): string | null {
  return task.acceptedAt ?? task.cancelledAt ?? null;
}

/**
 * API.md's `reporting` of a task at `now` (`null` without a cycle): the current period, the
 * last progress report, the periods missed since the cycle was set, and whether one is overdue.
 */
export function taskReporting(
  task: Pick<Task, 'reportingCycle' | 'acceptedAt' | 'cancelledAt'> & { progressReports?: ReadonlyArray<{ at: Instant }> },
  now: Instant,
  timeZone: string,
): ReportingStatus | null {
  if (!task.reportingCycle) return null;
  const reports = (task.progressReports ?? []).map((r) => r.at);
  return reportingStatus(task.reportingCycle, reports, now, timeZone, taskClosedAt(task));
}
