import {
  firstReportingPeriod,
  missedReports,
  type ReportCycle,
  type ReportingCycle,
  type ReportingPeriod,
} from '../reporting/reporting.period.js';
import type { EventRef, ReportingCycleFact } from './assessment-subject.js';

const ms = Date.parse;

const asCycle = (c: ReportingCycleFact & { every: ReportCycle }): ReportingCycle =>
  c.since === undefined ? { every: c.every, since: c.ref.at } : { every: c.every, since: c.ref.at, owedSince: c.since };

/** When a cycle set after another takes over: its event, or the start of its first period owed when that is earlier. */
function nextOwesFromMs(next: ReportingCycleFact, timeZone: string): number {
  if (next.every === 'none' || next.since === undefined) return ms(next.ref.at);
  return Math.min(ms(next.ref.at), firstReportingPeriod(asCycle({ ...next, every: next.every }), timeZone).startMs);
}

/** A period of a reporting cycle that ended without a progress report, with the event that made it due. */
export interface MissedReportPeriod {
  every: ReportCycle;
  period: ReportingPeriod;
  madeDue: EventRef;
}

/**
 * The periods of a task's reporting cycles (in the order set; `none` ends one) that ended before
 * `untilMs` without one of `reports` in them (the domain's {@link missedReports}), each cycle
 * owing until the next was set (or, when the next was owed since a named day, until the first
 * period the next owes began), oldest first. A period was made due by the latest of its cycle's
 * own event and the reports before it began. What `task.report_missed` scores, and where the
 * maintained board's instants come from.
 */
export function missedReportPeriods(
  cycles: readonly ReportingCycleFact[],
  reports: readonly EventRef[],
  untilMs: number,
  timeZone: string,
): MissedReportPeriod[] {
  const out: MissedReportPeriod[] = [];
  for (const [i, cycle] of cycles.entries()) {
    if (cycle.every === 'none') continue;
    const next = cycles[i + 1];
    const segmentEnd = Math.min(untilMs, next ? nextOwesFromMs(next, timeZone) : Infinity);
    const missed = missedReports(
      asCycle({ ...cycle, every: cycle.every }),
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
