/** Reporting periods begin and end at local midnights: in every zone in use, a whole quarter hour of UTC. */
const QUARTER_HOUR_MS = 900_000;
const quarterOf = (at: string) => Math.floor(Date.parse(at) / QUARTER_HOUR_MS);

/**
 * A task's reports with `ref` added, keeping only the last report of each quarter hour (UTC)
 * when they came in time order. What `task.report_missed` asks of the reports is whether one
 * came in a period, and which was the latest before a period began; periods are whole days of
 * the display zone, and a day of any zone whose offset is a whole quarter hour (all of them
 * since the 1970s) begins and ends at a quarter hour of UTC, so the last report of a quarter
 * hour answers both questions for all of them: the others change no score in any zone. Without
 * this the facts of a task reported on 10,000 times hold 10,000 references, read and rewritten
 * by the scoreboard on every report; with it they grow with the quarter hours in which reports
 * came, not with the number of reports.
 */
export function withReport<R extends { readonly at: string }>(reports: readonly R[], ref: R): R[] {
  const last = reports[reports.length - 1];
  // Out of time order (a clock that went back), "the latest before" depends on the order: both are kept.
  if (last && quarterOf(last.at) === quarterOf(ref.at) && Date.parse(last.at) <= Date.parse(ref.at)) {
    return [...reports.slice(0, -1), ref];
  }
  return [...reports, ref];
}
