import { assertNever, hasRole, type Decider, type DomainActor } from '../shared/decider.js';
import { refuse } from '../shared/domain-error.js';
import { isArea, type DispatchSubtask, type MilestoneInput, type RegisterSubtask, type RegisterTask, type TaskCommand } from './task.commands.js';
import { TaskErrors } from './task.errors.js';
import type { TaskEvent } from './task.events.js';
import type { OpenTaskStatus, Task, TaskState, TaskSubtaskDispatch } from './task.state.js';
import { instantMs, requireInstant } from '../shared/time.js';
import { DEFAULT_DUE_CALENDAR, dueDateField, requireDue, type DueCalendar } from '../shared/due.js';

/** What the task decider depends on in a deployment's configuration besides its calendar. */
export interface TaskPolicy {
  /** How long a lead unit has to acknowledge a task registered or dispatched to it (`ACK_WINDOW`). */
  acknowledgeWindowMs: number;
}

/** `ACK_WINDOW`'s default: three days. */
export const DEFAULT_TASK_POLICY: TaskPolicy = { acknowledgeWindowMs: 3 * 86_400_000 };

/** Nothing registered yet. */
function initialTaskState(): TaskState {
  return null;
}

/**
 * Folds one event into the task. Total: an event that cannot apply to the current state (only
 * possible with a corrupted stream) leaves the state as it was rather than throwing, so an
 * audit replay can still show what is there.
 */
function evolveTask(state: TaskState, event: TaskEvent): TaskState {
  if (event.type === 'TaskRegistered') {
    const d = event.data;
    return {
      id: d.taskId,
      title: d.title,
      area: d.area,
      specialGroup: d.specialGroup,
      leadUnit: d.leadUnit,
      responsible: d.responsible,
      evaluationStandard: d.evaluationStandard,
      keyPointId: d.keyPointId ?? null,
      keyPointTitle: d.keyPointTitle ?? null,
      keyPoint: d.keyPoint ?? null,
      documents: [],
      deadline: d.deadline,
      deadlineDate: d.deadlineDate ?? null,
      milestones: d.milestones.map((m) => ({ id: m.milestoneId, title: m.title, due: m.due, dueDate: m.dueDate ?? null, completedAt: null, completedBy: null, note: null })),
      progress: 0,
      progressNote: null,
      status: 'planned',
      registeredBy: d.registeredBy,
      createdAt: d.registeredAt,
      updatedAt: d.registeredAt,
      deadlineChanges: [],
      submittedEvidence: null,
      submittedAt: null,
      submissions: [],
      returns: [],
      acceptedAt: null,
      acceptedBy: null,
      acceptanceComment: null,
      cancelledAt: null,
      cancelledBy: null,
      cancelReason: null,
      cancelledWithParent: null,
      parentId: d.parentId ?? null,
      subtasks: [],
      // Events recorded before acknowledgement existed have no `acknowledgeBy`: such a task
      // needs no acknowledgement, which `null` says (never defaulted to a window after the fact).
      acknowledgeBy: d.acknowledgeBy ?? null,
      acknowledgedAt: null,
      acknowledgedBy: null,
      acknowledgementNote: null,
    };
  }
  if (state === null) return state;
  switch (event.type) {
    case 'TaskKeyPointLinked':
      return { ...state, keyPointId: event.data.keyPointId, keyPointTitle: event.data.keyPointTitle ?? null, updatedAt: event.data.linkedAt };
    case 'TaskDocumentAdded': {
      const { taskId: _taskId, documentId, ...doc } = event.data;
      return { ...state, documents: [...state.documents, { id: documentId, ...doc }], updatedAt: doc.addedAt };
    }
    case 'TaskProgressReported':
      return {
        ...state,
        progress: event.data.percent,
        progressNote: event.data.note,
        status: started(state),
        updatedAt: event.data.reportedAt,
      };
    case 'TaskMilestoneCompleted': {
      const { milestoneId, completedAt, completedBy, note } = event.data;
      return {
        ...state,
        milestones: state.milestones.map((m) => (m.id === milestoneId ? { ...m, completedAt, completedBy, note } : m)),
        status: started(state),
        updatedAt: completedAt,
      };
    }
    case 'TaskDeadlineChanged': {
      const d = event.data;
      return {
        ...state,
        deadline: d.deadline,
        deadlineDate: d.deadlineDate ?? null,
        deadlineChanges: [
          ...state.deadlineChanges,
          { from: d.previousDeadline, to: d.deadline, toDate: d.deadlineDate ?? null, reason: d.reason, by: d.changedBy, at: d.changedAt },
        ],
        updatedAt: d.changedAt,
      };
    }
    case 'TaskCompletionSubmitted': {
      const d = event.data;
      return {
        ...state,
        status: 'submitted',
        submittedEvidence: d.evidence,
        submittedAt: d.submittedAt,
        submissions: [...state.submissions, { evidence: d.evidence, by: d.submittedBy, at: d.submittedAt }],
        updatedAt: d.submittedAt,
      };
    }
    case 'TaskAccepted':
      return {
        ...state,
        status: 'accepted',
        acceptedAt: event.data.acceptedAt,
        acceptedBy: event.data.acceptedBy,
        acceptanceComment: event.data.comment,
        updatedAt: event.data.acceptedAt,
      };
    case 'TaskReturned': {
      const d = event.data;
      return {
        ...state,
        status: 'in_progress',
        returns: [...state.returns, { reason: d.reason, by: d.returnedBy, at: d.returnedAt }],
        updatedAt: d.returnedAt,
      };
    }
    case 'TaskCancelled':
      return {
        ...state,
        status: 'cancelled',
        cancelledAt: event.data.cancelledAt,
        cancelledBy: event.data.cancelledBy,
        cancelReason: event.data.reason,
        cancelledWithParent: event.data.cascadedFrom ?? null,
        updatedAt: event.data.cancelledAt,
      };
    case 'TaskSubtaskDispatched': {
      const { taskId: _taskId, subtaskId, ...dispatch } = event.data;
      return { ...state, subtasks: [...(state.subtasks ?? []), { id: subtaskId, ...dispatch }], updatedAt: dispatch.dispatchedAt };
    }
    case 'TaskAcknowledged':
      return {
        ...state,
        acknowledgedAt: event.data.acknowledgedAt,
        acknowledgedBy: event.data.acknowledgedBy,
        acknowledgementNote: event.data.note,
        updatedAt: event.data.acknowledgedAt,
      };
    default:
      return assertNever(event, 'task event');
  }
}

/** Work on a planned task starts it; any later status stays as it is. */
function started(task: Task): Task['status'] {
  return task.status === 'planned' ? 'in_progress' : task.status;
}

/**
 * Decides a task command. Refusals are checked in the order the HTTP layer would answer them:
 * role (403), existence (404), ownership (403), final state (409), input (400), other rules (409).
 */
function decideTask(command: TaskCommand, state: TaskState, calendar: DueCalendar, policy: TaskPolicy): TaskEvent[] {
  const { actor, now } = command.metadata;
  if (command.type === 'RegisterTask') return register(command, state, calendar, policy);
  if (command.type === 'RegisterSubtask') return registerSubtask(command, state, policy);

  const task = requireTask(state, command.data.taskId);
  switch (command.type) {
    case 'LinkTaskToKeyPoint': {
      requireOffice(actor, 'link a task to a key point');
      // An accepted task may still be filed under a key point (an office sorting its ledger);
      // a cancelled one carries nothing out.
      if (task.status === 'cancelled') throw refuse.conflict(TaskErrors.CANCELLED, `task ${task.id} was cancelled`);
      const { keyPointId, keyPointTitle } = command.data;
      if (keyPointTitle === null) throw refuse.invalid(TaskErrors.UNKNOWN_KEY_POINT, `no key point ${keyPointId}`, 'keyPointId');
      // Linking the same key point again only records its title on a link made before tasks kept it.
      if (task.keyPointId === keyPointId && task.keyPointTitle !== null) throw refuse.conflict(TaskErrors.KEY_POINT_UNCHANGED, `task ${task.id} already carries out key point ${keyPointId}`);
      return [{ type: 'TaskKeyPointLinked', data: { taskId: task.id, keyPointId, keyPointTitle, previousKeyPointId: task.keyPointId, linkedBy: actor.id, linkedAt: now } }];
    }
    case 'AddTaskDocument': {
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
          data: { taskId: task.id, documentId, title: doc.title, docNumber: doc.docNumber, issuer: doc.issuer, issuedAt, url: doc.url ?? null, addedBy: actor.id, addedAt: now },
        },
      ];
    }
    case 'ReportProgress': {
      requireLeadUnitOrOffice(actor, task);
      requireOpen(task);
      const { percent, note } = command.data;
      if (typeof percent !== 'number' || !Number.isFinite(percent) || percent < 0 || percent > 100) {
        throw refuse.invalid(TaskErrors.PROGRESS_OUT_OF_RANGE, 'percent must be a number from 0 to 100', 'percent');
      }
      requireNotSubmitted(task);
      return [{ type: 'TaskProgressReported', data: { taskId: task.id, percent, note, reportedBy: actor.id, reportedAt: now } }];
    }
    case 'CompleteMilestone': {
      requireLeadUnitOrOffice(actor, task);
      requireOpen(task);
      const { milestoneId, note } = command.data;
      const milestone = task.milestones.find((m) => m.id === milestoneId);
      if (!milestone) throw refuse.notFound(TaskErrors.MILESTONE_NOT_FOUND, `task ${task.id} has no milestone ${milestoneId}`, { taskId: task.id, milestoneId });
      if (milestone.completedAt !== null) {
        throw refuse.conflict(TaskErrors.MILESTONE_ALREADY_COMPLETED, `milestone ${milestoneId} was completed at ${milestone.completedAt}`, {
          milestoneId,
          completedAt: milestone.completedAt,
        });
      }
      requireNotSubmitted(task);
      return [
        {
          type: 'TaskMilestoneCompleted',
          data: { taskId: task.id, milestoneId, note: note ?? null, completedBy: actor.id, completedAt: now },
        },
      ];
    }
    case 'ChangeTaskDeadline': {
      requireOffice(actor, 'change a task deadline');
      requireOpen(task);
      const due = requireDue(command.data.deadline, 'deadline', TaskErrors.INVALID_DATE, calendar);
      const deadline = due.at;
      // Refused rather than a silent no-op: an audit trail of "changed to the same date, because…"
      // says nothing, and the client learns its request changed nothing (retries are covered by
      // Idempotency-Key, not by this rule).
      if (Date.parse(deadline) === Date.parse(task.deadline)) {
        // A deadline given as a day is shown as that day.
        throw refuse.conflict(TaskErrors.DEADLINE_UNCHANGED, `the deadline is already ${task.deadline}`, { deadline: task.deadlineDate ?? task.deadline });
      }
      return [
        {
          type: 'TaskDeadlineChanged',
          data: {
            taskId: task.id,
            previousDeadline: task.deadline,
            deadline,
            ...dueDateField('deadlineDate', due),
            reason: command.data.reason,
            changedBy: actor.id,
            changedAt: now,
          },
        },
      ];
    }
    case 'SubmitTaskCompletion': {
      requireLeadUnitOrOffice(actor, task);
      requireOpen(task);
      requireNotSubmitted(task);
      return [
        { type: 'TaskCompletionSubmitted', data: { taskId: task.id, evidence: command.data.evidence, submittedBy: actor.id, submittedAt: now } },
      ];
    }
    case 'AcceptTask': {
      requireOffice(actor, 'accept a task');
      requireOpen(task);
      requireSubmitted(task);
      const closed = new Set(command.data.closedSubtasks ?? []);
      const open = (task.subtasks ?? []).filter((s) => !closed.has(s.id)).map((s) => s.id);
      if (open.length > 0) {
        throw refuse.conflict(TaskErrors.CHILDREN_OPEN, `task ${task.id} has ${open.length} open sub-task(s): ${open.join(', ')}`, { taskId: task.id, open: open.length });
      }
      return [{ type: 'TaskAccepted', data: { taskId: task.id, comment: command.data.comment ?? null, acceptedBy: actor.id, acceptedAt: now } }];
    }
    case 'ReturnTask': {
      requireOffice(actor, 'return a task');
      requireOpen(task);
      requireSubmitted(task);
      return [{ type: 'TaskReturned', data: { taskId: task.id, reason: command.data.reason, returnedBy: actor.id, returnedAt: now } }];
    }
    case 'CancelTask': {
      requireOffice(actor, 'cancel a task');
      requireOpen(task);
      const { reason, cascadedFrom } = command.data;
      return [
        {
          type: 'TaskCancelled',
          data: { taskId: task.id, reason, previousStatus: task.status, ...(cascadedFrom !== undefined ? { cascadedFrom } : {}), cancelledBy: actor.id, cancelledAt: now },
        },
      ];
    }
    case 'DispatchSubtask':
      return dispatch(command, task, calendar);
    case 'AcknowledgeTask': {
      // Receipt is the lead unit's to acknowledge: the office cannot acknowledge for it.
      if (!hasRole(actor, 'department')) throw refuse.forbidden(TaskErrors.ROLE_REQUIRED, "only the lead unit's department acknowledges a task", { roles: 'department' });
      if (actor.unit !== task.leadUnit) {
        throw refuse.forbidden(TaskErrors.NOT_LEAD_UNIT, `task ${task.id} is led by ${task.leadUnit}, not by the caller's unit`, { taskId: task.id, leadUnit: task.leadUnit });
      }
      requireOpen(task);
      if (task.acknowledgeBy === null) {
        throw refuse.conflict(TaskErrors.ACKNOWLEDGEMENT_NOT_REQUIRED, `task ${task.id} was recorded before acknowledgement existed and needs none`, { taskId: task.id });
      }
      if (task.acknowledgedAt !== null) {
        throw refuse.conflict(TaskErrors.ALREADY_ACKNOWLEDGED, `task ${task.id} was acknowledged at ${task.acknowledgedAt}`, { taskId: task.id, acknowledgedAt: task.acknowledgedAt });
      }
      return [{ type: 'TaskAcknowledged', data: { taskId: task.id, note: command.data.note ?? null, acknowledgedBy: actor.id, acknowledgedAt: now } }];
    }
    default:
      return assertNever(command, 'task command');
  }
}

function register(command: RegisterTask, state: TaskState, calendar: DueCalendar, policy: TaskPolicy): TaskEvent[] {
  const { actor, now } = command.metadata;
  const d = command.data;
  requireOffice(actor, 'register a task');
  if (state !== null) throw refuse.conflict(TaskErrors.ALREADY_EXISTS, `task ${d.taskId} is already registered`, { taskId: d.taskId });
  if (!isArea(d.area)) throw refuse.invalid(TaskErrors.INVALID_AREA, `unknown area ${JSON.stringify(d.area)}`, 'area', { area: String(d.area) });
  if (!d.specialGroupRegistered) {
    throw refuse.invalid(TaskErrors.UNKNOWN_SPECIAL_GROUP, `no special group is registered under ${JSON.stringify(d.specialGroup)}`, 'specialGroup', {
      specialGroup: String(d.specialGroup),
    });
  }
  if (d.keyPointId !== undefined && (d.keyPointTitle === null || d.keyPointTitle === undefined)) {
    throw refuse.invalid(TaskErrors.UNKNOWN_KEY_POINT, `no key point ${d.keyPointId}`, 'keyPointId');
  }
  const deadline = requireDue(d.deadline, 'deadline', TaskErrors.INVALID_DATE, calendar);
  const milestones = requireMilestones(d.milestones, calendar);
  // A deadline already in the past is accepted on purpose: offices migrate existing ledgers,
  // and such a task is simply overdue from the start.
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
        deadline: deadline.at,
        ...dueDateField('deadlineDate', deadline),
        milestones,
        keyPointId: d.keyPointId ?? null,
        ...(d.keyPointId !== undefined ? { keyPointTitle: d.keyPointTitle } : {}),
        acknowledgeBy: acknowledgeBy(policy, now),
        registeredBy: actor.id,
        registeredAt: now,
      },
    },
  ];
}

/** Milestones of a new task: distinct ids, real dates (normalised to UTC, a calendar date kept). */
function requireMilestones(input: readonly MilestoneInput[] | undefined, calendar: DueCalendar): TaskSubtaskDispatch['milestones'] {
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
function acknowledgeBy(policy: TaskPolicy, now: string): string {
  return new Date(instantMs(now) + policy.acknowledgeWindowMs).toISOString();
}

/**
 * A dispatch (多级任务下发): the office dispatches anywhere; a department only from a task its
 * unit leads, and only to a unit strictly below its own in the tree of units. The child's
 * deadline is not after the parent's. The parent records the dispatch; the child is registered
 * on its own stream by {@link RegisterSubtask}, a command of its own (one decision, one stream).
 */
function dispatch(command: DispatchSubtask, task: Task, calendar: DueCalendar): TaskEvent[] {
  const { actor, now } = command.metadata;
  requireLeadUnitOrOffice(actor, task);
  const { subtaskId, subtask, leadUnitAncestors } = command.data;
  if (!hasRole(actor, 'reform_office') && !leadUnitAncestors.includes(actor.unit!)) {
    throw refuse.forbidden(TaskErrors.OUTSIDE_SUBTREE, `${subtask.leadUnit} is not below ${actor.unit}`, { leadUnit: subtask.leadUnit, unit: actor.unit! });
  }
  requireOpen(task);
  const deadline = requireDue(subtask.deadline, 'deadline', TaskErrors.INVALID_DATE, calendar);
  if (instantMs(deadline.at) > instantMs(task.deadline)) {
    throw refuse.invalid(TaskErrors.DEADLINE_AFTER_PARENT, `the deadline must not be after the parent's (${task.deadline})`, 'deadline', { deadline: task.deadlineDate ?? task.deadline });
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

function registerSubtask(command: RegisterSubtask, state: TaskState, policy: TaskPolicy): TaskEvent[] {
  const { actor, now } = command.metadata;
  const d = command.data;
  // Who may dispatch was decided on the parent; registering the child is its consequence.
  if (!hasRole(actor, 'reform_office', 'department')) throw refuse.forbidden(TaskErrors.ROLE_REQUIRED, 'only the office or a department dispatches', { roles: 'reform_office, department' });
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
  return {
    taskId: dispatched.id,
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

function requireTask(state: TaskState, taskId: string): Task {
  if (state === null) throw refuse.notFound(TaskErrors.NOT_FOUND, `no task ${taskId}`, { taskId });
  return state;
}

function requireOffice(actor: DomainActor, what: string): void {
  if (!hasRole(actor, 'reform_office')) throw refuse.forbidden(TaskErrors.ROLE_REQUIRED, `only the reform office may ${what}`, { roles: 'reform_office' });
}

/** Departments hold their own items only; the office may act on any task. */
function requireLeadUnitOrOffice(actor: DomainActor, task: Task): void {
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
function requireOpen(task: Task): asserts task is Task & { status: OpenTaskStatus } {
  if (task.status === 'cancelled') throw refuse.conflict(TaskErrors.CANCELLED, `task ${task.id} was cancelled`, { taskId: task.id });
  if (task.status === 'accepted') throw refuse.conflict(TaskErrors.ALREADY_ACCEPTED, `task ${task.id} was already accepted`, { taskId: task.id });
}

/**
 * While the office reviews a submission the work under review must not move, so progress,
 * milestones and a second submission wait until the task is returned.
 */
function requireNotSubmitted(task: Task): void {
  if (task.status === 'submitted') {
    throw refuse.conflict(TaskErrors.ALREADY_SUBMITTED, `task ${task.id} is submitted and awaiting acceptance`, { taskId: task.id });
  }
}

function requireSubmitted(task: Task): void {
  if (task.status !== 'submitted') throw refuse.conflict(TaskErrors.NOT_SUBMITTED, `task ${task.id} is ${task.status}, not submitted`, {
      taskId: task.id,
      status: task.status,
    });
}

/**
 * The reform task aggregate (stream `task-<id>`) reading due dates in `calendar`: the
 * deployment's time zone is a dependency of the decider, given when it is built (the API builds
 * it from `DISPLAY_TIMEZONE`), never part of a command; likewise the acknowledgement window
 * (`ACK_WINDOW`) of `policy`.
 */
export function taskDeciderFor(calendar: DueCalendar, policy: TaskPolicy = DEFAULT_TASK_POLICY): Decider<TaskCommand, TaskEvent, TaskState> {
  return {
    initialState: initialTaskState,
    evolve: evolveTask,
    decide: (command, state) => decideTask(command, state, calendar, policy),
  };
}

/**
 * The reform task aggregate with the default calendar (Beijing time): what folds a task
 * stream (`evolve` is the same under every calendar), and what specs and tools decide with.
 */
export const taskDecider = taskDeciderFor(DEFAULT_DUE_CALENDAR);
