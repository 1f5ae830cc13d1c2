import {
  acknowledgementReminderPlan,
  acknowledgementStillReminded,
  evolveTask,
  initialTaskState,
  taskStream,
  type TaskEvent,
} from '#domain';
import type { AcknowledgementRow } from '../scheduler/schedule.schema.js';
import { jobsPerRecipient, type PlannedJob, type ReminderJobFields, type ReminderSubject } from './reminder-subject.js';

/** A reminder that a task's acknowledgement (签收) fell due (recipient: the domain's `acknowledgementReminderPlan`). */
export interface AcknowledgementReminderJob extends ReminderJobFields {
  type: 'acknowledgement-reminder';
  taskId: string;
  acknowledgeBy: string;
}

/** Every job a task awaiting its lead unit's acknowledgement calls for. */
export function planAcknowledgementJobs(task: {
  taskId: string;
  leadUnit: string;
  acknowledgeBy: string;
}): PlannedJob<AcknowledgementReminderJob>[] {
  return jobsPerRecipient<AcknowledgementReminderJob>(acknowledgementReminderPlan(task), {
    type: 'acknowledgement-reminder',
    taskId: task.taskId,
    acknowledgeBy: task.acknowledgeBy,
  });
}

/**
 * Acknowledgements (签收): a task registered with `acknowledgeBy` (registered or dispatched since
 * acknowledgement exists; older tasks have none and are never reminded) waits for its lead
 * unit; acknowledging it, accepting or cancelling it ends the wait and unplans the reminder.
 * Delivered while the domain's `acknowledgementStillReminded` says so.
 */
export const acknowledgementSubject: ReminderSubject<AcknowledgementReminderJob, 'acknowledgement', TaskEvent> = {
  jobType: 'acknowledgement-reminder',
  prefixes: ['acknowledgement'],
  categories: ['task'],
  fold(ctx) {
    const { sql } = ctx;
    const jobsOf = (row: AcknowledgementRow): PlannedJob[] =>
      planAcknowledgementJobs({ taskId: row.task_id, leadUnit: row.lead_unit, acknowledgeBy: row.acknowledge_by });
    return {
      apply(event, ops) {
        switch (event.type) {
          case 'TaskRegistered': {
            const d = event.data;
            if (d.acknowledgeBy === undefined) return;
            sql.insertAcknowledgement.run(d.taskId, d.leadUnit, d.acknowledgeBy);
            const row = sql.getAcknowledgement.get(d.taskId);
            if (row && row.status === 'open') ops.plan(ctx.wanted(jobsOf(row)));
            return;
          }
          case 'TaskAcknowledged':
          case 'TaskAccepted':
          case 'TaskCancelled': {
            const row = sql.getAcknowledgement.get(event.data.taskId);
            if (!row || row.status !== 'open') return;
            for (const job of jobsOf(row)) ops.unplan(job.id);
            sql.closeAcknowledgement.run(row.task_id);
            return;
          }
          default:
            return;
        }
      },
      openJobs: () => sql.openAcknowledgements.all().flatMap((row) => ctx.wanted(jobsOf(row))),
    };
  },
  async deliverable(d, read) {
    const state = await read.load(taskStream(d.taskId), { initialState: initialTaskState, evolve: evolveTask });
    const task = acknowledgementStillReminded(state, { acknowledgeBy: d.acknowledgeBy });
    if (!task) return null;
    return {
      ref: { subject: 'acknowledgement', taskId: d.taskId },
      deadline: d.acknowledgeBy,
      deadlineVersion: 1,
      prefix: 'acknowledgement',
      unit: task.leadUnit,
      about: { kind: 'task' },
      facts: { title: task.title, owner: task.leadUnit, due: d.acknowledgeBy },
      refs: { taskId: d.taskId, leadUnit: task.leadUnit, acknowledgeBy: d.acknowledgeBy, reminderKind: d.kind, title: task.title },
    };
  },
};
