import type { Command } from '../shared/decider.js';

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
export type ReportProgress = Command<'ReportProgress', { taskId: string; percent: number; note: string }>;

/** The lead unit (or the office) marks one roadmap milestone as reached. */
export type CompleteMilestone = Command<'CompleteMilestone', { taskId: string; milestoneId: string; note?: string }>;

/** The office moves the timetable, always with a reason for the audit trail. */
export type ChangeTaskDeadline = Command<'ChangeTaskDeadline', { taskId: string; deadline: string; reason: string }>;

/** The lead unit (or the office) declares the task done and hands in evidence for acceptance. */
export type SubmitTaskCompletion = Command<'SubmitTaskCompletion', { taskId: string; evidence: string }>;

/** The office accepts a submitted task (final). */
export type AcceptTask = Command<'AcceptTask', { taskId: string; comment?: string }>;

/** The office sends a submitted task back to work. */
export type ReturnTask = Command<'ReturnTask', { taskId: string; reason: string }>;

/** The office drops a task that is not yet final. */
export type CancelTask = Command<'CancelTask', { taskId: string; reason: string }>;

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
  | CancelTask;
