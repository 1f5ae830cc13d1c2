import {
  evaluationReminderPlan,
  evaluationStillReminded,
  evaluationStream,
  evolveEvaluation,
  initialEvaluationState,
  type EvaluationEvent,
} from '#domain';
import type { QueueOps } from '../scheduler/queue.sink.js';
import type { EvaluationRow } from '../scheduler/schedule.schema.js';
import { jobsPerRecipient, type PlannedJob, type ReminderJobFields, type ReminderSubject } from './reminder-subject.js';
import type { ReminderSettings } from '../reminder-settings.js';

/** A reminder of a commissioned evaluation's report due date (recipients: the domain's `evaluationReminderPlan`). */
export interface EvaluationReminderJob extends ReminderJobFields {
  type: 'evaluation-reminder';
  evaluationId: string;
  due: string;
}

/** Every job a commissioned evaluation waiting for its report calls for. */
export function planEvaluationJobs(
  evaluation: { evaluationId: string; evaluatorUnit: string; due: string; dueDate?: string | null; commissionedBy: string },
  settings: ReminderSettings,
): PlannedJob<EvaluationReminderJob>[] {
  return jobsPerRecipient<EvaluationReminderJob>(evaluationReminderPlan(evaluation, settings), {
    type: 'evaluation-reminder',
    evaluationId: evaluation.evaluationId,
    due: evaluation.due,
  });
}

/**
 * Third-party evaluations: report reminders from `EvaluationCommissioned`; a report stops them,
 * a returned report starts them again (those already delivered stay delivered), an accepted
 * report ends them. Delivered while the domain's `evaluationStillReminded` says so.
 */
export const evaluationSubject: ReminderSubject<EvaluationReminderJob, 'evaluation', EvaluationEvent> = {
  jobType: 'evaluation-reminder',
  prefixes: ['evaluation'],
  categories: ['evaluation'],
  fold(ctx) {
    const { sql, settings } = ctx;
    const jobsOf = (row: EvaluationRow): PlannedJob[] =>
      planEvaluationJobs(
        {
          evaluationId: row.evaluation_id,
          evaluatorUnit: row.evaluator_unit,
          due: row.due,
          dueDate: row.due_date,
          commissionedBy: row.commissioned_by,
        },
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
  },
  async deliverable(d, read) {
    const state = await read.load(evaluationStream(d.evaluationId), { initialState: initialEvaluationState, evolve: evolveEvaluation });
    const evaluation = evaluationStillReminded(state, { due: d.due });
    if (!evaluation) return null;
    const title = `${evaluation.subject.kind} ${evaluation.subject.id} ${evaluation.year}`;
    return {
      ref: { subject: 'evaluation', evaluationId: d.evaluationId },
      deadline: evaluation.due,
      deadlineVersion: 1,
      prefix: 'evaluation',
      unit: evaluation.evaluatorUnit,
      about: { kind: 'evaluation', evaluatorUnit: evaluation.evaluatorUnit },
      facts: { title, owner: evaluation.evaluatorUnit, due: evaluation.due, dueDate: evaluation.dueDate },
      refs: {
        evaluationId: d.evaluationId,
        evaluatorUnit: evaluation.evaluatorUnit,
        due: evaluation.due,
        ...(evaluation.dueDate ? { dueDate: evaluation.dueDate } : {}),
        reminderKind: d.kind,
        title,
      },
    };
  },
};
