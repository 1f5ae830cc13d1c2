import { refuse } from './domain-error.js';
import { parseInstant } from './time.js';

/*
 * What a deadline or a due date means. Offices write time limits as days ("12月底前完成": by
 * the end of 31 December), so every due field accepts a calendar date, read as the end of that
 * day on the wall clock of the deployment's time zone; a date-time with an offset keeps its
 * exact meaning. The decision is made once, when the command is decided, and the event keeps
 * both the instant and the date: every later rule (overdue, lights, escalations, scores)
 * compares instants and stays as it was, and only what people read and when the `due`
 * reminder goes out look at the date.
 */

/** The time zone of a deployment that configured none (`DISPLAY_TIMEZONE`'s default). */
export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

/** How a decider reads due dates: the deployment's time zone, given when the decider is built. */
export interface DueCalendar {
  /** IANA time zone whose calendar days a date-only deadline names (`DISPLAY_TIMEZONE`). */
  timeZone: string;
}

/** The calendar of a deployment that configured nothing. */
export const DEFAULT_DUE_CALENDAR: DueCalendar = Object.freeze({ timeZone: DEFAULT_TIME_ZONE });

/** A due value as the domain keeps it. */
export interface Due {
  /** The instant it is due, UTC ISO: the end of the day (23:59:59.999) for a date. */
  at: string;
  /** The calendar date `YYYY-MM-DD` when it was given as a date, else `null`. */
  date: string | null;
}

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
// A due date-time names its time and its offset; a bare date is handled above, as a day.
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/i;

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

const formatters = new Map<string, Intl.DateTimeFormat>();

function wallClock(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Epoch ms of a wall-clock reading taken as if it were UTC (`Date.UTC`, years below 100 included). */
function utcOf(year: number, month: number, day: number, hour: number, minute: number, second: number, ms: number): number {
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  d.setUTCHours(hour, minute, second, ms);
  return d.getTime();
}

/** The wall-clock fields of an instant in a time zone, to the second. */
type WallClockFields = { year: number; month: number; day: number; hour: number; minute: number; second: number };

/**
 * Readings already taken, per time zone and whole second. `Intl`'s `formatToParts` is slow, and
 * scoring a year or judging lights reads the same deadlines and periods over and over (it was
 * half the CPU of scoring a random ledger at many instants); the reading of a second never
 * changes, so the cache answers exactly what `Intl` would. Bounded: emptied when full.
 */
const readings = new Map<string, Map<number, Readonly<WallClockFields>>>();
const READINGS_PER_ZONE = 20_000;

/**
 * The wall-clock fields of an instant in `timeZone` (`Asia/Shanghai`: UTC+8). Throws a
 * `RangeError` for a time zone the runtime does not know.
 */
export function wallClockFields(ms: number, timeZone: string): WallClockFields {
  const format = wallClock(timeZone);
  // The fields stop at the second: every instant of one second reads the same.
  const second = Math.floor(ms / 1000) * 1000;
  let zone = readings.get(timeZone);
  if (!zone) readings.set(timeZone, (zone = new Map()));
  let f = zone.get(second);
  if (!f) {
    const p: Partial<Record<Intl.DateTimeFormatPartTypes, string>> = {};
    for (const x of format.formatToParts(new Date(second))) p[x.type] = x.value;
    f = Object.freeze({
      year: Number(p.year),
      month: Number(p.month),
      day: Number(p.day),
      hour: Number(p.hour),
      minute: Number(p.minute),
      second: Number(p.second),
    });
    if (zone.size >= READINGS_PER_ZONE) zone.clear();
    zone.set(second, f);
  }
  return { ...f };
}

/** How far `timeZone`'s wall clock is ahead of UTC at an instant, in ms (+8 h in Beijing). */
function offsetAt(ms: number, timeZone: string): number {
  const whole = Math.floor(ms / 1000) * 1000;
  const f = wallClockFields(whole, timeZone);
  return utcOf(f.year, f.month, f.day, f.hour, f.minute, f.second, 0) - whole;
}

/**
 * The instant (epoch ms) at which `timeZone`'s wall clock reads `date` at the given time of
 * day. Computed from the zone's offset at that moment, checked once more for a daylight-saving
 * change in between (Beijing has none; a deployment elsewhere may).
 */
export function zonedInstantMs(
  date: string,
  timeZone: string,
  time: { hour: number; minute: number; second?: number; ms?: number },
): number {
  const m = DATE_ONLY.exec(date);
  if (!m) throw new Error(`Invalid calendar date "${date}": expected YYYY-MM-DD`);
  const wall = utcOf(Number(m[1]), Number(m[2]), Number(m[3]), time.hour, time.minute, time.second ?? 0, time.ms ?? 0);
  const first = wall - offsetAt(wall, timeZone);
  const second = wall - offsetAt(first, timeZone);
  return second;
}

/** The calendar date `YYYY-MM-DD` of an instant in `timeZone`. */
export function calendarDateIn(at: string | number, timeZone: string): string {
  const f = wallClockFields(typeof at === 'number' ? at : Date.parse(at), timeZone);
  return `${pad(f.year, 4)}-${pad(f.month)}-${pad(f.day)}`;
}

/**
 * An instant as people read it: `YYYY-MM-DD HH:mm` on the wall clock of `timeZone`
 * (`2026-11-27T01:00:00Z` in `Asia/Shanghai` is `2026-11-27 09:00`).
 */
export function formatInstant(at: string | number, timeZone: string): string {
  const f = wallClockFields(typeof at === 'number' ? at : Date.parse(at), timeZone);
  return `${pad(f.year, 4)}-${pad(f.month)}-${pad(f.day)} ${pad(f.hour)}:${pad(f.minute)}`;
}

/**
 * How a due is shown in every text people read (reasons, reminders, export cells): a due given
 * as a calendar date is that day, as the office wrote it (`2026-12-31`, not the
 * `2026-12-31 23:59` it stands for); a due given as an instant, or recorded before events kept
 * the date, is {@link formatInstant} in `timeZone`.
 *
 * @example formatDue({ at: '2026-12-31T15:59:59.999Z', date: '2026-12-31' }, 'Asia/Shanghai') // '2026-12-31'
 * @example formatDue({ at: '2026-12-31T10:00:00.000Z', date: null }, 'Asia/Shanghai') // '2026-12-31 18:00'
 */
export function formatDue(due: { at: string; date?: string | null }, timeZone: string): string {
  return due.date ?? formatInstant(due.at, timeZone);
}

/**
 * What a deadline or due date means: a calendar date `YYYY-MM-DD` is the end of that day
 * (23:59:59.999) in `timeZone`, with the date kept; an ISO 8601 date-time with an offset is that
 * instant. `null` for anything else, including dates that do not exist (`2026-02-30`) and text
 * that is not ISO 8601 (`2026年12月31日`).
 *
 * @example parseDue('2026-12-31', 'Asia/Shanghai') // { at: '2026-12-31T15:59:59.999Z', date: '2026-12-31' }
 * @example parseDue('2026-12-31T18:00:00+08:00', 'Asia/Shanghai') // { at: '2026-12-31T10:00:00.000Z', date: null }
 */
export function parseDue(value: unknown, timeZone: string): Due | null {
  if (typeof value !== 'string') return null;
  if (DATE_ONLY.test(value)) {
    // parseInstant checks the calendar (no 30 February); the day's end is the zone's.
    if (parseInstant(value) === null) return null;
    return { at: new Date(zonedInstantMs(value, timeZone, { hour: 23, minute: 59, second: 59, ms: 999 })).toISOString(), date: value };
  }
  if (!DATE_TIME.test(value)) return null;
  const at = parseInstant(value);
  return at === null ? null : { at, date: null };
}

/**
 * Whether a text is a due value in any time zone: a real calendar date or a real date-time with
 * an offset. The shape check of the API's due fields; the meaning is {@link parseDue}'s.
 */
export function isDueText(value: unknown): boolean {
  return parseDue(value, 'UTC') !== null;
}

/**
 * {@link parseDue} for a decider: the due value, or an `invalid` refusal with the aggregate's
 * `code` naming the field at `path`.
 */
export function requireDue(value: unknown, path: string, code: string, calendar: DueCalendar): Due {
  const due = parseDue(value, calendar.timeZone);
  if (due === null) throw refuse.invalid(code, `${path} must be a date YYYY-MM-DD or an ISO 8601 date-time with offset`, path, { path });
  return due;
}

/**
 * The date of a due value in an event's data, under the field name `<field>Date`: present only
 * when the value was given as a date, so events of deadlines given as instants stay as they were.
 */
export function dueDateField<K extends string>(name: K, due: Due): { [P in K]?: string } {
  return (due.date === null ? {} : { [name]: due.date }) as { [P in K]?: string };
}

const TIME_OF_DAY = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** Whether a text is a wall-clock time `HH:mm` (`DUE_DAY_REMINDER_AT`). */
export function isTimeOfDay(value: unknown): boolean {
  return typeof value === 'string' && TIME_OF_DAY.test(value);
}

/** When the reminders of date-only deadlines go out: the time zone's wall clock at `HH:mm`. */
export interface DueDayReminder {
  timeZone: string;
  /** `HH:mm` (`DUE_DAY_REMINDER_AT`, default `09:00`). */
  at: string;
}

/** The setting of a deployment that configured nothing: 09:00 Beijing time. */
export const DEFAULT_DUE_DAY_REMINDER: DueDayReminder = Object.freeze({ timeZone: DEFAULT_TIME_ZONE, at: '09:00' });

/**
 * When the `due` reminder of a deadline goes out: at the deadline itself for an instant; for a
 * date-only deadline, at `reminder.at` on that day in `reminder.timeZone` (an office is told in
 * the morning of the last day, not at midnight after it).
 */
export function dueReminderMs(due: { at: string; date?: string | null }, reminder: DueDayReminder): number {
  if (!due.date) return Date.parse(due.at);
  return dayReminderMs(due.date, reminder);
}

/** `reminder.at` on a calendar date in `reminder.timeZone`, in epoch ms. */
export function dayReminderMs(date: string, reminder: DueDayReminder): number {
  const m = TIME_OF_DAY.exec(reminder.at);
  if (!m) throw new Error(`Invalid reminder time "${reminder.at}": expected HH:mm`);
  return zonedInstantMs(date, reminder.timeZone, { hour: Number(m[1]), minute: Number(m[2]) });
}

/** The calendar date after `date` (`2026-12-31` → `2027-01-01`). */
export function nextCalendarDate(date: string): string {
  const m = DATE_ONLY.exec(date);
  if (!m) throw new Error(`Invalid calendar date "${date}": expected YYYY-MM-DD`);
  const next = new Date(utcOf(Number(m[1]), Number(m[2]), Number(m[3]) + 1, 0, 0, 0, 0));
  return next.toISOString().slice(0, 10);
}
