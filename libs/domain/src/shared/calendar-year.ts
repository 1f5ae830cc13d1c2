import { wallClockFields, zonedInstantMs } from './due.js';

/**
 * The instants a calendar year spans in a time zone: `[from, to)` in epoch milliseconds, from
 * 1 January 00:00 local time to the next 1 January. "Tasks whose deadline falls in 2026" means
 * in the office's own calendar (`DISPLAY_TIMEZONE`, Beijing time by default), not in UTC: a
 * deadline at 2026-12-31T23:59 in Beijing is in 2026 although it is 15:59 UTC.
 */
export function calendarYearSpan(year: number, timeZone: string): { fromMs: number; toMs: number } {
  return { fromMs: startOfYear(year, timeZone), toMs: startOfYear(year + 1, timeZone) };
}

/** The calendar year of an instant in a time zone: the year {@link calendarYearSpan} puts it in. */
export function calendarYearOf(at: string | number, timeZone: string): number {
  return wallClockFields(typeof at === 'number' ? at : Date.parse(at), timeZone).year;
}

function startOfYear(year: number, timeZone: string): number {
  return zonedInstantMs(`${String(year).padStart(4, '0')}-01-01`, timeZone, { hour: 0, minute: 0 });
}
