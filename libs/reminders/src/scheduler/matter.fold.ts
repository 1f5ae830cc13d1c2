import type { MatterEvent } from '#domain';
import { planMatterJobs, type PlannedJob } from '../reminder-jobs.js';
import type { QueueOps } from './queue.sink.js';
import type { MatterRow } from './schedule.schema.js';
import type { FoldContext, SubjectFold } from './subject-fold.js';

/** Countersign matters with a deadline: signer reminders and the expiry, until an outcome. */
export function matterFold(ctx: FoldContext): SubjectFold<MatterEvent> {
  const { sql, settings } = ctx;
  const jobsOf = (row: MatterRow): PlannedJob[] =>
    planMatterJobs({ matterId: row.matter_id, deadline: row.deadline, deadlineDate: row.deadline_date, awaiting: JSON.parse(row.awaiting) as string[] }, settings);
  const plan = (matterId: string, ops: QueueOps) => {
    const row = sql.getMatter.get(matterId);
    if (row && row.status === 'pending') ops.plan(ctx.wanted(jobsOf(row)));
  };
  return {
    apply(event, ops) {
      switch (event.type) {
        case 'MatterSubmitted': {
          const d = event.data;
          if (d.deadline === null) return;
          sql.insertMatter.run(d.matterId, d.deadline, JSON.stringify(d.awaiting), d.deadlineDate ?? null);
          plan(d.matterId, ops);
          return;
        }
        case 'MatterSigned':
        case 'MatterSignerAdded':
        case 'MatterSignatureDelegated': {
          const row = sql.getMatter.get(event.data.matterId);
          if (!row) return;
          // Reminders of signers who are no longer pending stay queued: they check and do nothing.
          sql.setAwaiting.run(JSON.stringify(event.data.awaiting), row.matter_id);
          plan(row.matter_id, ops);
          return;
        }
        case 'MatterApproved':
        case 'MatterRejected':
        case 'MatterRecalled':
        case 'MatterExpired': {
          const row = sql.getMatter.get(event.data.matterId);
          if (!row || row.status !== 'pending') return;
          for (const job of jobsOf(row)) ops.unplan(job.id);
          sql.closeMatter.run(event.type.slice('Matter'.length).toLowerCase(), row.matter_id);
          return;
        }
        default:
          return;
      }
    },
    openJobs: () => sql.pendingMatters.all().flatMap((row) => ctx.wanted(jobsOf(row))),
  };
}
