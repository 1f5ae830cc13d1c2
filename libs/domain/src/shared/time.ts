import { refuse } from './domain-error.js';

/*
 * The one reading of dates for the whole domain: every aggregate that accepts a date or
 * date-time accepts and normalises the same texts, and compares instants the same way.
 */

// A date-time without an offset would be read in the machine's local zone, making the decider
// depend on where it runs; so an offset is required (a bare date is read as UTC midnight).
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-](\d{2}):(\d{2})))?$/i;

/**
 * The instant as UTC ISO (`toISOString`), or `null` when the text is not a real ISO 8601 date
 * or date-time with offset. Calendar fields are checked because `Date.parse` silently rolls
 * "02-30" over into March.
 */
export function parseInstant(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const m = ISO.exec(value);
  if (!m) return null;
  const [year, month, day, hour = 0, minute = 0, second = 0, offH = 0, offM = 0] = m
    .slice(1)
    .map((x) => (x === undefined ? undefined : Number(x)));
  if (month! < 1 || month! > 12 || day! < 1 || day! > new Date(Date.UTC(year!, month!, 0)).getUTCDate()) return null;
  if (hour > 23 || minute > 59 || second > 59 || offH > 23 || offM > 59) return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

/**
 * {@link parseInstant} for a decider: the instant in UTC (the server stores UTC, whatever
 * offset the client sent), or a refusal with the aggregate's `code` naming the field at `path`.
 */
export function requireInstant(value: unknown, path: string, code: string): string {
  const iso = parseInstant(value);
  if (iso === null) throw refuse.invalid(code, `${path} must be an ISO 8601 date-time with offset`, path, { path });
  return iso;
}

/** An instant as the domain receives it: ISO 8601 text (with offset) or epoch milliseconds. */
export type Instant = string | number;

/** The instant in epoch milliseconds (how read models store and compare deadlines). */
export function instantMs(at: Instant): number {
  return typeof at === 'number' ? at : Date.parse(at);
}

/**
 * Whether `deadline` has passed at `now`: only once `now` is strictly later. At the deadline
 * instant itself the work is still on time. Every overdue rule is "still open, and
 * {@link isPastDeadline}", so a later notion of deadline (a calendar date meaning the end of
 * that day in the display time zone) changes what `deadline` holds, never this comparison.
 */
export function isPastDeadline(deadline: Instant, now: Instant): boolean {
  return instantMs(deadline) < instantMs(now);
}

/** Whether `deadline` has been reached at `now` (the instant itself included): when expiry may run. */
export function isDeadlineReached(deadline: Instant, now: Instant): boolean {
  return instantMs(deadline) <= instantMs(now);
}

/**
 * Whether `due` falls within `windowMs` of `now`: at most `windowMs` later (the window's end
 * included; a due instant already passed is within it too). What "due soon" means for a warning.
 */
export function isDueWithin(due: Instant, now: Instant, windowMs: number): boolean {
  return instantMs(due) - instantMs(now) <= windowMs;
}
