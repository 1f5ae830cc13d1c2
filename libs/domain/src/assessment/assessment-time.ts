/*
 * What a date means for the assessment: "a deadline in 2026" is a deadline in 2026 on the
 * calendar of the people assessed (`DISPLAY_TIMEZONE`, Beijing time by default), whatever
 * offset it was written with: `calendarYearOf` in `shared/calendar-year.ts`.
 */

/**
 * The assessment years an instant may fall in, whatever the deployment's time zone: its UTC
 * year and the years 14 hours either side (the widest offsets in use). For indexing a subject
 * by year without knowing the zone; the rules then decide, in the zone, what counts.
 */
export function possibleAssessmentYears(iso: string): number[] {
  const ms = Date.parse(iso);
  const margin = 14 * 3_600_000;
  return [...new Set([ms - margin, ms, ms + margin].map((t) => new Date(t).getUTCFullYear()))];
}
