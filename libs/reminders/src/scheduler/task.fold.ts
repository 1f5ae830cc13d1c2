import type { SpecialGroupEvent, TaskEvent } from '#domain';
import { planMilestoneJobs, planTaskDeadlineJobs, planTaskJobs, type PlannedJob, type TaskToRemind } from '../reminder-jobs.js';
import type { QueueOps } from './queue.sink.js';
import type { TaskRow } from './schedule.schema.js';
import type { FoldContext, SubjectFold } from './subject-fold.js';

type OpenMilestones = TaskToRemind['milestones'];

/**
 * Reform tasks: deadline and milestone reminders from `TaskRegistered`; a completed milestone
 * stops its own, a changed deadline replaces the deadline's, acceptance or cancellation stops
 * all. Special groups' events keep each group's lead, whom an overdue task escalates to: a new
 * lead replaces the old one's pending escalations.
 */
export function taskFold(ctx: FoldContext): SubjectFold<TaskEvent | SpecialGroupEvent> {
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
  const save = (row: TaskRow, change: Partial<Pick<TaskRow, 'deadline' | 'deadline_date' | 'version' | 'milestones' | 'status'>>, revision: number) => {
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
          const milestones: OpenMilestones = d.milestones.map((m) => ({ milestoneId: m.milestoneId, due: m.due, dueDate: m.dueDate ?? null }));
          sql.insertTask.run(d.taskId, d.leadUnit, d.specialGroup, d.deadline, JSON.stringify(milestones), revision, d.deadlineDate ?? null);
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
            save(row, { deadline: event.data.deadline, deadline_date: event.data.deadlineDate ?? null, version: row.version + 1 }, revision);
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
}
