import { acceptAttachments, withAttachments, type AttachmentCandidate } from '../file/attachment.js';
import type { Attachment } from '../file/file.state.js';
import { hasRole, type Command, type Event } from '../shared/decider.js';
import { refuse } from '../shared/domain-error.js';
import { dueDateField, requireDue, type DueCalendar } from '../shared/due.js';
import { instantMs } from '../shared/time.js';
import { TaskErrors } from './task.errors.js';
import type { TaskDeadlineChanged } from './task.events.js';
import { requireOffice, requireOpen } from './task.rules.js';
import { isTaskOpen, type Task } from './task.state.js';

/*
 * Extension requests (延期申请) live on the task's own stream, not on an `extension-<id>`
 * stream: "one pending request per task" and "an approval moves the deadline in force" are
 * rules about the task, so deciding them on the task's stream makes each one a single append
 * at the revision read (two requests racing cannot both be pending; an approval and an office's
 * own deadline change cannot interleave), and the deadline moves through the task's existing
 * `TaskDeadlineChanged` in the same append, which every reader (lights, overdue, reminders, the
 * scoreboard, the history) already folds.
 */

/** Stable refusal codes of extension requests; part of the HTTP contract. */
export const TaskExtensionErrors = {
  /** conflict: the task already has a pending extension request (one at a time). */
  PENDING: 'TASK.EXTENSION_PENDING',
  /** not_found: the task has no extension request under this id. */
  NOT_FOUND: 'TASK.EXTENSION_NOT_FOUND',
  /** conflict: the request was approved or rejected before. */
  ALREADY_DECIDED: 'TASK.EXTENSION_ALREADY_DECIDED',
  /** invalid (`deadline`): the deadline asked (or granted) is not later than the one in force. */
  NOT_LATER: 'TASK.EXTENSION_NOT_LATER',
  /** invalid (`deadline`): the deadline granted is later than the one asked. */
  BEYOND_REQUEST: 'TASK.EXTENSION_BEYOND_REQUEST',
} as const;

/** The department of the task's lead unit asks the office for more time. */
export type RequestTaskExtension = Command<
  'RequestTaskExtension',
  { taskId: string; requestId: string; deadline: string; reason: string; attachments?: readonly AttachmentCandidate[] }
>;
/** The office approves a pending request, granting the deadline asked or an earlier one (still later than the one in force). */
export type ApproveTaskExtension = Command<
  'ApproveTaskExtension',
  { taskId: string; requestId: string; comment?: string; deadline?: string }
>;
/** The office refuses a pending request; the deadline in force stays. */
export type RejectTaskExtension = Command<'RejectTaskExtension', { taskId: string; requestId: string; reason: string }>;

/** The commands of extension requests, part of the task's commands. */
export type TaskExtensionCommand = RequestTaskExtension | ApproveTaskExtension | RejectTaskExtension;

/** A request for more time was recorded (pending); it changes nothing until the office decides. */
export type TaskExtensionRequested = Event<
  'TaskExtensionRequested',
  {
    taskId: string;
    requestId: string;
    /** The deadline asked, UTC ISO. */
    deadline: string;
    /** The calendar date it was asked as, when it was. */
    deadlineDate?: string;
    /** The deadline in force when it was asked. */
    deadlineInForce: string;
    reason: string;
    requestedBy: string;
    requestedAt: string;
    attachments?: Attachment[];
  }
>;
/**
 * The office approved the request; the `TaskDeadlineChanged` appended with it (citing
 * `requestId`) moves the deadline. `previousDeadline` is the one in force at the approval, so
 * the scoreboard can tell an approval that came after that deadline had passed.
 */
export type TaskExtensionApproved = Event<
  'TaskExtensionApproved',
  {
    taskId: string;
    requestId: string;
    previousDeadline: string;
    /** The calendar date of `previousDeadline`, when it was given as one. */
    previousDeadlineDate?: string;
    /** The deadline granted (the one asked, or earlier). */
    deadline: string;
    deadlineDate?: string;
    comment: string | null;
    approvedBy: string;
    approvedAt: string;
  }
>;
/** The office refused the request. */
export type TaskExtensionRejected = Event<
  'TaskExtensionRejected',
  { taskId: string; requestId: string; reason: string; rejectedBy: string; rejectedAt: string }
>;

/** The events of extension requests, on the task's stream. */
export type TaskExtensionEvent = TaskExtensionRequested | TaskExtensionApproved | TaskExtensionRejected;

/** Where a request stands. */
export type TaskExtensionStatus = 'pending' | 'approved' | 'rejected';

/** One extension request as the task answer lists it. */
export interface TaskExtensionRequest {
  id: string;
  /** The deadline asked, UTC ISO, and the calendar date it was asked as (else `null`). */
  deadline: string;
  deadlineDate: string | null;
  /** The deadline granted on approval; `null` while pending or when rejected. */
  granted: string | null;
  grantedDate: string | null;
  reason: string;
  status: TaskExtensionStatus;
  /** Who asked, when. */
  by: string;
  at: string;
  attachments?: Attachment[];
  /** Who decided, when, and the office's comment (approval) or reason (rejection). */
  decidedBy: string | null;
  decidedAt: string | null;
  decision: string | null;
}

/**
 * The pending request of an open task, or `null`: what `GET /tasks?pendingExtension=true` and
 * the summary's `pendingExtensions` count. A request left pending on a task accepted or
 * cancelled since is no longer waiting for anyone.
 */
export function pendingExtension(
  task: Pick<Task, 'status'> & { extensionRequests?: readonly TaskExtensionRequest[] },
): TaskExtensionRequest | null {
  if (!isTaskOpen(task.status)) return null;
  return (task.extensionRequests ?? []).find((r) => r.status === 'pending') ?? null;
}

function requireRequest(task: Task, requestId: string): TaskExtensionRequest {
  const request = task.extensionRequests.find((r) => r.id === requestId);
  if (!request) {
    throw refuse.notFound(TaskExtensionErrors.NOT_FOUND, `task ${task.id} has no extension request ${requestId}`, {
      taskId: task.id,
      requestId,
    });
  }
  if (request.status !== 'pending') {
    throw refuse.conflict(TaskExtensionErrors.ALREADY_DECIDED, `extension request ${requestId} was already ${request.status}`, {
      requestId,
      status: request.status,
    });
  }
  return request;
}

function notLater(task: Task, what: string): never {
  throw refuse.invalid(
    TaskExtensionErrors.NOT_LATER,
    `the ${what} deadline must be later than the one in force (${task.deadline})`,
    'deadline',
    {
      deadline: task.deadlineDate ?? task.deadline,
    },
  );
}

/** 延期申请: only the department of the lead unit asks, for a later deadline, one request at a time. */
export function requestExtension(command: RequestTaskExtension, task: Task, calendar: DueCalendar): TaskExtensionEvent[] {
  const { actor, now } = command.metadata;
  // The unit asks the office; the office moves deadlines itself (POST /tasks/:id/deadline).
  if (!hasRole(actor, 'department'))
    throw refuse.forbidden(TaskErrors.ROLE_REQUIRED, "only the lead unit's department asks for an extension", { roles: 'department' });
  if (actor.unit !== task.leadUnit) {
    throw refuse.forbidden(TaskErrors.NOT_LEAD_UNIT, `task ${task.id} is led by ${task.leadUnit}, not by the caller's unit`, {
      taskId: task.id,
      leadUnit: task.leadUnit,
    });
  }
  requireOpen(task);
  const pending = pendingExtension(task);
  if (pending) {
    throw refuse.conflict(TaskExtensionErrors.PENDING, `task ${task.id} already has a pending extension request ${pending.id}`, {
      taskId: task.id,
      requestId: pending.id,
    });
  }
  const asked = requireDue(command.data.deadline, 'deadline', TaskErrors.INVALID_DATE, calendar);
  if (instantMs(asked.at) <= instantMs(task.deadline)) notLater(task, 'requested');
  const attachments = acceptAttachments(command.data.attachments, actor);
  return [
    {
      type: 'TaskExtensionRequested',
      data: {
        taskId: task.id,
        requestId: command.data.requestId,
        deadline: asked.at,
        ...dueDateField('deadlineDate', asked),
        deadlineInForce: task.deadline,
        reason: command.data.reason,
        requestedBy: actor.id,
        requestedAt: now,
        ...withAttachments(attachments),
      },
    },
  ];
}

/**
 * The office approves: the deadline granted is the one asked unless it gives an earlier one,
 * which must still be later than the deadline in force (the office may have moved it since).
 * Two events in one append: the approval, and the task's own deadline change citing the request.
 */
export function approveExtension(
  command: ApproveTaskExtension,
  task: Task,
  calendar: DueCalendar,
): Array<TaskExtensionEvent | TaskDeadlineChanged> {
  const { actor, now } = command.metadata;
  requireOffice(actor, 'approve an extension request');
  requireOpen(task);
  const request = requireRequest(task, command.data.requestId);
  const granted =
    command.data.deadline !== undefined
      ? requireDue(command.data.deadline, 'deadline', TaskErrors.INVALID_DATE, calendar)
      : { at: request.deadline, date: request.deadlineDate };
  if (instantMs(granted.at) > instantMs(request.deadline)) {
    throw refuse.invalid(
      TaskExtensionErrors.BEYOND_REQUEST,
      `the granted deadline must not be later than the one asked (${request.deadline})`,
      'deadline',
      {
        deadline: request.deadlineDate ?? request.deadline,
      },
    );
  }
  if (instantMs(granted.at) <= instantMs(task.deadline)) notLater(task, 'granted');
  const comment = command.data.comment ?? null;
  return [
    {
      type: 'TaskExtensionApproved',
      data: {
        taskId: task.id,
        requestId: request.id,
        previousDeadline: task.deadline,
        ...(task.deadlineDate !== null ? { previousDeadlineDate: task.deadlineDate } : {}),
        deadline: granted.at,
        ...dueDateField('deadlineDate', granted),
        comment,
        approvedBy: actor.id,
        approvedAt: now,
      },
    },
    {
      type: 'TaskDeadlineChanged',
      data: {
        taskId: task.id,
        previousDeadline: task.deadline,
        deadline: granted.at,
        ...dueDateField('deadlineDate', granted),
        // The request's reason is why the deadline moved; the office's comment stays on the approval.
        reason: request.reason,
        requestId: request.id,
        changedBy: actor.id,
        changedAt: now,
      },
    },
  ];
}

/** The office refuses a pending request, with its reason. */
export function rejectExtension(command: RejectTaskExtension, task: Task): TaskExtensionEvent[] {
  const { actor, now } = command.metadata;
  requireOffice(actor, 'reject an extension request');
  requireOpen(task);
  const request = requireRequest(task, command.data.requestId);
  return [
    {
      type: 'TaskExtensionRejected',
      data: { taskId: task.id, requestId: request.id, reason: command.data.reason, rejectedBy: actor.id, rejectedAt: now },
    },
  ];
}

/** Folds an extension event into the task (the deadline itself moves with the `TaskDeadlineChanged` beside an approval). */
export function evolveExtension(task: Task, event: TaskExtensionEvent): Task {
  const requests = task.extensionRequests ?? [];
  const decide = (requestId: string, change: Partial<TaskExtensionRequest>, at: string): Task => ({
    ...task,
    extensionRequests: requests.map((r) => (r.id === requestId ? { ...r, ...change } : r)),
    updatedAt: at,
  });
  switch (event.type) {
    case 'TaskExtensionRequested': {
      const d = event.data;
      const request: TaskExtensionRequest = {
        id: d.requestId,
        deadline: d.deadline,
        deadlineDate: d.deadlineDate ?? null,
        granted: null,
        grantedDate: null,
        reason: d.reason,
        status: 'pending',
        by: d.requestedBy,
        at: d.requestedAt,
        ...withAttachments(d.attachments ?? []),
        decidedBy: null,
        decidedAt: null,
        decision: null,
      };
      return { ...task, extensionRequests: [...requests, request], updatedAt: d.requestedAt };
    }
    case 'TaskExtensionApproved': {
      const d = event.data;
      return decide(
        d.requestId,
        {
          status: 'approved',
          granted: d.deadline,
          grantedDate: d.deadlineDate ?? null,
          decidedBy: d.approvedBy,
          decidedAt: d.approvedAt,
          decision: d.comment,
        },
        d.approvedAt,
      );
    }
    case 'TaskExtensionRejected': {
      const d = event.data;
      return decide(
        d.requestId,
        { status: 'rejected', decidedBy: d.rejectedBy, decidedAt: d.rejectedAt, decision: d.reason },
        d.rejectedAt,
      );
    }
  }
}
