import { DEFAULT_DUE_CALENDAR } from '../shared/due.js';
import type { CommandMetadata } from '../shared/decider.js';
import type { TaskCommand } from '../task/task.commands.js';
import { taskDeciderFor } from '../task/task.decider.js';
import type { TaskEvent } from '../task/task.events.js';
import { specAssessmentRules } from '../testing.js';
import { assessedEventTime, evolveAssessmentSubject, type AssessmentSubject } from './assessment-subject.js';
import { scoreItemsOf } from './scoreboard.rules.js';

// `extension.after_deadline`: given a task's events as the decider appends them, when the board
// is asked as of a moment, then the items it scores and the event each cites.

const decider = taskDeciderFor(DEFAULT_DUE_CALENDAR);
const office = { id: 'office', roles: ['reform_office' as const] };
const dept = { id: 'dept', roles: ['department' as const], unit: 'unit-a' };
const RULES = specAssessmentRules({ 'extension.after_deadline': { deadline: 'old', points: -3 } });

/** The task's stream after the commands, each decided at its moment. */
function stream(...steps: Array<[Omit<TaskCommand, 'metadata'>, CommandMetadata]>): TaskEvent[] {
  const events: TaskEvent[] = [];
  for (const [command, metadata] of steps) {
    const state = events.reduce(decider.evolve, decider.initialState());
    events.push(...decider.decide({ ...command, metadata } as TaskCommand, state));
  }
  return events;
}

function scored(events: TaskEvent[], asOf: string, rules = RULES) {
  let facts: AssessmentSubject | null = null;
  events.forEach((e, revision) => {
    facts = evolveAssessmentSubject(facts, e, { stream: 'task-t1', revision, eventId: `e${revision}`, at: assessedEventTime(e)! });
  });
  return scoreItemsOf(rules, facts!, { year: 2026, asOf, timeZone: 'Asia/Shanghai', taskUnit: () => undefined }).map(({ item }) => item);
}

const register: Omit<TaskCommand, 'metadata'> = {
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
    deadline: '2026-06-30',
    milestones: [],
  },
};
const ask = (at: string): [Omit<TaskCommand, 'metadata'>, CommandMetadata] => [
  { type: 'RequestTaskExtension', data: { taskId: 't1', requestId: 'x1', deadline: '2026-09-30', reason: '征地' } },
  { actor: dept, now: at },
];
const approve = (at: string): [Omit<TaskCommand, 'metadata'>, CommandMetadata] => [
  { type: 'ApproveTaskExtension', data: { taskId: 't1', requestId: 'x1' } },
  { actor: office, now: at },
];
const registered: [Omit<TaskCommand, 'metadata'>, CommandMetadata] = [register, { actor: office, now: '2026-01-05T00:00:00.000Z' }];

describe('scoreboard: extension.after_deadline', () => {
  it('given an extension approved after the old deadline passed, then the old deadline still counts, cited to the approval', () => {
    const events = stream(registered, ask('2026-06-25T00:00:00.000Z'), approve('2026-07-03T00:00:00.000Z'));
    const approval = events.findIndex((e) => e.type === 'TaskExtensionApproved');
    expect(scored(events, '2026-08-01T00:00:00.000Z')).toEqual([
      {
        rule: 'extension.after_deadline',
        points: -3,
        reason: '牵头任务「一网通办」未在期限（2026-06-30）前通过验收，逾期后获批延期至 2026-09-30，原期限仍计逾期',
        stream: 'task-t1',
        revision: approval,
        eventId: `e${approval}`,
        at: '2026-07-03T00:00:00.000Z',
      },
    ]);
    // Before the approval the old deadline is in force and missed: task.overdue, as for any task.
    expect(scored(events, '2026-07-02T00:00:00.000Z').map((i) => i.rule)).toEqual(['task.overdue']);
    // When the new deadline is missed too, that is a second miss.
    expect(scored(events, '2026-10-02T00:00:00.000Z').map((i) => i.rule)).toEqual(['task.overdue', 'extension.after_deadline']);
  });

  it('given an extension approved before the deadline passed, then nothing is scored while the new deadline holds', () => {
    const events = stream(registered, ask('2026-06-01T00:00:00.000Z'), approve('2026-06-20T00:00:00.000Z'));
    expect(scored(events, '2026-08-01T00:00:00.000Z')).toEqual([]);
  });

  it("given the rule says 'new', then a late approval is judged by the new deadline alone", () => {
    const events = stream(registered, ask('2026-06-25T00:00:00.000Z'), approve('2026-07-03T00:00:00.000Z'));
    const lenient = { ...RULES, rules: { ...RULES.rules, 'extension.after_deadline': { deadline: 'new' as const, points: -3 } } };
    expect(scored(events, '2026-08-01T00:00:00.000Z', lenient)).toEqual([]);
  });

  it('given a rules file without the rule, then the default: the old deadline counts as much as task.overdue', () => {
    const events = stream(registered, ask('2026-06-25T00:00:00.000Z'), approve('2026-07-03T00:00:00.000Z'));
    const { 'extension.after_deadline': _omitted, ...older } = RULES.rules;
    expect(scored(events, '2026-08-01T00:00:00.000Z', { ...RULES, rules: older })).toMatchObject([
      { rule: 'extension.after_deadline', points: -2 },
    ]);
  });

  it('given a pending request only, then the deadline in force decides: task.overdue for the old deadline', () => {
    const events = stream(registered, ask('2026-06-25T00:00:00.000Z'));
    expect(scored(events, '2026-08-01T00:00:00.000Z').map((i) => [i.rule, i.revision])).toEqual([['task.overdue', 0]]);
  });
});
