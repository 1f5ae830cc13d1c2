import { REPORT_EVERY, reportingStatus, type ReportCycle, type ReportEvery, type ReportingStatus } from '../reporting/reporting.period.js';
import { refuse } from '../shared/domain-error.js';
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

/** The cycle a registration records: a frequency that owes reports, or none. */
export function registeredCycle(reportEvery: ReportEvery | undefined): { reportEvery: ReportCycle } | Record<string, never> {
  if (reportEvery === undefined) return {};
  const every = requireReportEvery(reportEvery, 'reportEvery');
  return every === 'none' ? {} : { reportEvery: every };
}

/** The office sets or ends an open task's cycle; the same cycle again is a conflict. */
export function setReporting(command: SetTaskReporting, task: Task): TaskEvent[] {
  const { actor, now } = command.metadata;
  requireOffice(actor, 'set a reporting cycle');
  requireOpen(task);
  const every = requireReportEvery(command.data.every, 'every');
  const previous: ReportEvery = task.reportingCycle?.every ?? 'none';
  if (every === previous) throw refuse.conflict(TaskErrors.REPORTING_UNCHANGED, `task ${task.id} already reports ${every}`, { every });
  return [{ type: 'TaskReportingSet', data: { taskId: task.id, every, previous, setBy: actor.id, setAt: now } }];
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
