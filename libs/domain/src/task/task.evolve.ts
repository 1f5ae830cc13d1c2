import { withAttachments } from '../file/attachment.js';
import { assertNever } from '../shared/decider.js';
import type { TaskEvent } from './task.events.js';
import { evolveExtension } from './task.extension.js';
import type { Task, TaskState } from './task.state.js';

/*
 * The task's fold, on its own: folding a stream needs no calendar and no policy, so readers
 * (projections, the audit replay, reminder delivery) use these two functions and never build a
 * decider to read a task.
 */

/** Nothing registered yet. */
export function initialTaskState(): TaskState {
  return null;
}

/**
 * Folds one event into the task. Total: an event that cannot apply to the current state (only
 * possible with a corrupted stream) leaves the state as it was rather than throwing, so an
 * audit replay can still show what is there.
 */
export function evolveTask(state: TaskState, event: TaskEvent): TaskState {
  if (event.type === 'TaskRegistered') {
    const d = event.data;
    return {
      id: d.taskId,
      number: d.number ?? null,
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
      milestones: d.milestones.map((m) => ({
        id: m.milestoneId,
        title: m.title,
        due: m.due,
        dueDate: m.dueDate ?? null,
        completedAt: null,
        completedBy: null,
        note: null,
      })),
      progress: 0,
      progressNote: null,
      progressReports: [],
      status: 'planned',
      registeredBy: d.registeredBy,
      createdAt: d.registeredAt,
      updatedAt: d.registeredAt,
      deadlineChanges: [],
      extensionRequests: [],
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
      reportingCycle: d.reportEvery
        ? { every: d.reportEvery, since: d.registeredAt, ...(d.reportSince !== undefined ? { owedSince: d.reportSince } : {}) }
        : null,
    };
  }
  if (state === null) return state;
  switch (event.type) {
    case 'TaskKeyPointLinked':
      return {
        ...state,
        keyPointId: event.data.keyPointId,
        keyPointTitle: event.data.keyPointTitle ?? null,
        updatedAt: event.data.linkedAt,
      };
    case 'TaskDocumentAdded': {
      const { taskId: _taskId, documentId, ...doc } = event.data;
      return { ...state, documents: [...state.documents, { id: documentId, ...doc }], updatedAt: doc.addedAt };
    }
    case 'TaskProgressReported':
      return {
        ...state,
        progress: event.data.percent,
        progressNote: event.data.note,
        progressReports: [
          ...(state.progressReports ?? []),
          {
            percent: event.data.percent,
            note: event.data.note,
            by: event.data.reportedBy,
            at: event.data.reportedAt,
            ...withAttachments(event.data.attachments ?? []),
          },
        ],
        status: started(state),
        updatedAt: event.data.reportedAt,
      };
    case 'TaskReportingSet': {
      const { every, setAt, since } = event.data;
      const cycle = every === 'none' ? null : { every, since: setAt, ...(since !== undefined ? { owedSince: since } : {}) };
      return { ...state, reportingCycle: cycle, updatedAt: setAt };
    }
    case 'TaskMilestoneCompleted': {
      const { milestoneId, completedAt, completedBy, note, attachments = [] } = event.data;
      return {
        ...state,
        milestones: state.milestones.map((m) =>
          m.id === milestoneId ? { ...m, completedAt, completedBy, note, ...withAttachments(attachments) } : m,
        ),
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
          {
            from: d.previousDeadline,
            to: d.deadline,
            toDate: d.deadlineDate ?? null,
            reason: d.reason,
            requestId: d.requestId ?? null,
            by: d.changedBy,
            at: d.changedAt,
          },
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
        submissions: [
          ...state.submissions,
          { evidence: d.evidence, by: d.submittedBy, at: d.submittedAt, ...withAttachments(d.attachments ?? []) },
        ],
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
    case 'TaskExtensionRequested':
    case 'TaskExtensionApproved':
    case 'TaskExtensionRejected':
      return evolveExtension(state, event);
    default:
      return assertNever(event, 'task event');
  }
}

/** Work on a planned task starts it; any later status stays as it is. */
function started(task: Task): Task['status'] {
  return task.status === 'planned' ? 'in_progress' : task.status;
}
