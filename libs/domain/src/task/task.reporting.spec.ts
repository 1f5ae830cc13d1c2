import type { CommandMetadata, DomainActor } from '../shared/decider.js';
import { DEFAULT_DUE_CALENDAR } from '../shared/due.js';
import { fold, specFor } from '../testing.js';
import type { TaskCommand } from './task.commands.js';
import { taskDeciderFor } from './task.decider.js';
import type { TaskEvent } from './task.events.js';
import { taskReporting } from './task.reporting.js';
import type { Task } from './task.state.js';

// Reporting cycles (报送周期) on the task: set at registration or by the office, judged by the
// period function in Beijing time.

const taskDecider = taskDeciderFor(DEFAULT_DUE_CALENDAR);
const given = specFor(taskDecider);
const BEIJING = 'Asia/Shanghai';
const office: DomainActor = { id: 'u-office', roles: ['reform_office'] };
const dept: DomainActor = { id: 'u-dept', roles: ['department'], unit: 'nanguan' };
const at = (actor: DomainActor, now: string): CommandMetadata => ({ actor, now });

const register = (now: string, reportEvery?: string, reportSince?: string): TaskCommand => ({
  type: 'RegisterTask',
  data: {
    taskId: 't1',
    title: '推进基层治理',
    area: 'grassroots_governance',
    specialGroup: 'grassroots',
    specialGroupRegistered: true,
    leadUnit: 'nanguan',
    responsible: '区长',
    evaluationStandard: '网格员全覆盖',
    deadline: '2027-12-31',
    milestones: [],
    ...(reportEvery !== undefined ? { reportEvery: reportEvery as 'monthly' } : {}),
    ...(reportSince !== undefined ? { reportSince } : {}),
  },
  metadata: at(office, now),
});
const registered = (now: string, reportEvery?: string): TaskEvent => given([]).when(register(now, reportEvery)).thenEvents()[0]!;
const setReporting = (every: string, now: string, actor = office, since?: string): TaskCommand => ({
  type: 'SetTaskReporting',
  data: { taskId: 't1', every: every as 'weekly', ...(since !== undefined ? { since } : {}) },
  metadata: at(actor, now),
});
const report = (now: string): TaskEvent => ({
  type: 'TaskProgressReported',
  data: { taskId: 't1', percent: 10, note: '进展', reportedBy: 'u-dept', reportedAt: now },
});

describe('reporting cycles on the task', () => {
  it('given nothing, when the office registers a task reporting monthly, then the registration records the cycle from then', () => {
    const e = registered('2026-03-15T02:00:00.000Z', 'monthly');
    expect(e.type === 'TaskRegistered' && e.data.reportEvery).toBe('monthly');
    expect(fold(taskDecider, [e])?.reportingCycle).toEqual({ every: 'monthly', since: '2026-03-15T02:00:00.000Z' });
    expect(fold(taskDecider, [registered('2026-03-15T02:00:00.000Z', 'none')])?.reportingCycle).toBeNull();
  });

  it('given nothing, when the registration names an unknown cycle, then it is refused naming reportEvery', () => {
    const error = given([]).when(register('2026-03-15T02:00:00.000Z', 'daily')).thenError();
    expect([error.code, error.path]).toEqual(['TASK.INVALID_REPORT_EVERY', 'reportEvery']);
  });

  it('given a task, when the office sets a weekly cycle, then it is recorded with the previous one; the same again is a conflict', () => {
    const e = registered('2026-03-15T02:00:00.000Z');
    const set = given([e]).when(setReporting('weekly', '2026-04-01T02:00:00.000Z')).thenEvents();
    expect(set).toEqual([
      {
        type: 'TaskReportingSet',
        data: { taskId: 't1', every: 'weekly', previous: 'none', setBy: 'u-office', setAt: '2026-04-01T02:00:00.000Z' },
      },
    ]);
    expect(
      given([e, ...set])
        .when(setReporting('weekly', '2026-04-02T02:00:00.000Z'))
        .thenErrorCode(),
    ).toBe('TASK.REPORTING_UNCHANGED');
    expect(
      fold(taskDecider, [
        e,
        ...set,
        ...given([e, ...set])
          .when(setReporting('none', '2026-04-03T00:00:00.000Z'))
          .thenEvents(),
      ])?.reportingCycle,
    ).toBeNull();
  });

  it('given a task, when a department or a bad value sets the cycle, then it is refused', () => {
    const e = registered('2026-03-15T02:00:00.000Z');
    expect(
      given([e])
        .when(setReporting('monthly', '2026-04-01T00:00:00.000Z', dept))
        .thenErrorCode(),
    ).toBe('TASK.ROLE_REQUIRED');
    const error = given([e]).when(setReporting('yearly', '2026-04-01T00:00:00.000Z')).thenError();
    expect([error.code, error.path]).toEqual(['TASK.INVALID_REPORT_EVERY', 'every']);
  });

  it('given a task registered mid-March reporting monthly, then March is owed from the 15th, missed once April begins in Beijing', () => {
    const task = fold(taskDecider, [registered('2026-03-15T02:00:00.000Z', 'monthly')]) as Task;
    // 23:59 on 31 March in Beijing: March's report is still due, not missed.
    expect(taskReporting(task, '2026-03-31T15:59:00.000Z', BEIJING)).toEqual({
      every: 'monthly',
      periodStart: '2026-03-01',
      periodDue: '2026-03-31T15:59:59.999Z',
      lastReportAt: null,
      missed: 0,
      overdue: false,
    });
    // The first minute of April in Beijing (still 31 March in UTC): March is missed and overdue.
    expect(taskReporting(task, '2026-03-31T16:00:00.000Z', BEIJING)).toMatchObject({ periodStart: '2026-04-01', missed: 1, overdue: true });
  });

  it('given a report in the last minute of a month in Beijing, then that month is settled and nothing is overdue after it', () => {
    const task = fold(taskDecider, [registered('2026-01-10T00:00:00.000Z', 'monthly'), report('2026-01-31T15:59:00.000Z')]) as Task;
    expect(taskReporting(task, '2026-02-01T00:00:00.000Z', BEIJING)).toMatchObject({
      missed: 0,
      overdue: false,
      lastReportAt: '2026-01-31T15:59:00.000Z',
    });
    expect(taskReporting(task, '2026-02-28T16:00:00.000Z', BEIJING)).toMatchObject({ missed: 1, overdue: true });
  });

  it('given a task without a cycle, then it has no reporting status; an accepted task owes nothing more', () => {
    expect(
      taskReporting(fold(taskDecider, [registered('2026-01-10T00:00:00.000Z')]) as Task, '2027-01-01T00:00:00.000Z', BEIJING),
    ).toBeNull();
    const accepted = {
      ...(fold(taskDecider, [registered('2026-01-10T00:00:00.000Z', 'monthly')]) as Task),
      status: 'accepted' as const,
      acceptedAt: '2026-01-20T00:00:00.000Z',
    };
    expect(taskReporting(accepted, '2026-06-01T00:00:00.000Z', BEIJING)).toMatchObject({ missed: 0, overdue: false });
  });

  it('given a task, when the office sets a monthly cycle owed since a past day, then the event records it now, owed since then', () => {
    const e = registered('2026-01-05T02:00:00.000Z');
    const set = given([e])
      .when(setReporting('monthly', '2026-05-10T02:00:00.000Z', office, '2026-02-14'))
      .thenEvents();
    expect(set).toEqual([
      {
        type: 'TaskReportingSet',
        data: {
          taskId: 't1',
          every: 'monthly',
          previous: 'none',
          since: '2026-02-14',
          setBy: 'u-office',
          setAt: '2026-05-10T02:00:00.000Z',
        },
      },
    ]);
    const task = fold(taskDecider, [e, ...set]) as Task;
    expect(task.reportingCycle).toEqual({ every: 'monthly', since: '2026-05-10T02:00:00.000Z', owedSince: '2026-02-14' });
    // February, March and April ended without a report: three missed, overdue as soon as it is set.
    expect(taskReporting(task, '2026-05-10T02:00:00.000Z', BEIJING)).toMatchObject({ periodStart: '2026-05-01', missed: 3, overdue: true });
    // Today in Beijing (already 11 May there, still 10 May in UTC) is not in the future.
    expect(
      given([e])
        .when(setReporting('weekly', '2026-05-10T16:30:00.000Z', office, '2026-05-11'))
        .thenEvents(),
    ).toHaveLength(1);
    // The same frequency owed since another day is a new cycle; the same day again is a conflict.
    const moved = given([e, ...set])
      .when(setReporting('monthly', '2026-05-11T02:00:00.000Z', office, '2026-03-01'))
      .thenEvents();
    expect(moved[0]).toMatchObject({ data: { every: 'monthly', previous: 'monthly', since: '2026-03-01' } });
    expect(
      given([e, ...set])
        .when(setReporting('monthly', '2026-05-11T02:00:00.000Z', office, '2026-02-14'))
        .thenErrorCode(),
    ).toBe('TASK.REPORTING_UNCHANGED');
  });

  it('given a task, when the day owed since is after today in Beijing, no date, or without a cycle, then it is refused', () => {
    const e = registered('2026-01-05T02:00:00.000Z');
    // 10 May 23:59 in Beijing: 11 May is tomorrow there.
    const future = given([e])
      .when(setReporting('monthly', '2026-05-10T15:59:00.000Z', office, '2026-05-11'))
      .thenError();
    expect([future.code, future.kind, future.path]).toEqual(['TASK.REPORT_SINCE_AFTER_TODAY', 'invalid', 'since']);
    const bad = given([e])
      .when(setReporting('monthly', '2026-05-10T02:00:00.000Z', office, '2026-02-30'))
      .thenError();
    expect([bad.code, bad.path]).toEqual(['TASK.INVALID_DATE', 'since']);
    const none = given([e])
      .when(setReporting('none', '2026-05-10T02:00:00.000Z', office, '2026-02-01'))
      .thenError();
    expect([none.code, none.path]).toEqual(['TASK.REPORT_SINCE_WITHOUT_CYCLE', 'since']);
  });

  it('given nothing, when the office registers a monthly task owed since a past day, then it owes from it; a future day is refused', () => {
    const e = given([])
      .when(register('2026-05-10T02:00:00.000Z', 'monthly', '2026-02-14'))
      .thenEvents()[0]!;
    expect(e.type === 'TaskRegistered' && [e.data.reportEvery, e.data.reportSince, e.data.registeredAt]).toEqual([
      'monthly',
      '2026-02-14',
      '2026-05-10T02:00:00.000Z',
    ]);
    expect(taskReporting(fold(taskDecider, [e]) as Task, '2026-05-10T02:00:00.000Z', BEIJING)).toMatchObject({ missed: 3, overdue: true });
    const future = given([])
      .when(register('2026-05-10T02:00:00.000Z', 'monthly', '2026-06-01'))
      .thenError();
    expect([future.code, future.path]).toEqual(['TASK.REPORT_SINCE_AFTER_TODAY', 'reportSince']);
    const alone = given([])
      .when(register('2026-05-10T02:00:00.000Z', undefined, '2026-02-01'))
      .thenError();
    expect([alone.code, alone.path]).toEqual(['TASK.REPORT_SINCE_WITHOUT_CYCLE', 'reportSince']);
  });
});
