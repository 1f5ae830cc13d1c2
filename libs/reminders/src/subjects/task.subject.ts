import { createHash } from 'node:crypto';
import {
  evolveTask,
  initialTaskState,
  milestoneReminderPlan,
  taskAttachments,
  taskDeadlineReminderPlan,
  taskStillReminded,
  taskStream,
  type SpecialGroupEvent,
  type TaskEvent,
} from '#domain';
import type { QueueOps } from '../scheduler/queue.sink.js';
import type { TaskRow } from '../scheduler/schedule.schema.js';
import { jobsPerRecipient, type PlannedJob, type ReminderJobFields, type ReminderSubject } from './reminder-subject.js';
import type { ReminderSettings } from '../reminder-settings.js';

/**
 * A reminder of a reform task's deadline (`milestoneId` null) or of one of its milestones'
 * due dates (recipients: the domain's `taskDeadlineReminderPlan`, `milestoneReminderPlan`).
 */
export interface TaskReminderJob extends ReminderJobFields {
  type: 'task-reminder';
  taskId: string;
  milestoneId: string | null;
  /** The deadline's version when planned (deadline changes plus one); 1 for a milestone. */
  deadlineVersion: number;
  /** The deadline or the milestone's due date it chases. */
  due: string;
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
export function planTaskDeadlineJobs(task: TaskToRemind, settings: ReminderSettings): PlannedJob<TaskReminderJob>[] {
  return jobsPerRecipient<TaskReminderJob>(taskDeadlineReminderPlan(task, settings), {
    type: 'task-reminder',
    taskId: task.taskId,
    milestoneId: null,
    deadlineVersion: task.deadlineVersion,
    due: task.deadline,
  });
}

/** Every job one open milestone of a task calls for. */
export function planMilestoneJobs(
  task: Pick<TaskToRemind, 'taskId' | 'leadUnit'>,
  milestone: TaskToRemind['milestones'][number],
  settings: ReminderSettings,
): PlannedJob<TaskReminderJob>[] {
  const plan = milestoneReminderPlan(
    {
      subjectId: milestoneSubjectId(task.taskId, milestone.milestoneId),
      leadUnit: task.leadUnit,
      due: milestone.due,
      dueDate: milestone.dueDate,
    },
    settings,
  );
  return jobsPerRecipient<TaskReminderJob>(plan, {
    type: 'task-reminder',
    taskId: task.taskId,
    milestoneId: milestone.milestoneId,
    deadlineVersion: 1,
    due: milestone.due,
  });
}

/** Every job an open task calls for: its deadline's and each open milestone's. */
export function planTaskJobs(task: TaskToRemind, settings: ReminderSettings): PlannedJob<TaskReminderJob>[] {
  return [...planTaskDeadlineJobs(task, settings), ...task.milestones.flatMap((m) => planMilestoneJobs(task, m, settings))];
}

type OpenMilestones = TaskToRemind['milestones'];

/**
 * Reform tasks: deadline and milestone reminders from `TaskRegistered`; a completed milestone
 * stops its own, a changed deadline replaces the deadline's, acceptance or cancellation stops
 * all. Special groups' events keep each group's lead, whom an overdue task escalates to: a new
 * lead replaces the old one's pending escalations. Delivered while the domain's
 * `taskStillReminded` says so; a milestone is named with its task.
 */
export const taskSubject: ReminderSubject<TaskReminderJob, 'task' | 'milestone', TaskEvent | SpecialGroupEvent> = {
  jobType: 'task-reminder',
  prefixes: ['task', 'milestone'],
  categories: ['task', 'group'],
  fold(ctx) {
    const { sql, settings } = ctx;
    const toRemind = (row: TaskRow, lead = (sql.groupLead.get(row.special_group) as string | undefined) ?? null): TaskToRemind => ({
      taskId: row.task_id,
      leadUnit: row.lead_unit,
      deadline: row.deadline,
      deadlineDate: row.deadline_date,
      deadlineVersion: row.version,
      groupLead: lead,
      milestones: JSON.parse(row.milestones) as OpenMilestones,
    });
    const jobsOf = (row: TaskRow): PlannedJob[] => planTaskJobs(toRemind(row), settings);
    const plan = (taskId: string, ops: QueueOps) => {
      const row = sql.getTask.get(taskId);
      if (row && row.status === 'open') ops.plan(ctx.wanted(jobsOf(row)));
    };
    const save = (
      row: TaskRow,
      change: Partial<Pick<TaskRow, 'deadline' | 'deadline_date' | 'version' | 'milestones' | 'status'>>,
      revision: number,
    ) => {
      const next = { ...row, ...change };
      sql.updateTask.run(next.deadline, next.deadline_date, next.version, next.milestones, next.status, revision, row.task_id);
    };
    /** A group's lead changed: its open tasks' escalations go to the new lead instead. */
    const relead = (code: string, lead: string, ops: QueueOps) => {
      const previous = (sql.groupLead.get(code) as string | undefined) ?? null;
      if (previous === lead) return;
      const open = sql.openTasksOfGroup.all(code);
      for (const row of open) for (const job of planTaskDeadlineJobs(toRemind(row, previous), settings)) ops.unplan(job.id);
      sql.setGroupLead.run(code, lead);
      for (const row of open) plan(row.task_id, ops);
    };
    return {
      apply(event, ops, revision) {
        switch (event.type) {
          case 'TaskRegistered': {
            const d = event.data;
            const milestones: OpenMilestones = d.milestones.map((m) => ({
              milestoneId: m.milestoneId,
              due: m.due,
              dueDate: m.dueDate ?? null,
            }));
            sql.insertTask.run(
              d.taskId,
              d.leadUnit,
              d.specialGroup,
              d.deadline,
              JSON.stringify(milestones),
              revision,
              d.deadlineDate ?? null,
            );
            plan(d.taskId, ops);
            return;
          }
          case 'TaskMilestoneCompleted':
          case 'TaskDeadlineChanged':
          case 'TaskAccepted':
          case 'TaskCancelled': {
            const row = sql.getTask.get(event.data.taskId);
            // A replayed batch (the revision is already folded) or a closed task: nothing to change.
            if (!row || row.revision >= revision || row.status !== 'open') return;
            if (event.type === 'TaskMilestoneCompleted') {
              const open = JSON.parse(row.milestones) as OpenMilestones;
              const done = open.find((m) => m.milestoneId === event.data.milestoneId);
              if (done) for (const job of planMilestoneJobs(toRemind(row), done, settings)) ops.unplan(job.id);
              save(row, { milestones: JSON.stringify(open.filter((m) => m !== done)) }, revision);
              return;
            }
            if (event.type === 'TaskDeadlineChanged') {
              // The old deadline's jobs go; the version in the new jobs' ids keeps them apart.
              for (const job of planTaskDeadlineJobs(toRemind(row), settings)) ops.unplan(job.id);
              save(
                row,
                { deadline: event.data.deadline, deadline_date: event.data.deadlineDate ?? null, version: row.version + 1 },
                revision,
              );
              plan(row.task_id, ops);
              return;
            }
            for (const job of jobsOf(row)) ops.unplan(job.id);
            save(row, { status: event.type === 'TaskAccepted' ? 'accepted' : 'cancelled' }, revision);
            return;
          }
          case 'SpecialGroupRegistered':
          case 'SpecialGroupMembersChanged':
            relead(event.data.code, event.data.lead, ops);
            return;
          default:
            return;
        }
      },
      openJobs: () => sql.openTasks.all().flatMap((row) => ctx.wanted(jobsOf(row))),
    };
  },
  async deliverable(d, read) {
    const state = await read.load(taskStream(d.taskId), { initialState: initialTaskState, evolve: evolveTask });
    const still = taskStillReminded(state, d);
    if (!still) return null;
    const { task, milestone } = still;
    // A task is named by its ledger number and title (as meetings say it), a milestone with its
    // task, so the inbox line says which task's roadmap slipped.
    const named = task.number ? `${task.number} ${task.title}` : task.title;
    const title = milestone ? `${named} · ${milestone.title}` : named;
    const due = milestone ? milestone.due : task.deadline;
    const dueDate = milestone ? milestone.dueDate : task.deadlineDate;
    return {
      ref: { subject: 'task', taskId: d.taskId, milestoneId: d.milestoneId },
      deadline: due,
      deadlineVersion: d.deadlineVersion,
      prefix: milestone ? 'milestone' : 'task',
      unit: task.leadUnit,
      about: { kind: 'task' },
      facts: { title, owner: task.leadUnit, due, dueDate },
      evidence: taskAttachments(task).length,
      refs: {
        taskId: d.taskId,
        milestoneId: d.milestoneId,
        leadUnit: task.leadUnit,
        specialGroup: task.specialGroup,
        ...(milestone ? { due } : { deadline: due }),
        ...(dueDate ? (milestone ? { dueDate } : { deadlineDate: dueDate }) : {}),
        reminderKind: d.kind,
        title,
      },
    };
  },
};
