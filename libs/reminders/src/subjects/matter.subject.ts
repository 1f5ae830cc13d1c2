import { evolveMatter, initialMatterState, matterReminderPlan, matterStillReminded, matterStream, type MatterEvent } from '#domain';
import type { QueueOps } from '../scheduler/queue.sink.js';
import type { MatterRow } from '../scheduler/schedule.schema.js';
import { jobsPerRecipient, type PlannedJob, type ReminderJobFields, type ReminderSubject } from './reminder-subject.js';
import type { ReminderSettings } from '../reminder-settings.js';

/** A reminder to a pending signer of a countersign matter. */
export interface MatterReminderJob extends ReminderJobFields {
  type: 'matter-reminder';
  matterId: string;
  deadline: string;
}

/** `ExpireMatter` at a matter's deadline: planned with the matter's reminders, run by delivery's `expire`. */
export interface MatterExpiryJob {
  type: 'matter-expiry';
  matterId: string;
  deadline: string;
  at: string;
}

/** Job id of a matter's expiry. */
export function matterExpiryJobId(matterId: string): string {
  return `matter_${matterId.replace(/:/g, '-')}_expire`;
}

/** Every job a pending matter with a deadline calls for: its signers' reminders and the expiry itself. */
export function planMatterJobs(
  matter: { matterId: string; deadline: string; deadlineDate?: string | null; awaiting: string[] },
  settings: ReminderSettings,
): PlannedJob<MatterReminderJob | MatterExpiryJob>[] {
  const jobs: PlannedJob<MatterReminderJob | MatterExpiryJob>[] = jobsPerRecipient<MatterReminderJob>(
    matterReminderPlan(matter, settings),
    {
      type: 'matter-reminder',
      matterId: matter.matterId,
      deadline: matter.deadline,
    },
  );
  jobs.push({
    id: matterExpiryJobId(matter.matterId),
    atMs: Date.parse(matter.deadline),
    data: { type: 'matter-expiry', matterId: matter.matterId, deadline: matter.deadline, at: matter.deadline },
  });
  return jobs;
}

/**
 * Countersign matters with a deadline: signer reminders and the expiry, until an outcome;
 * delivered while the domain's `matterStillReminded` says so.
 */
export const matterSubject: ReminderSubject<MatterReminderJob, 'matter', MatterEvent> = {
  jobType: 'matter-reminder',
  prefixes: ['matter'],
  categories: ['matter'],
  fold(ctx) {
    const { sql, settings } = ctx;
    const jobsOf = (row: MatterRow): PlannedJob[] =>
      planMatterJobs(
        {
          matterId: row.matter_id,
          deadline: row.deadline,
          deadlineDate: row.deadline_date,
          awaiting: JSON.parse(row.awaiting) as string[],
        },
        settings,
      );
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
  },
  async deliverable(d, read) {
    const state = await read.load(matterStream(d.matterId), { initialState: initialMatterState, evolve: evolveMatter });
    const m = matterStillReminded(state, d);
    if (!m) return null;
    // The title (and a date-only deadline's date) rides along so the inbox can say it again in the reader's language.
    const refs = {
      matterId: d.matterId,
      deadline: d.deadline,
      ...(m.deadlineDate ? { deadlineDate: m.deadlineDate } : {}),
      title: m.title,
    };
    return {
      ref: { subject: 'matter', matterId: d.matterId },
      deadline: d.deadline,
      deadlineVersion: 1,
      prefix: 'matter',
      about: { kind: 'matter' },
      facts: { title: m.title, owner: d.recipient, due: d.deadline, dueDate: m.deadlineDate },
      refs,
    };
  },
};
