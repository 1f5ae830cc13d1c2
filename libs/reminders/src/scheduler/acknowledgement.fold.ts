import type { TaskEvent } from '#domain';
import { planAcknowledgementJobs, type PlannedJob } from '../reminder-jobs.js';
import type { AcknowledgementRow } from './schedule.schema.js';
import type { FoldContext, SubjectFold } from './subject-fold.js';

/**
 * Acknowledgements (签收): a task registered with `acknowledgeBy` (registered or dispatched since
 * acknowledgement exists; older tasks have none and are never reminded) waits for its lead
 * unit; acknowledging it, accepting or cancelling it ends the wait and unplans the reminder.
 */
export function acknowledgementFold(ctx: FoldContext): SubjectFold<TaskEvent> {
  const { sql } = ctx;
  const jobsOf = (row: AcknowledgementRow): PlannedJob[] => planAcknowledgementJobs({ taskId: row.task_id, leadUnit: row.lead_unit, acknowledgeBy: row.acknowledge_by });
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
}
