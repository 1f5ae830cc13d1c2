import fc from 'fast-check';
import { reportingStatus } from '../reporting/reporting.period.js';
import { isDueWithin } from '../shared/time.js';
import {
  hasOverdueMilestone,
  isAcknowledgementOverdue,
  isProgressLagging,
  isTaskOverdue,
  lightAt,
  nextOpenMilestone,
  taskLight,
  taskLightTimes,
  type Task,
  type TaskMilestone,
} from './task.state.js';

const DAY = 86_400_000;
const CREATED = Date.parse('2026-01-01T00:00:00.000Z');
const DEADLINE = CREATED + 100 * DAY;
const RULE = { warningWindowMs: 7 * DAY, timeZone: 'Asia/Shanghai' };
const at = (days: number) => CREATED + days * DAY;

const milestone = (id: string, dueDays: number, completed = false): TaskMilestone => ({
  id,
  title: id,
  due: new Date(at(dueDays)).toISOString(),
  dueDate: null,
  completedAt: completed ? new Date(at(1)).toISOString() : null,
  completedBy: completed ? 'u-dept' : null,
  note: null,
});

type LitTask = Pick<Task, 'status' | 'deadline' | 'milestones' | 'createdAt' | 'progress'> &
  Partial<Pick<Task, 'reportingCycle' | 'progressReports'>>;
const task = (over: Partial<LitTask> = {}): LitTask => ({
  status: 'in_progress',
  createdAt: new Date(CREATED).toISOString(),
  deadline: new Date(DEADLINE).toISOString(),
  milestones: [],
  progress: 100,
  ...over,
});

describe('taskLight (三色预警)', () => {
  it('is null once the task is accepted or cancelled, whatever the dates', () => {
    expect(taskLight(task({ status: 'accepted', progress: 0 }), at(200), RULE)).toBeNull();
    expect(taskLight(task({ status: 'cancelled', milestones: [milestone('m', 10)] }), at(50), RULE)).toBeNull();
  });

  it('is red one millisecond after the deadline, yellow at the deadline instant', () => {
    expect(taskLight(task(), DEADLINE, RULE)).toBe('yellow');
    expect(taskLight(task(), DEADLINE + 1, RULE)).toBe('red');
    expect(taskLight(task({ status: 'submitted' }), DEADLINE + 1, RULE)).toBe('red');
  });

  it('is red when an open milestone is overdue, not when it was completed', () => {
    const late = milestone('m1', 10);
    expect(taskLight(task({ milestones: [late] }), at(10) + 1, RULE)).toBe('red');
    expect(hasOverdueMilestone(task({ milestones: [late] }), at(10) + 1)).toBe(true);
    expect(taskLight(task({ milestones: [milestone('m1', 10, true)] }), at(10) + 1, RULE)).toBe('green');
  });

  it('is yellow when the deadline is within the warning window, the window’s end included', () => {
    expect(taskLight(task(), DEADLINE - 7 * DAY - 1, RULE)).toBe('green');
    expect(taskLight(task(), DEADLINE - 7 * DAY, RULE)).toBe('yellow');
    expect(taskLight(task(), DEADLINE - 7 * DAY, { warningWindowMs: 7 * DAY - 1, timeZone: 'Asia/Shanghai' })).toBe('green');
  });

  it('is yellow when the next open milestone is due within the window; completed ones do not count', () => {
    const soon = task({ milestones: [milestone('later', 60), milestone('next', 30)] });
    expect(nextOpenMilestone(soon)?.id).toBe('next');
    expect(taskLight(soon, at(23) - 1, RULE)).toBe('green');
    expect(taskLight(soon, at(23), RULE)).toBe('yellow');
    const done = task({ milestones: [milestone('later', 60), milestone('next', 30, true)] });
    expect(nextOpenMilestone(done)?.id).toBe('later');
    expect(taskLight(done, at(23), RULE)).toBe('green');
  });

  it('is yellow when progress lags the time-proportional schedule by more than 25 points', () => {
    // At day 50 half the time has gone: 24% is 26 points behind, 25% exactly 25 (not more).
    expect(isProgressLagging(task({ progress: 24 }), at(50))).toBe(true);
    expect(isProgressLagging(task({ progress: 25 }), at(50))).toBe(false);
    expect(taskLight(task({ progress: 24 }), at(50), RULE)).toBe('yellow');
    expect(taskLight(task({ progress: 25 }), at(50), RULE)).toBe('green');
    expect(taskLight(task({ progress: 0 }), at(25), RULE)).toBe('green');
    expect(taskLight(task({ progress: 0 }), at(25) + 1, RULE)).toBe('yellow');
  });

  it('has no schedule to lag when the deadline is not after registration (a migrated ledger)', () => {
    const migrated = task({ deadline: new Date(CREATED - DAY).toISOString(), progress: 0 });
    expect(isProgressLagging(migrated, CREATED)).toBe(false);
    expect(taskLight(migrated, CREATED, RULE)).toBe('red');
  });

  it('is green otherwise, and compares instants whatever the offsets', () => {
    expect(taskLight(task({ progress: 10 }), at(1), RULE)).toBe('green');
    const offset = task({ deadline: '2026-04-11T08:00:00+08:00' }); // = DEADLINE
    expect(taskLight(offset, DEADLINE + 1, RULE)).toBe('red');
    expect(taskLight(offset, new Date(DEADLINE).toISOString(), RULE)).toBe('yellow');
  });
});

describe('taskLight with a reporting cycle (报送周期)', () => {
  const BEIJING_RULE = { warningWindowMs: 7 * DAY, timeZone: 'Asia/Shanghai' };
  // Registered mid-March 2026 (10:00 on the 15th in Beijing), monthly, on schedule, deadline far.
  const monthly = (reports: string[] = []) =>
    task({
      createdAt: '2026-03-15T02:00:00.000Z',
      deadline: '2027-12-31T15:59:59.999Z',
      reportingCycle: { every: 'monthly', since: '2026-03-15T02:00:00.000Z' },
      progressReports: reports.map((at) => ({ percent: 100, note: '', by: 'u', at })),
    });
  const MARCH_DUE = Date.parse('2026-03-31T15:59:59.999Z');

  it('is green through the last minute of the period’s last day in Beijing, yellow from the next millisecond', () => {
    expect(taskLight(monthly(), MARCH_DUE - 60_000, BEIJING_RULE)).toBe('green');
    expect(taskLight(monthly(), MARCH_DUE, BEIJING_RULE)).toBe('green');
    expect(taskLight(monthly(), MARCH_DUE + 1, BEIJING_RULE)).toBe('yellow');
    expect(taskLightTimes(monthly(), BEIJING_RULE)?.yellowFromMs).toBe(MARCH_DUE + 1);
  });

  it('owes the period the task was registered in (mid-March), and a report in it settles March', () => {
    expect(taskLight(monthly(['2026-03-20T02:00:00.000Z']), MARCH_DUE + 1, BEIJING_RULE)).toBe('green');
    // April is owed next: yellow once April ends without a report.
    expect(taskLight(monthly(['2026-03-20T02:00:00.000Z']), Date.parse('2026-04-30T16:00:00.000Z'), BEIJING_RULE)).toBe('yellow');
  });

  it('goes back to green when a late report comes, and stays yellow, never red, for the report alone', () => {
    expect(taskLight(monthly(['2026-04-02T02:00:00.000Z']), Date.parse('2026-04-02T03:00:00.000Z'), BEIJING_RULE)).toBe('green');
    expect(taskLight(monthly(), Date.parse('2026-09-01T00:00:00.000Z'), BEIJING_RULE)).toBe('yellow');
  });

  it('judges the period in the configured calendar: in UTC March ends eight hours later', () => {
    const utc = { ...BEIJING_RULE, timeZone: 'UTC' };
    expect(taskLight(monthly(), MARCH_DUE + 1, utc)).toBe('green');
    expect(taskLight(monthly(), Date.parse('2026-04-01T00:00:00.000Z'), utc)).toBe('yellow');
  });

  it('has no light once the task is accepted, whatever was owed', () => {
    expect(taskLight({ ...monthly(), status: 'accepted' }, MARCH_DUE + 1, BEIJING_RULE)).toBeNull();
  });
});

describe('taskLightTimes', () => {
  // The light as API.md words it, clause by clause from the predicates: the instants must give it at every moment.
  const worded = (t: LitTask & { acknowledgeBy?: string | null; acknowledgedAt?: string | null }, now: number, windowMs: number) => {
    if (t.status === 'accepted' || t.status === 'cancelled') return null;
    if (isTaskOverdue(t, now) || hasOverdueMilestone(t, now)) return 'red';
    const next = nextOpenMilestone(t);
    const warned = isDueWithin(t.deadline, now, windowMs) || (next !== null && isDueWithin(next.due, now, windowMs));
    const reportOverdue =
      !!t.reportingCycle &&
      reportingStatus(
        t.reportingCycle,
        (t.progressReports ?? []).map((r) => r.at),
        now,
        'Asia/Shanghai',
      ).overdue;
    return warned || isProgressLagging(t, now) || isAcknowledgementOverdue(t, now) || reportOverdue ? 'yellow' : 'green';
  };
  const instant = fc.integer({ min: CREATED - 50 * DAY, max: CREATED + 200 * DAY });
  const arbitraryTask = fc.record({
    status: fc.constantFrom('planned', 'in_progress', 'submitted', 'accepted', 'cancelled' as const),
    deadline: instant,
    progress: fc.integer({ min: 0, max: 100 }),
    milestones: fc.array(fc.record({ due: instant, done: fc.boolean() }), { maxLength: 3 }),
    acknowledgeBy: fc.option(instant),
    acknowledged: fc.boolean(),
    reporting: fc.option(
      fc.record({
        every: fc.constantFrom('weekly', 'monthly', 'quarterly' as const),
        since: instant,
        reports: fc.array(instant, { maxLength: 3 }),
      }),
    ),
  });

  it('judge overdue and the light exactly as the predicates do, at every moment and at each instant itself', () => {
    fc.assert(
      fc.property(arbitraryTask, fc.array(instant, { maxLength: 4 }), fc.integer({ min: 0, max: 30 * DAY }), (a, nows, windowMs) => {
        const t = {
          ...task({ status: a.status as Task['status'], deadline: new Date(a.deadline).toISOString(), progress: a.progress }),
          milestones: a.milestones.map((m, i) => ({ ...milestone(`m${i}`, 0, m.done), due: new Date(m.due).toISOString() })),
          acknowledgeBy: a.acknowledgeBy === null ? null : new Date(a.acknowledgeBy).toISOString(),
          acknowledgedAt: a.acknowledged ? new Date(CREATED).toISOString() : null,
          reportingCycle: a.reporting && { every: a.reporting.every, since: new Date(a.reporting.since).toISOString() },
          progressReports: (a.reporting?.reports ?? [])
            .sort((x, y) => x - y)
            .map((r) => ({ percent: a.progress, note: '', by: 'u', at: new Date(r).toISOString() })),
        };
        const rule = { warningWindowMs: windowMs, timeZone: 'Asia/Shanghai' };
        const times = taskLightTimes(t, rule);
        const probes = [
          ...nows,
          ...(times ? [times.overdueFromMs, times.yellowFromMs, times.redFromMs].filter(Number.isFinite).flatMap((x) => [x - 1, x]) : []),
        ];
        for (const now of probes) {
          expect(times === null ? null : lightAt(times, now)).toBe(worded(t, now, windowMs));
          expect(taskLight(t, now, rule)).toBe(worded(t, now, windowMs));
          expect(times !== null && now >= times.overdueFromMs).toBe(isTaskOverdue(t, now));
        }
      }),
      { numRuns: 500 },
    );
  });
});
