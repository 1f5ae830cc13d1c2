import { specAssessmentRules } from '../testing.js';
import {
  assessedEventTime,
  assessmentSubjectYears,
  evolveAssessmentSubject,
  type AssessedEvent,
  type AssessmentSubject,
} from './assessment-subject.js';
import { calendarYearOf } from '../shared/calendar-year.js';
import { scoreItemsOf } from './scoreboard.rules.js';
import { parseDue } from '../shared/due.js';
import { taskDeciderFor } from '../task/task.decider.js';
import type { TaskCommand } from '../task/task.commands.js';

// The reasons people read on the board: a due given as a day shows that day, an instant its
// wall-clock minute in the display time zone.

const SH = 'Asia/Shanghai';
// config/assessment-rules.json's values (the domain reads no files); the reasons do not depend on the points.
const RULES = specAssessmentRules();
const T0 = '2025-01-02T00:00:00.000Z';
const AS_OF = '2025-11-30T00:00:00.000Z';

/** A due as the deciders record it: the instant, and the date when it was given as one. */
const due = (value: string) => {
  const d = parseDue(value, SH)!;
  return { at: d.at, ...(d.date === null ? {} : { date: d.date }) };
};

/** given(events).scoredAsOf(moment, zone): the reasons the subject's facts yield. */
function given(events: AssessedEvent[]) {
  let facts: AssessmentSubject | null = null;
  events.forEach((e, revision) => {
    facts = evolveAssessmentSubject(facts, e, { stream: 's', revision, eventId: `e${revision}`, at: assessedEventTime(e)! });
  });
  return {
    scoredAsOf: (asOf: string, timeZone = SH) =>
      scoreItemsOf(RULES, facts!, { year: 2025, asOf, timeZone, taskUnit: () => undefined }).map(({ item }) => item.reason),
  };
}

const taskRegistered = (deadline: string): AssessedEvent => {
  const d = due(deadline);
  return {
    type: 'TaskRegistered',
    data: {
      taskId: 't1',
      title: '一网通办',
      area: 'government_services',
      specialGroup: 'sg',
      leadUnit: 'unit-a',
      responsible: 'r',
      evaluationStandard: 's',
      deadline: d.at,
      ...(d.date ? { deadlineDate: d.date } : {}),
      milestones: [],
      registeredBy: 'office',
      registeredAt: T0,
    },
  };
};

describe('scoreboard reasons: how a missed due is shown', () => {
  it('a task registered with a date-only deadline and missed: the reason names that day', () => {
    expect(given([taskRegistered('2025-06-30')]).scoredAsOf(AS_OF)).toEqual(['牵头任务「一网通办」未在期限（2025-06-30）前通过验收']);
  });

  it('a task registered with an instant: the reason names its minute in the display time zone', () => {
    expect(given([taskRegistered('2025-06-30T18:00:00+08:00')]).scoredAsOf(AS_OF)).toEqual([
      '牵头任务「一网通办」未在期限（2025-06-30 18:00）前通过验收',
    ]);
    expect(given([taskRegistered('2025-06-30T18:00:00+08:00')]).scoredAsOf(AS_OF, 'UTC')).toEqual([
      '牵头任务「一网通办」未在期限（2025-06-30 10:00）前通过验收',
    ]);
  });

  it('a task recorded before events kept the date still shows the instant', () => {
    const old = taskRegistered('2025-06-30');
    if (old.type === 'TaskRegistered') delete old.data.deadlineDate;
    expect(given([old]).scoredAsOf(AS_OF)).toEqual(['牵头任务「一网通办」未在期限（2025-06-30 23:59）前通过验收']);
  });

  it('the deadline in force decides: moved to a day, the reason names the new day', () => {
    const moved = due('2025-09-30');
    const changed: AssessedEvent = {
      type: 'TaskDeadlineChanged',
      data: {
        taskId: 't1',
        previousDeadline: due('2025-06-30T18:00:00+08:00').at,
        deadline: moved.at,
        deadlineDate: moved.date!,
        reason: 'r',
        changedBy: 'office',
        changedAt: T0,
      },
    };
    expect(given([taskRegistered('2025-06-30T18:00:00+08:00'), changed]).scoredAsOf(AS_OF)).toEqual([
      '牵头任务「一网通办」未在期限（2025-09-30）前通过验收',
    ]);
  });

  it('a task registered through the decider with a date-only deadline, never accepted', () => {
    const register: TaskCommand = {
      type: 'RegisterTask',
      data: {
        taskId: 't1',
        title: '一网通办',
        area: 'government_services',
        specialGroup: 'sg',
        specialGroupRegistered: true,
        leadUnit: 'unit-a',
        responsible: 'r',
        evaluationStandard: 's',
        deadline: '2025-06-30',
        milestones: [],
      },
      metadata: { actor: { id: 'office', roles: ['reform_office'] }, now: T0 },
    };
    const decider = taskDeciderFor({ timeZone: SH });
    const events = decider.decide(register, decider.initialState()) as AssessedEvent[];
    expect(given(events).scoredAsOf(AS_OF)).toEqual(['牵头任务「一网通办」未在期限（2025-06-30）前通过验收']);
  });

  it('a finding due on a day, extended to another day, closed late: the day it was due and the minute it was closed', () => {
    const first = due('2025-04-30');
    const extended = due('2025-05-31');
    const base = { inspectionId: 'i1', findingId: 'f1', responsibleUnit: 'unit-a' };
    const events: AssessedEvent[] = [
      {
        type: 'FindingRecorded',
        data: {
          ...base,
          targetUnit: 'unit-a',
          description: '窗口排长队',
          severity: 'medium',
          rectificationDue: first.at,
          rectificationDueDate: first.date!,
          recordedBy: 'insp',
          recordedAt: T0,
        },
      },
      {
        type: 'RectificationDueExtended',
        data: {
          ...base,
          previousDue: first.at,
          due: extended.at,
          dueDate: extended.date!,
          reason: 'r',
          extension: 1,
          extendedBy: 'office',
          extendedAt: T0,
        },
      },
      {
        type: 'RectificationVerified',
        data: {
          ...base,
          severity: 'medium',
          outcome: 'accepted',
          comment: 'c',
          verifiedBy: 'insp',
          verifiedAt: '2025-06-10T10:00:00.000Z',
        },
      },
    ];
    expect(given(events).scoredAsOf(AS_OF)).toEqual([
      '督察问题「窗口排长队」整改逾期 2 周（应于 2025-05-31 前整改，2025-06-10 18:00 销号）',
    ]);
  });

  it('an action item due on a day and never done: the reason names that day', () => {
    const d = due('2025-05-01');
    const added: AssessedEvent = {
      type: 'ItemAdded',
      data: {
        meetingId: 'm1',
        itemId: 'a1',
        title: '合并清单',
        owner: 'o',
        ownerUnit: 'unit-a',
        deadline: d.at,
        deadlineDate: d.date!,
        deadlineVersion: 1,
        decisionId: null,
        addedBy: 'office',
        addedAt: T0,
      },
    };
    expect(given([added]).scoredAsOf(AS_OF)).toEqual(['联席会议议定事项「合并清单」未在期限（2025-05-01）前办结']);
  });
});

describe("the assessment year is the display time zone's calendar year", () => {
  // 2025-12-31 20:00 in New York is 2026-01-01 09:00 in Beijing.
  const lateOnNewYearsEve = '2025-12-31T20:00:00-05:00';
  const scored = (timeZone: string) => given([taskRegistered(lateOnNewYearsEve)]).scoredAsOf('2026-02-01T00:00:00.000Z', timeZone);

  it('counts a deadline in the year it falls in on that calendar', () => {
    expect(scored('America/New_York')).toEqual(['牵头任务「一网通办」未在期限（2025-12-31 20:00）前通过验收']);
    expect(scored(SH)).toEqual([]);
  });

  it('indexes the subject under every year its deadline may fall in, whatever the zone', () => {
    expect(
      assessmentSubjectYears(
        evolveAssessmentSubject(null, taskRegistered(lateOnNewYearsEve), { stream: 's', revision: 0, eventId: 'e0', at: T0 })!,
      )
        .map((y) => y.year)
        .sort(),
    ).toEqual([2025, 2026]);
    expect(calendarYearOf(lateOnNewYearsEve, 'America/New_York')).toBe(2025);
    expect(calendarYearOf(lateOnNewYearsEve, SH)).toBe(2026);
  });
});
