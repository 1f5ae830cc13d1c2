import { createHash } from 'node:crypto';
import {
  acknowledgementReminderPlan,
  evaluationReminderPlan,
  findingReminderPlan,
  itemReminderPlan,
  matterReminderPlan,
  milestoneReminderPlan,
  taskDeadlineReminderPlan,
  type PlannedReminder,
  type PlannedReminderKind,
} from '#domain';
import type { ReminderSettings } from './reminder-settings.js';

/** Name of the BullMQ queue that carries deadline reminders, matter expiries and the sweep. */
export const REMINDER_QUEUE = 'reminders';
/** Id of the BullMQ job scheduler that runs the sweep. */
export const SWEEP_SCHEDULER_ID = 'reminder-sweep';

/** A deadline reminder of an action item, to one recipient. */
export interface ItemReminderJob {
  type: 'item-reminder';
  meetingId: string;
  itemId: string;
  deadlineVersion: number;
  kind: PlannedReminderKind;
  /** ISO time the reminder is planned for (lateness is measured against it). */
  at: string;
  recipient: string;
}

/** A reminder to a pending signer of a countersign matter. */
export interface MatterReminderJob {
  type: 'matter-reminder';
  matterId: string;
  deadline: string;
  kind: PlannedReminderKind;
  at: string;
  recipient: string;
}

/** `ExpireMatter` at a matter's deadline. */
export interface MatterExpiryJob {
  type: 'matter-expiry';
  matterId: string;
  deadline: string;
  at: string;
}

/**
 * A reminder of an inspection finding's rectification due date (recipients: the domain's
 * `findingReminderPlan`).
 */
export interface FindingReminderJob {
  type: 'finding-reminder';
  inspectionId: string;
  findingId: string;
  /** Extensions of the due date when planned (the finding's `extensions.length`). */
  dueVersion: number;
  due: string;
  kind: PlannedReminderKind;
  at: string;
  recipient: string;
}

/**
 * A reminder of a commissioned evaluation's report due date (recipients: the domain's
 * `evaluationReminderPlan`).
 */
export interface EvaluationReminderJob {
  type: 'evaluation-reminder';
  evaluationId: string;
  due: string;
  kind: PlannedReminderKind;
  at: string;
  recipient: string;
}

/**
 * A reminder of a reform task's deadline (`milestoneId` null) or of one of its milestones'
 * due dates (recipients: the domain's `taskDeadlineReminderPlan`, `milestoneReminderPlan`).
 */
export interface TaskReminderJob {
  type: 'task-reminder';
  taskId: string;
  milestoneId: string | null;
  /** The deadline's version when planned (deadline changes plus one); 1 for a milestone. */
  deadlineVersion: number;
  /** The deadline or the milestone's due date it chases. */
  due: string;
  kind: PlannedReminderKind;
  at: string;
  recipient: string;
}

/** A reminder that a task's acknowledgement (签收) fell due (recipient: the domain's `acknowledgementReminderPlan`). */
export interface AcknowledgementReminderJob {
  type: 'acknowledgement-reminder';
  taskId: string;
  acknowledgeBy: string;
  kind: PlannedReminderKind;
  at: string;
  recipient: string;
}

/** The repeating sweep that re-adds missing jobs. */
export interface SweepJob {
  type: 'sweep';
}

/** What a job of the reminder queue carries. */
export type ReminderJobData = ItemReminderJob | MatterReminderJob | MatterExpiryJob | FindingReminderJob | EvaluationReminderJob | TaskReminderJob | AcknowledgementReminderJob | SweepJob;

/** A job to add: its deterministic id, its data and when it is due. */
export interface PlannedJob {
  id: string;
  data: Exclude<ReminderJobData, SweepJob>;
  atMs: number;
}

const recipientTags = new Map<string, string>();

/**
 * A recipient's part of a job id: a short hash, so any user id (with ':' or spaces) yields a
 * BullMQ-safe, fixed-length id that never changes when other recipients are added.
 */
export function recipientTag(recipient: string): string {
  let tag = recipientTags.get(recipient);
  if (tag === undefined) {
    tag = `r${createHash('sha256').update(recipient).digest('hex').slice(0, 12)}`;
    // Bounded: recipients are people and units, but a long-lived worker should not grow forever.
    if (recipientTags.size >= 10_000) recipientTags.clear();
    recipientTags.set(recipient, tag);
  }
  return tag;
}

/** Job id (and reminder key, and notification id) of one planned reminder to one recipient. */
export function reminderJobId(planned: Pick<PlannedReminder, 'key'>, recipient: string): string {
  return `${planned.key}_${recipientTag(recipient)}`;
}

/**
 * The planned reminder a reminder job belongs to: its id without the recipient's part, the same
 * for every recipient of one reminder (the owner and the escalation recipients of one overdue
 * step), so channels that reach them all at once (a group robot) post it once.
 */
export function plannedReminderKeyOf(jobId: string): string {
  return jobId.replace(/_r[0-9a-f]{12}$/, '');
}

/** Job id of a matter's expiry. */
export function matterExpiryJobId(matterId: string): string {
  return `matter_${matterId.replace(/:/g, '-')}_expire`;
}

/**
 * The key of a finding among all findings: finding ids are unique within their inspection
 * only, so a short hash of the inspection is prefixed; it keeps the key (a notification id)
 * under Fastify's 100-character path parameter.
 */
export function findingSubjectId(inspectionId: string, findingId: string): string {
  return `${createHash('sha256').update(inspectionId).digest('hex').slice(0, 8)}-${findingId}`;
}

/** Every job an open action item's deadline calls for, one per reminder and recipient. */
export function planItemJobs(
  item: { meetingId: string; itemId: string; owner: string; deadline: string; deadlineDate?: string | null; deadlineVersion: number },
  settings: ReminderSettings,
): PlannedJob[] {
  return jobsPerRecipient(itemReminderPlan(item, settings), {
    type: 'item-reminder',
    meetingId: item.meetingId,
    itemId: item.itemId,
    deadlineVersion: item.deadlineVersion,
  });
}

/** Every job a pending matter with a deadline calls for: its signers' reminders and the expiry itself. */
export function planMatterJobs(matter: { matterId: string; deadline: string; deadlineDate?: string | null; awaiting: string[] }, settings: ReminderSettings): PlannedJob[] {
  const jobs = jobsPerRecipient(matterReminderPlan(matter, settings), { type: 'matter-reminder', matterId: matter.matterId, deadline: matter.deadline });
  jobs.push({
    id: matterExpiryJobId(matter.matterId),
    atMs: Date.parse(matter.deadline),
    data: { type: 'matter-expiry', matterId: matter.matterId, deadline: matter.deadline, at: matter.deadline },
  });
  return jobs;
}

/** Every job an open finding's rectification due date calls for. */
export function planFindingJobs(
  finding: { inspectionId: string; findingId: string; responsibleUnit: string; due: string; dueDate?: string | null; dueVersion: number; inspector: string },
  settings: ReminderSettings,
): PlannedJob[] {
  const plan = findingReminderPlan(
    {
      subjectId: findingSubjectId(finding.inspectionId, finding.findingId),
      responsibleUnit: finding.responsibleUnit,
      due: finding.due,
      dueDate: finding.dueDate ?? null,
      extensions: finding.dueVersion,
      inspector: finding.inspector,
    },
    settings,
  );
  return jobsPerRecipient(plan, {
    type: 'finding-reminder',
    inspectionId: finding.inspectionId,
    findingId: finding.findingId,
    dueVersion: finding.dueVersion,
    due: finding.due,
  });
}

/** Every job a commissioned evaluation waiting for its report calls for. */
export function planEvaluationJobs(
  evaluation: { evaluationId: string; evaluatorUnit: string; due: string; dueDate?: string | null; commissionedBy: string },
  settings: ReminderSettings,
): PlannedJob[] {
  return jobsPerRecipient(evaluationReminderPlan(evaluation, settings), { type: 'evaluation-reminder', evaluationId: evaluation.evaluationId, due: evaluation.due });
}

/**
 * The key of a milestone among all tasks' milestones: milestone ids are unique within their
 * task only, so a short hash of the task is prefixed (as for findings), keeping the reminder
 * key under Fastify's 100-character path parameter.
 */
export function milestoneSubjectId(taskId: string, milestoneId: string): string {
  return `${createHash('sha256').update(taskId).digest('hex').slice(0, 8)}-${milestoneId}`;
}

/** An open task as the scheduler plans it: its lead unit, deadline (and version), group lead, open milestones. */
export interface TaskToRemind {
  taskId: string;
  leadUnit: string;
  deadline: string;
  /** The calendar date the deadline is the end of, when it was given as a date (reminded by day). */
  deadlineDate: string | null;
  deadlineVersion: number;
  groupLead: string | null;
  /** Milestones not completed yet, each with its date when given as one. */
  milestones: Array<{ milestoneId: string; due: string; dueDate: string | null }>;
}

/** Every job an open task's deadline calls for. */
export function planTaskDeadlineJobs(task: TaskToRemind, settings: ReminderSettings): PlannedJob[] {
  return jobsPerRecipient(taskDeadlineReminderPlan(task, settings), {
    type: 'task-reminder',
    taskId: task.taskId,
    milestoneId: null,
    deadlineVersion: task.deadlineVersion,
    due: task.deadline,
  });
}

/** Every job one open milestone of a task calls for. */
export function planMilestoneJobs(task: Pick<TaskToRemind, 'taskId' | 'leadUnit'>, milestone: TaskToRemind['milestones'][number], settings: ReminderSettings): PlannedJob[] {
  const plan = milestoneReminderPlan(
    { subjectId: milestoneSubjectId(task.taskId, milestone.milestoneId), leadUnit: task.leadUnit, due: milestone.due, dueDate: milestone.dueDate },
    settings,
  );
  return jobsPerRecipient(plan, { type: 'task-reminder', taskId: task.taskId, milestoneId: milestone.milestoneId, deadlineVersion: 1, due: milestone.due });
}

/** Every job an open task calls for: its deadline's and each open milestone's. */
export function planTaskJobs(task: TaskToRemind, settings: ReminderSettings): PlannedJob[] {
  return [...planTaskDeadlineJobs(task, settings), ...task.milestones.flatMap((m) => planMilestoneJobs(task, m, settings))];
}

/** Every job a task awaiting its lead unit's acknowledgement calls for. */
export function planAcknowledgementJobs(task: { taskId: string; leadUnit: string; acknowledgeBy: string }): PlannedJob[] {
  return jobsPerRecipient(acknowledgementReminderPlan(task), { type: 'acknowledgement-reminder', taskId: task.taskId, acknowledgeBy: task.acknowledgeBy });
}

/** What a reminder job says about its subject; the rest comes from the planned reminder. */
type ReminderSubjectFields =
  | Omit<AcknowledgementReminderJob, 'kind' | 'at' | 'recipient'>
  | Omit<TaskReminderJob, 'kind' | 'at' | 'recipient'>
  | Omit<EvaluationReminderJob, 'kind' | 'at' | 'recipient'>
  | Omit<ItemReminderJob, 'kind' | 'at' | 'recipient'>
  | Omit<MatterReminderJob, 'kind' | 'at' | 'recipient'>
  | Omit<FindingReminderJob, 'kind' | 'at' | 'recipient'>;

/** One job per planned reminder and recipient, each carrying the subject's fields. */
function jobsPerRecipient(plan: PlannedReminder[], subject: ReminderSubjectFields): PlannedJob[] {
  return plan.flatMap((r) =>
    r.recipients.map((recipient) => ({
      id: reminderJobId(r, recipient),
      atMs: Date.parse(r.at),
      data: { ...subject, kind: r.kind, at: r.at, recipient } as PlannedJob['data'],
    })),
  );
}
