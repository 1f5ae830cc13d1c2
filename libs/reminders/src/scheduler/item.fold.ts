import type { MeetingEvent } from '#domain';
import { planItemJobs, type PlannedJob } from '../reminder-jobs.js';
import type { QueueOps } from './queue.sink.js';
import type { ItemRow } from './schedule.schema.js';
import type { FoldContext, SubjectFold } from './subject-fold.js';

/** Action items of joint meetings: reminded from `ItemAdded` until done, cancelled or re-dated. */
export function itemFold(ctx: FoldContext): SubjectFold<MeetingEvent> {
  const { sql, settings } = ctx;
  const jobsOf = (row: ItemRow): PlannedJob[] =>
    planItemJobs(
      { meetingId: row.meeting_id, itemId: row.item_id, owner: row.owner, deadline: row.deadline, deadlineDate: row.deadline_date, deadlineVersion: row.version },
      settings,
    );
  const plan = (itemId: string, ops: QueueOps) => {
    const row = sql.getItem.get(itemId);
    if (row && row.status === 'open') ops.plan(ctx.wanted(jobsOf(row)));
  };
  return {
    apply(event, ops) {
      switch (event.type) {
        case 'ItemAdded': {
          const d = event.data;
          sql.insertItem.run(d.itemId, d.meetingId, d.owner, d.deadline, d.deadlineVersion, d.deadlineDate ?? null);
          plan(d.itemId, ops);
          return;
        }
        case 'ItemDeadlineChanged': {
          const d = event.data;
          const row = sql.getItem.get(d.itemId);
          if (!row || row.version >= d.deadlineVersion) {
            // A replayed batch: the row already has this version; just make sure its jobs exist.
            plan(d.itemId, ops);
            return;
          }
          for (const job of jobsOf(row)) ops.unplan(job.id);
          sql.redateItem.run(d.deadline, d.deadlineDate ?? null, d.deadlineVersion, row.item_id);
          plan(row.item_id, ops);
          return;
        }
        case 'ItemCompleted':
        case 'ItemCancelled': {
          const row = sql.getItem.get(event.data.itemId);
          if (!row) return;
          for (const job of jobsOf(row)) ops.unplan(job.id);
          sql.closeItem.run(event.type === 'ItemCompleted' ? 'done' : 'cancelled', row.item_id);
          return;
        }
        case 'ReminderSent':
          // The old shape of a delivered item reminder (stores written before reminders had their own streams).
          sql.markSent.run(event.data.reminderKey);
          ops.delivered(event.data.reminderKey);
          return;
        default:
          return;
      }
    },
    openJobs: () => sql.openItems.all().flatMap((row) => ctx.wanted(jobsOf(row))),
  };
}
