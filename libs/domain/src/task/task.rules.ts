import { hasRole, type DomainActor } from '../shared/decider.js';
import { refuse } from '../shared/domain-error.js';
import { dueDateField, requireDue, type DueCalendar } from '../shared/due.js';
import { instantMs } from '../shared/time.js';
import type { MilestoneInput } from './task.commands.js';
import { TaskErrors } from './task.errors.js';
import type { OpenTaskStatus, Task, TaskState, TaskSubtaskDispatch } from './task.state.js';

/*
 * The checks every task command shares (who may act, which statuses refuse it) and the rules a
 * registration and a dispatch share (milestones, the acknowledgement window), so each of the
 * decider's command functions states only what is its own.
 */

/** What the task decider depends on in a deployment's configuration besides its calendar. */
export interface TaskPolicy {
  /** How long a lead unit has to acknowledge a task registered or dispatched to it (`ACK_WINDOW`). */
  acknowledgeWindowMs: number;
}

/** `ACK_WINDOW`'s default: three days. */
export const DEFAULT_TASK_POLICY: TaskPolicy = { acknowledgeWindowMs: 3 * 86_400_000 };

/** Milestones of a new task: distinct ids, real dates (normalised to UTC, a calendar date kept). */
export function requireMilestones(input: readonly MilestoneInput[] | undefined, calendar: DueCalendar): TaskSubtaskDispatch['milestones'] {
  const seen = new Set<string>();
  return (input ?? []).map((m, i) => {
    if (seen.has(m.milestoneId)) {
      throw refuse.invalid(TaskErrors.DUPLICATE_MILESTONE, `milestone id ${m.milestoneId} is used twice`, `milestones[${i}].milestoneId`, {
        milestoneId: m.milestoneId,
      });
    }
    seen.add(m.milestoneId);
    const due = requireDue(m.due, `milestones[${i}].due`, TaskErrors.INVALID_DATE, calendar);
    return { milestoneId: m.milestoneId, title: m.title, due: due.at, ...dueDateField('dueDate', due) };
  });
}

/** When a task registered or dispatched at `now` must be acknowledged by. */
export function acknowledgeBy(policy: TaskPolicy, now: string): string {
  return new Date(instantMs(now) + policy.acknowledgeWindowMs).toISOString();
}

export function requireTask(state: TaskState, taskId: string): Task {
  if (state === null) throw refuse.notFound(TaskErrors.NOT_FOUND, `no task ${taskId}`, { taskId });
  return state;
}

export function requireOffice(actor: DomainActor, what: string): void {
  if (!hasRole(actor, 'reform_office'))
    throw refuse.forbidden(TaskErrors.ROLE_REQUIRED, `only the reform office may ${what}`, { roles: 'reform_office' });
}

/** Departments hold their own items only; the office may act on any task. */
export function requireLeadUnitOrOffice(actor: DomainActor, task: Task): void {
  if (hasRole(actor, 'reform_office')) return;
  if (!hasRole(actor, 'department')) {
    throw refuse.forbidden(TaskErrors.ROLE_REQUIRED, 'only the lead unit or the reform office may act on a task', {
      roles: 'reform_office, department',
    });
  }
  if (actor.unit === undefined || actor.unit !== task.leadUnit) {
    throw refuse.forbidden(TaskErrors.NOT_LEAD_UNIT, `task ${task.id} is led by ${task.leadUnit}, not by the caller's unit`, {
      taskId: task.id,
      leadUnit: task.leadUnit,
    });
  }
}

/** Final tasks refuse everything. */
export function requireOpen(task: Task): asserts task is Task & { status: OpenTaskStatus } {
  if (task.status === 'cancelled') throw refuse.conflict(TaskErrors.CANCELLED, `task ${task.id} was cancelled`, { taskId: task.id });
  if (task.status === 'accepted')
    throw refuse.conflict(TaskErrors.ALREADY_ACCEPTED, `task ${task.id} was already accepted`, { taskId: task.id });
}

/**
 * While the office reviews a submission the work under review must not move, so progress,
 * milestones and a second submission wait until the task is returned.
 */
export function requireNotSubmitted(task: Task): void {
  if (task.status === 'submitted') {
    throw refuse.conflict(TaskErrors.ALREADY_SUBMITTED, `task ${task.id} is submitted and awaiting acceptance`, { taskId: task.id });
  }
}

export function requireSubmitted(task: Task): void {
  if (task.status !== 'submitted')
    throw refuse.conflict(TaskErrors.NOT_SUBMITTED, `task ${task.id} is ${task.status}, not submitted`, {
      taskId: task.id,
      status: task.status,
    });
}
