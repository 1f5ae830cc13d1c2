import { createHash } from 'node:crypto';
import { parseDuration, parseOffsets, planReminders, type PlannedReminder, type PlannedReminderKind } from './reminder.policy.js';

/** Name of the BullMQ queue that carries deadline reminders, matter expiries and the sweep. */
export const REMINDER_QUEUE = 'reminders';
/** Id of the BullMQ job scheduler that runs the sweep. */
export const SWEEP_SCHEDULER_ID = 'reminder-sweep';

/** A deadline reminder of an action item, to one recipient. */
export interface ItemReminderJob {
  type: 'item-reminder';
  meetingId: string;
  itemId: string;
  deadlineVersion: number;
  kind: PlannedReminderKind;
  /** ISO time the reminder is planned for (lateness is measured against it). */
  at: string;
  recipient: string;
}

/** A reminder to a pending signer of a countersign matter. */
export interface MatterReminderJob {
  type: 'matter-reminder';
  matterId: string;
  deadline: string;
  kind: PlannedReminderKind;
  at: string;
  recipient: string;
}

/** `ExpireMatter` at a matter's deadline. */
export interface MatterExpiryJob {
  type: 'matter-expiry';
  matterId: string;
  deadline: string;
  at: string;
}

/**
 * A reminder of an inspection finding's rectification due date: to the responsible unit's
 * shared inbox ({@link unitRecipient}) before and at the due date, and once overdue to the
 * unit and the inspector who opened the inspection.
 */
export interface FindingReminderJob {
  type: 'finding-reminder';
  inspectionId: string;
  findingId: string;
  /** Extensions of the due date when planned (the finding's `extensions.length`). */
  dueVersion: number;
  due: string;
  kind: PlannedReminderKind;
  at: string;
  recipient: string;
}

/** The repeating sweep that re-adds missing jobs. */
export interface SweepJob {
  type: 'sweep';
}

/** What a job of the reminder queue carries. */
export type ReminderJobData = ItemReminderJob | MatterReminderJob | MatterExpiryJob | FindingReminderJob | SweepJob;

/** A job to add: its deterministic id, its data and when it is due. */
export interface PlannedJob {
  id: string;
  data: Exclude<ReminderJobData, SweepJob>;
  atMs: number;
}

/** Reminder settings, parsed once from the configuration. */
export interface ReminderSettings {
  offsetsMs: number[];
  escalateEveryMs: number;
  escalateMax: number;
  escalateTo: string[];
  sweepEveryMs: number;
  webhookUrl?: string;
  webhookSecret?: string;
}

/** Parses the REMINDER_* and NOTIFY_* settings (the config has validated their shape). */
export function reminderSettings(config: {
  REMINDER_OFFSETS: string;
  REMINDER_ESCALATE_EVERY: string;
  REMINDER_ESCALATE_MAX: number;
  REMINDER_ESCALATE_TO: string;
  REMINDER_SWEEP_EVERY: string;
  NOTIFY_WEBHOOK_URL?: string;
  NOTIFY_WEBHOOK_SECRET?: string;
}): ReminderSettings {
  return {
    offsetsMs: parseOffsets(config.REMINDER_OFFSETS),
    escalateEveryMs: parseDuration(config.REMINDER_ESCALATE_EVERY),
    escalateMax: config.REMINDER_ESCALATE_MAX,
    escalateTo: config.REMINDER_ESCALATE_TO.split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    sweepEveryMs: parseDuration(config.REMINDER_SWEEP_EVERY),
    ...(config.NOTIFY_WEBHOOK_URL ? { webhookUrl: config.NOTIFY_WEBHOOK_URL } : {}),
    ...(config.NOTIFY_WEBHOOK_SECRET ? { webhookSecret: config.NOTIFY_WEBHOOK_SECRET } : {}),
  };
}

/**
 * Inbox address of a unit: notifications addressed to a unit (a finding's responsible unit)
 * are shared by every user whose token carries that `unit`.
 */
export function unitRecipient(unit: string): string {
  return `unit:${unit}`;
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

/** Job id of a matter's expiry. */
export function matterExpiryJobId(matterId: string): string {
  return `matter_${matterId.replace(/:/g, '-')}_expire`;
}

/**
 * Drops reminders that are both overdue by more than `graceMs` and superseded by a later
 * reminder that is also due: a scheduler catching up on old history (or an item added with a
 * past deadline) sends the latest reminder late rather than a burst of stale ones. Within the
 * grace window (twice the sweep interval) every reminder is still delivered, late, so a lost
 * Redis costs lateness, not reminders.
 */
export function dropStale<T extends { atMs: number }>(jobs: T[], nowMs: number, graceMs: number): T[] {
  const due = jobs.filter((j) => j.atMs <= nowMs);
  if (due.length <= 1) return jobs;
  const latestDue = Math.max(...due.map((j) => j.atMs));
  return jobs.filter((j) => j.atMs >= latestDue || j.atMs >= nowMs - graceMs);
}

/** How late a reminder may be re-added and still sent (see {@link dropStale}). */
export function graceMs(settings: ReminderSettings): number {
  return Math.max(2 * settings.sweepEveryMs, 60_000);
}

/** Every job an open action item's deadline calls for, one per reminder and recipient. */
export function planItemJobs(
  item: { meetingId: string; itemId: string; owner: string; deadline: string; deadlineVersion: number },
  settings: ReminderSettings,
): PlannedJob[] {
  const plan = planReminders({
    subjectId: item.itemId,
    deadline: item.deadline,
    deadlineVersion: item.deadlineVersion,
    owner: item.owner,
    escalateTo: settings.escalateTo,
    offsetsMs: settings.offsetsMs,
    escalateEveryMs: settings.escalateEveryMs,
    escalateMax: settings.escalateMax,
  });
  return jobsPerRecipient(plan, { type: 'item-reminder', meetingId: item.meetingId, itemId: item.itemId, deadlineVersion: item.deadlineVersion });
}

/**
 * Every job a pending matter with a deadline calls for: `before` reminders to each pending
 * signer (a reminder at or after the deadline is pointless: the matter expires then) and the
 * expiry itself.
 */
export function planMatterJobs(matter: { matterId: string; deadline: string; awaiting: string[] }, settings: ReminderSettings): PlannedJob[] {
  const jobs: PlannedJob[] = [];
  for (const signer of matter.awaiting) {
    const plan = planReminders({
      subjectId: matter.matterId,
      subjectKind: 'matter',
      deadline: matter.deadline,
      deadlineVersion: 1,
      owner: signer,
      escalateTo: [],
      offsetsMs: settings.offsetsMs.filter((o) => o > 0),
      escalateEveryMs: 0,
      escalateMax: 0,
    });
    for (const r of plan)
      jobs.push({
        id: reminderJobId(r, signer),
        atMs: Date.parse(r.at),
        data: { type: 'matter-reminder', matterId: matter.matterId, deadline: matter.deadline, kind: r.kind, at: r.at, recipient: signer },
      });
  }
  const deadlineMs = Date.parse(matter.deadline);
  jobs.push({
    id: matterExpiryJobId(matter.matterId),
    atMs: deadlineMs,
    data: { type: 'matter-expiry', matterId: matter.matterId, deadline: matter.deadline, at: matter.deadline },
  });
  return jobs;
}

/**
 * Every job an open finding's rectification due date calls for: `before`/`due` reminders to
 * the responsible unit, then `overdue` escalations to the unit and the inspector who opened
 * the inspection. The key carries the due version (extensions + 1), so an extension yields
 * new ids and the old ones are removed.
 */
export function planFindingJobs(
  finding: { inspectionId: string; findingId: string; responsibleUnit: string; due: string; dueVersion: number; inspector: string },
  settings: ReminderSettings,
): PlannedJob[] {
  const plan = planReminders({
    // Finding ids are unique within their inspection only; a short hash of the inspection keeps
    // the key unique and under Fastify's 100-character path parameter (it is a notification id).
    subjectId: `${createHash('sha256').update(finding.inspectionId).digest('hex').slice(0, 8)}-${finding.findingId}`,
    subjectKind: 'finding',
    deadline: finding.due,
    deadlineVersion: finding.dueVersion + 1,
    owner: unitRecipient(finding.responsibleUnit),
    escalateTo: [finding.inspector],
    offsetsMs: settings.offsetsMs,
    escalateEveryMs: settings.escalateEveryMs,
    escalateMax: settings.escalateMax,
  });
  return jobsPerRecipient(plan, {
    type: 'finding-reminder',
    inspectionId: finding.inspectionId,
    findingId: finding.findingId,
    dueVersion: finding.dueVersion,
    due: finding.due,
  });
}

/** What a reminder job says about its subject; the rest comes from the planned reminder. */
type ReminderSubject = Omit<ItemReminderJob, 'kind' | 'at' | 'recipient'> | Omit<FindingReminderJob, 'kind' | 'at' | 'recipient'>;

/** One job per planned reminder and recipient, each carrying the subject's fields. */
function jobsPerRecipient(plan: PlannedReminder[], subject: ReminderSubject): PlannedJob[] {
  return plan.flatMap((r) =>
    r.recipients.map((recipient) => ({
      id: reminderJobId(r, recipient),
      atMs: Date.parse(r.at),
      data: { ...subject, kind: r.kind, at: r.at, recipient },
    })),
  );
}
