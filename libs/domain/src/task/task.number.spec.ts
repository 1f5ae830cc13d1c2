import type { CommandMetadata, DomainActor } from '../shared/decider.js';
import { DEFAULT_DUE_CALENDAR } from '../shared/due.js';
import { fold, specFor } from '../testing.js';
import type { TaskCommand } from './task.commands.js';
import { subtaskRegistration, taskDeciderFor } from './task.decider.js';
import type { TaskEvent, TaskRegistered } from './task.events.js';
import { ledgerNumber, subtaskLedgerNumber } from './task.number.js';
import type { Task } from './task.state.js';

// Ledger numbers (台账编号): recorded on the registration, a sub-task's from its parent's.

const taskDecider = taskDeciderFor(DEFAULT_DUE_CALENDAR);
const given = specFor(taskDecider);
const office: DomainActor = { id: 'u-office', roles: ['reform_office'] };
const T0 = '2026-03-01T08:00:00.000Z';
const meta: CommandMetadata = { actor: office, now: T0 };

const register = (number?: string): TaskCommand => ({
  type: 'RegisterTask',
  data: {
    taskId: 'p1',
    title: '推进基层治理',
    area: 'grassroots_governance',
    specialGroup: 'grassroots',
    specialGroupRegistered: true,
    leadUnit: 'nanguan',
    responsible: '区长',
    evaluationStandard: '网格员全覆盖',
    deadline: '2026-12-31',
    milestones: [],
    ...(number !== undefined ? { number } : {}),
  },
  metadata: meta,
});
const registered = (command: TaskCommand): TaskRegistered => given([]).when(command).thenEvents()[0] as TaskRegistered;
const dispatched = (subtaskId: string): TaskEvent => ({
  type: 'TaskSubtaskDispatched',
  data: {
    taskId: 'p1',
    subtaskId,
    title: '子任务',
    leadUnit: 'yongxing',
    responsible: '街道主任',
    evaluationStandard: '网格员全覆盖',
    deadline: '2026-11-30T16:00:00.000Z',
    milestones: [],
    dispatchedBy: 'u-office',
    dispatchedAt: T0,
  },
});

describe('ledger numbers', () => {
  it('formats a year’s number with four digits at least, a sub-task’s place with two', () => {
    expect([
      ledgerNumber(2026, 1),
      ledgerNumber(2026, 12345),
      subtaskLedgerNumber('2026-0001', 3),
      subtaskLedgerNumber('2026-0001', 120),
    ]).toEqual(['2026-0001', '2026-12345', '2026-0001-03', '2026-0001-120']);
  });

  it('given nothing, when the office registers a task with the number the sequence gave, then the registration records it', () => {
    const e = registered(register('2026-0007'));
    expect(e.data.number).toBe('2026-0007');
    expect(fold(taskDecider, [e])?.number).toBe('2026-0007');
  });

  it('given a task registered before numbers existed, then its state has no number of its own', () => {
    const e = registered(register());
    expect('number' in e.data).toBe(false);
    expect(fold(taskDecider, [e])?.number).toBeNull();
  });

  it('given a numbered parent with two dispatches, when the second child registers, then it is the parent’s number and place 02', () => {
    const parent = fold(taskDecider, [registered(register('2026-0001')), dispatched('c1'), dispatched('c2')]) as Task;
    const command: TaskCommand = { type: 'RegisterSubtask', data: subtaskRegistration(parent, parent.subtasks[1]!), metadata: meta };
    const [e] = given([]).when(command).thenEvents() as TaskRegistered[];
    expect([e!.data.place, e!.data.number]).toEqual([2, '2026-0001-02']);
  });

  it('given a parent recorded before numbers existed, when its child registers, then the child records its place only', () => {
    const parent = fold(taskDecider, [registered(register()), dispatched('c1')]) as Task;
    const command: TaskCommand = { type: 'RegisterSubtask', data: subtaskRegistration(parent, parent.subtasks[0]!), metadata: meta };
    const [e] = given([]).when(command).thenEvents() as TaskRegistered[];
    expect([e!.data.place, 'number' in e!.data]).toEqual([1, false]);
  });
});
