import { wallClockFields } from '#domain';

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

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
 * An instant as people read it: `YYYY-MM-DD HH:mm` on the wall clock of `timeZone`
 * (`2026-11-27T01:00:00Z` in `Asia/Shanghai` is `2026-11-27 09:00`). A calendar date (a
 * deadline given as a day) is shown as that date. Text that is not an instant is returned as it
 * is, so a malformed value is still shown rather than lost.
 */
export function formatDisplayTime(iso: string, timeZone: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(iso)) return iso;
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  const f = wallClockFields(ms, timeZone);
  return `${pad(f.year, 4)}-${pad(f.month)}-${pad(f.day)} ${pad(f.hour)}:${pad(f.minute)}`;
}
