import fc from 'fast-check';
import { reportingPeriodAt } from '../reporting/reporting.period.js';
import { specAssessmentRules } from '../testing.js';
import { assessmentSubjectYears, type EventRef, type TaskFacts } from './assessment-subject.js';
import { withReport } from './report-quarters.js';
import { scoreItemsOf } from './scoreboard.rules.js';
import { factsKnownMs, scoreTimeline } from './scoreboard.timeline.js';

// A task's facts keep only the last progress report of each quarter hour
// (`withReport`). Given any reporting cycles and reports (bursts within a quarter hour, a clock
// that went back), in zones whose days begin at different quarter hours, when the board is asked
// as of any moment, then it scores exactly what it scores with every report kept.

const RULES = specAssessmentRules({ 'task.report_missed': { points: -0.5, maxPerTask: -4 } });
const ZONES = ['Asia/Shanghai', 'UTC', 'Asia/Kathmandu', 'America/New_York', 'Australia/Lord_Howe', 'Pacific/Chatham'];
const START = Date.UTC(2026, 0, 1);
const SPAN = 400 * 86_400_000;
const QUARTER = 900_000;

const ref = (revision: number, ms: number): EventRef => ({
  stream: 'task-t1',
  revision,
  eventId: `e${revision}`,
  at: new Date(ms).toISOString(),
});

function facts(cycles: Array<{ every: 'weekly' | 'monthly' | 'quarterly' | 'none'; ms: number }>, reports: EventRef[]): TaskFacts {
  const registered = ref(0, START);
  return {
    kind: 'task',
    id: 't1',
    title: '一网通办',
    unit: 'unit-a',
    deadlines: [{ at: new Date(START + SPAN / 2).toISOString(), date: null, ref: registered }],
    accepted: null,
    cancelled: null,
    reporting: {
      cycles: [{ every: 'monthly', ref: registered }, ...cycles.map((c, i) => ({ every: c.every, ref: ref(1000 + i, c.ms) }))],
      reports,
    },
  };
}

/**
 * A zone and report instants there: mostly in bursts within a quarter hour on either side of a
 * few beginnings of the zone's weeks, months and quarters, some anywhere; in time order, or now
 * and then as a clock that went back leaves them.
 */
const zoneAndReports = fc.constantFrom(...ZONES).chain((timeZone) =>
  fc.tuple(
    fc.constant(timeZone),
    fc
      .array(fc.tuple(fc.constantFrom('weekly' as const, 'monthly' as const, 'quarterly' as const), fc.integer({ min: 0, max: SPAN })), {
        minLength: 1,
        maxLength: 3,
      })
      .map((anchors) => anchors.map(([every, d]) => reportingPeriodAt(every, START + d, timeZone).startMs))
      .chain((anchors) =>
        fc.tuple(
          fc.array(
            fc.oneof(
              {
                weight: 3,
                arbitrary: fc.tuple(fc.constantFrom(...anchors), fc.integer({ min: -QUARTER, max: QUARTER })).map(([a, d]) => a + d),
              },
              { weight: 1, arbitrary: fc.integer({ min: 0, max: SPAN }).map((d) => START + d) },
            ),
            { maxLength: 40 },
          ),
          fc.boolean(),
          fc.boolean(),
        ),
      )
      .map(([times, sorted, alsoSorted]) => (sorted || alsoSorted ? times.sort((a, b) => a - b) : times)),
  ),
);

describe('scoreboard: the reports a task keeps (the last of each quarter hour)', () => {
  it('given any cycles, reports and zone, then the items, stretches, years and known time are those of every report kept', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            every: fc.constantFrom('weekly' as const, 'monthly' as const, 'quarterly' as const, 'none' as const),
            ms: fc.integer({ min: 0, max: SPAN }).map((d) => START + d),
          }),
          { maxLength: 3 },
        ),
        zoneAndReports,
        fc.array(fc.integer({ min: 0, max: SPAN + 30 * 86_400_000 }), { minLength: 1, maxLength: 4 }),
        (cycles, [timeZone, times], asOfs) => {
          cycles.sort((a, b) => a.ms - b.ms);
          const all = times.map((ms, i) => ref(i + 1, ms));
          const kept = all.reduce<EventRef[]>((acc, r) => withReport(acc, r), []);
          const full = facts(cycles, all);
          const compact = facts(cycles, kept);
          const c = { timeZone, taskUnit: () => undefined };
          for (const offset of asOfs) {
            const asOf = new Date(START + offset).toISOString();
            for (const year of [2026, 2027]) {
              expect(scoreItemsOf(RULES, compact, { ...c, year, asOf })).toEqual(scoreItemsOf(RULES, full, { ...c, year, asOf }));
            }
          }
          expect(assessmentSubjectYears(compact)).toEqual(assessmentSubjectYears(full));
          expect(factsKnownMs(compact)).toBe(factsKnownMs(full));
          expect(scoreTimeline(RULES, compact, c, factsKnownMs(full))).toEqual(scoreTimeline(RULES, full, c, factsKnownMs(full)));
        },
      ),
      { numRuns: 100 },
    );
  });

  it('given 10,000 reports in one quarter hour, then one is kept: the last', () => {
    let reports: EventRef[] = [];
    for (let i = 0; i < 10_000; i++) reports = withReport(reports, ref(i, START + Math.floor((i * (QUARTER - 1)) / 10_000)));
    expect(reports.map((r) => r.revision)).toEqual([9_999]);
    // A report in the next quarter hour starts its own.
    expect(withReport(reports, ref(10_000, START + QUARTER)).map((r) => r.revision)).toEqual([9_999, 10_000]);
  });
});
