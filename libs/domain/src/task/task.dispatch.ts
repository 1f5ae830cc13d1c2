import { hasRole } from '../shared/decider.js';
import { refuse } from '../shared/domain-error.js';
import { dueDateField, requireDue, type DueCalendar } from '../shared/due.js';
import { instantMs } from '../shared/time.js';
import type { DispatchSubtask, RegisterSubtask } from './task.commands.js';
import { TaskErrors } from './task.errors.js';
import type { TaskEvent } from './task.events.js';
import { acknowledgeBy, requireLeadUnitOrOffice, requireMilestones, requireOpen, type TaskPolicy } from './task.rules.js';
import { subtaskLedgerNumber } from './task.number.js';
import type { Task, TaskState, TaskSubtaskDispatch } from './task.state.js';

/**
 * A dispatch (多级任务下发): the office dispatches anywhere; a department only from a task its
 * unit leads, and only to a unit strictly below its own in the tree of units. The child's
 * deadline is not after the parent's. The parent records the dispatch; the child is registered
 * on its own stream by {@link RegisterSubtask}, a command of its own (one decision, one stream).
 */
export function dispatch(command: DispatchSubtask, task: Task, calendar: DueCalendar): TaskEvent[] {
  const { actor, now } = command.metadata;
  requireLeadUnitOrOffice(actor, task);
  const { subtaskId, subtask, leadUnitAncestors } = command.data;
  if (!hasRole(actor, 'reform_office') && !leadUnitAncestors.includes(actor.unit!)) {
    throw refuse.forbidden(TaskErrors.OUTSIDE_SUBTREE, `${subtask.leadUnit} is not below ${actor.unit}`, {
      leadUnit: subtask.leadUnit,
      unit: actor.unit!,
    });
  }
  requireOpen(task);
  const deadline = requireDue(subtask.deadline, 'deadline', TaskErrors.INVALID_DATE, calendar);
  if (instantMs(deadline.at) > instantMs(task.deadline)) {
    throw refuse.invalid(TaskErrors.DEADLINE_AFTER_PARENT, `the deadline must not be after the parent's (${task.deadline})`, 'deadline', {
      deadline: task.deadlineDate ?? task.deadline,
    });
  }
  const milestones = requireMilestones(subtask.milestones, calendar);
  return [
    {
      type: 'TaskSubtaskDispatched',
      data: {
        taskId: task.id,
        subtaskId,
        title: subtask.title ?? task.title,
        leadUnit: subtask.leadUnit,
        responsible: subtask.responsible,
        evaluationStandard: subtask.evaluationStandard ?? task.evaluationStandard,
        deadline: deadline.at,
        ...dueDateField('deadlineDate', deadline),
        milestones,
        dispatchedBy: actor.id,
        dispatchedAt: now,
      },
    },
  ];
}

/** The child's own registration, the consequence of a dispatch recorded on its parent. */
export function registerSubtask(command: RegisterSubtask, state: TaskState, policy: TaskPolicy): TaskEvent[] {
  const { actor, now } = command.metadata;
  const d = command.data;
  // Who may dispatch was decided on the parent; registering the child is its consequence.
  if (!hasRole(actor, 'reform_office', 'department'))
    throw refuse.forbidden(TaskErrors.ROLE_REQUIRED, 'only the office or a department dispatches', { roles: 'reform_office, department' });
  if (state !== null) throw refuse.conflict(TaskErrors.ALREADY_EXISTS, `task ${d.taskId} is already registered`, { taskId: d.taskId });
  return [
    {
      type: 'TaskRegistered',
      data: {
        taskId: d.taskId,
        title: d.title,
        area: d.area,
        specialGroup: d.specialGroup,
        leadUnit: d.leadUnit,
        responsible: d.responsible,
        evaluationStandard: d.evaluationStandard,
        deadline: d.deadline,
        ...(d.deadlineDate !== undefined ? { deadlineDate: d.deadlineDate } : {}),
        milestones: d.milestones,
        keyPointId: d.keyPointId,
        ...(d.keyPointId !== null ? { keyPointTitle: d.keyPointTitle } : {}),
        ...(d.keyPoint !== null ? { keyPoint: d.keyPoint } : {}),
        parentId: d.parentId,
        place: d.place,
        ...(d.number !== undefined ? { number: d.number } : {}),
        acknowledgeBy: acknowledgeBy(policy, now),
        registeredBy: actor.id,
        registeredAt: now,
      },
    },
  ];
}

/**
 * The registration of a dispatched sub-task: the dispatch's own fields, and the area, special
 * group and key point of the parent. The one place that says what a child inherits.
 */
export function subtaskRegistration(parent: Task, dispatched: TaskSubtaskDispatch): RegisterSubtask['data'] {
  // Its place is the parent stream's order of dispatches: decided by the store, with no gap.
  const place = parent.subtasks.findIndex((s) => s.id === dispatched.id) + 1;
  return {
    taskId: dispatched.id,
    place,
    ...(parent.number ? { number: subtaskLedgerNumber(parent.number, place) } : {}),
    parentId: parent.id,
    title: dispatched.title,
    area: parent.area,
    specialGroup: parent.specialGroup,
    keyPointId: parent.keyPointId,
    keyPointTitle: parent.keyPointTitle,
    keyPoint: parent.keyPoint,
    leadUnit: dispatched.leadUnit,
    responsible: dispatched.responsible,
    evaluationStandard: dispatched.evaluationStandard,
    deadline: dispatched.deadline,
    ...(dispatched.deadlineDate !== undefined ? { deadlineDate: dispatched.deadlineDate } : {}),
    milestones: dispatched.milestones,
  };
}
