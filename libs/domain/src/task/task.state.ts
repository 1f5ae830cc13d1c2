import { distinctAttachments } from '../file/attachment.js';
import type { Attachment } from '../file/file.state.js';
import { instantMs, isPastDeadline, type Instant } from '../shared/time.js';
import { reportOwedDueMs, type ReportingCycle } from '../reporting/reporting.period.js';
import type { Area } from './task.commands.js';
import type { TaskSubtaskDispatched } from './task.events.js';
import type { TaskExtensionRequest } from './task.extension.js';

/** Where a task stands. `accepted` and `cancelled` are final. */
export type TaskStatus = 'planned' | 'in_progress' | 'submitted' | 'accepted' | 'cancelled';

/** The statuses a task can still leave (everything but the final ones). */
export type OpenTaskStatus = Exclude<TaskStatus, 'accepted' | 'cancelled'>;

/** Every task status, for validating query filters and building summaries. */
export const TASK_STATUSES = ['planned', 'in_progress', 'submitted', 'accepted', 'cancelled'] as const satisfies readonly TaskStatus[];

/** A roadmap step; `completedAt` is `null` until reached. */
export interface TaskMilestone {
  id: string;
  title: string;
  due: string;
  /** `due` as the calendar date it was given as (`YYYY-MM-DD`, its end in the display time zone), else `null`. */
  dueDate: string | null;
  completedAt: string | null;
  completedBy: string | null;
  note: string | null;
  /** Evidence files recorded with the completion, when any. */
  attachments?: Attachment[];
}

/** One progress report, with the evidence files it carried. */
export interface TaskProgressReport {
  percent: number;
  note: string;
  by: string;
  at: string;
  attachments?: Attachment[];
}

/** An institutional document (制度性文件) the task produced. */
export interface TaskDocument {
  id: string;
  title: string;
  docNumber: string;
  issuer: string;
  issuedAt: string;
  url: string | null;
  addedBy: string;
  addedAt: string;
}
/** One move of the timetable, kept so the ledger can show how often a task slipped. */
export interface TaskDeadlineChange {
  from: string;
  to: string;
  /** `to` as the calendar date it was given as, else `null`. */
  toDate: string | null;
  reason: string;
  /** The extension request whose approval made the change; `null` when the office moved the deadline itself. */
  requestId: string | null;
  by: string;
  at: string;
}

/** One completion submission; a returned task may be submitted several times. */
export interface TaskSubmission {
  evidence: string;
  by: string;
  at: string;
  /** Evidence files (佐证材料) submitted beside `evidence`, when any. */
  attachments?: Attachment[];
}

/** One send-back by the office. */
export interface TaskReturn {
  reason: string;
  by: string;
  at: string;
}

/** A sub-task dispatched from the task, as the parent recorded it (its {@link TaskSubtaskDispatched} event). */
export type TaskSubtaskDispatch = Omit<TaskSubtaskDispatched['data'], 'taskId' | 'subtaskId'> & { id: string };

/**
 * A registered reform task: every field of API.md's Task resource (except `overdue`, which
 * depends on the clock: see {@link isTaskOverdue}, and `revision`, which the store knows),
 * plus the history the audit and ledger views need.
 */
export interface Task {
  id: string;
  /**
   * The ledger number people say (`2026-0001`, a sub-task `2026-0001-03`); `null` in the
   * stream of a task recorded before numbers existed (the ledger gives it one in registration order).
   */
  number: string | null;
  title: string;
  area: Area;
  specialGroup: string;
  leadUnit: string;
  responsible: string;
  evaluationStandard: string;
  /** The annual key point the task carries out (`null` when none). */
  keyPointId: string | null;
  /**
   * The title of that key point, as recorded when the task was linked to it; `null` without a
   * key point or for links recorded before tasks kept the title.
   */
  keyPointTitle: string | null;
  /** Free-text key point of tasks recorded before key points were records; `null` otherwise. */
  keyPoint: string | null;
  /** Institutional documents the task produced, in the order recorded. */
  documents: TaskDocument[];
  deadline: string;
  /** `deadline` as the calendar date it was given as (`YYYY-MM-DD`, its end in the display time zone), else `null`. */
  deadlineDate: string | null;
  milestones: TaskMilestone[];
  /** Last reported percent (0–100); a later report may lower it, as real work can slip. */
  progress: number;
  progressNote: string | null;
  /** Every progress report in order, each with its evidence files. */
  progressReports: TaskProgressReport[];
  status: TaskStatus;
  registeredBy: string;
  createdAt: string;
  updatedAt: string;
  deadlineChanges: TaskDeadlineChange[];
  /** Extension requests (延期申请) in the order asked, each with its decision. */
  extensionRequests: TaskExtensionRequest[];
  /** Evidence of the latest submission, `null` before the first one. */
  submittedEvidence: string | null;
  submittedAt: string | null;
  submissions: TaskSubmission[];
  returns: TaskReturn[];
  acceptedAt: string | null;
  acceptedBy: string | null;
  acceptanceComment: string | null;
  cancelledAt: string | null;
  cancelledBy: string | null;
  cancelReason: string | null;
  /** The parent whose cancellation this one followed; `null` otherwise. */
  cancelledWithParent: string | null;
  /** The task it was dispatched from; `null` for a task the office registered. */
  parentId: string | null;
  /** The sub-tasks dispatched from it, in dispatch order. */
  subtasks: TaskSubtaskDispatch[];
  /** When the lead unit must acknowledge it (签收); `null` for tasks recorded before acknowledgement existed. */
  acknowledgeBy: string | null;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
  acknowledgementNote: string | null;
  /**
   * The reporting cycle in force (报送周期: one progress report owed per period from the one
   * containing `since`), or `null`; absent from documents stored before cycles existed.
   */
  reportingCycle?: ReportingCycle | null;
}

/** The folded stream: `null` until the task is registered. */
export type TaskState = Task | null;

/** The statuses a task never leaves: once there it is no longer overdue, reminded or lit. */
export const TASK_FINAL_STATUSES = ['accepted', 'cancelled'] as const satisfies readonly TaskStatus[];

/** `true` while the task can still move (neither accepted nor cancelled). */
export function isTaskOpen(status: TaskStatus): status is OpenTaskStatus {
  return !(TASK_FINAL_STATUSES as readonly TaskStatus[]).includes(status);
}

/**
 * Overdue is derived, never stored: the deadline has passed at `now` and the task is neither
 * accepted nor cancelled (a submitted task still counts until the office accepts it). Instants
 * are compared, so offsets in either string do not matter. The read models' SQL says the same
 * through a fragment generated from {@link TASK_FINAL_STATUSES} and tested against this.
 */
export function isTaskOverdue(task: Pick<Task, 'status' | 'deadline'> | null, now: Instant): boolean {
  return task !== null && isTaskOpen(task.status) && isPastDeadline(task.deadline, now);
}

/**
 * A milestone is overdue when its due date has passed at `now`, it is not completed, and its
 * task is still open (an accepted or cancelled task has nothing left to chase).
 */
export function isMilestoneOverdue(
  task: Pick<Task, 'status'>,
  milestone: Pick<TaskMilestone, 'due' | 'completedAt'>,
  now: Instant,
): boolean {
  return isTaskOpen(task.status) && milestone.completedAt === null && isPastDeadline(milestone.due, now);
}

/** Whether a task has a milestone that is overdue at `now` ({@link isMilestoneOverdue}). */
export function hasOverdueMilestone(task: Pick<Task, 'status' | 'milestones'>, now: Instant): boolean {
  return task.milestones.some((m) => isMilestoneOverdue(task, m, now));
}

/** The open milestone due first (the next step of the roadmap), or `null` when every one is completed. */
export function nextOpenMilestone<M extends Pick<TaskMilestone, 'due' | 'completedAt'>>(task: { milestones: readonly M[] }): M | null {
  let next: M | null = null;
  for (const m of task.milestones) if (m.completedAt === null && (next === null || instantMs(m.due) < instantMs(next.due))) next = m;
  return next;
}

/** The traffic-light warning of a task (三色预警); `null` once it is accepted or cancelled. */
export type TaskLight = 'red' | 'yellow' | 'green';

/** Every light, for validating filters and building summaries. */
export const TASK_LIGHTS = ['red', 'yellow', 'green'] as const satisfies readonly TaskLight[];

/** What a light is judged with besides the task and the moment: settings, never stored with the task. */
export interface TaskLightRule {
  /** WARNING_WINDOW: a deadline or next milestone due within this many ms of now turns the light yellow. */
  warningWindowMs: number;
  /** DISPLAY_TIMEZONE: the calendar whose weeks, months and quarters a reporting cycle's periods are. */
  timeZone: string;
}

/** The light's settings when none are configured (WARNING_WINDOW's default, 7 days; DISPLAY_TIMEZONE's, Beijing). */
export const DEFAULT_TASK_LIGHT_RULE: TaskLightRule = { warningWindowMs: 7 * 86_400_000, timeZone: 'Asia/Shanghai' };

/** Points by which progress may trail the time-proportional schedule before the light turns yellow. */
export const PROGRESS_LAG_POINTS = 25;

/**
 * Whether progress trails the time-proportional schedule by more than
 * {@link PROGRESS_LAG_POINTS}: the elapsed share of registration → deadline, in percent, minus
 * the reported percent. Multiplied out by the span (`(now − created) × 100 > (progress + 25) ×
 * (deadline − created)`) so there is no division and the read models' SQL computes exactly the
 * same numbers. A task whose deadline is not after its registration (a migrated ledger) has no
 * schedule to lag: its deadline is its warning.
 */
export function isProgressLagging(task: Pick<Task, 'createdAt' | 'deadline' | 'progress'>, now: Instant): boolean {
  const created = instantMs(task.createdAt);
  const span = instantMs(task.deadline) - created;
  return span > 0 && (instantMs(now) - created) * 100 > (task.progress + PROGRESS_LAG_POINTS) * span;
}

/**
 * The light of a task at `now` (API.md's definition, judged whenever asked, never stored):
 * `null` once accepted or cancelled; `red` when the task ({@link isTaskOverdue}) or a milestone
 * ({@link isMilestoneOverdue}) is overdue; `yellow` when the deadline or the next open
 * milestone is due within the warning window (at most `warningWindowMs` after now, the instant
 * itself included), or progress lags ({@link isProgressLagging}), or the lead unit has not
 * acknowledged it in time ({@link isAcknowledgementOverdue}: at least yellow), or a progress
 * report is overdue under its reporting cycle ({@link taskReportDueMs} has passed: at least
 * yellow, API.md's "An `overdue` task is at least `yellow`"); `green` otherwise. Judged through
 * {@link taskLightTimes}, the one statement of those instants. The read models filter and count
 * with its SQL twin (`taskLightSql`), tested against this.
 */
export function taskLight(task: LitTask, now: Instant, rule: TaskLightRule): TaskLight | null {
  const times = taskLightTimes(task, rule);
  return times === null ? null : lightAt(times, instantMs(now));
}

/**
 * When an open task's judgements begin, in epoch ms: each holds from its instant on, for as
 * long as the task does not change (every clause of the light is "now has reached an instant").
 * A read model that keeps these per task counts overdue tasks and lights at any moment by
 * comparing instants, without judging each task again.
 */
export interface TaskLightTimes {
  /** First instant {@link isTaskOverdue} holds: one ms after the deadline. */
  overdueFromMs: number;
  /** First instant the light is at least yellow (never after {@link redFromMs}). */
  yellowFromMs: number;
  /** First instant the light is red: one ms after the deadline or the next open milestone's due instant. */
  redFromMs: number;
}

/**
 * The instants of {@link TaskLightTimes} for a task under `rule`; `null` once it is accepted or
 * cancelled (it has no light and is never overdue). Instants are whole milliseconds.
 */
export function taskLightTimes(task: LitTask, rule: TaskLightRule): TaskLightTimes | null {
  if (!isTaskOpen(task.status)) return null;
  const deadline = instantMs(task.deadline);
  const next = nextOpenMilestone(task);
  const nearest = next === null ? deadline : Math.min(deadline, instantMs(next.due));
  // Past a deadline or a due instant (strictly after it: isPastDeadline) the light is red.
  const redFromMs = nearest + 1;
  // Due within the window (isDueWithin: due − now ≤ window), a lagging schedule, an acknowledgement past due.
  let yellowFromMs = Math.min(redFromMs, nearest - rule.warningWindowMs, progressLagFromMs(task));
  const ackDue = pendingAcknowledgement(task);
  if (ackDue !== null) yellowFromMs = Math.min(yellowFromMs, instantMs(ackDue) + 1);
  // A report owed past its period's due (strictly after it, as `reportingStatus(...).overdue` says).
  const reportDue = taskReportDueMs(task, rule.timeZone);
  if (reportDue !== null) yellowFromMs = Math.min(yellowFromMs, reportDue + 1);
  return { overdueFromMs: deadline + 1, yellowFromMs, redFromMs };
}

/** The light at `nowMs` of a task with these {@link TaskLightTimes}. */
export function lightAt(times: TaskLightTimes, nowMs: number): TaskLight {
  return nowMs >= times.redFromMs ? 'red' : nowMs >= times.yellowFromMs ? 'yellow' : 'green';
}

/**
 * The first whole millisecond at which {@link isProgressLagging} holds, `Infinity` for a task
 * without a schedule: the least elapsed `d` with `d × 100 > (progress + 25) × span`, found on
 * the very product the rule computes so no rounding can move it.
 */
function progressLagFromMs(task: Pick<Task, 'createdAt' | 'deadline' | 'progress'>): number {
  const created = instantMs(task.createdAt);
  const span = instantMs(task.deadline) - created;
  if (!(span > 0)) return Infinity;
  const bound = (task.progress + PROGRESS_LAG_POINTS) * span;
  // A bound that is not a number is never exceeded: the rule's comparison is then false.
  if (!Number.isFinite(bound)) return Infinity;
  let d = Math.floor(bound / 100) + 1;
  while ((d - 1) * 100 > bound) d--;
  while (!(d * 100 > bound)) d++;
  return created + d;
}

/**
 * What a light is judged from. The acknowledgement fields may be missing from a task stored
 * before acknowledgement existed (as `null`: no acknowledgement due), the reporting fields from
 * one stored before reporting cycles (no report owed).
 */
export type LitTask = Pick<Task, 'status' | 'deadline' | 'milestones' | 'createdAt' | 'progress'> &
  Partial<Pick<Task, 'acknowledgeBy' | 'acknowledgedAt' | 'reportingCycle' | 'progressReports'>>;

/**
 * When the first progress report still owed under the task's reporting cycle falls due (epoch
 * ms, the domain's `reportOwedDueMs` after the latest report), or `null` for a task without a
 * cycle. Past it, an open task's report is overdue: what the light and the ledger's
 * `report_due_ms` read.
 */
export function taskReportDueMs(
  task: { reportingCycle?: ReportingCycle | null; progressReports?: ReadonlyArray<{ at: Instant }> },
  timeZone: string,
): number | null {
  if (!task.reportingCycle) return null;
  const reports = task.progressReports ?? [];
  const last = reports.length === 0 ? null : Math.max(...reports.map((r) => instantMs(r.at)));
  return reportOwedDueMs(task.reportingCycle, last, timeZone);
}

/**
 * The lead unit has not acknowledged an open task whose acknowledgement was due before `now`
 * (strictly after `acknowledgeBy`, like a deadline). Tasks recorded before acknowledgement
 * existed (`acknowledgeBy` null) never are.
 */
export function isAcknowledgementOverdue(
  task: Pick<Task, 'status'> & Partial<Pick<Task, 'acknowledgeBy' | 'acknowledgedAt'>>,
  now: Instant,
): boolean {
  const due = pendingAcknowledgement(task);
  return isTaskOpen(task.status) && due !== null && isPastDeadline(due, now);
}

/** When the lead unit's acknowledgement is due while it is still awaited; `null` once given, or when none is required. */
export function pendingAcknowledgement(task: Partial<Pick<Task, 'acknowledgeBy' | 'acknowledgedAt'>>): string | null {
  return (task.acknowledgedAt ?? null) === null ? (task.acknowledgeBy ?? null) : null;
}

/** Every evidence file the task's progress reports, milestones and submissions carry, each once. */
export function taskAttachments(task: Pick<Task, 'progressReports' | 'milestones' | 'submissions'>): Attachment[] {
  return distinctAttachments([...task.progressReports, ...task.milestones, ...task.submissions]);
}
