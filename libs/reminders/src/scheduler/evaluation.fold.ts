import type { EvaluationEvent } from '#domain';
import { planEvaluationJobs, type PlannedJob } from '../reminder-jobs.js';
import type { QueueOps } from './queue.sink.js';
import type { EvaluationRow } from './schedule.schema.js';
import type { FoldContext, SubjectFold } from './subject-fold.js';

/**
 * Third-party evaluations: report reminders from `EvaluationCommissioned`; a report stops them,
 * a returned report starts them again (those already delivered stay delivered), an accepted
 * report ends them.
 */
export function evaluationFold(ctx: FoldContext): SubjectFold<EvaluationEvent> {
  const { sql, settings } = ctx;
  const jobsOf = (row: EvaluationRow): PlannedJob[] =>
    planEvaluationJobs(
      { evaluationId: row.evaluation_id, evaluatorUnit: row.evaluator_unit, due: row.due, dueDate: row.due_date, commissionedBy: row.commissioned_by },
      settings,
    );
  const plan = (evaluationId: string, ops: QueueOps) => {
    const row = sql.getEvaluation.get(evaluationId);
    if (row && row.status === 'open') ops.plan(ctx.wanted(jobsOf(row)));
  };
  return {
    apply(event, ops) {
      switch (event.type) {
        case 'EvaluationCommissioned': {
          const d = event.data;
          sql.insertEvaluation.run(d.evaluationId, d.evaluatorUnit, d.due, d.commissionedBy, d.dueDate ?? null);
          plan(d.evaluationId, ops);
          return;
        }
        case 'EvaluationReported':
        case 'EvaluationAccepted': {
          const row = sql.getEvaluation.get(event.data.evaluationId);
          if (!row) return;
          for (const job of jobsOf(row)) ops.unplan(job.id);
          sql.setEvaluationStatus.run(event.type === 'EvaluationReported' ? 'reported' : 'accepted', row.evaluation_id);
          return;
        }
        case 'EvaluationReturned': {
          const row = sql.getEvaluation.get(event.data.evaluationId);
          if (!row || row.status !== 'reported') return;
          sql.setEvaluationStatus.run('open', row.evaluation_id);
          plan(row.evaluation_id, ops);
          return;
        }
        default:
          return;
      }
    },
    openJobs: () => sql.openEvaluations.all().flatMap((row) => ctx.wanted(jobsOf(row))),
  };
}
