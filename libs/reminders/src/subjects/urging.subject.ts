import { evolveUrging, initialUrgingState, urgingReminderPlan, urgingStillReminded, urgingStream, type UrgingEvent } from '#domain';
import type Database from 'better-sqlite3';
import type { QueueOps } from '../scheduler/queue.sink.js';
import { jobsPerRecipient, type FoldContext, type PlannedJob, type ReminderJobFields, type ReminderSubject } from './reminder-subject.js';

/** The notice of an urging (催办单) or a reminder of its reply date, to one recipient (the domain's `urgingReminderPlan`). */
export interface UrgingReminderJob extends ReminderJobFields {
  type: 'urging-reminder';
  urgingId: string;
  /** `true` for the notice itself, `false` for a reminder of `replyBy`. */
  notice: boolean;
  replyBy: string | null;
}

/** A row of `sched_urgings`: an issued notice, `open` until the lead unit replies. */
interface UrgingRow {
  urging_id: string;
  lead_unit: string;
  reply_by: string | null;
  reply_by_date: string | null;
  /** When the notice got its number: `null` until then (nothing is sent before). */
  numbered_at: string | null;
  open: number;
}

/**
 * Every job a numbered, unanswered notice calls for: the notice and its reply-date ladder (`ctx.wanted` of each, so a due reminder never
 * drops the notice as stale).
 */
function jobsOf(row: UrgingRow, ctx: Pick<FoldContext, 'settings' | 'wanted'>): PlannedJob[] {
  if (row.numbered_at === null) return [];
  const plan = urgingReminderPlan(
    {
      urgingId: row.urging_id,
      leadUnit: row.lead_unit,
      numberedAt: row.numbered_at,
      replyBy: row.reply_by,
      replyByDate: row.reply_by_date,
    },
    ctx.settings,
  );
  const job = (notice: boolean) => ({ type: 'urging-reminder' as const, urgingId: row.urging_id, notice, replyBy: row.reply_by });
  return [
    ...ctx.wanted(jobsPerRecipient<UrgingReminderJob>([plan.notice], job(true))),
    ...ctx.wanted(jobsPerRecipient<UrgingReminderJob>(plan.reply, job(false))),
  ];
}

const statements = (db: Database.Database) => ({
  insert: db.prepare(
    'INSERT INTO sched_urgings (urging_id, lead_unit, reply_by, reply_by_date, numbered_at, open) VALUES (?, ?, ?, ?, NULL, ' +
      '1) ON CONFLICT(urging_id) DO NOTHING',
  ),
  get: db.prepare<[string], UrgingRow>('SELECT * FROM sched_urgings WHERE urging_id = ?'),
  numbered: db.prepare('UPDATE sched_urgings SET numbered_at = ? WHERE urging_id = ? AND numbered_at IS NULL'),
  close: db.prepare('UPDATE sched_urgings SET open = 0 WHERE urging_id = ?'),
  open: db.prepare<[], UrgingRow>('SELECT * FROM sched_urgings WHERE open = 1 AND numbered_at IS NOT NULL'),
});

/**
 * Urging notices (催办单): once numbered, the notice goes to the lead unit's inbox and its robots
 * with its number in the text (催办〔2026〕3号); with `replyBy`, the reply date is reminded and,
 * once overdue, escalated to the office. A reply ends both. Delivered while the domain's
 * `urgingStillReminded` says so.
 */
export const urgingSubject: ReminderSubject<UrgingReminderJob, 'urgingnotice' | 'urging', UrgingEvent> = {
  jobType: 'urging-reminder',
  prefixes: ['urgingnotice', 'urging'],
  categories: ['urging'],
  migrate(db) {
    db.exec(`CREATE TABLE IF NOT EXISTS sched_urgings (urging_id TEXT PRIMARY KEY, lead_unit TEXT NOT NULL, reply_by TEXT, reply_by_date
      TEXT,
      numbered_at TEXT, open INTEGER NOT NULL)`);
  },
  fold(ctx) {
    const sql = statements(ctx.db);
    const plan = (urgingId: string, ops: QueueOps) => {
      const row = sql.get.get(urgingId);
      if (row && row.open === 1) ops.plan(jobsOf(row, ctx));
    };
    return {
      apply(event, ops) {
        switch (event.type) {
          case 'UrgingIssued': {
            const d = event.data;
            sql.insert.run(d.urgingId, d.leadUnit, d.replyBy, d.replyByDate ?? null);
            return;
          }
          case 'UrgingNumbered':
            sql.numbered.run(event.data.numberedAt, event.data.urgingId);
            plan(event.data.urgingId, ops);
            return;
          case 'UrgingReplied': {
            const row = sql.get.get(event.data.urgingId);
            if (!row || row.open !== 1) return;
            for (const job of jobsOf(row, { settings: ctx.settings, wanted: (jobs) => jobs })) ops.unplan(job.id);
            sql.close.run(row.urging_id);
            return;
          }
          default:
            // A read receipt changes no reminder: only a reply answers the notice.
            return;
        }
      },
      openJobs: () => sql.open.all().flatMap((row) => jobsOf(row, ctx)),
    };
  },
  async deliverable(d, read) {
    const urging = urgingStillReminded(
      await read.load(urgingStream(d.urgingId), { initialState: initialUrgingState, evolve: evolveUrging }),
      d,
    );
    if (!urging) return null;
    // The notice is cited by its number everywhere it is read: the texts' title carries it.
    const title = `${urging.label} ${urging.taskTitle}`;
    const due = urging.replyBy ?? urging.issuedAt;
    const dated: Record<string, string> = urging.replyByDate ? { dueDate: urging.replyByDate } : {};
    return {
      ref: { subject: 'urging', urgingId: d.urgingId, taskId: urging.taskId },
      deadline: due,
      deadlineVersion: 1,
      prefix: d.notice ? 'urgingnotice' : 'urging',
      unit: urging.leadUnit,
      about: { kind: 'urging', leadUnit: urging.leadUnit },
      facts: { title, owner: urging.leadUnit, due, dueDate: urging.replyByDate },
      refs: {
        urgingId: d.urgingId,
        taskId: urging.taskId,
        number: urging.label,
        leadUnit: urging.leadUnit,
        due,
        ...dated,
        reminderKind: d.kind,
        title,
      },
    };
  },
};
