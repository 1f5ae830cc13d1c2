import type { CommandMetadata, DomainActor } from '../shared/decider.js';
import { fold, specFor } from '../testing.js';
import type { TaskCommand } from './task.commands.js';
import { taskDeciderFor } from './task.decider.js';
import type { TaskEvent, TaskRegistered } from './task.events.js';
import { isMilestoneOverdue, isTaskOverdue } from './task.state.js';
import { DEFAULT_DUE_CALENDAR } from '../shared/due.js';

// Decides as a deployment that configured nothing (the default calendar).
const taskDecider = taskDeciderFor(DEFAULT_DUE_CALENDAR);

const office: DomainActor = { id: 'u-office', roles: ['reform_office'] };
const leadDept: DomainActor = { id: 'u-dept', roles: ['department'], unit: 'transport-bureau' };
const otherDept: DomainActor = { id: 'u-other', roles: ['department'], unit: 'health-commission' };
const deptWithoutUnit: DomainActor = { id: 'u-nounit', roles: ['department'] };
const inspector: DomainActor = { id: 'u-insp', roles: ['inspector'] };

const T0 = '2025-03-01T08:00:00.000Z';
const T1 = '2025-04-01T08:00:00.000Z';
const T2 = '2025-05-01T08:00:00.000Z';
const T3 = '2025-06-01T08:00:00.000Z';

const meta = (actor: DomainActor = office, now = T1): CommandMetadata => ({ actor, now });
const given = specFor(taskDecider);

const registered: TaskRegistered = {
  type: 'TaskRegistered',
  data: {
    taskId: 't1',
    title: 'One network, one door, one visit',
    area: 'government_services',
    specialGroup: 'sg-gov',
    leadUnit: 'transport-bureau',
    responsible: 'Director Li',
    evaluationStandard: '1,200 items served in 192 centres',
    deadline: '2025-12-31T16:00:00.000Z',
    milestones: [
      { milestoneId: 'm1', title: 'Pilot in 10 centres', due: '2025-06-30T00:00:00.000Z' },
      { milestoneId: 'm2', title: 'Roll out citywide', due: '2025-11-30T00:00:00.000Z' },
    ],
    keyPointId: 'kp-2025-07',
    keyPointTitle: '推进政务服务“一网通办”',
    acknowledgeBy: '2025-03-04T08:00:00.000Z',
    registeredBy: 'u-office',
    registeredAt: T0,
  },
};
const progressed: TaskEvent = {
  type: 'TaskProgressReported',
  data: { taskId: 't1', percent: 30, note: 'pilot running', reportedBy: 'u-dept', reportedAt: T1 },
};
const m1Done: TaskEvent = {
  type: 'TaskMilestoneCompleted',
  data: { taskId: 't1', milestoneId: 'm1', note: null, completedBy: 'u-dept', completedAt: T1 },
};
const submitted: TaskEvent = {
  type: 'TaskCompletionSubmitted',
  data: { taskId: 't1', evidence: 'report.pdf', submittedBy: 'u-dept', submittedAt: T2 },
};
const accepted: TaskEvent = {
  type: 'TaskAccepted',
  data: { taskId: 't1', comment: null, acceptedBy: 'u-office', acceptedAt: T3 },
};
const returned: TaskEvent = {
  type: 'TaskReturned',
  data: { taskId: 't1', reason: 'evidence incomplete', returnedBy: 'u-office', returnedAt: T3 },
};
const cancelled: TaskEvent = {
  type: 'TaskCancelled',
  data: { taskId: 't1', reason: 'merged into t2', previousStatus: 'planned', cancelledBy: 'u-office', cancelledAt: T1 },
};

const register = (over: Partial<Extract<TaskCommand, { type: 'RegisterTask' }>['data']> = {}, actor = office): TaskCommand => ({
  type: 'RegisterTask',
  data: {
    taskId: 't1',
    title: 'One network, one door, one visit',
    area: 'government_services',
    specialGroup: 'sg-gov',
    specialGroupRegistered: true,
    leadUnit: 'transport-bureau',
    responsible: 'Director Li',
    evaluationStandard: '1,200 items served in 192 centres',
    deadline: '2026-01-01T00:00:00+08:00',
    milestones: [
      { milestoneId: 'm1', title: 'Pilot in 10 centres', due: '2025-06-30T00:00:00Z' },
      { milestoneId: 'm2', title: 'Roll out citywide', due: '2025-11-30T00:00:00Z' },
    ],
    keyPointId: 'kp-2025-07',
    keyPointTitle: '推进政务服务“一网通办”',
    ...over,
  },
  metadata: meta(actor, T0),
});
const progress = (percent: number, actor = leadDept): TaskCommand => ({
  type: 'ReportProgress',
  data: { taskId: 't1', percent, note: 'pilot running' },
  metadata: meta(actor),
});
const completeMilestone = (milestoneId = 'm1', actor = leadDept, note?: string): TaskCommand => ({
  type: 'CompleteMilestone',
  data: { taskId: 't1', milestoneId, ...(note === undefined ? {} : { note }) },
  metadata: meta(actor),
});
const changeDeadline = (deadline: string, actor = office): TaskCommand => ({
  type: 'ChangeTaskDeadline',
  data: { taskId: 't1', deadline, reason: 'land acquisition delayed' },
  metadata: meta(actor),
});
const submit = (actor = leadDept): TaskCommand => ({
  type: 'SubmitTaskCompletion',
  data: { taskId: 't1', evidence: 'report.pdf' },
  metadata: meta(actor, T2),
});
const accept = (actor = office, comment?: string): TaskCommand => ({
  type: 'AcceptTask',
  data: { taskId: 't1', ...(comment === undefined ? {} : { comment }) },
  metadata: meta(actor, T3),
});
const returnTask = (actor = office): TaskCommand => ({
  type: 'ReturnTask',
  data: { taskId: 't1', reason: 'evidence incomplete' },
  metadata: meta(actor, T3),
});
const cancel = (actor = office): TaskCommand => ({
  type: 'CancelTask',
  data: { taskId: 't1', reason: 'merged into t2' },
  metadata: meta(actor),
});

describe('reform task decider', () => {
  describe('RegisterTask', () => {
    it('registers with every field, dates normalised to UTC and keyPointId defaulting to null', () => {
      expect(given([]).when(register()).thenEvents()).toEqual([registered]);
      const [e] = given([])
        .when(register({ keyPointId: undefined, keyPointTitle: undefined }))
        .thenEvents();
      expect(e?.type === 'TaskRegistered' && e.data.keyPointId).toBeNull();
      expect(e?.type === 'TaskRegistered' && 'keyPointTitle' in e.data).toBe(false);
    });
    it('refuses a key point that does not exist, naming the field', () => {
      const err = given([])
        .when(register({ keyPointId: 'kp-none', keyPointTitle: null }))
        .thenError();
      expect([err.code, err.kind, err.path]).toEqual(['TASK.UNKNOWN_KEY_POINT', 'invalid', 'keyPointId']);
    });
    it('still loads a task recorded with free-text keyPoint before key points were records', () => {
      const legacy: TaskEvent = { type: 'TaskRegistered', data: { ...registered.data, keyPointId: undefined, keyPoint: '“三块地”改革' } };
      delete (legacy.data as { keyPointId?: unknown }).keyPointId;
      delete (legacy.data as { keyPointTitle?: unknown }).keyPointTitle;
      expect(fold(taskDecider, [legacy])).toMatchObject({ keyPoint: '“三块地”改革', keyPointId: null, keyPointTitle: null });
    });

    it('registers without milestones', () => {
      const [e] = given([])
        .when(register({ milestones: [] }))
        .thenEvents();
      expect(e?.type === 'TaskRegistered' && e.data.milestones).toEqual([]);
    });

    it('is refused to anyone but the reform office', () => {
      const err = given([]).when(register({}, leadDept)).thenError();
      expect([err.code, err.kind]).toEqual(['TASK.ROLE_REQUIRED', 'forbidden']);
    });

    it('refuses an id already registered', () => {
      const err = given([registered]).when(register()).thenError();
      expect([err.code, err.kind]).toEqual(['TASK.ALREADY_EXISTS', 'conflict']);
    });

    it('refuses an unknown area', () => {
      const err = given([])
        .when(register({ area: 'space_program' as never }))
        .thenError();
      expect([err.code, err.kind, err.path]).toEqual(['TASK.INVALID_AREA', 'invalid', 'area']);
    });

    it('refuses a special group that is not registered, naming the field', () => {
      const err = given([])
        .when(register({ specialGroup: 'no-such-group', specialGroupRegistered: false }))
        .thenError();
      expect([err.code, err.kind, err.path]).toEqual(['TASK.UNKNOWN_SPECIAL_GROUP', 'invalid', 'specialGroup']);
    });
    it.each(['tomorrow', '2025-13-45', '2025-02-29', '2025-12-31T24:00:00Z', '2025-12-31T00:00:00', ''])(
      'refuses the deadline %j',
      (deadline) => {
        const err = given([]).when(register({ deadline })).thenError();
        expect([err.code, err.kind, err.path]).toEqual(['TASK.INVALID_DATE', 'invalid', 'deadline']);
      },
    );

    it('accepts a leap day given as a date (the end of that day in Beijing time)', () => {
      const [e] = given([])
        .when(register({ deadline: '2028-02-29', milestones: [] }))
        .thenEvents();
      expect(e?.type === 'TaskRegistered' && [e.data.deadline, e.data.deadlineDate]).toEqual(['2028-02-29T15:59:59.999Z', '2028-02-29']);
    });

    it('refuses a milestone with a bad due date, naming the milestone', () => {
      const err = given([])
        .when(register({ milestones: [{ milestoneId: 'm1', title: 'x', due: 'soon' }] }))
        .thenError();
      expect([err.code, err.path]).toEqual(['TASK.INVALID_DATE', 'milestones[0].due']);
    });

    it('refuses two milestones with one id', () => {
      const dup = { milestoneId: 'm1', title: 'x', due: '2025-06-30' };
      const err = given([])
        .when(register({ milestones: [dup, dup] }))
        .thenError();
      expect([err.code, err.kind, err.path]).toEqual(['TASK.DUPLICATE_MILESTONE', 'invalid', 'milestones[1].milestoneId']);
    });
  });

  describe('every command on a task that does not exist', () => {
    it.each([
      ['ReportProgress', progress(10)],
      ['CompleteMilestone', completeMilestone()],
      ['ChangeTaskDeadline', changeDeadline('2026-06-30T00:00:00Z')],
      ['SubmitTaskCompletion', submit()],
      ['AcceptTask', accept()],
      ['ReturnTask', returnTask()],
      ['CancelTask', cancel()],
    ])('%s → TASK.NOT_FOUND', (_name, command) => {
      const err = given([]).when(command).thenError();
      expect([err.code, err.kind]).toEqual(['TASK.NOT_FOUND', 'not_found']);
    });
  });

  describe('every command on a final task', () => {
    const commands: [string, TaskCommand][] = [
      ['ReportProgress', progress(10)],
      ['CompleteMilestone', completeMilestone()],
      ['ChangeTaskDeadline', changeDeadline('2026-06-30T00:00:00Z')],
      ['SubmitTaskCompletion', submit()],
      ['AcceptTask', accept()],
      ['ReturnTask', returnTask()],
      ['CancelTask', cancel()],
    ];
    it.each(commands)('%s on a cancelled task → TASK.CANCELLED', (_name, command) => {
      const err = given([registered, cancelled]).when(command).thenError();
      expect([err.code, err.kind]).toEqual(['TASK.CANCELLED', 'conflict']);
    });
    it.each(commands)('%s on an accepted task → TASK.ALREADY_ACCEPTED', (_name, command) => {
      const err = given([registered, submitted, accepted]).when(command).thenError();
      expect([err.code, err.kind]).toEqual(['TASK.ALREADY_ACCEPTED', 'conflict']);
    });
  });

  describe('LinkTaskToKeyPoint', () => {
    const link = (keyPointId: string, keyPointTitle: string | null = '优化营商环境', actor = office): TaskCommand => ({
      type: 'LinkTaskToKeyPoint',
      data: { taskId: 't1', keyPointId, keyPointTitle },
      metadata: meta(actor),
    });
    it('moves the task to another key point, keeping the previous one', () => {
      const events = given([registered]).when(link('kp-2026-01')).thenEvents();
      expect(events).toEqual([
        {
          type: 'TaskKeyPointLinked',
          data: {
            taskId: 't1',
            keyPointId: 'kp-2026-01',
            keyPointTitle: '优化营商环境',
            previousKeyPointId: 'kp-2025-07',
            linkedBy: 'u-office',
            linkedAt: T1,
          },
        },
      ]);
      expect(fold(taskDecider, [registered, ...events])).toMatchObject({
        keyPointId: 'kp-2026-01',
        keyPointTitle: '优化营商环境',
        updatedAt: T1,
      });
    });
    it('still loads a link recorded before tasks kept the key point title', () => {
      const legacy: TaskEvent = {
        type: 'TaskKeyPointLinked',
        data: { taskId: 't1', keyPointId: 'kp-2026-01', previousKeyPointId: 'kp-2025-07', linkedBy: 'u-office', linkedAt: T1 },
      };
      const state = [registered, legacy];
      expect(fold(taskDecider, state)).toMatchObject({ keyPointId: 'kp-2026-01', keyPointTitle: null });
      // Linking it again records the title (and only then: with the title, the same key point is 409).
      const relinked = given(state).when(link('kp-2026-01')).thenEvents();
      expect(relinked).toMatchObject([
        { type: 'TaskKeyPointLinked', data: { keyPointId: 'kp-2026-01', keyPointTitle: '优化营商环境', previousKeyPointId: 'kp-2026-01' } },
      ]);
      expect(
        given([...state, ...relinked])
          .when(link('kp-2026-01'))
          .thenErrorCode(),
      ).toBe('TASK.KEY_POINT_UNCHANGED');
    });
    it('files an accepted task too', () => {
      expect(given([registered, submitted, accepted]).when(link('kp-2026-01')).thenEvents()).toHaveLength(1);
    });
    it('refuses an unknown key point (400), the same key point (409), a cancelled task (409) and a department (403)', () => {
      expect(given([registered]).when(link('nope', null)).thenError()).toMatchObject({
        code: 'TASK.UNKNOWN_KEY_POINT',
        path: 'keyPointId',
      });
      expect(given([registered]).when(link('kp-2025-07')).thenErrorCode()).toBe('TASK.KEY_POINT_UNCHANGED');
      expect(given([registered, cancelled]).when(link('kp-2026-01')).thenErrorCode()).toBe('TASK.CANCELLED');
      expect(
        given([registered])
          .when(link('kp-2026-01', '优化营商环境', leadDept))
          .thenErrorCode(),
      ).toBe('TASK.ROLE_REQUIRED');
      expect(given([]).when(link('kp-2026-01')).thenErrorCode()).toBe('TASK.NOT_FOUND');
    });
  });

  describe('AddTaskDocument', () => {
    const doc = { title: '实施意见', docNumber: '长府发〔2026〕3号', issuer: '长春市人民政府', issuedAt: '2026-03-01T10:00:00+08:00' };
    const add = (over: Partial<typeof doc & { url: string }> = {}, actor = leadDept, documentId = 'd1'): TaskCommand => ({
      type: 'AddTaskDocument',
      data: { taskId: 't1', documentId, document: { ...doc, ...over } },
      metadata: meta(actor),
    });
    it('records the document with its issue date in UTC, and lists it on the task', () => {
      const events = given([registered])
        .when(add({ url: 'https://example.gov.cn/3' }))
        .thenEvents();
      expect(events).toEqual([
        {
          type: 'TaskDocumentAdded',
          data: {
            taskId: 't1',
            documentId: 'd1',
            title: '实施意见',
            docNumber: '长府发〔2026〕3号',
            issuer: '长春市人民政府',
            issuedAt: '2026-03-01T02:00:00.000Z',
            url: 'https://example.gov.cn/3',
            addedBy: 'u-dept',
            addedAt: T1,
          },
        },
      ]);
      expect(fold(taskDecider, [registered, ...events])?.documents).toEqual([
        {
          id: 'd1',
          title: '实施意见',
          docNumber: '长府发〔2026〕3号',
          issuer: '长春市人民政府',
          issuedAt: '2026-03-01T02:00:00.000Z',
          url: 'https://example.gov.cn/3',
          addedBy: 'u-dept',
          addedAt: T1,
        },
      ]);
    });
    it('is open to an accepted task, refused on a cancelled one', () => {
      expect(given([registered, submitted, accepted]).when(add()).thenEvents()).toHaveLength(1);
      expect(given([registered, cancelled]).when(add()).thenErrorCode()).toBe('TASK.CANCELLED');
    });
    it('refuses a bad issue date on issuedAt, the same 文号 of the same issuer twice, and another unit', () => {
      expect(
        given([registered])
          .when(add({ issuedAt: 'soon' }))
          .thenError(),
      ).toMatchObject({ code: 'TASK.INVALID_DATE', path: 'issuedAt' });
      const first = given([registered]).when(add()).thenEvents();
      expect(
        given([registered, ...first])
          .when(add({}, leadDept, 'd2'))
          .thenErrorCode(),
      ).toBe('TASK.DUPLICATE_DOCUMENT');
      expect(given([registered]).when(add({}, otherDept)).thenErrorCode()).toBe('TASK.NOT_LEAD_UNIT');
    });
  });

  describe('ReportProgress', () => {
    it('records the percent, note, reporter and time', () => {
      expect(given([registered]).when(progress(30)).thenEvents()).toEqual([progressed]);
    });

    it.each([0, 100, 55.5])('accepts the bounds and fractions (%p)', (percent) => {
      expect(given([registered]).when(progress(percent)).thenEvents()).toHaveLength(1);
    });

    it('lets the reform office report for any task', () => {
      expect(given([registered]).when(progress(30, office)).thenEvents()).toHaveLength(1);
    });

    it.each([-1, 100.5, 101, Number.NaN, Number.POSITIVE_INFINITY])('refuses %p as out of range on `percent`', (percent) => {
      const err = given([registered]).when(progress(percent)).thenError();
      expect([err.code, err.kind, err.path]).toEqual(['TASK.PROGRESS_OUT_OF_RANGE', 'invalid', 'percent']);
    });

    it('refuses a department that does not lead the task', () => {
      const err = given([registered]).when(progress(30, otherDept)).thenError();
      expect([err.code, err.kind]).toEqual(['TASK.NOT_LEAD_UNIT', 'forbidden']);
    });

    it('refuses a department user without a unit', () => {
      expect(given([registered]).when(progress(30, deptWithoutUnit)).thenErrorCode()).toBe('TASK.NOT_LEAD_UNIT');
    });

    it('refuses a role that has no business reporting', () => {
      const err = given([registered]).when(progress(30, inspector)).thenError();
      expect([err.code, err.kind]).toEqual(['TASK.ROLE_REQUIRED', 'forbidden']);
    });

    it('waits while the task is submitted for acceptance', () => {
      const err = given([registered, submitted]).when(progress(90)).thenError();
      expect([err.code, err.kind]).toEqual(['TASK.ALREADY_SUBMITTED', 'conflict']);
    });

    it('is allowed again once the office returns the task', () => {
      expect(given([registered, submitted, returned]).when(progress(90)).thenEvents()).toHaveLength(1);
    });
  });

  describe('CompleteMilestone', () => {
    it('completes a milestone of the roadmap', () => {
      expect(given([registered]).when(completeMilestone()).thenEvents()).toEqual([m1Done]);
    });

    it('carries the note when given', () => {
      const [e] = given([registered])
        .when(completeMilestone('m1', leadDept, 'pilot live'))
        .thenEvents();
      expect(e?.type === 'TaskMilestoneCompleted' && e.data.note).toBe('pilot live');
    });

    it('refuses an unknown milestone', () => {
      const err = given([registered]).when(completeMilestone('m9')).thenError();
      expect([err.code, err.kind]).toEqual(['TASK.MILESTONE_NOT_FOUND', 'not_found']);
    });

    it('refuses completing a milestone twice', () => {
      const err = given([registered, m1Done]).when(completeMilestone('m1')).thenError();
      expect([err.code, err.kind]).toEqual(['TASK.MILESTONE_ALREADY_COMPLETED', 'conflict']);
    });

    it('refuses a department that does not lead the task', () => {
      expect(given([registered]).when(completeMilestone('m1', otherDept)).thenErrorCode()).toBe('TASK.NOT_LEAD_UNIT');
    });

    it('waits while the task is submitted for acceptance', () => {
      expect(given([registered, submitted]).when(completeMilestone('m2')).thenErrorCode()).toBe('TASK.ALREADY_SUBMITTED');
    });
  });

  describe('ChangeTaskDeadline', () => {
    it('moves the deadline, keeping the previous one and the reason', () => {
      expect(given([registered]).when(changeDeadline('2026-06-30T08:00:00+08:00')).thenEvents()).toEqual([
        {
          type: 'TaskDeadlineChanged',
          data: {
            taskId: 't1',
            previousDeadline: '2025-12-31T16:00:00.000Z',
            deadline: '2026-06-30T00:00:00.000Z',
            reason: 'land acquisition delayed',
            changedBy: 'u-office',
            changedAt: T1,
          },
        },
      ]);
    });

    it('is allowed while submitted (the office may still move the timetable)', () => {
      expect(given([registered, submitted]).when(changeDeadline('2026-06-30T00:00:00Z')).thenEvents()).toHaveLength(1);
    });

    it('refuses the same instant, even written with another offset', () => {
      const err = given([registered]).when(changeDeadline('2026-01-01T00:00:00+08:00')).thenError();
      expect([err.code, err.kind]).toEqual(['TASK.DEADLINE_UNCHANGED', 'conflict']);
    });

    it('refuses a malformed deadline on `deadline`', () => {
      const err = given([registered]).when(changeDeadline('next spring')).thenError();
      expect([err.code, err.path]).toEqual(['TASK.INVALID_DATE', 'deadline']);
    });

    it('is refused to departments, even the lead unit', () => {
      expect(given([registered]).when(changeDeadline('2026-06-30T00:00:00Z', leadDept)).thenErrorCode()).toBe('TASK.ROLE_REQUIRED');
    });
  });

  describe('SubmitTaskCompletion', () => {
    it('submits from in_progress', () => {
      expect(given([registered, progressed]).when(submit()).thenEvents()).toEqual([submitted]);
    });

    it('submits straight from planned', () => {
      expect(given([registered]).when(submit()).thenEvents()).toEqual([submitted]);
    });

    it('lets the office submit on behalf of the unit', () => {
      expect(given([registered]).when(submit(office)).thenEvents()).toHaveLength(1);
    });

    it('refuses a second submission while one is pending', () => {
      const err = given([registered, submitted]).when(submit()).thenError();
      expect([err.code, err.kind]).toEqual(['TASK.ALREADY_SUBMITTED', 'conflict']);
    });

    it('resubmits after a return', () => {
      expect(given([registered, submitted, returned]).when(submit()).thenEvents()).toHaveLength(1);
    });

    it('refuses a department that does not lead the task', () => {
      expect(given([registered]).when(submit(otherDept)).thenErrorCode()).toBe('TASK.NOT_LEAD_UNIT');
    });
  });

  describe('AcceptTask', () => {
    it('accepts a submitted task', () => {
      expect(given([registered, submitted]).when(accept()).thenEvents()).toEqual([accepted]);
    });

    it('keeps the comment', () => {
      const [e] = given([registered, submitted]).when(accept(office, 'well done')).thenEvents();
      expect(e?.type === 'TaskAccepted' && e.data.comment).toBe('well done');
    });

    it.each([
      ['planned', [registered]],
      ['in_progress', [registered, progressed]],
      ['returned', [registered, submitted, returned]],
    ])('refuses a task that is %s', (_status, events) => {
      const err = given(events).when(accept()).thenError();
      expect([err.code, err.kind]).toEqual(['TASK.NOT_SUBMITTED', 'conflict']);
    });

    it('is refused to the lead unit itself', () => {
      expect(given([registered, submitted]).when(accept(leadDept)).thenErrorCode()).toBe('TASK.ROLE_REQUIRED');
    });
  });

  describe('ReturnTask', () => {
    it('sends a submitted task back', () => {
      expect(given([registered, submitted]).when(returnTask()).thenEvents()).toEqual([returned]);
    });

    it('refuses a task that is not submitted', () => {
      const err = given([registered, progressed]).when(returnTask()).thenError();
      expect([err.code, err.kind]).toEqual(['TASK.NOT_SUBMITTED', 'conflict']);
    });

    it('is refused to departments', () => {
      expect(given([registered, submitted]).when(returnTask(leadDept)).thenErrorCode()).toBe('TASK.ROLE_REQUIRED');
    });
  });

  describe('CancelTask', () => {
    it.each([
      ['planned', [registered]],
      ['in_progress', [registered, progressed]],
      ['submitted', [registered, progressed, submitted]],
    ] as const)('cancels a %s task, recording where it stood', (status, events) => {
      const [e] = given([...events])
        .when(cancel())
        .thenEvents();
      expect(e).toEqual({ ...cancelled, data: { ...cancelled.data, previousStatus: status } });
    });

    it('is refused to departments', () => {
      expect(given([registered]).when(cancel(leadDept)).thenErrorCode()).toBe('TASK.ROLE_REQUIRED');
    });
  });

  describe('evolve', () => {
    it('builds the API resource through the whole life cycle', () => {
      const deadlineMoved: TaskEvent = {
        type: 'TaskDeadlineChanged',
        data: {
          taskId: 't1',
          previousDeadline: '2025-12-31T16:00:00.000Z',
          deadline: '2026-06-30T00:00:00.000Z',
          reason: 'delay',
          changedBy: 'u-office',
          changedAt: T1,
        },
      };
      const planned = fold(taskDecider, [registered]);
      expect(planned).toMatchObject({
        id: 't1',
        status: 'planned',
        progress: 0,
        createdAt: T0,
        updatedAt: T0,
        keyPointId: 'kp-2025-07',
        keyPoint: null,
      });
      expect(planned?.milestones[0]).toEqual({
        id: 'm1',
        title: 'Pilot in 10 centres',
        due: '2025-06-30T00:00:00.000Z',
        dueDate: null,
        completedAt: null,
        completedBy: null,
        note: null,
      });

      expect(fold(taskDecider, [registered, m1Done])?.status).toBe('in_progress');
      const returnedState = fold(taskDecider, [registered, progressed, m1Done, deadlineMoved, submitted, returned]);
      expect(returnedState).toMatchObject({
        status: 'in_progress',
        progress: 30,
        progressNote: 'pilot running',
        deadline: '2026-06-30T00:00:00.000Z',
        deadlineChanges: [{ from: '2025-12-31T16:00:00.000Z', to: '2026-06-30T00:00:00.000Z', reason: 'delay', by: 'u-office', at: T1 }],
        submittedEvidence: 'report.pdf',
        submissions: [{ evidence: 'report.pdf', by: 'u-dept', at: T2 }],
        returns: [{ reason: 'evidence incomplete', by: 'u-office', at: T3 }],
        updatedAt: T3,
      });
      expect(returnedState?.milestones[0]?.completedAt).toBe(T1);

      expect(fold(taskDecider, [registered, submitted, accepted])).toMatchObject({
        status: 'accepted',
        acceptedAt: T3,
        acceptedBy: 'u-office',
      });
      expect(fold(taskDecider, [registered, cancelled])).toMatchObject({
        status: 'cancelled',
        cancelReason: 'merged into t2',
        cancelledAt: T1,
      });
    });

    it('a later progress report may lower the percent', () => {
      const lower: TaskEvent = { ...progressed, data: { ...progressed.data, percent: 10 } };
      expect(fold(taskDecider, [registered, progressed, lower])?.progress).toBe(10);
    });

    it('ignores events that arrive before registration instead of throwing', () => {
      expect(fold(taskDecider, [progressed])).toBeNull();
    });
  });

  describe('deadlines and due dates written as dates', () => {
    const dated = register({ deadline: '2026-11-27', milestones: [{ milestoneId: 'm1', title: 'Pilot', due: '2026-11-27' }] });

    it('a date is the end of that day in Beijing time; the event keeps the date beside the instant', () => {
      const [e] = given([]).when(dated).thenEvents();
      expect(e?.type === 'TaskRegistered' && e.data).toMatchObject({
        deadline: '2026-11-27T15:59:59.999Z',
        deadlineDate: '2026-11-27',
        milestones: [{ milestoneId: 'm1', title: 'Pilot', due: '2026-11-27T15:59:59.999Z', dueDate: '2026-11-27' }],
      });
      expect(fold(taskDecider, [e!])).toMatchObject({ deadlineDate: '2026-11-27', milestones: [{ dueDate: '2026-11-27' }] });
    });

    it('an instant carries no date, in the event or the state', () => {
      const [e] = given([]).when(register()).thenEvents();
      expect(e?.type === 'TaskRegistered' && 'deadlineDate' in e.data).toBe(false);
      expect(fold(taskDecider, [e!])).toMatchObject({ deadlineDate: null, milestones: [{ dueDate: null }, { dueDate: null }] });
    });

    it('a date-only deadline of today is not overdue, and is from 00:00 Beijing time the next day (the milestone too)', () => {
      const task = fold(taskDecider, given([]).when(dated).thenEvents())!;
      for (const now of ['2026-11-27T00:00:00+08:00', '2026-11-27T23:59:59.999+08:00']) {
        expect(isTaskOverdue(task, now)).toBe(false);
        expect(isMilestoneOverdue(task, task.milestones[0]!, now)).toBe(false);
      }
      expect(isTaskOverdue(task, '2026-11-28T00:00:00+08:00')).toBe(true);
      expect(isMilestoneOverdue(task, task.milestones[0]!, '2026-11-28T00:00:00+08:00')).toBe(true);
    });

    it('the day is the one of the time zone the decider was built with', () => {
      const [e] = specFor(taskDeciderFor({ timeZone: 'UTC' }))([])
        .when(dated)
        .thenEvents();
      expect(e?.type === 'TaskRegistered' && [e.data.deadline, e.data.deadlineDate]).toEqual(['2026-11-27T23:59:59.999Z', '2026-11-27']);
    });

    it('a deadline changed to a date records the date; the audit trail shows it', () => {
      const events = given([registered]).when(changeDeadline('2026-06-30')).thenEvents();
      expect(events).toEqual([
        {
          type: 'TaskDeadlineChanged',
          data: {
            taskId: 't1',
            previousDeadline: '2025-12-31T16:00:00.000Z',
            deadline: '2026-06-30T15:59:59.999Z',
            deadlineDate: '2026-06-30',
            reason: 'land acquisition delayed',
            changedBy: 'u-office',
            changedAt: T1,
          },
        },
      ]);
      expect(fold(taskDecider, [registered, ...events])).toMatchObject({
        deadline: '2026-06-30T15:59:59.999Z',
        deadlineDate: '2026-06-30',
        deadlineChanges: [{ to: '2026-06-30T15:59:59.999Z', toDate: '2026-06-30' }],
      });
    });

    it.each(['2026-02-30', '2026年12月31日', '2026-12-31T18:00:00'])('refuses %j naming the field', (value) => {
      expect(
        given([])
          .when(register({ deadline: value }))
          .thenError(),
      ).toMatchObject({ code: 'TASK.INVALID_DATE', path: 'deadline' });
      expect(
        given([])
          .when(register({ milestones: [{ milestoneId: 'm1', title: 'x', due: value }] }))
          .thenError(),
      ).toMatchObject({ path: 'milestones[0].due' });
      expect(given([registered]).when(changeDeadline(value)).thenError()).toMatchObject({ code: 'TASK.INVALID_DATE', path: 'deadline' });
    });
  });

  describe('isTaskOverdue', () => {
    const state = fold(taskDecider, [registered]);
    it('is false before the deadline and true after it', () => {
      expect(isTaskOverdue(state, '2025-12-31T15:59:59Z')).toBe(false);
      expect(isTaskOverdue(state, '2026-01-01T00:00:01+08:00')).toBe(true);
    });
    it('still counts a submitted task until it is accepted', () => {
      expect(isTaskOverdue(fold(taskDecider, [registered, submitted]), '2026-02-01T00:00:00Z')).toBe(true);
    });
    it('never counts accepted or cancelled tasks, nor a missing one', () => {
      expect(isTaskOverdue(fold(taskDecider, [registered, submitted, accepted]), '2026-02-01T00:00:00Z')).toBe(false);
      expect(isTaskOverdue(fold(taskDecider, [registered, cancelled]), '2026-02-01T00:00:00Z')).toBe(false);
      expect(isTaskOverdue(null, '2026-02-01T00:00:00Z')).toBe(false);
    });
  });
});
