import {
  firstReportingPeriod,
  reportingPeriodAt,
  reportOwedDueMs,
  type ReportCycle,
  type ReportingCycle,
} from '../reporting/reporting.period.js';
import { dayReminderMs, nextCalendarDate, type DueDayReminder } from '../shared/due.js';
import { instantMs } from '../shared/time.js';
import { isTaskOpen, type Task, type TaskState } from '../task/task.state.js';
import type { PlannedReminder } from './reminder.ladder.js';
import { unitRecipient } from './reminder.subjects.js';

/** How far back a period's reminders are still planned: its office reminder falls on the day after it ended. */
const LOOK_BACK_MS = 2 * 86_400_000;

/** One period's reminders of a missed report, as planned. */
export interface ReportReminderPeriod {
  every: ReportCycle;
  /** The cycle's `since` in epoch ms: a new cycle has new keys. */
  sinceMs: number;
  /** The period's first day's beginning (epoch ms): a report from then on settles it. */
  periodStartMs: number;
  /** The period's last day (`YYYY-MM-DD`), its due day. */
  periodEnd: string;
  /** When the period's report is due: the end of its last day (UTC ISO). */
  periodDue: string;
}

/**
 * The reporting periods (报送周期) whose reminders are wanted at `nowMs`: the period containing
 * now and the one before it (its office reminder is on this period's first day), each only
 * while it is still owed (no report since it began: its due is not before the first one still
 * owed, `reportOwedDueMs`). The sweep asks again as time passes, so each period is planned once
 * the clock reaches it; nothing is planned ahead of that.
 */
export function reportReminderPeriods(
  cycle: ReportingCycle,
  lastReportAt: string | null,
  nowMs: number,
  timeZone: string,
): ReportReminderPeriod[] {
  const owedDue = reportOwedDueMs(cycle, lastReportAt, timeZone);
  const first = firstReportingPeriod(cycle, timeZone);
  const seen = new Set<number>();
  const out: ReportReminderPeriod[] = [];
  for (const at of [nowMs - LOOK_BACK_MS, nowMs]) {
    const p = reportingPeriodAt(cycle.every, Math.max(at, first.startMs), timeZone);
    if (seen.has(p.startMs) || p.dueMs < owedDue) continue;
    seen.add(p.startMs);
    out.push({
      every: cycle.every,
      sinceMs: instantMs(cycle.since),
      periodStartMs: p.startMs,
      periodEnd: p.end,
      periodDue: new Date(p.dueMs).toISOString(),
    });
  }
  return out;
}

/**
 * A missed report's reminders for one period: the lead unit's shared inbox on the due day at
 * `DUE_DAY_REMINDER_AT` (`due`), the office's recipients (`REMINDER_ESCALATE_TO`) the day after
 * (`overdue`). Keys name the task, the cycle and the period, so planning again plans the same jobs.
 */
export function reportReminderPlan(
  task: { taskId: string; leadUnit: string },
  period: ReportReminderPeriod,
  ladder: { dueDay: DueDayReminder; escalateTo: readonly string[] },
): PlannedReminder[] {
  const prefix = `report_${task.taskId.replace(/:/g, '-')}_${period.every}-${period.sinceMs}_${period.periodEnd}`;
  const plan: PlannedReminder[] = [
    {
      key: `${prefix}_due_0`,
      kind: 'due',
      at: new Date(dayReminderMs(period.periodEnd, ladder.dueDay)).toISOString(),
      recipients: [unitRecipient(task.leadUnit)],
    },
  ];
  if (ladder.escalateTo.length > 0) {
    plan.push({
      key: `${prefix}_overdue_0`,
      kind: 'overdue',
      at: new Date(dayReminderMs(nextCalendarDate(period.periodEnd), ladder.dueDay)).toISOString(),
      recipients: [...ladder.escalateTo],
    });
  }
  return plan;
}

/**
 * The task a missed-report reminder is still due for, or `undefined`: nothing once the task is
 * accepted or cancelled, its cycle changed or ended since (another `every` or `since`), or a
 * progress report came in on or after the period's first day (it settles the period, or a late
 * one what is owed).
 */
export function reportReminderStillDue(
  state: TaskState,
  reminder: Pick<ReportReminderPeriod, 'every' | 'sinceMs' | 'periodStartMs'>,
): Task | undefined {
  if (state === null || !isTaskOpen(state.status) || !state.reportingCycle) return undefined;
  const cycle = state.reportingCycle;
  if (cycle.every !== reminder.every || instantMs(cycle.since) !== reminder.sinceMs) return undefined;
  return state.progressReports.some((r) => instantMs(r.at) >= reminder.periodStartMs) ? undefined : state;
}
