/**
 * The reminder ladder: when the reminders of one deadline go out and to whom. Pure: the
 * scheduler turns the plan into delayed jobs whose ids are the reminder keys, so planning the
 * same deadline twice yields the same jobs.
 */
import type { ReminderKind } from '../meeting/meeting.commands.js';
import { dayReminderMs, dueReminderMs, nextCalendarDate, type DueDayReminder } from '../shared/due.js';

/** When a reminder is sent relative to the deadline: `before`, `due` (at it) or `overdue` (escalations). */
export type PlannedReminderKind = ReminderKind;

/** One reminder to send. */
export interface PlannedReminder {
  /** Deterministic, free of ':' (BullMQ refuses it in custom job ids): `item_<id>_v<version>_<kind>_<index>`. */
  key: string;
  kind: PlannedReminderKind;
  /** ISO 8601 UTC. */
  at: string;
  recipients: string[];
}

/** What the plan is computed from. */
export interface ReminderPlanInput {
  subjectId: string;
  /** Key prefix naming what the subject is; `item` by default. */
  subjectKind?: string;
  /** ISO 8601 date-time. */
  deadline: string;
  /**
   * The calendar date `deadline` is the end of, when it was given as a date: the ladder then
   * counts from `dueDay.at` on that day instead of from the instant (see {@link planReminders}).
   */
  deadlineDate?: string | null;
  /** When a date-only deadline's reminders go out (`DUE_DAY_REMINDER_AT` in `DISPLAY_TIMEZONE`); required with `deadlineDate`. */
  dueDay?: DueDayReminder;
  deadlineVersion: number;
  owner: string;
  /** Who else hears about overdue subjects, e.g. the reform office's recipients. */
  escalateTo: string[];
  /** Offsets before the deadline in ms; 0 means a reminder at the deadline itself. */
  offsetsMs: number[];
  escalateEveryMs: number;
  escalateMax: number;
}

function keyPart(value: string): string {
  return value.replace(/:/g, '-');
}

/**
 * Plans the reminders of one deadline: a `before` per non-zero offset (to the owner), a `due`
 * at the deadline if 0 is among the offsets (to the owner), then up to `escalateMax` `overdue`
 * reminders every `escalateEveryMs` after it (to the owner and `escalateTo`). Sorted by time.
 * Past reminders are included: whether to send late or skip is {@link dropStale}'s call.
 *
 * A date-only deadline (`deadlineDate`) is a day, not an instant: its `due` reminder goes out at
 * `dueDay.at` that day (09:00, not at midnight after it), each `before` that much earlier
 * (`24h`: 09:00 the day before), and the escalations from `dueDay.at` on the next day, the first
 * morning it is overdue, every `escalateEveryMs`.
 */
export function planReminders(input: ReminderPlanInput): PlannedReminder[] {
  const { subjectId, deadline, deadlineVersion, owner, escalateTo, offsetsMs, escalateEveryMs, escalateMax } = input;
  const deadlineMs = Date.parse(deadline);
  if (Number.isNaN(deadlineMs)) throw new Error(`Invalid deadline "${deadline}": expected an ISO 8601 date-time`);
  if (!Number.isInteger(deadlineVersion) || deadlineVersion < 1) throw new Error(`Invalid deadlineVersion ${deadlineVersion}`);
  for (const offset of offsetsMs)
    if (!Number.isSafeInteger(offset) || offset < 0) throw new Error(`Invalid reminder offset ${offset}: expected ms >= 0`);
  if (!Number.isSafeInteger(escalateEveryMs) || escalateEveryMs < 0) throw new Error(`Invalid escalation interval ${escalateEveryMs}`);
  if (!Number.isInteger(escalateMax) || escalateMax < 0) throw new Error(`Invalid escalation count ${escalateMax}`);

  const prefix = `${keyPart(input.subjectKind ?? 'item')}_${keyPart(subjectId)}_v${deadlineVersion}`;
  const make = (kind: PlannedReminderKind, index: number, atMs: number, recipients: string[]): PlannedReminder => ({
    key: `${prefix}_${kind}_${index}`,
    kind,
    at: new Date(atMs).toISOString(),
    recipients,
  });

  const { dueMs, firstEscalationMs } = ladderAnchors(input, deadlineMs, escalateEveryMs);
  const plan: PlannedReminder[] = [];
  const before = [...new Set(offsetsMs.filter((o) => o > 0))].sort((a, b) => b - a);
  before.forEach((offset, i) => plan.push(make('before', i, dueMs - offset, [owner])));
  if (offsetsMs.includes(0)) plan.push(make('due', 0, dueMs, [owner]));
  if (escalateEveryMs > 0) {
    const escalated = [...new Set([owner, ...escalateTo])];
    for (let i = 0; i < escalateMax; i++) plan.push(make('overdue', i, firstEscalationMs + i * escalateEveryMs, escalated));
  }
  // Already in time order by construction; the sort keeps that a guarantee, not a coincidence.
  return plan.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
}

/** Where the ladder of a deadline counts from: the `due` reminder and the first escalation. */
function ladderAnchors(
  input: ReminderPlanInput,
  deadlineMs: number,
  escalateEveryMs: number,
): { dueMs: number; firstEscalationMs: number } {
  if (!input.deadlineDate) return { dueMs: deadlineMs, firstEscalationMs: deadlineMs + escalateEveryMs };
  if (!input.dueDay) throw new Error(`A date-only deadline (${input.deadlineDate}) needs the due-day reminder time`);
  return {
    dueMs: dueReminderMs({ at: input.deadline, date: input.deadlineDate }, input.dueDay),
    firstEscalationMs: dayReminderMs(nextCalendarDate(input.deadlineDate), input.dueDay),
  };
}

/**
 * Drops reminders that are both overdue by more than `graceMs` and superseded by a later
 * reminder that is also due: a scheduler catching up on old history (or an item added with a
 * past deadline) sends the latest reminder late rather than a burst of stale ones. Within the
 * grace window every reminder is still delivered, late, so a lost Redis costs lateness, not
 * reminders.
 */
export function dropStale<T extends { atMs: number }>(jobs: T[], nowMs: number, graceMs: number): T[] {
  const due = jobs.filter((j) => j.atMs <= nowMs);
  if (due.length <= 1) return jobs;
  const latestDue = Math.max(...due.map((j) => j.atMs));
  return jobs.filter((j) => j.atMs >= latestDue || j.atMs >= nowMs - graceMs);
}

/**
 * How late a reminder may be and still be sent when a later one is due too (see
 * {@link dropStale}): two sweeps, and at least a minute, so a reminder re-added by the sweep
 * after Redis lost it still goes out.
 */
export function staleAfterMs(sweepEveryMs: number): number {
  return Math.max(2 * sweepEveryMs, 60_000);
}
