import { evolveMeeting, initialMeetingState, itemReminderPlan, itemStillReminded, meetingStream, type MeetingEvent } from '#domain';
import type { QueueOps } from '../scheduler/queue.sink.js';
import type { ItemRow } from '../scheduler/schedule.schema.js';
import { jobsPerRecipient, type PlannedJob, type ReminderJobFields, type ReminderSubject } from './reminder-subject.js';
import type { ReminderSettings } from '../reminder-settings.js';

/** A deadline reminder of an action item, to one recipient. */
export interface ItemReminderJob extends ReminderJobFields {
  type: 'item-reminder';
  meetingId: string;
  itemId: string;
  deadlineVersion: number;
}

/** Every job an open action item's deadline calls for, one per reminder and recipient. */
export function planItemJobs(
  item: { meetingId: string; itemId: string; owner: string; deadline: string; deadlineDate?: string | null; deadlineVersion: number },
  settings: ReminderSettings,
): PlannedJob<ItemReminderJob>[] {
  return jobsPerRecipient<ItemReminderJob>(itemReminderPlan(item, settings), {
    type: 'item-reminder',
    meetingId: item.meetingId,
    itemId: item.itemId,
    deadlineVersion: item.deadlineVersion,
  });
}

/**
 * Action items of joint meetings: reminded from `ItemAdded` until done, cancelled or re-dated,
 * to the owner and, overdue, the office; delivered while the domain's `itemStillReminded` says so.
 */
export const itemSubject: ReminderSubject<ItemReminderJob, 'item', MeetingEvent> = {
  jobType: 'item-reminder',
  prefixes: ['item'],
  categories: ['meeting'],
  fold(ctx) {
    const { sql, settings } = ctx;
    const jobsOf = (row: ItemRow): PlannedJob[] =>
      planItemJobs(
        {
          meetingId: row.meeting_id,
          itemId: row.item_id,
          owner: row.owner,
          deadline: row.deadline,
          deadlineDate: row.deadline_date,
          deadlineVersion: row.version,
        },
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
  },
  async deliverable(d, read) {
    const state = await read.load(meetingStream(d.meetingId), { initialState: initialMeetingState, evolve: evolveMeeting });
    const item = itemStillReminded(state, d);
    if (!item) return null;
    const dated: Record<string, string> = item.deadlineDate ? { deadlineDate: item.deadlineDate } : {};
    return {
      ref: { subject: 'item', meetingId: d.meetingId, itemId: d.itemId },
      deadline: item.deadline,
      deadlineVersion: item.deadlineVersion,
      prefix: 'item',
      unit: item.ownerUnit,
      about: { kind: 'item', ownerUnit: item.ownerUnit },
      facts: { title: item.title, owner: item.owner, due: item.deadline, dueDate: item.deadlineDate },
      refs: { meetingId: d.meetingId, itemId: d.itemId, deadline: item.deadline, ...dated, reminderKind: d.kind, title: item.title },
      webhookRefs: { meetingId: d.meetingId, itemId: d.itemId, deadline: item.deadline },
    };
  },
};
