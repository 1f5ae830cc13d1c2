import {
  evolveTask,
  initialTaskState,
  reportReminderPeriods,
  reportReminderPlan,
  reportReminderStillDue,
  taskStream,
  type ReportCycle,
  type TaskEvent,
} from '#domain';
import type Database from 'better-sqlite3';
import type { QueueOps } from '../scheduler/queue.sink.js';
import { jobsPerRecipient, type FoldContext, type PlannedJob, type ReminderJobFields, type ReminderSubject } from './reminder-subject.js';

/** A reminder that a period's progress report (报送周期) is due today, or was missed yesterday. */
export interface ReportReminderJob extends ReminderJobFields {
  type: 'report-reminder';
  taskId: string;
  every: ReportCycle;
  sinceMs: number;
  periodStartMs: number;
  /** The period's last day (`YYYY-MM-DD`): its due day. */
  periodEnd: string;
  /** The end of that day (UTC ISO): when the report is due. */
  periodDue: string;
}

/** A task with a reporting cycle, as the fold keeps it (`every` null once the cycle ended or the task closed). */
interface CycleRow {
  task_id: string;
  lead_unit: string;
  every: ReportCycle | null;
  since: string | null;
  /** The day reports are owed from when the office named one (`YYYY-MM-DD`), else null. */
  owed_since: string | null;
  last_report_at: string | null;
}

const TABLE = 'report_cycles';

/**
 * Reporting cycles (报送周期): while a period's report is owed, the lead unit's inbox is reminded
 * on the period's last day at `DUE_DAY_REMINDER_AT` (`report_due`), and the office's recipients
 * (`REMINDER_ESCALATE_TO`) the day after (`report_overdue`). Which periods is the domain's
 * `reportReminderPeriods` at the scheduler's "now" (the current one and the one before), so the
 * sweep plans each period as the calendar reaches it. A progress report, a changed or ended
 * cycle, acceptance or cancellation unplans what is pending; a reminder that no longer applies
 * when delivered (`reportReminderStillDue`) is dropped.
 */
export const reportSubject: ReminderSubject<ReportReminderJob, 'report', TaskEvent> = {
  jobType: 'report-reminder',
  prefixes: ['report'],
  categories: ['task'],
  migrate(db: Database.Database) {
    db.exec(`CREATE TABLE IF NOT EXISTS ${TABLE} (task_id TEXT PRIMARY KEY, lead_unit TEXT NOT NULL, every TEXT, since TEXT,
      last_report_at TEXT, owed_since TEXT)`);
    // Added to schedules written before a cycle could be owed since a named day.
    const columns = db.prepare(`PRAGMA table_info(${TABLE})`).all() as Array<{ name: string }>;
    if (!columns.some((c) => c.name === 'owed_since')) db.exec(`ALTER TABLE ${TABLE} ADD COLUMN owed_since TEXT`);
  },
  fold(ctx: FoldContext) {
    const get = ctx.db.prepare<[string], CycleRow>(`SELECT * FROM ${TABLE} WHERE task_id = ?`);
    const put = ctx.db.prepare(
      `INSERT INTO ${TABLE} (task_id, lead_unit, every, since, owed_since, last_report_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT(task_id) DO UPDATE SET lead_unit = excluded.lead_unit, every = excluded.every, since = excluded.since,
         owed_since = excluded.owed_since, last_report_at = excluded.last_report_at`,
    );
    const jobsOf = (row: CycleRow): PlannedJob[] => {
      if (row.every === null || row.since === null) return [];
      const cycle = { every: row.every, since: row.since, ...(row.owed_since !== null ? { owedSince: row.owed_since } : {}) };
      return reportReminderPeriods(cycle, row.last_report_at, ctx.now(), ctx.settings.dueDay.timeZone).flatMap((period) =>
        jobsPerRecipient<ReportReminderJob>(reportReminderPlan({ taskId: row.task_id, leadUnit: row.lead_unit }, period, ctx.settings), {
          type: 'report-reminder',
          taskId: row.task_id,
          every: period.every,
          sinceMs: period.sinceMs,
          periodStartMs: period.periodStartMs,
          periodEnd: period.periodEnd,
          periodDue: period.periodDue,
        }),
      );
    };
    /** Unplans what the row called for, stores its next state and plans what that calls for. */
    const move = (before: CycleRow | undefined, after: CycleRow, ops: QueueOps) => {
      if (before) for (const job of jobsOf(before)) ops.unplan(job.id);
      put.run(after.task_id, after.lead_unit, after.every, after.since, after.owed_since, after.last_report_at);
      ops.plan(ctx.wanted(jobsOf(after)));
    };
    return {
      apply(event, ops) {
        switch (event.type) {
          case 'TaskRegistered': {
            const d = event.data;
            if (!d.reportEvery || get.get(d.taskId)) return;
            move(
              undefined,
              {
                task_id: d.taskId,
                lead_unit: d.leadUnit,
                every: d.reportEvery,
                since: d.registeredAt,
                owed_since: d.reportSince ?? null,
                last_report_at: null,
              },
              ops,
            );
            return;
          }
          case 'TaskReportingSet': {
            const d = event.data;
            const before = get.get(d.taskId);
            const leadUnit = before?.lead_unit ?? ctx.sql.getTask.get(d.taskId)?.lead_unit ?? '';
            const every = d.every === 'none' ? null : d.every;
            const after = {
              task_id: d.taskId,
              lead_unit: leadUnit,
              every,
              since: every ? d.setAt : null,
              owed_since: every ? (d.since ?? null) : null,
              last_report_at: before?.last_report_at ?? null,
            };
            move(before, after, ops);
            return;
          }
          case 'TaskProgressReported': {
            const before = get.get(event.data.taskId);
            if (before) move(before, { ...before, last_report_at: event.data.reportedAt }, ops);
            return;
          }
          case 'TaskAccepted':
          case 'TaskCancelled': {
            const before = get.get(event.data.taskId);
            if (before) move(before, { ...before, every: null, since: null, owed_since: null }, ops);
            return;
          }
          default:
            return;
        }
      },
      openJobs: () =>
        (ctx.db.prepare(`SELECT * FROM ${TABLE} WHERE every IS NOT NULL`).all() as CycleRow[]).flatMap((row) => ctx.wanted(jobsOf(row))),
    };
  },
  async deliverable(job, read) {
    const state = await read.load(taskStream(job.taskId), { initialState: initialTaskState, evolve: evolveTask });
    const task = reportReminderStillDue(state, job);
    if (!task) return null;
    // Named by its ledger number and title, as the task's own reminders are.
    const title = task.number ? `${task.number} ${task.title}` : task.title;
    return {
      ref: { subject: 'report', taskId: job.taskId, periodEnd: job.periodEnd },
      deadline: job.periodDue,
      deadlineVersion: 1,
      prefix: 'report',
      unit: task.leadUnit,
      about: { kind: 'task' },
      facts: { title, owner: task.leadUnit, due: job.periodDue, dueDate: job.periodEnd },
      refs: { taskId: job.taskId, leadUnit: task.leadUnit, periodEnd: job.periodEnd, every: job.every, reminderKind: job.kind, title },
    };
  },
};
