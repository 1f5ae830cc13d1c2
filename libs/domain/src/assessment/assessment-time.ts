/*
 * What a date means for the assessment: the people who are assessed work in Beijing time
 * (UTC+8 all year, no daylight saving), so "a deadline in 2026" means a deadline between
 * 2026-01-01 00:00 and 2026-12-31 24:00 Beijing time, whatever offset it was written with.
 */
const BEIJING_OFFSET_MS = 8 * 3_600_000;

/** The assessment year (Beijing calendar year) of an instant. */
export function assessmentYearOf(iso: string): number {
  return new Date(Date.parse(iso) + BEIJING_OFFSET_MS).getUTCFullYear();
}
