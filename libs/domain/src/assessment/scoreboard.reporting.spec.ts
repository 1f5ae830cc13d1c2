import { DEFAULT_DUE_CALENDAR } from '../shared/due.js';
import type { CommandMetadata } from '../shared/decider.js';
import type { TaskCommand } from '../task/task.commands.js';
import { taskDeciderFor } from '../task/task.decider.js';
import type { TaskEvent } from '../task/task.events.js';
import { specAssessmentRules } from '../testing.js';
import { assessedEventTime, assessmentSubjectYears, evolveAssessmentSubject, type AssessmentSubject } from './assessment-subject.js';
import { scoreItemsOf } from './scoreboard.rules.js';

// `task.report_missed`: given a task's events as the decider appends them (a reporting cycle set
// at registration or later, progress reports), when the board is asked as of a moment, then the
// items it scores for each period that ended without a report, and the event each cites: the one
// that made the period due (the registration, the reporting change, the report before it).

const decider = taskDeciderFor(DEFAULT_DUE_CALENDAR);
const office = { id: 'office', roles: ['reform_office' as const] };
const dept = { id: 'dept', roles: ['department' as const], unit: 'unit-a' };
const RULES = specAssessmentRules({ 'task.report_missed': { points: -0.5, maxPerTask: -2 } });
type Step = [Omit<TaskCommand, 'metadata'>, CommandMetadata];

function stream(...steps: Step[]): TaskEvent[] {
  const events: TaskEvent[] = [];
  for (const [command, metadata] of steps) {
    const state = events.reduce(decider.evolve, decider.initialState());
    events.push(...decider.decide({ ...command, metadata } as TaskCommand, state));
  }
  return events;
}

function factsOf(events: TaskEvent[]): AssessmentSubject {
  let facts: AssessmentSubject | null = null;
  events.forEach((e, revision) => {
    facts = evolveAssessmentSubject(facts, e, { stream: 'task-t1', revision, eventId: `e${revision}`, at: assessedEventTime(e)! });
  });
  return facts!;
}

function scored(events: TaskEvent[], asOf: string, rules = RULES, year = 2026) {
  return scoreItemsOf(rules, factsOf(events), { year, asOf, timeZone: 'Asia/Shanghai', taskUnit: () => undefined })
    .map(({ item }) => item)
    .filter((i) => i.rule === 'task.report_missed');
}

const register = (reportEvery?: 'weekly' | 'monthly' | 'quarterly'): Omit<TaskCommand, 'metadata'> => ({
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
    deadline: '2027-06-30',
    milestones: [],
    ...(reportEvery ? { reportEvery } : {}),
  },
});
// 10:00 on 15 March 2026 in Beijing: registered mid-period.
const registered = (every?: 'weekly' | 'monthly' | 'quarterly'): Step => [
  register(every),
  { actor: office, now: '2026-03-15T02:00:00.000Z' },
];
const report = (at: string): Step => [
  { type: 'ReportProgress', data: { taskId: 't1', percent: 10, note: '进展' } },
  { actor: dept, now: at },
];
const setReporting = (every: 'weekly' | 'monthly' | 'quarterly' | 'none', at: string, since?: string): Step => [
  { type: 'SetTaskReporting', data: { taskId: 't1', every, ...(since !== undefined ? { since } : {}) } },
  { actor: office, now: at },
];
const revisionOf = (events: TaskEvent[], at: string) => events.findIndex((e) => assessedEventTime(e) === at);

describe('scoreboard: task.report_missed', () => {
  it('given a monthly task from mid-March with no report, then March is missed from 1 April 00:00 Beijing, citing the registration', () => {
    const events = stream(registered('monthly'));
    // The last minute of 31 March in Beijing: not yet missed.
    expect(scored(events, '2026-03-31T15:59:00.000Z')).toEqual([]);
    expect(scored(events, '2026-03-31T16:00:00.000Z')).toEqual([
      {
        rule: 'task.report_missed',
        points: -0.5,
        reason: '牵头任务「一网通办」未按报送周期（每月）报送进展（2026-03-01 至 2026-03-31）',
        stream: 'task-t1',
        revision: 0,
        eventId: 'e0',
        at: '2026-03-15T02:00:00.000Z',
      },
    ]);
  });

  it('given a report in March and none in April, then April is missed, cited to the March report that made it due', () => {
    const events = stream(registered('monthly'), report('2026-03-20T02:00:00.000Z'));
    const items = scored(events, '2026-05-02T00:00:00.000Z');
    expect(items.map((i) => [i.reason, i.revision, i.at])).toEqual([
      ['牵头任务「一网通办」未按报送周期（每月）报送进展（2026-04-01 至 2026-04-30）', 1, '2026-03-20T02:00:00.000Z'],
    ]);
  });

  it('given no report for a year, then −0.5 a month down to −2 for the task: four items, then no more', () => {
    const items = scored(stream(registered('monthly')), '2026-12-31T00:00:00.000Z');
    expect(items.map((i) => i.points)).toEqual([-0.5, -0.5, -0.5, -0.5]);
    // A cap that is not a multiple of the points: the last item takes what is left.
    const odd = specAssessmentRules({ 'task.report_missed': { points: -0.75, maxPerTask: -2 } });
    expect(scored(stream(registered('monthly')), '2026-12-31T00:00:00.000Z', odd).map((i) => i.points)).toEqual([-0.75, -0.75, -0.5]);
  });

  it('given a cycle set later by the office, then periods are owed from its period, cited to the reporting change; none ends them', () => {
    const events = stream(
      registered(),
      setReporting('weekly', '2026-04-01T02:00:00.000Z'),
      setReporting('none', '2026-04-14T02:00:00.000Z'),
    );
    const set = revisionOf(events, '2026-04-01T02:00:00.000Z');
    // Weeks of 30 March and of 6 April ended without a report; after `none` nothing more is owed.
    expect(scored(events, '2026-06-01T00:00:00.000Z').map((i) => [i.reason, i.revision])).toEqual([
      ['牵头任务「一网通办」未按报送周期（每周）报送进展（2026-03-30 至 2026-04-05）', set],
      ['牵头任务「一网通办」未按报送周期（每周）报送进展（2026-04-06 至 2026-04-12）', set],
    ]);
    // Without a cycle, nothing at all.
    expect(scored(stream(registered()), '2026-12-31T00:00:00.000Z')).toEqual([]);
  });

  it('given a late report, then the period stays missed but the next is owed from it; an accepted task owes nothing after', () => {
    const late = stream(registered('monthly'), report('2026-04-03T02:00:00.000Z'));
    expect(scored(late, '2026-04-30T12:00:00.000Z').map((i) => i.reason)).toEqual([
      '牵头任务「一网通办」未按报送周期（每月）报送进展（2026-03-01 至 2026-03-31）',
    ]);
    // May's period was made due by the April report: April itself had it.
    expect(scored(late, '2026-06-01T00:00:00.000Z').map((i) => [i.reason, i.at])).toEqual([
      ['牵头任务「一网通办」未按报送周期（每月）报送进展（2026-03-01 至 2026-03-31）', '2026-03-15T02:00:00.000Z'],
      ['牵头任务「一网通办」未按报送周期（每月）报送进展（2026-05-01 至 2026-05-31）', '2026-04-03T02:00:00.000Z'],
    ]);
    const cancelled = stream(registered('monthly'), [
      { type: 'CancelTask', data: { taskId: 't1', reason: '撤销' } },
      { actor: office, now: '2026-03-20T00:00:00.000Z' },
    ]);
    expect(scored(cancelled, '2026-12-31T00:00:00.000Z')).toEqual([]);
  });

  it('given a period ending in the next year, then it scores in that year, whose index the task is under', () => {
    const events = stream(registered('quarterly'));
    expect(scored(events, '2027-01-05T00:00:00.000Z', RULES, 2027)).toEqual([]);
    expect(scored(events, '2027-04-05T00:00:00.000Z', RULES, 2027).map((i) => i.reason)).toEqual([
      '牵头任务「一网通办」未按报送周期（每季度）报送进展（2027-01-01 至 2027-03-31）',
    ]);
    expect(assessmentSubjectYears(factsOf(events)).map((y) => y.year)).toEqual([2026, 2027, 2028]);
  });

  it('given a cycle set in May owed since the previous December, then each ended period is missed, cited to the setting', () => {
    const events = stream(registered(), setReporting('monthly', '2026-05-10T02:00:00.000Z', '2025-12-01'));
    const set = revisionOf(events, '2026-05-10T02:00:00.000Z');
    // Known from 10 May on: January to April in 2026, each citing the event that made it due (recorded now, owed since).
    expect(scored(events, '2026-05-11T00:00:00.000Z').map((i) => [i.reason, i.revision, i.at])).toEqual(
      ['01', '02', '03', '04'].map((m) => [
        `牵头任务「一网通办」未按报送周期（每月）报送进展（2026-${m}-01 至 2026-${m}-${m === '02' ? 28 : m === '04' ? 30 : 31}）`,
        set,
        '2026-05-10T02:00:00.000Z',
      ]),
    );
    // December 2025 scores in 2025, the year the task is now also indexed under; before the setting was recorded, nothing.
    expect(scored(events, '2026-05-11T00:00:00.000Z', RULES, 2025).map((i) => i.reason)).toEqual([
      '牵头任务「一网通办」未按报送周期（每月）报送进展（2025-12-01 至 2025-12-31）',
    ]);
    expect(assessmentSubjectYears(factsOf(events)).map((y) => y.year)).toContain(2025);
    expect(scored(events, '2026-05-10T01:00:00.000Z')).toEqual([]);
  });

  it('given weekly replaced by monthly owed since before, then the weekly cycle owes only until the monthly one takes over', () => {
    const events = stream(
      registered('weekly'),
      report('2026-03-16T02:00:00.000Z'),
      setReporting('monthly', '2026-04-20T02:00:00.000Z', '2026-04-01'),
    );
    // Registered on Sunday 15 March: the weeks of 9, 16 and 23 March are the weekly cycle's (16 March reported); the week
    // of 30 March ends on 5 April, after April's period began: April is the monthly cycle's, so it is not owed twice.
    expect(scored(events, '2026-05-02T00:00:00.000Z').map((i) => i.reason)).toEqual([
      '牵头任务「一网通办」未按报送周期（每周）报送进展（2026-03-09 至 2026-03-15）',
      '牵头任务「一网通办」未按报送周期（每周）报送进展（2026-03-23 至 2026-03-29）',
      '牵头任务「一网通办」未按报送周期（每月）报送进展（2026-04-01 至 2026-04-30）',
    ]);
  });

  it('given a rules file without the rule, then the default: −0.5 a missed report', () => {
    const { 'task.report_missed': _omitted, ...older } = RULES.rules;
    expect(scored(stream(registered('monthly')), '2026-04-05T00:00:00.000Z', { ...RULES, rules: older })).toMatchObject([{ points: -0.5 }]);
  });
});
