import type { AttachmentCandidate } from '../file/attachment.js';
import type { CommandMetadata, DomainActor } from '../shared/decider.js';
import { DEFAULT_DUE_CALENDAR } from '../shared/due.js';
import { fold, specFor } from '../testing.js';
import type { TaskCommand } from './task.commands.js';
import { taskDeciderFor } from './task.decider.js';
import type { TaskEvent, TaskRegistered } from './task.events.js';
import { pendingExtension } from './task.extension.js';
import { isTaskOverdue, taskLight } from './task.state.js';

const taskDecider = taskDeciderFor(DEFAULT_DUE_CALENDAR);
const given = specFor(taskDecider);

const office: DomainActor = { id: 'u-office', roles: ['reform_office'] };
const leadDept: DomainActor = { id: 'u-dept', roles: ['department'], unit: 'transport-bureau' };
const otherDept: DomainActor = { id: 'u-other', roles: ['department'], unit: 'health-commission' };

const T0 = '2026-01-05T08:00:00.000Z';
const T1 = '2026-03-01T08:00:00.000Z';
const T2 = '2026-03-02T08:00:00.000Z';
/** 2026-06-30 in Beijing: the end of that day. */
const JUNE_30 = '2026-06-30T15:59:59.999Z';
const SEPT_30 = '2026-09-30T15:59:59.999Z';
const AUG_31 = '2026-08-31T15:59:59.999Z';

const meta = (actor: DomainActor, now = T1): CommandMetadata => ({ actor, now });

const registered: TaskRegistered = {
  type: 'TaskRegistered',
  data: {
    taskId: 't1',
    title: '工程建设项目审批提速',
    area: 'government_services',
    specialGroup: 'sg-gov',
    leadUnit: 'transport-bureau',
    responsible: '李局长',
    evaluationStandard: '审批时限压缩一半',
    deadline: JUNE_30,
    deadlineDate: '2026-06-30',
    milestones: [],
    keyPointId: null,
    acknowledgeBy: '2026-01-08T08:00:00.000Z',
    registeredBy: 'u-office',
    registeredAt: T0,
  },
};
const pdf: AttachmentCandidate = {
  id: 'sha256:ab',
  file: {
    file: { id: 'sha256:ab', name: '征地进度说明.pdf', size: 10, mediaType: 'application/pdf', sha256: 'ab', sm3: 'cd' },
    uploaders: [{ id: 'u-dept', unit: 'transport-bureau' }],
    citedBy: [],
  },
};

const ask = (deadline = '2026-09-30', actor = leadDept, attachments?: AttachmentCandidate[]): TaskCommand => ({
  type: 'RequestTaskExtension',
  data: { taskId: 't1', requestId: 'x1', deadline, reason: '征地拆迁延误', ...(attachments ? { attachments } : {}) },
  metadata: meta(actor),
});
const approve = (over: { deadline?: string; comment?: string } = {}, actor = office, requestId = 'x1'): TaskCommand => ({
  type: 'ApproveTaskExtension',
  data: { taskId: 't1', requestId, ...over },
  metadata: meta(actor, T2),
});
const reject = (actor = office, requestId = 'x1'): TaskCommand => ({
  type: 'RejectTaskExtension',
  data: { taskId: 't1', requestId, reason: '理由不充分' },
  metadata: meta(actor, T2),
});

const requested: TaskEvent = {
  type: 'TaskExtensionRequested',
  data: {
    taskId: 't1',
    requestId: 'x1',
    deadline: SEPT_30,
    deadlineDate: '2026-09-30',
    deadlineInForce: JUNE_30,
    reason: '征地拆迁延误',
    requestedBy: 'u-dept',
    requestedAt: T1,
  },
};
const rejected: TaskEvent = {
  type: 'TaskExtensionRejected',
  data: { taskId: 't1', requestId: 'x1', reason: '理由不充分', rejectedBy: 'u-office', rejectedAt: T2 },
};

describe('extension requests (延期申请) on the task', () => {
  describe('request', () => {
    it('given a registered task, when its lead unit asks for a later deadline with evidence, then the request is recorded pending', () => {
      const events = given([registered])
        .when(ask('2026-09-30', leadDept, [pdf]))
        .thenEvents();
      expect(events).toEqual([
        {
          ...requested,
          data: {
            ...requested.data,
            attachments: [{ id: 'sha256:ab', name: '征地进度说明.pdf', size: 10, mediaType: 'application/pdf', sha256: 'ab', sm3: 'cd' }],
          },
        },
      ]);
      const task = fold(taskDecider, [registered, ...events])!;
      expect(task.extensionRequests).toMatchObject([
        { id: 'x1', deadline: SEPT_30, deadlineDate: '2026-09-30', status: 'pending', by: 'u-dept', at: T1, granted: null },
      ]);
      expect(pendingExtension(task)?.id).toBe('x1');
    });

    it('given a pending request, then nothing the deadline decides changes: the deadline, overdue and the light stay', () => {
      const before = fold(taskDecider, [registered])!;
      const after = fold(taskDecider, [registered, requested])!;
      expect(after.deadline).toBe(JUNE_30);
      const late = '2026-07-01T00:00:00.000Z';
      expect([isTaskOverdue(after, late), taskLight(after, late, { warningWindowMs: 0, timeZone: 'Asia/Shanghai' })]).toEqual([
        isTaskOverdue(before, late),
        taskLight(before, late, { warningWindowMs: 0, timeZone: 'Asia/Shanghai' }),
      ]);
      expect(isTaskOverdue(after, late)).toBe(true);
    });

    it('given a pending request, when the unit asks again, then 409 TASK.EXTENSION_PENDING', () => {
      expect(given([registered, requested]).when(ask('2026-10-31')).thenError()).toMatchObject({
        code: 'TASK.EXTENSION_PENDING',
        kind: 'conflict',
      });
    });

    it('given a rejected request, when the unit asks again, then a new request is pending', () => {
      const events = given([registered, requested, rejected])
        .when({ ...ask('2026-10-31'), data: { ...ask('2026-10-31').data, requestId: 'x2' } } as TaskCommand)
        .thenEvents();
      expect(events).toMatchObject([{ type: 'TaskExtensionRequested', data: { requestId: 'x2' } }]);
    });

    it('when the deadline asked is not later than the one in force, then 400 naming deadline', () => {
      for (const deadline of ['2026-06-30', '2026-05-01']) {
        expect(given([registered]).when(ask(deadline)).thenError()).toMatchObject({
          code: 'TASK.EXTENSION_NOT_LATER',
          kind: 'invalid',
          path: 'deadline',
        });
      }
      expect(given([registered]).when(ask('soon')).thenError()).toMatchObject({ code: 'TASK.INVALID_DATE', path: 'deadline' });
    });

    it('when the office, another unit or an unreadable file asks, then it is refused', () => {
      expect(given([registered]).when(ask('2026-09-30', office)).thenError()).toMatchObject({
        code: 'TASK.ROLE_REQUIRED',
        kind: 'forbidden',
      });
      expect(given([registered]).when(ask('2026-09-30', otherDept)).thenError()).toMatchObject({
        code: 'TASK.NOT_LEAD_UNIT',
        kind: 'forbidden',
      });
      expect(
        given([registered])
          .when(ask('2026-09-30', leadDept, [{ id: 'sha256:zz', file: null }]))
          .thenError(),
      ).toMatchObject({
        code: 'FILE.UNKNOWN_ATTACHMENT',
        path: 'attachments[0]',
      });
      expect(given([]).when(ask()).thenErrorCode()).toBe('TASK.NOT_FOUND');
    });

    it('given a cancelled task, when the unit asks, then 409 TASK.CANCELLED', () => {
      const cancelled: TaskEvent = {
        type: 'TaskCancelled',
        data: { taskId: 't1', reason: '并入他项', previousStatus: 'planned', cancelledBy: 'u-office', cancelledAt: T1 },
      };
      expect(given([registered, cancelled]).when(ask()).thenErrorCode()).toBe('TASK.CANCELLED');
      // A request left pending on a task closed since waits for no one.
      expect(pendingExtension(fold(taskDecider, [registered, requested, cancelled])!)).toBeNull();
    });
  });

  describe('approve', () => {
    it('given a pending request, when the office approves, then the approval and the deadline change citing it are appended', () => {
      const events = given([registered, requested])
        .when(approve({ comment: '同意' }))
        .thenEvents();
      expect(events).toEqual([
        {
          type: 'TaskExtensionApproved',
          data: {
            taskId: 't1',
            requestId: 'x1',
            previousDeadline: JUNE_30,
            previousDeadlineDate: '2026-06-30',
            deadline: SEPT_30,
            deadlineDate: '2026-09-30',
            comment: '同意',
            approvedBy: 'u-office',
            approvedAt: T2,
          },
        },
        {
          type: 'TaskDeadlineChanged',
          data: {
            taskId: 't1',
            previousDeadline: JUNE_30,
            deadline: SEPT_30,
            deadlineDate: '2026-09-30',
            reason: '征地拆迁延误',
            requestId: 'x1',
            changedBy: 'u-office',
            changedAt: T2,
          },
        },
      ]);
      const task = fold(taskDecider, [registered, requested, ...events])!;
      expect([task.deadline, task.deadlineDate]).toEqual([SEPT_30, '2026-09-30']);
      expect(task.deadlineChanges).toEqual([
        { from: JUNE_30, to: SEPT_30, toDate: '2026-09-30', reason: '征地拆迁延误', requestId: 'x1', by: 'u-office', at: T2 },
      ]);
      expect(task.extensionRequests[0]).toMatchObject({
        status: 'approved',
        granted: SEPT_30,
        grantedDate: '2026-09-30',
        decidedBy: 'u-office',
        decidedAt: T2,
        decision: '同意',
      });
      expect(pendingExtension(task)).toBeNull();
      // No longer overdue on the old deadline's next day, now that the new one is in force.
      expect(isTaskOverdue(task, '2026-07-01T00:00:00.000Z')).toBe(false);
    });

    it('when the office grants less than asked, then the granted deadline moves the task', () => {
      const events = given([registered, requested])
        .when(approve({ deadline: '2026-08-31' }))
        .thenEvents();
      expect(events.map((e) => [e.type, (e.data as { deadline: string }).deadline])).toEqual([
        ['TaskExtensionApproved', AUG_31],
        ['TaskDeadlineChanged', AUG_31],
      ]);
      expect(fold(taskDecider, [registered, requested, ...events])!.extensionRequests[0]).toMatchObject({
        deadline: SEPT_30,
        granted: AUG_31,
        decision: null,
      });
    });

    it('when the grant is later than asked or not later than the deadline in force, then 400 naming deadline', () => {
      expect(
        given([registered, requested])
          .when(approve({ deadline: '2026-10-31' }))
          .thenError(),
      ).toMatchObject({ code: 'TASK.EXTENSION_BEYOND_REQUEST', path: 'deadline' });
      expect(
        given([registered, requested])
          .when(approve({ deadline: '2026-06-30' }))
          .thenError(),
      ).toMatchObject({ code: 'TASK.EXTENSION_NOT_LATER', path: 'deadline' });
    });

    it('given the office moved the deadline past the one asked, when it approves as asked, then 400 TASK.EXTENSION_NOT_LATER', () => {
      const moved: TaskEvent = {
        type: 'TaskDeadlineChanged',
        data: {
          taskId: 't1',
          previousDeadline: JUNE_30,
          deadline: '2026-12-31T15:59:59.999Z',
          deadlineDate: '2026-12-31',
          reason: '统筹调整',
          changedBy: 'u-office',
          changedAt: T1,
        },
      };
      expect(given([registered, requested, moved]).when(approve()).thenErrorCode()).toBe('TASK.EXTENSION_NOT_LATER');
    });

    it('when anyone but the office decides, or the request is unknown or decided, then it is refused', () => {
      expect(given([registered, requested]).when(approve({}, leadDept)).thenError()).toMatchObject({
        code: 'TASK.ROLE_REQUIRED',
        kind: 'forbidden',
      });
      expect(given([registered, requested]).when(reject(leadDept)).thenError()).toMatchObject({
        code: 'TASK.ROLE_REQUIRED',
        kind: 'forbidden',
      });
      expect(
        given([registered, requested])
          .when(approve({}, office, 'nope'))
          .thenError(),
      ).toMatchObject({ code: 'TASK.EXTENSION_NOT_FOUND', kind: 'not_found' });
      expect(given([registered, requested, rejected]).when(approve()).thenError()).toMatchObject({
        code: 'TASK.EXTENSION_ALREADY_DECIDED',
        kind: 'conflict',
      });
      expect(given([registered, requested, rejected]).when(reject()).thenErrorCode()).toBe('TASK.EXTENSION_ALREADY_DECIDED');
    });
  });

  describe('reject', () => {
    it('given a pending request, when the office rejects it with a reason, then the deadline in force stays', () => {
      expect(given([registered, requested]).when(reject()).thenEvents()).toEqual([rejected]);
      const task = fold(taskDecider, [registered, requested, rejected])!;
      expect([task.deadline, task.deadlineChanges]).toEqual([JUNE_30, []]);
      expect(task.extensionRequests[0]).toMatchObject({
        status: 'rejected',
        granted: null,
        decidedBy: 'u-office',
        decidedAt: T2,
        decision: '理由不充分',
      });
    });
  });
});
