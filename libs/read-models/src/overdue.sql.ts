import {
  instantMs,
  nextOpenMilestone,
  pendingAcknowledgement,
  PROGRESS_LAG_POINTS,
  TASK_FINAL_STATUSES,
  taskReportDueMs,
  type LitTask,
  type TaskLightRule,
} from '#domain';

/*
 * The domain's overdue rules as SQL, for the read models that filter and count by them. Each
 * fragment is true for a row exactly when the domain function is true for the row's document
 * at the same instant (`overdue.sql.int-spec.ts` evaluates both on the same cases, the
 * deadline instant itself included), binds one parameter, "now" in epoch milliseconds, and
 * reads the columns the projections keep: `status` and the deadline in epoch milliseconds.
 * `alias` qualifies the columns (`r` → `r.status`) in joined queries. The task fragments read
 * the columns of {@link taskRuleColumns}, which the ledger and its history both store.
 */

const column = (alias: string | undefined, name: string): string => (alias ? `${alias}.${name}` : name);
const sqlList = (values: readonly string[]): string => values.map((v) => `'${v}'`).join(', ');

/** `isTaskOverdue` over the task ledger's `status` and `deadline_ms`. */
export function taskOverdueSql(alias?: string): string {
  return `(${column(alias, 'status')} NOT IN (${sqlList(TASK_FINAL_STATUSES)}) AND ${column(alias, 'deadline_ms')} < ?)`;
}

/** The columns the task fragments read, as the task ledger and its history store them. */
export interface TaskRuleColumns {
  status: string;
  deadline_ms: number;
  /** Due instant of the next open milestone (the domain's `nextOpenMilestone`), NULL when none is open. */
  next_due_ms: number | null;
  created_ms: number;
  progress: number;
  /** When the lead unit's acknowledgement is due while it is awaited (the domain's `pendingAcknowledgement`), NULL otherwise. */
  ack_due_ms: number | null;
  /** When the first progress report still owed falls due (the domain's `taskReportDueMs` in `timeZone`), NULL without a cycle. */
  report_due_ms: number | null;
}

/**
 * {@link TaskRuleColumns} of a task: the one derivation the projection, the history and the
 * spec use. `timeZone` (DISPLAY_TIMEZONE) is the calendar of the reporting periods.
 */
export function taskRuleColumns(task: LitTask, timeZone: string): TaskRuleColumns {
  const next = nextOpenMilestone(task);
  const ackDue = pendingAcknowledgement(task);
  return {
    status: task.status,
    deadline_ms: instantMs(task.deadline),
    next_due_ms: next ? instantMs(next.due) : null,
    created_ms: instantMs(task.createdAt),
    progress: task.progress,
    ack_due_ms: ackDue !== null ? instantMs(ackDue) : null,
    report_due_ms: taskReportDueMs(task, timeZone),
  };
}

/**
 * `hasOverdueMilestone` over {@link TaskRuleColumns}: the task is open and its next open
 * milestone (the earliest due) has passed.
 */
export function taskMilestoneOverdueSql(alias?: string): string {
  return `(${column(alias, 'status')} NOT IN (${sqlList(TASK_FINAL_STATUSES)}) AND ${column(alias, 'next_due_ms')} < ?)`;
}

/**
 * `isMilestoneOverdue` for one milestone of a task's stored document, read with `json_each`
 * (`milestone` is that table's alias, `alias` the ledger row's): the task is open, the
 * milestone not completed and its due instant (ISO text, parsed to milliseconds by SQLite)
 * has passed. Renders each milestone's `overdue` in the ledger's SQL-rendered pages.
 */
export function milestoneOverdueSql(milestone: string, alias?: string): string {
  const due = `CAST(ROUND(unixepoch(json_extract(${milestone}.value, '$.due'), 'subsec') * 1000) AS INTEGER)`;
  return (
    `(${column(alias, 'status')} NOT IN (${sqlList(TASK_FINAL_STATUSES)}) AND json_extract(${milestone}.value, ` +
    `'$.completedAt') IS NULL AND ${due} < ?)`
  );
}

/** An SQL fragment that binds "now" (epoch ms) more than once: `params(now)` gives them in order. */
export interface MultiBindFragment {
  sql: string;
  params(nowMs: number): number[];
}

/**
 * `taskLight` over {@link TaskRuleColumns}: `'red'`, `'yellow'`, `'green'`, or NULL for a final
 * status. The warning window is a setting, so it is written into the SQL as a whole number of
 * milliseconds; "now" is bound three times. The nearest due instant is the deadline or the next
 * open milestone, whichever comes first: past it the task or a milestone is overdue (red),
 * within the window of it the light is yellow. The lag test is the domain's multiplied-out
 * inequality, on the same numbers. An acknowledgement still awaited past its due instant
 * (`ack_due_ms`, NULL when none is awaited) or a progress report owed past its period's due
 * (`report_due_ms`, NULL without a reporting cycle) makes an otherwise green task yellow; the
 * period arithmetic is the domain's, stored in the column with `rule.timeZone`.
 */
export function taskLightSql(rule: TaskLightRule, alias?: string): MultiBindFragment {
  if (!Number.isSafeInteger(rule.warningWindowMs) || rule.warningWindowMs < 0)
    throw new RangeError(`warning window ${rule.warningWindowMs} is not a whole number of ms`);
  const c = (name: string) => column(alias, name);
  const nearest = `MIN(${c('deadline_ms')}, COALESCE(${c('next_due_ms')}, ${c('deadline_ms')}))`;
  const lags =
    `(${c('deadline_ms')} > ${c('created_ms')} AND (? - ${c('created_ms')}) * 100 > (${c('progress')} + ` +
    `${PROGRESS_LAG_POINTS}) * (${c('deadline_ms')} - ${c('created_ms')}))`;
  return {
    sql: `(CASE WHEN ${c('status')} IN (${sqlList(TASK_FINAL_STATUSES)}) THEN NULL
      WHEN ${nearest} < ? THEN 'red'
      WHEN ${nearest} - ${rule.warningWindowMs} <= ? OR ${lags} OR ${c('ack_due_ms')} < ? OR ${c('report_due_ms')} < ? THEN 'yellow'
      ELSE 'green' END)`,
    params: (nowMs) => [nowMs, nowMs, nowMs, nowMs, nowMs],
  };
}

/**
 * `reportingStatus(...).overdue` over the ledger's `status` and `report_due_ms`: the due instant
 * of the first reporting period still owed after the last progress report (the domain's
 * `taskReportDueMs`, NULL for a task without a reporting cycle). The period arithmetic, zone
 * and calendar included, is the domain's; SQL only compares that instant with "now", so a row
 * stays right as time passes without being rewritten.
 */
export function taskReportOverdueSql(alias?: string): string {
  return (
    `(${column(alias, 'status')} NOT IN (${sqlList(TASK_FINAL_STATUSES)}) AND ${column(alias, 'report_due_ms')} IS NOT NULL ` +
    `AND ${column(alias, 'report_due_ms')} < ?)`
  );
}

/**
 * `isUrgingOverdue` over the urgings' `reply_by_ms` and `replied_at` (the reply date passed, no reply); never NULL, so `NOT` of it is the
 * complement.
 */
export function urgingOverdueSql(alias?: string): string {
  return `(${column(alias, 'replied_at')} IS NULL AND ${column(alias, 'reply_by_ms')} IS NOT NULL AND ${column(alias, 'reply_by_ms')} < ?)`;
}

/** `isInstructionOverdue` over the instructions' `status`, `respond_by_ms` and `first_response_at`. */
export function instructionOverdueSql(alias?: string): string {
  return (
    `(${column(alias, 'status')} <> 'closed' AND ${column(alias, 'first_response_at')} IS NULL AND ` +
    `${column(alias, 'respond_by_ms')} IS NOT NULL AND ${column(alias, 'respond_by_ms')} < ?)`
  );
}

/** `isActionItemOverdue` over the action-item ledger's `status` and `deadline_ms`. */
export function actionItemOverdueSql(alias?: string): string {
  return `(${column(alias, 'status')} = 'open' AND ${column(alias, 'deadline_ms')} < ?)`;
}

/** `isFindingOverdue` over the rectification ledger's `status` and `due_ms`. */
export function findingOverdueSql(alias?: string): string {
  return `(${column(alias, 'status')} <> 'closed' AND ${column(alias, 'due_ms')} < ?)`;
}
