import type { CommandMetadata, DomainActor } from '../shared/decider.js';
import { DEFAULT_DUE_CALENDAR } from '../shared/due.js';
import { fold, specFor } from '../testing.js';
import type { TaskCommand } from './task.commands.js';
import { subtaskRegistration, taskDeciderFor } from './task.decider.js';
import type { TaskEvent, TaskRegistered } from './task.events.js';
import { isAcknowledgementOverdue, type Task } from './task.state.js';

// Decides as a deployment that configured nothing (the default calendar).
const taskDecider = taskDeciderFor(DEFAULT_DUE_CALENDAR);

// Multi-level dispatch (多级任务下发) and acknowledgement (签收) on the task aggregate.

const office: DomainActor = { id: 'u-office', roles: ['reform_office'] };
const district: DomainActor = { id: 'u-nanguan', roles: ['department'], unit: 'nanguan' };
const street: DomainActor = { id: 'u-yongxing', roles: ['department'], unit: 'yongxing' };
const otherDistrict: DomainActor = { id: 'u-chaoyang', roles: ['department'], unit: 'chaoyang' };

const T0 = '2026-03-01T08:00:00.000Z';
const T1 = '2026-03-02T08:00:00.000Z';
const DEADLINE = '2026-12-31T16:00:00.000Z';
const meta = (actor: DomainActor, now = T1): CommandMetadata => ({ actor, now });
const given = specFor(taskDecider);

/** The parent, registered by the office for the nanguan district, as recorded today. */
const parent: TaskRegistered = {
  type: 'TaskRegistered',
  data: {
    taskId: 'p1',
    title: '推进“1+3+X”基层治理',
    area: 'grassroots_governance',
    specialGroup: 'grassroots',
    leadUnit: 'nanguan',
    responsible: '区长',
    evaluationStandard: '网格员全覆盖',
    deadline: DEADLINE,
    milestones: [],
    keyPointId: 'kp-1',
    keyPointTitle: '完善基层治理体系',
    acknowledgeBy: '2026-03-04T08:00:00.000Z',
    registeredBy: 'u-office',
    registeredAt: T0,
  },
};
const dispatch = (actor: DomainActor, over: { leadUnit?: string; deadline?: string; ancestors?: string[] } = {}): TaskCommand => ({
  type: 'DispatchSubtask',
  data: {
    taskId: 'p1',
    subtaskId: 'c1',
    subtask: { leadUnit: over.leadUnit ?? 'yongxing', responsible: '街道主任', deadline: over.deadline ?? '2026-11-30T16:00:00.000Z' },
    leadUnitAncestors: over.ancestors ?? ['nanguan', 'changchun'],
  },
  metadata: meta(actor),
});
const dispatched: TaskEvent = {
  type: 'TaskSubtaskDispatched',
  data: {
    taskId: 'p1',
    subtaskId: 'c1',
    title: '推进“1+3+X”基层治理',
    leadUnit: 'yongxing',
    responsible: '街道主任',
    evaluationStandard: '网格员全覆盖',
    deadline: '2026-11-30T16:00:00.000Z',
    milestones: [],
    dispatchedBy: 'u-nanguan',
    dispatchedAt: T1,
  },
};
const submitted: TaskEvent = {
  type: 'TaskCompletionSubmitted',
  data: { taskId: 'p1', evidence: 'e', submittedBy: 'u-nanguan', submittedAt: T1 },
};
const accept = (closedSubtasks?: string[]): TaskCommand => ({
  type: 'AcceptTask',
  data: { taskId: 'p1', ...(closedSubtasks ? { closedSubtasks } : {}) },
  metadata: meta(office),
});
const acknowledge = (actor: DomainActor = district, note?: string): TaskCommand => ({
  type: 'AcknowledgeTask',
  data: { taskId: 'p1', ...(note ? { note } : {}) },
  metadata: meta(actor),
});

describe('dispatching sub-tasks', () => {
  it('a department dispatches from its own task to a unit below it; the parent records the dispatch', () => {
    expect(given([parent]).when(dispatch(district)).thenEvents()).toEqual([dispatched]);
    const { taskId: _taskId, subtaskId, ...recorded } = dispatched.data as Extract<TaskEvent, { type: 'TaskSubtaskDispatched' }>['data'];
    expect(fold(taskDecider, [parent, dispatched])?.subtasks).toEqual([{ id: subtaskId, ...recorded }]);
  });

  it('the child inherits area, special group and key point, names its parent, and must be acknowledged', () => {
    const p = fold(taskDecider, [parent, dispatched]) as Task;
    const register: TaskCommand = { type: 'RegisterSubtask', data: subtaskRegistration(p, p.subtasks[0]!), metadata: meta(district, T1) };
    const [e] = specFor(taskDeciderFor(DEFAULT_DUE_CALENDAR, { acknowledgeWindowMs: 3_600_000 }))([])
      .when(register)
      .thenEvents();
    expect(e).toEqual({
      type: 'TaskRegistered',
      data: {
        taskId: 'c1',
        title: '推进“1+3+X”基层治理',
        area: 'grassroots_governance',
        specialGroup: 'grassroots',
        leadUnit: 'yongxing',
        responsible: '街道主任',
        evaluationStandard: '网格员全覆盖',
        deadline: '2026-11-30T16:00:00.000Z',
        milestones: [],
        keyPointId: 'kp-1',
        keyPointTitle: '完善基层治理体系',
        parentId: 'p1',
        place: 1,
        acknowledgeBy: '2026-03-02T09:00:00.000Z',
        registeredBy: 'u-nanguan',
        registeredAt: T1,
      },
    });
    expect(given([e!]).when(register).thenErrorCode()).toBe('TASK.ALREADY_EXISTS');
  });

  it('the office dispatches anywhere, even to a unit outside the lead unit subtree or never registered', () => {
    expect(
      given([parent])
        .when(dispatch(office, { leadUnit: 'hongqi', ancestors: ['chaoyang', 'changchun'] }))
        .thenEvents(),
    ).toHaveLength(1);
    expect(
      given([parent])
        .when(dispatch(office, { leadUnit: '市民政局', ancestors: [] }))
        .thenEvents(),
    ).toHaveLength(1);
  });

  it('refuses a department outside its subtree (403), or dispatching from a task it does not lead (403)', () => {
    expect(
      given([parent])
        .when(dispatch(district, { leadUnit: 'hongqi', ancestors: ['chaoyang', 'changchun'] }))
        .thenError(),
    ).toMatchObject({ code: 'TASK.OUTSIDE_SUBTREE', kind: 'forbidden' });
    // Its own unit is not below itself.
    expect(
      given([parent])
        .when(dispatch(district, { leadUnit: 'nanguan', ancestors: ['changchun'] }))
        .thenErrorCode(),
    ).toBe('TASK.OUTSIDE_SUBTREE');
    expect(
      given([parent])
        .when(dispatch(otherDistrict, { leadUnit: 'hongqi', ancestors: ['chaoyang'] }))
        .thenErrorCode(),
    ).toBe('TASK.NOT_LEAD_UNIT');
    expect(given([parent]).when(dispatch(street)).thenErrorCode()).toBe('TASK.NOT_LEAD_UNIT');
  });

  it("refuses a deadline after the parent's (400 on deadline); the parent's own deadline is fine", () => {
    expect(
      given([parent])
        .when(dispatch(district, { deadline: '2027-01-01T00:00:00.001+08:00' }))
        .thenError(),
    ).toMatchObject({ code: 'TASK.DEADLINE_AFTER_PARENT', kind: 'invalid', path: 'deadline' });
    expect(
      given([parent])
        .when(dispatch(district, { deadline: '2027-01-01T00:00:00+08:00' }))
        .thenEvents(),
    ).toHaveLength(1);
  });

  it("names the parent's deadline as it was given: the day for a date-only one, else the instant", () => {
    const byDay: TaskRegistered = { ...parent, data: { ...parent.data, deadline: '2026-12-31T15:59:59.999Z', deadlineDate: '2026-12-31' } };
    expect(
      given([byDay])
        .when(dispatch(district, { deadline: '2027-01-01T00:00:00+08:00' }))
        .thenError().params,
    ).toEqual({ deadline: '2026-12-31' });
    expect(
      given([parent])
        .when(dispatch(district, { deadline: '2027-01-01T00:00:00.001+08:00' }))
        .thenError().params,
    ).toEqual({ deadline: DEADLINE });
  });

  it('refuses dispatching from a cancelled or accepted task (409)', () => {
    const cancelled: TaskEvent = {
      type: 'TaskCancelled',
      data: { taskId: 'p1', reason: 'r', previousStatus: 'planned', cancelledBy: 'u-office', cancelledAt: T1 },
    };
    expect(given([parent, cancelled]).when(dispatch(district)).thenErrorCode()).toBe('TASK.CANCELLED');
  });

  it('blocks acceptance while a sub-task is open (409 TASK.CHILDREN_OPEN), including one the ledger has not seen yet', () => {
    expect(given([parent, dispatched, submitted]).when(accept()).thenError()).toMatchObject({
      code: 'TASK.CHILDREN_OPEN',
      kind: 'conflict',
    });
    expect(given([parent, dispatched, submitted]).when(accept([])).thenErrorCode()).toBe('TASK.CHILDREN_OPEN');
    expect(
      given([parent, dispatched, submitted])
        .when(accept(['c1']))
        .thenEvents(),
    ).toMatchObject([{ type: 'TaskAccepted' }]);
  });

  it('cancels a child with its parent: the parent reason, and the parent named', () => {
    const child = { ...parent, data: { ...parent.data, taskId: 'c1', leadUnit: 'yongxing', parentId: 'p1' } };
    const cancel: TaskCommand = {
      type: 'CancelTask',
      data: { taskId: 'c1', reason: '并入新任务', cascadedFrom: 'p1' },
      metadata: meta(office),
    };
    const events = given([child]).when(cancel).thenEvents();
    expect(events).toEqual([
      {
        type: 'TaskCancelled',
        data: {
          taskId: 'c1',
          reason: '并入新任务',
          previousStatus: 'planned',
          cascadedFrom: 'p1',
          cancelledBy: 'u-office',
          cancelledAt: T1,
        },
      },
    ]);
    expect(fold(taskDecider, [child, ...events])).toMatchObject({
      status: 'cancelled',
      cancelReason: '并入新任务',
      cancelledWithParent: 'p1',
      parentId: 'p1',
    });
  });
});

describe('acknowledgement (签收)', () => {
  it('a task registered now must be acknowledged within the window', () => {
    const register: TaskCommand = {
      type: 'RegisterTask',
      data: {
        taskId: 'p1',
        title: 't',
        area: 'livelihood',
        specialGroup: 'g',
        specialGroupRegistered: true,
        leadUnit: 'nanguan',
        responsible: 'r',
        evaluationStandard: 's',
        deadline: DEADLINE,
        milestones: [],
      },
      metadata: meta(office, T0),
    };
    const [e] = specFor(taskDeciderFor(DEFAULT_DUE_CALENDAR, { acknowledgeWindowMs: 2 * 86_400_000 }))([])
      .when(register)
      .thenEvents();
    expect(e?.type === 'TaskRegistered' && e.data.acknowledgeBy).toBe('2026-03-03T08:00:00.000Z');
  });

  it("the lead unit's department acknowledges once; a second time is 409 TASK.ALREADY_ACKNOWLEDGED", () => {
    const events = given([parent]).when(acknowledge(district, '已签收')).thenEvents();
    expect(events).toEqual([
      { type: 'TaskAcknowledged', data: { taskId: 'p1', note: '已签收', acknowledgedBy: 'u-nanguan', acknowledgedAt: T1 } },
    ]);
    expect(fold(taskDecider, [parent, ...events])).toMatchObject({
      acknowledgedAt: T1,
      acknowledgedBy: 'u-nanguan',
      acknowledgementNote: '已签收',
    });
    expect(
      given([parent, ...events])
        .when(acknowledge())
        .thenError(),
    ).toMatchObject({ code: 'TASK.ALREADY_ACKNOWLEDGED', kind: 'conflict' });
  });

  it('only the lead unit acknowledges: not another department (403), not the office (403)', () => {
    expect(given([parent]).when(acknowledge(street)).thenErrorCode()).toBe('TASK.NOT_LEAD_UNIT');
    expect(given([parent]).when(acknowledge(office)).thenErrorCode()).toBe('TASK.ROLE_REQUIRED');
  });

  it('is overdue strictly after acknowledgeBy, while open and unacknowledged', () => {
    const p = fold(taskDecider, [parent]) as Task;
    expect(isAcknowledgementOverdue(p, '2026-03-04T08:00:00.000Z')).toBe(false);
    expect(isAcknowledgementOverdue(p, '2026-03-04T08:00:00.001Z')).toBe(true);
    expect(isAcknowledgementOverdue({ ...p, acknowledgedAt: T1 }, '2026-04-01T00:00:00Z')).toBe(false);
    expect(isAcknowledgementOverdue({ ...p, status: 'cancelled' }, '2026-04-01T00:00:00Z')).toBe(false);
  });

  it('folds a stream recorded before acknowledgement existed: no acknowledgeBy, never overdue, nothing to acknowledge (409)', () => {
    // The old shape, exactly as it was stored: no `acknowledgeBy`, no `parentId`, no `keyPointTitle`.
    const old: TaskEvent = {
      type: 'TaskRegistered',
      data: {
        taskId: 'p1',
        title: '旧台账任务',
        area: 'livelihood',
        specialGroup: 'livelihood',
        leadUnit: 'nanguan',
        responsible: '李明',
        evaluationStandard: '完成',
        deadline: DEADLINE,
        milestones: [],
        keyPointId: null,
        registeredBy: 'u-office',
        registeredAt: '2024-01-05T00:00:00.000Z',
      },
    };
    const progress: TaskEvent = {
      type: 'TaskProgressReported',
      data: { taskId: 'p1', percent: 30, note: 'n', reportedBy: 'u-nanguan', reportedAt: '2024-02-01T00:00:00.000Z' },
    };
    const state = fold(taskDecider, [old, progress]) as Task;
    expect(state).toMatchObject({
      acknowledgeBy: null,
      acknowledgedAt: null,
      parentId: null,
      subtasks: [],
      progress: 30,
      status: 'in_progress',
    });
    expect(isAcknowledgementOverdue(state, '2030-01-01T00:00:00Z')).toBe(false);
    expect(given([old, progress]).when(acknowledge()).thenError()).toMatchObject({
      code: 'TASK.ACKNOWLEDGEMENT_NOT_REQUIRED',
      kind: 'conflict',
    });
  });
});
