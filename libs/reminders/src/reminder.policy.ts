/**
 * When deadline reminders go out and to whom. Pure: the scheduler turns the plan into delayed
 * jobs whose ids are the reminder keys, so planning the same deadline twice yields the same jobs.
 */

/** When a reminder is sent relative to the deadline (same values as the meeting domain's `ReminderKind`). */
export type PlannedReminderKind = 'before' | 'due' | 'overdue';

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
  deadlineVersion: number;
  owner: string;
  /** Who else hears about overdue subjects, e.g. the reform office's recipients. */
  escalateTo: string[];
  /** Offsets before the deadline in ms; 0 means a reminder at the deadline itself. */
  offsetsMs: number[];
  escalateEveryMs: number;
  escalateMax: number;
}

const UNIT_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * Parses `30s`, `15m`, `72h`, `2d`, `500ms` or a bare number of milliseconds (`0`) into ms.
 * @throws Error naming the value when it is not a non-negative whole duration.
 */
export function parseDuration(value: string): number {
  const match = /^(\d+)(ms|s|m|h|d)?$/.exec(String(value).trim());
  if (!match) throw new Error(`Invalid duration "${value}": expected a whole number with ms, s, m, h or d (e.g. 72h, 15m, 0)`);
  const ms = Number(match[1]) * UNIT_MS[match[2] ?? 'ms'];
  if (!Number.isSafeInteger(ms)) throw new Error(`Invalid duration "${value}": too large`);
  return ms;
}

/**
 * Parses a comma-separated list such as `72h,24h,0` (REMINDER_OFFSETS) into ms, largest first,
 * without duplicates.
 * @throws Error naming the first bad entry.
 */
export function parseOffsets(value: string): number[] {
  if (String(value).trim() === '') throw new Error(`Invalid reminder offsets "${value}": expected e.g. 72h,24h,0`);
  const offsets = String(value)
    .split(',')
    .map((part) => {
      try {
        return parseDuration(part);
      } catch (e) {
        throw new Error(`Invalid reminder offsets "${value}": ${(e as Error).message}`);
      }
    });
  return [...new Set(offsets)].sort((a, b) => b - a);
}

function keyPart(value: string): string {
  return value.replace(/:/g, '-');
}

/**
 * Plans the reminders of one deadline: a `before` per non-zero offset (to the owner), a `due`
 * at the deadline if 0 is among the offsets (to the owner), then up to `escalateMax` `overdue`
 * reminders every `escalateEveryMs` after it (to the owner and `escalateTo`). Sorted by time.
 * Past reminders are included: whether to send late or skip is the scheduler's call.
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

  const plan: PlannedReminder[] = [];
  const before = [...new Set(offsetsMs.filter((o) => o > 0))].sort((a, b) => b - a);
  before.forEach((offset, i) => plan.push(make('before', i, deadlineMs - offset, [owner])));
  if (offsetsMs.includes(0)) plan.push(make('due', 0, deadlineMs, [owner]));
  if (escalateEveryMs > 0) {
    const escalated = [...new Set([owner, ...escalateTo])];
    for (let i = 0; i < escalateMax; i++) plan.push(make('overdue', i, deadlineMs + (i + 1) * escalateEveryMs, escalated));
  }
  // Already in time order by construction; the sort keeps that a guarantee, not a coincidence.
  return plan.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
}
