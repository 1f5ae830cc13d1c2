import { formatInstant, wallClockFields } from '#domain';

/** Whether the runtime knows an IANA time zone (`Asia/Shanghai`). */
export function isTimeZone(value: string): boolean {
  try {
    wallClockFields(0, value);
    return true;
  } catch {
    return false;
  }
}

/**
 * A time value named in a text (`{{deadline, time}}`), as people read it: an instant is
 * {@link formatInstant} in `timeZone`; a calendar date (a due a refusal names by the date it was
 * given as) is shown as that date. Text that is not an instant is returned as it is, so a
 * malformed value is still shown rather than lost.
 */
export function formatDisplayTime(iso: string, timeZone: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(iso)) return iso;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? iso : formatInstant(ms, timeZone);
}
