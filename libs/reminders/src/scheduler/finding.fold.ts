import type { InspectionEvent } from '#domain';
import { planFindingJobs, type PlannedJob } from '../reminder-jobs.js';
import type { QueueOps } from './queue.sink.js';
import type { FindingRow } from './schedule.schema.js';
import type { FoldContext, SubjectFold } from './subject-fold.js';

/** Inspection findings: rectification reminders from `FindingRecorded` until an accepted verification. */
export function findingFold(ctx: FoldContext): SubjectFold<InspectionEvent> {
  const { sql, settings } = ctx;
  const jobsOf = (row: FindingRow): PlannedJob[] =>
    planFindingJobs(
      {
        inspectionId: row.inspection_id,
        findingId: row.finding_id,
        responsibleUnit: row.responsible_unit,
        due: row.due,
        dueDate: row.due_date,
        dueVersion: row.version,
        inspector: row.inspector,
      },
      settings,
    );
  const plan = (inspectionId: string, findingId: string, ops: QueueOps) => {
    const row = sql.getFinding.get(inspectionId, findingId);
    if (row && row.status === 'open') ops.plan(ctx.wanted(jobsOf(row)));
  };
  return {
    apply(event, ops) {
      switch (event.type) {
        case 'InspectionOpened':
          sql.insertInspection.run(event.data.inspectionId, event.data.openedBy);
          return;
        case 'FindingRecorded': {
          const d = event.data;
          sql.insertFinding.run(d.findingId, d.inspectionId, d.responsibleUnit, d.rectificationDue, d.inspectionId, d.recordedBy, d.rectificationDueDate ?? null);
          plan(d.inspectionId, d.findingId, ops);
          return;
        }
        case 'RectificationDueExtended': {
          const d = event.data;
          const row = sql.getFinding.get(d.inspectionId, d.findingId);
          if (!row || row.version >= d.extension) {
            if (row) plan(row.inspection_id, row.finding_id, ops);
            return;
          }
          // Removed even if the finding is closed meanwhile: the old due date's jobs must go.
          for (const job of jobsOf(row)) ops.unplan(job.id);
          sql.redateFinding.run(d.due, d.dueDate ?? null, d.extension, row.inspection_id, row.finding_id);
          plan(row.inspection_id, row.finding_id, ops);
          return;
        }
        case 'RectificationVerified': {
          // Only an accepted verification closes a finding; a rejected one leaves it open.
          if (event.data.outcome !== 'accepted') return;
          const row = sql.getFinding.get(event.data.inspectionId, event.data.findingId);
          if (!row || row.status !== 'open') return;
          for (const job of jobsOf(row)) ops.unplan(job.id);
          sql.setFindingStatus.run('closed', row.inspection_id, row.finding_id);
          return;
        }
        default:
          return;
      }
    },
    openJobs: () => sql.openFindings.all().flatMap((row) => ctx.wanted(jobsOf(row))),
  };
}
