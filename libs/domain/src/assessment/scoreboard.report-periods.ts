import { missedReports, type ReportCycle, type ReportEvery, type ReportingPeriod } from '../reporting/reporting.period.js';
import type { EventRef } from './assessment-subject.js';

const ms = Date.parse;

/** A period of a reporting cycle that ended without a progress report, with the event that made it due. */
export interface MissedReportPeriod {
  every: ReportCycle;
  period: ReportingPeriod;
  madeDue: EventRef;
}

/**
 * The periods of a task's reporting cycles (in the order set; `none` ends one) that ended before
 * `untilMs` without one of `reports` in them (the domain's {@link missedReports}), each cycle
 * owing until the next was set, oldest first. A period was made due by the latest of its cycle's
 * own event and the reports before it began. What `task.report_missed` scores, and where the
 * maintained board's instants come from.
 */
export function missedReportPeriods(
  cycles: ReadonlyArray<{ every: ReportEvery; ref: EventRef }>,
  reports: readonly EventRef[],
  untilMs: number,
  timeZone: string,
): MissedReportPeriod[] {
  const out: MissedReportPeriod[] = [];
  for (const [i, cycle] of cycles.entries()) {
    if (cycle.every === 'none') continue;
    const next = cycles[i + 1];
    const segmentEnd = Math.min(untilMs, next ? ms(next.ref.at) : Infinity);
    const missed = missedReports(
      { every: cycle.every, since: cycle.ref.at },
      reports.map((r) => r.at),
      segmentEnd,
      timeZone,
    );
    for (const { period } of missed) {
      let madeDue = cycle.ref;
      for (const r of reports) if (ms(r.at) < period.startMs && ms(r.at) >= ms(madeDue.at)) madeDue = r;
      out.push({ every: cycle.every, period, madeDue });
    }
  }
  return out;
}
