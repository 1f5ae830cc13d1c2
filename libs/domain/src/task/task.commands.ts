import type { AttachmentCandidate } from '../file/attachment.js';
import type { ReportEvery } from '../reporting/reporting.period.js';
import type { Command } from '../shared/decider.js';
import type { TaskExtensionCommand } from './task.extension.js';
import type { TaskSubtaskDispatch } from './task.state.js';

/** The seven integrated reform areas of the "1+7+3" system; every task belongs to one. */
export const AREAS = [
  'real_economy',
  'agriculture_rural',
  'urban_development',
  'government_services',
  'grassroots_governance',
  'livelihood',
  'party_conduct',
] as const;
/** One reform area code. */
export type Area = (typeof AREAS)[number];

/** `true` when the string is one of {@link AREAS}. */
export function isArea(value: string): value is Area {
  return (AREAS as readonly string[]).includes(value);
}

/** A roadmap step as the office registers it; the id is made by the caller, not the domain. */
export interface MilestoneInput {
  milestoneId: string;
  title: string;
  /** A calendar date `YYYY-MM-DD` (the end of that day) or an ISO 8601 date-time with offset: see `parseDue`. */
  due: string;
}

/** Puts a task on the reform ledger (reform_office). */
export type RegisterTask = Command<
  'RegisterTask',
  {
    taskId: string;
    title: string;
    area: Area;
    specialGroup: string;
    /**
     * Whether `specialGroup` names a registered group, as the write path found it: the decider
     * owns the rule (a task names a registered group), the caller only looks the fact up.
     */
    specialGroupRegistered: boolean;
    leadUnit: string;
    responsible: string;
    evaluationStandard: string;
    /** A calendar date `YYYY-MM-DD` (the end of that day) or an ISO 8601 date-time with offset: see `parseDue`. */
    deadline: string;
    milestones: MilestoneInput[];
    /** The annual key point (要点) the task carries out. */
    keyPointId?: string;
    /**
     * The title of the key point `keyPointId` names, as the write path found it, or null when no
     * key point has that id (ignored without one). Key points are never renamed, so the task
     * records the title it carries out (the ledger searches it).
     */
    keyPointTitle?: string | null;
    /**
     * The ledger number the yearly sequence gave the task (`ledgerNumber`), decided by the event
     * store before registration; absent only where a caller registers without numbering (specs).
     */
    number?: string;
    /** The reporting cycle (报送周期) from registration on; `none` or absent: no report is owed. */
    reportEvery?: ReportEvery;
    /** The day (`YYYY-MM-DD`, not after today) reports of `reportEvery` were owed from; absent: from registration. */
    reportSince?: string;
  }
>;
/** The office links a task to a key point, or moves it to another one. */
export type LinkTaskToKeyPoint = Command<
  'LinkTaskToKeyPoint',
  {
    taskId: string;
    keyPointId: string;
    /** The key point's title as the write path found it, or null when no key point has that id. */
    keyPointTitle: string | null;
  }
>;

/** An institutional document (制度性文件) the task produced, as the lead unit or the office records it. */
export interface TaskDocumentInput {
  title: string;
  /** 文号, e.g. 长府发〔2026〕3号. */
  docNumber: string;
  issuer: string;
  /** ISO 8601 date or date-time with offset of issue (in the past as a rule). */
  issuedAt: string;
  url?: string;
}
/** The lead unit (or the office) records a document the task produced. */
export type AddTaskDocument = Command<'AddTaskDocument', { taskId: string; documentId: string; document: TaskDocumentInput }>;
/** The lead unit (or the office) reports how far the task has come. */
export type ReportProgress = Command<
  'ReportProgress',
  { taskId: string; percent: number; note: string; attachments?: readonly AttachmentCandidate[] }
>;

/** The lead unit (or the office) marks one roadmap milestone as reached. */
export type CompleteMilestone = Command<
  'CompleteMilestone',
  { taskId: string; milestoneId: string; note?: string; attachments?: readonly AttachmentCandidate[] }
>;

/** The office moves the timetable, always with a reason for the audit trail. */
export type ChangeTaskDeadline = Command<'ChangeTaskDeadline', { taskId: string; deadline: string; reason: string }>;

/** The lead unit (or the office) declares the task done and hands in evidence for acceptance. */
export type SubmitTaskCompletion = Command<
  'SubmitTaskCompletion',
  { taskId: string; evidence: string; attachments?: readonly AttachmentCandidate[] }
>;

/**
 * The office accepts a submitted task (final). `closedSubtasks`: the sub-tasks the write path
 * found accepted or cancelled in the ledger; every other sub-task the task dispatched is open,
 * so one dispatched meanwhile (not yet in the ledger) still blocks the acceptance.
 */
export type AcceptTask = Command<'AcceptTask', { taskId: string; comment?: string; closedSubtasks?: readonly string[] }>;

/** The office sends a submitted task back to work. */
export type ReturnTask = Command<'ReturnTask', { taskId: string; reason: string }>;

/**
 * The office drops a task that is not yet final. `cascadedFrom`: the parent whose cancellation
 * this follows (the parent's reason is given as `reason`).
 */
export type CancelTask = Command<'CancelTask', { taskId: string; reason: string; cascadedFrom?: string }>;

/** A sub-task as its dispatcher gives it; area, special group and key point come from the parent. */
export interface SubtaskInput {
  leadUnit: string;
  responsible: string;
  /** ISO 8601 date or date-time with offset; not after the parent's deadline. */
  deadline: string;
  /** The parent's title when absent. */
  title?: string;
  /** The parent's evaluation standard when absent. */
  evaluationStandard?: string;
  milestones?: MilestoneInput[];
}

/**
 * The office, or the department of the task's lead unit, dispatches a sub-task (多级任务下发) to a
 * unit below its own. Recorded on the parent; the child is registered by {@link RegisterSubtask}.
 */
export type DispatchSubtask = Command<
  'DispatchSubtask',
  {
    taskId: string;
    subtaskId: string;
    subtask: SubtaskInput;
    /** The ancestors of `subtask.leadUnit` in the tree of units, as the write path found them (nearest first). */
    leadUnitAncestors: readonly string[];
  }
>;

/**
 * Registers the child of a recorded dispatch on its own stream: what {@link subtaskRegistration}
 * makes of the parent and its dispatch, so the child inherits exactly what the parent recorded.
 */
export type RegisterSubtask = Command<
  'RegisterSubtask',
  {
    taskId: string;
    parentId: string;
    title: string;
    area: Area;
    specialGroup: string;
    keyPointId: string | null;
    keyPointTitle: string | null;
    keyPoint: string | null;
    leadUnit: string;
    responsible: string;
    evaluationStandard: string;
    deadline: string;
    /** The calendar date the deadline was given as, when it was. */
    deadlineDate?: string;
    milestones: TaskSubtaskDispatch['milestones'];
    /** Its place among the parent's dispatches (1 for the first), as the parent's stream ordered them. */
    place: number;
    /** Its ledger number, when the parent's stream knows the parent's (`subtaskLedgerNumber`). */
    number?: string;
  }
>;

/** The lead unit's department acknowledges receipt of the task (签收), once. */
export type AcknowledgeTask = Command<'AcknowledgeTask', { taskId: string; note?: string }>;

/** The office sets the task's reporting cycle (报送周期), or ends it with `none`. */
export type SetTaskReporting = Command<
  'SetTaskReporting',
  {
    taskId: string;
    every: ReportEvery;
    /** The day (`YYYY-MM-DD`, not after today) reports are owed from; absent: from now. */
    since?: string;
  }
>;

/** Every command the reform task aggregate accepts. */
export type TaskCommand =
  | RegisterTask
  | LinkTaskToKeyPoint
  | AddTaskDocument
  | ReportProgress
  | CompleteMilestone
  | ChangeTaskDeadline
  | SubmitTaskCompletion
  | AcceptTask
  | ReturnTask
  | CancelTask
  | DispatchSubtask
  | RegisterSubtask
  | AcknowledgeTask
  | TaskExtensionCommand
  | SetTaskReporting;
