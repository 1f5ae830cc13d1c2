import { acceptAttachments, withAttachments } from '../file/attachment.js';
import { assertNever, hasRole, type Decider } from '../shared/decider.js';
import { refuse } from '../shared/domain-error.js';
import { dueDateField, requireDue, type DueCalendar } from '../shared/due.js';
import { requireInstant } from '../shared/time.js';
import {
  isArea,
  type AcceptTask,
  type AcknowledgeTask,
  type AddTaskDocument,
  type CancelTask,
  type ChangeTaskDeadline,
  type CompleteMilestone,
  type LinkTaskToKeyPoint,
  type RegisterTask,
  type ReportProgress,
  type ReturnTask,
  type SubmitTaskCompletion,
  type TaskCommand,
} from './task.commands.js';
import { dispatch, registerSubtask } from './task.dispatch.js';
import { approveExtension, rejectExtension, requestExtension } from './task.extension.js';
import { TaskErrors } from './task.errors.js';
import type { TaskEvent } from './task.events.js';
import { evolveTask, initialTaskState } from './task.evolve.js';
import {
  acknowledgeBy,
  DEFAULT_TASK_POLICY,
  requireLeadUnitOrOffice,
  requireMilestones,
  requireNotSubmitted,
  requireOffice,
  requireOpen,
  requireSubmitted,
  requireTask,
  type TaskPolicy,
} from './task.rules.js';
import { registeredCycle, setReporting } from './task.reporting.js';
import type { Task, TaskState } from './task.state.js';

export { DEFAULT_TASK_POLICY, type TaskPolicy } from './task.rules.js';
export { subtaskRegistration } from './task.dispatch.js';

/*
 * One named function per command, each in the order the HTTP layer would answer its refusals:
 * role (403), existence (404), ownership (403), final state (409), input (400), other rules
 * (409). `decideTask` only routes a command to its function.
 */

function decideTask(command: TaskCommand, state: TaskState, calendar: DueCalendar, policy: TaskPolicy): TaskEvent[] {
  if (command.type === 'RegisterTask') return register(command, state, calendar, policy);
  if (command.type === 'RegisterSubtask') return registerSubtask(command, state, policy);

  const task = requireTask(state, command.data.taskId);
  switch (command.type) {
    case 'LinkTaskToKeyPoint':
      return linkKeyPoint(command, task);
    case 'AddTaskDocument':
      return addDocument(command, task);
    case 'ReportProgress':
      return reportProgress(command, task);
    case 'CompleteMilestone':
      return completeMilestone(command, task);
    case 'ChangeTaskDeadline':
      return changeDeadline(command, task, calendar);
    case 'SubmitTaskCompletion':
      return submitCompletion(command, task);
    case 'AcceptTask':
      return accept(command, task);
    case 'ReturnTask':
      return returnTask(command, task);
    case 'CancelTask':
      return cancel(command, task);
    case 'DispatchSubtask':
      return dispatch(command, task, calendar);
    case 'AcknowledgeTask':
      return acknowledge(command, task);
    case 'RequestTaskExtension':
      return requestExtension(command, task, calendar);
    case 'ApproveTaskExtension':
      return approveExtension(command, task, calendar);
    case 'RejectTaskExtension':
      return rejectExtension(command, task);
    case 'SetTaskReporting':
      return setReporting(command, task, calendar);
    default:
      return assertNever(command, 'task command');
  }
}

function register(command: RegisterTask, state: TaskState, calendar: DueCalendar, policy: TaskPolicy): TaskEvent[] {
  const { actor, now } = command.metadata;
  const d = command.data;
  requireOffice(actor, 'register a task');
  if (state !== null) throw refuse.conflict(TaskErrors.ALREADY_EXISTS, `task ${d.taskId} is already registered`, { taskId: d.taskId });
  if (!isArea(d.area))
    throw refuse.invalid(TaskErrors.INVALID_AREA, `unknown area ${JSON.stringify(d.area)}`, 'area', { area: String(d.area) });
  if (!d.specialGroupRegistered) {
    throw refuse.invalid(
      TaskErrors.UNKNOWN_SPECIAL_GROUP,
      `no special group is registered under ${JSON.stringify(d.specialGroup)}`,
      'specialGroup',
      {
        specialGroup: String(d.specialGroup),
      },
    );
  }
  if (d.keyPointId !== undefined && (d.keyPointTitle === null || d.keyPointTitle === undefined)) {
    throw refuse.invalid(TaskErrors.UNKNOWN_KEY_POINT, `no key point ${d.keyPointId}`, 'keyPointId');
  }
  const deadline = requireDue(d.deadline, 'deadline', TaskErrors.INVALID_DATE, calendar);
  const milestones = requireMilestones(d.milestones, calendar);
  const cycle = registeredCycle(d.reportEvery, d.reportSince, now, calendar);
  // A deadline already in the past is accepted on purpose: offices migrate existing ledgers,
  // and such a task is simply overdue from the start.
  return [
    {
      type: 'TaskRegistered',
      data: {
        taskId: d.taskId,
        ...(d.number !== undefined ? { number: d.number } : {}),
        title: d.title,
        area: d.area,
        specialGroup: d.specialGroup,
        leadUnit: d.leadUnit,
        responsible: d.responsible,
        evaluationStandard: d.evaluationStandard,
        deadline: deadline.at,
        ...dueDateField('deadlineDate', deadline),
        milestones,
        keyPointId: d.keyPointId ?? null,
        ...(d.keyPointId !== undefined ? { keyPointTitle: d.keyPointTitle } : {}),
        ...cycle,
        acknowledgeBy: acknowledgeBy(policy, now),
        registeredBy: actor.id,
        registeredAt: now,
      },
    },
  ];
}

function linkKeyPoint(command: LinkTaskToKeyPoint, task: Task): TaskEvent[] {
  const { actor, now } = command.metadata;
  requireOffice(actor, 'link a task to a key point');
  // An accepted task may still be filed under a key point (an office sorting its ledger);
  // a cancelled one carries nothing out.
  if (task.status === 'cancelled') throw refuse.conflict(TaskErrors.CANCELLED, `task ${task.id} was cancelled`);
  const { keyPointId, keyPointTitle } = command.data;
  if (keyPointTitle === null) throw refuse.invalid(TaskErrors.UNKNOWN_KEY_POINT, `no key point ${keyPointId}`, 'keyPointId');
  // Linking the same key point again only records its title on a link made before tasks kept it.
  if (task.keyPointId === keyPointId && task.keyPointTitle !== null)
    throw refuse.conflict(TaskErrors.KEY_POINT_UNCHANGED, `task ${task.id} already carries out key point ${keyPointId}`);
  return [
    {
      type: 'TaskKeyPointLinked',
      data: { taskId: task.id, keyPointId, keyPointTitle, previousKeyPointId: task.keyPointId, linkedBy: actor.id, linkedAt: now },
    },
  ];
}

function addDocument(command: AddTaskDocument, task: Task): TaskEvent[] {
  const { actor, now } = command.metadata;
  requireLeadUnitOrOffice(actor, task);
  // A cancelled task produced nothing more; an accepted one may still record what it issued.
  if (task.status === 'cancelled') throw refuse.conflict(TaskErrors.CANCELLED, `task ${task.id} was cancelled`);
  const { documentId, document: doc } = command.data;
  const issuedAt = requireInstant(doc.issuedAt, 'issuedAt', TaskErrors.INVALID_DATE);
  if (task.documents.some((x) => x.docNumber === doc.docNumber && x.issuer === doc.issuer)) {
    throw refuse.conflict(TaskErrors.DUPLICATE_DOCUMENT, `${doc.issuer} ${doc.docNumber} is already recorded on task ${task.id}`);
  }
  return [
    {
      type: 'TaskDocumentAdded',
      data: {
        taskId: task.id,
        documentId,
        title: doc.title,
        docNumber: doc.docNumber,
        issuer: doc.issuer,
        issuedAt,
        url: doc.url ?? null,
        addedBy: actor.id,
        addedAt: now,
      },
    },
  ];
}

function reportProgress(command: ReportProgress, task: Task): TaskEvent[] {
  const { actor, now } = command.metadata;
  requireLeadUnitOrOffice(actor, task);
  requireOpen(task);
  const { percent, note } = command.data;
  if (typeof percent !== 'number' || !Number.isFinite(percent) || percent < 0 || percent > 100) {
    throw refuse.invalid(TaskErrors.PROGRESS_OUT_OF_RANGE, 'percent must be a number from 0 to 100', 'percent');
  }
  requireNotSubmitted(task);
  const attachments = acceptAttachments(command.data.attachments, actor);
  return [
    {
      type: 'TaskProgressReported',
      data: { taskId: task.id, percent, note, reportedBy: actor.id, reportedAt: now, ...withAttachments(attachments) },
    },
  ];
}

function completeMilestone(command: CompleteMilestone, task: Task): TaskEvent[] {
  const { actor, now } = command.metadata;
  requireLeadUnitOrOffice(actor, task);
  requireOpen(task);
  const { milestoneId, note } = command.data;
  const milestone = task.milestones.find((m) => m.id === milestoneId);
  if (!milestone)
    throw refuse.notFound(TaskErrors.MILESTONE_NOT_FOUND, `task ${task.id} has no milestone ${milestoneId}`, {
      taskId: task.id,
      milestoneId,
    });
  if (milestone.completedAt !== null) {
    throw refuse.conflict(TaskErrors.MILESTONE_ALREADY_COMPLETED, `milestone ${milestoneId} was completed at ${milestone.completedAt}`, {
      milestoneId,
      completedAt: milestone.completedAt,
    });
  }
  requireNotSubmitted(task);
  const attachments = acceptAttachments(command.data.attachments, actor);
  return [
    {
      type: 'TaskMilestoneCompleted',
      data: { taskId: task.id, milestoneId, note: note ?? null, completedBy: actor.id, completedAt: now, ...withAttachments(attachments) },
    },
  ];
}

function changeDeadline(command: ChangeTaskDeadline, task: Task, calendar: DueCalendar): TaskEvent[] {
  const { actor, now } = command.metadata;
  requireOffice(actor, 'change a task deadline');
  requireOpen(task);
  const due = requireDue(command.data.deadline, 'deadline', TaskErrors.INVALID_DATE, calendar);
  // Refused rather than a silent no-op: an audit trail of "changed to the same date, because…"
  // says nothing, and the client learns its request changed nothing (retries are covered by
  // Idempotency-Key, not by this rule).
  if (Date.parse(due.at) === Date.parse(task.deadline)) {
    // A deadline given as a day is shown as that day.
    throw refuse.conflict(TaskErrors.DEADLINE_UNCHANGED, `the deadline is already ${task.deadline}`, {
      deadline: task.deadlineDate ?? task.deadline,
    });
  }
  return [
    {
      type: 'TaskDeadlineChanged',
      data: {
        taskId: task.id,
        previousDeadline: task.deadline,
        deadline: due.at,
        ...dueDateField('deadlineDate', due),
        reason: command.data.reason,
        changedBy: actor.id,
        changedAt: now,
      },
    },
  ];
}

function submitCompletion(command: SubmitTaskCompletion, task: Task): TaskEvent[] {
  const { actor, now } = command.metadata;
  requireLeadUnitOrOffice(actor, task);
  requireOpen(task);
  requireNotSubmitted(task);
  const attachments = acceptAttachments(command.data.attachments, actor);
  return [
    {
      type: 'TaskCompletionSubmitted',
      data: { taskId: task.id, evidence: command.data.evidence, submittedBy: actor.id, submittedAt: now, ...withAttachments(attachments) },
    },
  ];
}

function accept(command: AcceptTask, task: Task): TaskEvent[] {
  const { actor, now } = command.metadata;
  requireOffice(actor, 'accept a task');
  requireOpen(task);
  requireSubmitted(task);
  const closed = new Set(command.data.closedSubtasks ?? []);
  const open = (task.subtasks ?? []).filter((s) => !closed.has(s.id)).map((s) => s.id);
  if (open.length > 0) {
    throw refuse.conflict(TaskErrors.CHILDREN_OPEN, `task ${task.id} has ${open.length} open sub-task(s): ${open.join(', ')}`, {
      taskId: task.id,
      open: open.length,
    });
  }
  return [
    { type: 'TaskAccepted', data: { taskId: task.id, comment: command.data.comment ?? null, acceptedBy: actor.id, acceptedAt: now } },
  ];
}

function returnTask(command: ReturnTask, task: Task): TaskEvent[] {
  const { actor, now } = command.metadata;
  requireOffice(actor, 'return a task');
  requireOpen(task);
  requireSubmitted(task);
  return [{ type: 'TaskReturned', data: { taskId: task.id, reason: command.data.reason, returnedBy: actor.id, returnedAt: now } }];
}

function cancel(command: CancelTask, task: Task): TaskEvent[] {
  const { actor, now } = command.metadata;
  requireOffice(actor, 'cancel a task');
  requireOpen(task);
  const { reason, cascadedFrom } = command.data;
  return [
    {
      type: 'TaskCancelled',
      data: {
        taskId: task.id,
        reason,
        previousStatus: task.status,
        ...(cascadedFrom !== undefined ? { cascadedFrom } : {}),
        cancelledBy: actor.id,
        cancelledAt: now,
      },
    },
  ];
}

function acknowledge(command: AcknowledgeTask, task: Task): TaskEvent[] {
  const { actor, now } = command.metadata;
  // Receipt is the lead unit's to acknowledge: the office cannot acknowledge for it.
  if (!hasRole(actor, 'department'))
    throw refuse.forbidden(TaskErrors.ROLE_REQUIRED, "only the lead unit's department acknowledges a task", { roles: 'department' });
  if (actor.unit !== task.leadUnit) {
    throw refuse.forbidden(TaskErrors.NOT_LEAD_UNIT, `task ${task.id} is led by ${task.leadUnit}, not by the caller's unit`, {
      taskId: task.id,
      leadUnit: task.leadUnit,
    });
  }
  requireOpen(task);
  if (task.acknowledgeBy === null) {
    throw refuse.conflict(
      TaskErrors.ACKNOWLEDGEMENT_NOT_REQUIRED,
      `task ${task.id} was recorded before acknowledgement existed and needs none`,
      { taskId: task.id },
    );
  }
  if (task.acknowledgedAt !== null) {
    throw refuse.conflict(TaskErrors.ALREADY_ACKNOWLEDGED, `task ${task.id} was acknowledged at ${task.acknowledgedAt}`, {
      taskId: task.id,
      acknowledgedAt: task.acknowledgedAt,
    });
  }
  return [
    { type: 'TaskAcknowledged', data: { taskId: task.id, note: command.data.note ?? null, acknowledgedBy: actor.id, acknowledgedAt: now } },
  ];
}

/**
 * The reform task aggregate (stream `task-<id>`) reading due dates in `calendar`: the
 * deployment's time zone is a dependency of the decider, given when it is built (the API builds
 * it from `DISPLAY_TIMEZONE`), never part of a command; likewise the acknowledgement window
 * (`ACK_WINDOW`) of `policy`. Folding needs neither: read a task with {@link evolveTask} and
 * {@link initialTaskState}.
 */
export function taskDeciderFor(
  calendar: DueCalendar,
  policy: TaskPolicy = DEFAULT_TASK_POLICY,
): Decider<TaskCommand, TaskEvent, TaskState> {
  return {
    initialState: initialTaskState,
    evolve: evolveTask,
    decide: (command, state) => decideTask(command, state, calendar, policy),
  };
}
