import type { Attachment } from '../file/file.state.js';
import type { ReportCycle, ReportEvery } from '../reporting/reporting.period.js';
import type { Event } from '../shared/decider.js';
import type { Area } from './task.commands.js';
import type { TaskExtensionEvent } from './task.extension.js';
import type { OpenTaskStatus } from './task.state.js';

/*
 * Event data is self-contained on purpose: read models are rebuilt from events alone, so each
 * event carries the ids, the actor id and the server time it needs, and optional inputs are
 * stored as `null` (JSON- and hash-stable) rather than left out.
 */

/** A task entered the ledger, with its whole roadmap. Dates are normalised to UTC ISO. */
export type TaskRegistered = Event<
  'TaskRegistered',
  {
    taskId: string;
    title: string;
    area: Area;
    specialGroup: string;
    leadUnit: string;
    responsible: string;
    evaluationStandard: string;
    deadline: string;
    /** The calendar date `deadline` is the end of, when it was given as a date (absent otherwise, and from older events). */
    deadlineDate?: string;
    milestones: { milestoneId: string; title: string; due: string; /** As `deadlineDate`, for `due`. */ dueDate?: string }[];
    /**
     * Free text of the key point, as tasks recorded it before key points were records: absent
     * from new events, kept so older streams still load (and stay searchable).
     */
    keyPoint?: string | null;
    /** The key point the task carries out; absent from events older than key points. */
    keyPointId?: string | null;
    /** That key point's title; absent from events recorded before tasks kept it. */
    keyPointTitle?: string | null;
    /** The task it was dispatched from; absent from tasks registered by the office. */
    parentId?: string;
    /**
     * The ledger number (`2026-0001`, a sub-task `2026-0001-03`): see `task.number.ts`. Absent
     * from tasks recorded before numbers existed (the ledger numbers them in registration
     * order) and from sub-tasks of such tasks (their parent's ledger number and `place`).
     */
    number?: string;
    /** A sub-task's place among its parent's dispatches (1 for the first); absent from older sub-tasks. */
    place?: number;
    /** The reporting cycle (报送周期) set at registration; absent when none (and from older events). */
    reportEvery?: ReportCycle;
    /**
     * The day (`YYYY-MM-DD` in `DISPLAY_TIMEZONE`, not after registration's) from which the cycle's
     * reports were owed, when the office named one (a ledger kept on paper before): recorded as
     * said, at registration. Absent: owed from the period of `registeredAt`.
     */
    reportSince?: string;
    /**
     * When the lead unit must have acknowledged the task (registration + ACK_WINDOW). Absent
     * from events recorded before acknowledgement existed: those tasks need none.
     */
    acknowledgeBy?: string;
    registeredBy: string;
    registeredAt: string;
  }
>;

/** The task was linked to a key point, or moved from `previousKeyPointId` to another. */
export type TaskKeyPointLinked = Event<
  'TaskKeyPointLinked',
  {
    taskId: string;
    keyPointId: string;
    /** Absent from events recorded before tasks kept the title. */
    keyPointTitle?: string | null;
    previousKeyPointId: string | null;
    linkedBy: string;
    linkedAt: string;
  }
>;
/** An institutional document the task produced was recorded. */
export type TaskDocumentAdded = Event<
  'TaskDocumentAdded',
  {
    taskId: string;
    documentId: string;
    title: string;
    docNumber: string;
    issuer: string;
    issuedAt: string;
    url: string | null;
    addedBy: string;
    addedAt: string;
  }
>;
/** A progress report; the first one (or the first milestone) starts the task. */
export type TaskProgressReported = Event<
  'TaskProgressReported',
  { taskId: string; percent: number; note: string; reportedBy: string; reportedAt: string; attachments?: Attachment[] }
>;

/** A roadmap milestone was reached. */
export type TaskMilestoneCompleted = Event<
  'TaskMilestoneCompleted',
  { taskId: string; milestoneId: string; note: string | null; completedBy: string; completedAt: string; attachments?: Attachment[] }
>;

/** The timetable moved; `previousDeadline` lets the audit log show the change on its own. */
export type TaskDeadlineChanged = Event<
  'TaskDeadlineChanged',
  {
    taskId: string;
    previousDeadline: string;
    deadline: string;
    /** The calendar date the new deadline is the end of, when it was given as a date. */
    deadlineDate?: string;
    reason: string;
    /** The extension request (延期申请) whose approval moved it; absent when the office moved it itself. */
    requestId?: string;
    changedBy: string;
    changedAt: string;
  }
>;

/** The lead unit declared the task done and is waiting for the office. */
export type TaskCompletionSubmitted = Event<
  'TaskCompletionSubmitted',
  { taskId: string; evidence: string; submittedBy: string; submittedAt: string; attachments?: Attachment[] }
>;

/** The office accepted the task (final). */
export type TaskAccepted = Event<'TaskAccepted', { taskId: string; comment: string | null; acceptedBy: string; acceptedAt: string }>;

/** The office sent the submission back; the task is in progress again. */
export type TaskReturned = Event<'TaskReturned', { taskId: string; reason: string; returnedBy: string; returnedAt: string }>;

/** The office cancelled the task (final); `cascadedFrom` when it followed its parent's cancellation. */
export type TaskCancelled = Event<
  'TaskCancelled',
  { taskId: string; reason: string; previousStatus: OpenTaskStatus; cascadedFrom?: string; cancelledBy: string; cancelledAt: string }
>;

/** A sub-task was dispatched from this task; the child registers on its own stream with these fields. */
export type TaskSubtaskDispatched = Event<
  'TaskSubtaskDispatched',
  {
    taskId: string;
    subtaskId: string;
    title: string;
    leadUnit: string;
    responsible: string;
    evaluationStandard: string;
    deadline: string;
    /** As `TaskRegistered`'s, when the deadline was given as a calendar date. */
    deadlineDate?: string;
    milestones: { milestoneId: string; title: string; due: string; dueDate?: string }[];
    dispatchedBy: string;
    dispatchedAt: string;
  }
>;

/** The lead unit acknowledged receipt (签收). */
export type TaskAcknowledged = Event<
  'TaskAcknowledged',
  { taskId: string; note: string | null; acknowledgedBy: string; acknowledgedAt: string }
>;

/**
 * The office set the task's reporting cycle (报送周期), or ended it (`none`): from the period
 * containing `setAt`, or the one containing `since` when the office named the day reports were
 * owed from (recorded at `setAt`, owed since before), one progress report is owed per period.
 */
export type TaskReportingSet = Event<
  'TaskReportingSet',
  {
    taskId: string;
    every: ReportEvery;
    previous: ReportEvery;
    /** `YYYY-MM-DD` in `DISPLAY_TIMEZONE`, not after `setAt`'s day; absent: owed from `setAt`'s period. */
    since?: string;
    setBy: string;
    setAt: string;
  }
>;

/** Every event of a reform task stream (`task-<id>`). */
export type TaskEvent =
  | TaskRegistered
  | TaskKeyPointLinked
  | TaskDocumentAdded
  | TaskProgressReported
  | TaskMilestoneCompleted
  | TaskDeadlineChanged
  | TaskCompletionSubmitted
  | TaskAccepted
  | TaskReturned
  | TaskCancelled
  | TaskSubtaskDispatched
  | TaskAcknowledged
  | TaskExtensionEvent
  | TaskReportingSet;
