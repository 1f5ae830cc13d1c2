/**
 * The instants a calendar year spans in a time zone: `[from, to)` in epoch milliseconds, from
 * 1 January 00:00 local time to the next 1 January. "Tasks whose deadline falls in 2026" means
 * in the office's own calendar (Beijing time by default), not in UTC: a deadline at
 * 2026-12-31T23:59 in Beijing is in 2026 although it is 15:59 UTC.
 */
export function calendarYearSpan(year: number, timeZone = 'Asia/Shanghai'): { fromMs: number; toMs: number } {
  return { fromMs: startOfYear(year, timeZone), toMs: startOfYear(year + 1, timeZone) };
}

function startOfYear(year: number, timeZone: string): number {
  const utcMidnight = Date.UTC(year, 0, 1);
  return utcMidnight - offsetMs(utcMidnight, timeZone);
}

/** The zone's offset from UTC at an instant (`GMT+08:00` → 8 h), read from Intl. */
function offsetMs(at: number, timeZone: string): number {
  const name = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' }).formatToParts(at).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const m = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  if (!m) return 0;
  const sign = m[1] === '-' ? -1 : 1;
  return sign * (Number(m[2]) * 3_600_000 + Number(m[3]) * 60_000);
}
