import { createHash } from 'node:crypto';
import {
  evolveInspection,
  findingAttachments,
  findingReminderPlan,
  findingStillReminded,
  initialInspectionState,
  inspectionStream,
  type InspectionEvent,
} from '#domain';
import type { QueueOps } from '../scheduler/queue.sink.js';
import type { FindingRow } from '../scheduler/schedule.schema.js';
import { jobsPerRecipient, type PlannedJob, type ReminderJobFields, type ReminderSubject } from './reminder-subject.js';
import type { ReminderSettings } from '../reminder-settings.js';

/** A reminder of an inspection finding's rectification due date (recipients: the domain's `findingReminderPlan`). */
export interface FindingReminderJob extends ReminderJobFields {
  type: 'finding-reminder';
  inspectionId: string;
  findingId: string;
  /** Extensions of the due date when planned (the finding's `extensions.length`). */
  dueVersion: number;
  due: string;
}

/**
 * The key of a finding among all findings: finding ids are unique within their inspection
 * only, so a short hash of the inspection is prefixed; it keeps the key (a notification id)
 * under Fastify's 100-character path parameter.
 */
export function findingSubjectId(inspectionId: string, findingId: string): string {
  return `${createHash('sha256').update(inspectionId).digest('hex').slice(0, 8)}-${findingId}`;
}

/** Every job an open finding's rectification due date calls for. */
export function planFindingJobs(
  finding: {
    inspectionId: string;
    findingId: string;
    responsibleUnit: string;
    due: string;
    dueDate?: string | null;
    dueVersion: number;
    inspector: string;
  },
  settings: ReminderSettings,
): PlannedJob<FindingReminderJob>[] {
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
  return jobsPerRecipient<FindingReminderJob>(plan, {
    type: 'finding-reminder',
    inspectionId: finding.inspectionId,
    findingId: finding.findingId,
    dueVersion: finding.dueVersion,
    due: finding.due,
  });
}

/**
 * Inspection findings: rectification reminders from `FindingRecorded` until an accepted
 * verification, to the responsible unit and, overdue, the inspector; delivered while the
 * domain's `findingStillReminded` says so.
 */
export const findingSubject: ReminderSubject<FindingReminderJob, 'finding', InspectionEvent> = {
  jobType: 'finding-reminder',
  prefixes: ['finding'],
  categories: ['inspection'],
  fold(ctx) {
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
            sql.insertFinding.run(
              d.findingId,
              d.inspectionId,
              d.responsibleUnit,
              d.rectificationDue,
              d.inspectionId,
              d.recordedBy,
              d.rectificationDueDate ?? null,
            );
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
  },
  async deliverable(d, read) {
    const state = await read.load(inspectionStream(d.inspectionId), { initialState: initialInspectionState, evolve: evolveInspection });
    const finding = findingStillReminded(state, { findingId: d.findingId, extensions: d.dueVersion });
    if (!finding) return null;
    return {
      ref: { subject: 'finding', inspectionId: d.inspectionId, findingId: d.findingId },
      deadline: finding.rectificationDue,
      deadlineVersion: d.dueVersion + 1,
      prefix: 'finding',
      unit: finding.responsibleUnit,
      about: { kind: 'finding', responsibleUnit: finding.responsibleUnit, targetUnit: state!.targetUnit },
      facts: {
        title: finding.description,
        owner: finding.responsibleUnit,
        due: finding.rectificationDue,
        dueDate: finding.rectificationDueDate,
      },
      evidence: findingAttachments(finding).length,
      refs: {
        inspectionId: d.inspectionId,
        findingId: d.findingId,
        responsibleUnit: finding.responsibleUnit,
        due: finding.rectificationDue,
        ...(finding.rectificationDueDate ? { dueDate: finding.rectificationDueDate } : {}),
        reminderKind: d.kind,
        title: finding.description,
      },
    };
  },
};
