import { createHash } from 'node:crypto';
import type { PlannedReminder } from '#domain';

/** Name of the BullMQ queue that carries deadline reminders, matter expiries and the sweep. */
export const REMINDER_QUEUE = 'reminders';
/** Id of the BullMQ job scheduler that runs the sweep. */
export const SWEEP_SCHEDULER_ID = 'reminder-sweep';

/** A job of the reminder queue, as the scheduler plans it: its deterministic id, its data, when it is due. */
export interface PlannedJob<D extends { type: string } = { type: string }> {
  id: string;
  data: D;
  atMs: number;
}

const recipientTags = new Map<string, string>();

/**
 * A recipient's part of a job id: a short hash, so any user id (with ':' or spaces) yields a
 * BullMQ-safe, fixed-length id that never changes when other recipients are added.
 */
export function recipientTag(recipient: string): string {
  let tag = recipientTags.get(recipient);
  if (tag === undefined) {
    tag = `r${createHash('sha256').update(recipient).digest('hex').slice(0, 12)}`;
    // Bounded: recipients are people and units, but a long-lived worker should not grow forever.
    if (recipientTags.size >= 10_000) recipientTags.clear();
    recipientTags.set(recipient, tag);
  }
  return tag;
}

/** Job id (and reminder key, and notification id) of one planned reminder to one recipient. */
export function reminderJobId(planned: Pick<PlannedReminder, 'key'>, recipient: string): string {
  return `${planned.key}_${recipientTag(recipient)}`;
}

/**
 * The planned reminder a reminder job belongs to: its id without the recipient's part, the same
 * for every recipient of one reminder (the owner and the escalation recipients of one overdue
 * step), so channels that reach them all at once (a group robot) post it once.
 */
export function plannedReminderKeyOf(jobId: string): string {
  return jobId.replace(/_r[0-9a-f]{12}$/, '');
}
