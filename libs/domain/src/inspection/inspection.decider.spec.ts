import type { CommandMetadata, DomainActor } from '../shared/decider.js';
import { fold, specFor } from '../testing.js';
import type { ExtensionLimits, InspectionCommand, Severity } from './inspection.commands.js';
import { DEFAULT_EXTENSION_LIMITS } from './inspection.commands.js';
import { DEFAULT_INSPECTION_POLICY, inspectionDeciderFor } from './inspection.decider.js';
import type { FindingRecorded, InspectionEvent, InspectionOpened } from './inspection.events.js';
import { isFindingOverdue } from './inspection.state.js';

// Decides as a deployment that configured nothing (the default calendar).
const inspectionDecider = inspectionDeciderFor(DEFAULT_INSPECTION_POLICY);

const inspector: DomainActor = { id: 'u-insp', roles: ['inspector'], unit: 'supervision-office' };
const inspector2: DomainActor = { id: 'u-insp2', roles: ['inspector'] };
const inspectorFromUnit: DomainActor = { id: 'u-insp3', roles: ['inspector'], unit: 'transport-bureau' };
const dept: DomainActor = { id: 'u-dept', roles: ['department'], unit: 'transport-bureau' };
const otherDept: DomainActor = { id: 'u-other', roles: ['department'], unit: 'health-commission' };
const deptWithoutUnit: DomainActor = { id: 'u-nounit', roles: ['department'] };
const office: DomainActor = { id: 'u-office', roles: ['reform_office'] };

const T0 = '2025-03-01T08:00:00.000Z';
const T1 = '2025-04-01T08:00:00.000Z';
const T2 = '2025-05-01T08:00:00.000Z';
const DUE = '2025-06-30T16:00:00.000Z';

const meta = (actor: DomainActor, now = T1): CommandMetadata => ({ actor, now });
const given = specFor(inspectionDecider);
/** The decider of a deployment that configured these extension limits. */
const givenLimits = (extensionLimits: Partial<ExtensionLimits>) =>
  specFor(inspectionDeciderFor({ ...DEFAULT_INSPECTION_POLICY, extensionLimits }));

const opened: InspectionOpened = {
  type: 'InspectionOpened',
  data: {
    inspectionId: 'i1',
    title: 'Q2 government services inspection',
    targetUnit: 'transport-bureau',
    taskIds: ['t1', 't2'],
    scope: 'one-visit services',
    openedBy: 'u-insp',
    openedAt: T0,
  },
};
const finding = (findingId = 'f1', severity: Severity = 'high'): FindingRecorded => ({
  type: 'FindingRecorded',
  data: {
    inspectionId: 'i1',
    findingId,
    targetUnit: 'transport-bureau',
    description: 'Queues over two hours',
    severity,
    responsibleUnit: 'transport-bureau',
    rectificationDue: DUE,
    recordedBy: 'u-insp',
    recordedAt: T0,
  },
});
const f1 = finding();
const planned: InspectionEvent = {
  type: 'RectificationPlanSubmitted',
  data: {
    inspectionId: 'i1',
    findingId: 'f1',
    responsibleUnit: 'transport-bureau',
    plan: 'Open 4 more windows',
    due: null,
    submittedBy: 'u-dept',
    submittedAt: T1,
  },
};
const rectified: InspectionEvent = {
  type: 'RectificationRecorded',
  data: {
    inspectionId: 'i1',
    findingId: 'f1',
    responsibleUnit: 'transport-bureau',
    description: 'Windows opened',
    evidence: ['photo-1'],
    recordedBy: 'u-insp',
    recordedAt: T1,
  },
};
const verified = (outcome: 'accepted' | 'rejected', findingId = 'f1'): InspectionEvent => ({
  type: 'RectificationVerified',
  data: {
    inspectionId: 'i1',
    findingId,
    responsibleUnit: 'transport-bureau',
    severity: 'high',
    outcome,
    comment: outcome === 'accepted' ? 'queues gone' : 'queues persist',
    verifiedBy: 'u-insp',
    verifiedAt: T2,
  },
});
const extended = (n: number, findingId = 'f1'): InspectionEvent => ({
  type: 'RectificationDueExtended',
  data: {
    inspectionId: 'i1',
    findingId,
    responsibleUnit: 'transport-bureau',
    previousDue: `2025-0${6 + n - 1}-30T16:00:00.000Z`,
    due: `2025-0${6 + n}-30T16:00:00.000Z`,
    reason: 'procurement delay',
    extension: n,
    extendedBy: 'u-insp',
    extendedAt: T1,
  },
});
const closed: InspectionEvent = {
  type: 'InspectionClosed',
  data: { inspectionId: 'i1', targetUnit: 'transport-bureau', closedBy: 'u-insp', closedAt: T2 },
};
const f1Closed = [opened, f1, rectified, verified('accepted')];

const openCmd = (
  actor = inspector,
  over: Partial<Extract<InspectionCommand, { type: 'OpenInspection' }>['data']> = {},
): InspectionCommand => ({
  type: 'OpenInspection',
  data: {
    inspectionId: 'i1',
    title: 'Q2 government services inspection',
    targetUnit: 'transport-bureau',
    taskIds: ['t1', 't2', 't1'],
    scope: 'one-visit services',
    ...over,
  },
  metadata: meta(actor, T0),
});
const recordFinding = (
  over: Partial<Extract<InspectionCommand, { type: 'RecordFinding' }>['data']> = {},
  actor = inspector,
): InspectionCommand => ({
  type: 'RecordFinding',
  data: {
    inspectionId: 'i1',
    findingId: 'f1',
    description: 'Queues over two hours',
    severity: 'high',
    responsibleUnit: 'transport-bureau',
    rectificationDue: '2025-07-01T00:00:00+08:00',
    ...over,
  },
  metadata: meta(actor, T0),
});
const plan = (actor = dept, due?: string, findingId = 'f1'): InspectionCommand => ({
  type: 'SubmitRectificationPlan',
  data: { inspectionId: 'i1', findingId, plan: 'Open 4 more windows', ...(due === undefined ? {} : { due }) },
  metadata: meta(actor),
});
// `null` leaves evidence out of the command (a default parameter would swallow `undefined`).
const rectify = (actor = inspector, evidence: string[] | null = ['photo-1'], findingId = 'f1'): InspectionCommand => ({
  type: 'RecordRectification',
  data: { inspectionId: 'i1', findingId, description: 'Windows opened', ...(evidence === null ? {} : { evidence }) },
  metadata: meta(actor),
});
const verify = (outcome: 'accepted' | 'rejected', actor = inspector, findingId = 'f1'): InspectionCommand => ({
  type: 'VerifyRectification',
  data: { inspectionId: 'i1', findingId, outcome, comment: outcome === 'accepted' ? 'queues gone' : 'queues persist' },
  metadata: meta(actor, T2),
});
const extend = (due: string, actor = inspector, findingId = 'f1'): InspectionCommand => ({
  type: 'ExtendRectificationDue',
  data: { inspectionId: 'i1', findingId, due, reason: 'procurement delay' },
  metadata: meta(actor),
});
const close = (actor = inspector): InspectionCommand => ({
  type: 'CloseInspection',
  data: { inspectionId: 'i1' },
  metadata: meta(actor, T2),
});

describe('inspection decider', () => {
  describe('due dates written as dates', () => {
    it('a rectification due date is the end of that day in Beijing time, kept beside the instant; overdue from 00:00 the next day', () => {
      const events = given([opened])
        .when(recordFinding({ rectificationDue: '2025-06-30' }))
        .thenEvents();
      expect(events[0]).toMatchObject({
        type: 'FindingRecorded',
        data: { rectificationDue: DUE.replace('16:00:00.000Z', '15:59:59.999Z'), rectificationDueDate: '2025-06-30' },
      });
      const finding = fold(inspectionDecider, [opened, ...events])!.findings[0]!;
      expect(finding).toMatchObject({ rectificationDue: '2025-06-30T15:59:59.999Z', rectificationDueDate: '2025-06-30' });
      expect(isFindingOverdue(finding, '2025-06-30T23:59:59.999+08:00')).toBe(false);
      expect(isFindingOverdue(finding, '2025-07-01T00:00:00+08:00')).toBe(true);
    });

    it("a plan's proposed date and an extension keep their dates; the extension's date is the finding's", () => {
      const planEvents = given([opened, f1]).when(plan(dept, '2025-06-15')).thenEvents();
      expect(planEvents[0]).toMatchObject({ data: { due: '2025-06-15T15:59:59.999Z', dueDate: '2025-06-15' } });
      const extEvents = given([opened, f1]).when(extend('2025-07-31')).thenEvents();
      expect(extEvents[0]).toMatchObject({ data: { due: '2025-07-31T15:59:59.999Z', dueDate: '2025-07-31' } });
      const finding = fold(inspectionDecider, [opened, f1, ...planEvents, ...extEvents])!.findings[0]!;
      expect(finding).toMatchObject({
        planDue: '2025-06-15T15:59:59.999Z',
        planDueDate: '2025-06-15',
        plans: [{ dueDate: '2025-06-15' }],
        rectificationDue: '2025-07-31T15:59:59.999Z',
        rectificationDueDate: '2025-07-31',
        extensions: [{ due: '2025-07-31T15:59:59.999Z', dueDate: '2025-07-31' }],
      });
    });

    it('an extension to the same day given as a date is later than the instant of its start (the end of the day counts)', () => {
      // f1 is due 2025-07-01T00:00+08:00, the first instant of 1 July; "2025-07-01" is its last.
      expect(given([opened, f1]).when(extend('2025-07-01')).thenEvents()).toHaveLength(1);
    });

    it('reads the day in the time zone of the policy', () => {
      const [e] = specFor(inspectionDeciderFor({ ...DEFAULT_INSPECTION_POLICY, timeZone: 'UTC' }))([opened])
        .when(recordFinding({ rectificationDue: '2025-06-30' }))
        .thenEvents();
      expect(e).toMatchObject({ data: { rectificationDue: '2025-06-30T23:59:59.999Z', rectificationDueDate: '2025-06-30' } });
    });

    it.each(['2025-02-30', '2025年6月30日'])('refuses %j naming the field', (value) => {
      expect(
        given([opened])
          .when(recordFinding({ rectificationDue: value }))
          .thenError(),
      ).toMatchObject({ code: 'INSPECTION.INVALID_DATE', path: 'rectificationDue' });
      expect(given([opened, f1]).when(plan(dept, value)).thenError()).toMatchObject({ code: 'INSPECTION.INVALID_DATE', path: 'due' });
      expect(given([opened, f1]).when(extend(value)).thenError()).toMatchObject({ code: 'INSPECTION.INVALID_DATE', path: 'due' });
    });
  });

  describe('OpenInspection', () => {
    it('opens against a unit, dropping repeated task ids', () => {
      expect(given([]).when(openCmd()).thenEvents()).toEqual([opened]);
    });

    it('opens with neither tasks nor scope', () => {
      const [e] = given([])
        .when(openCmd(inspector, { taskIds: undefined, scope: undefined }))
        .thenEvents();
      expect(e?.data).toMatchObject({ taskIds: [], scope: null });
    });

    it('is refused to anyone but inspectors', () => {
      const err = given([]).when(openCmd(office)).thenError();
      expect([err.code, err.kind]).toEqual(['INSPECTION.ROLE_REQUIRED', 'forbidden']);
    });

    it('refuses an id already used', () => {
      const err = given([opened]).when(openCmd()).thenError();
      expect([err.code, err.kind]).toEqual(['INSPECTION.ALREADY_EXISTS', 'conflict']);
    });
  });

  describe('every command on an inspection that does not exist', () => {
    it.each([
      ['RecordFinding', recordFinding()],
      ['SubmitRectificationPlan', plan()],
      ['RecordRectification', rectify()],
      ['VerifyRectification', verify('accepted')],
      ['ExtendRectificationDue', extend('2025-08-01T00:00:00Z')],
      ['CloseInspection', close()],
    ])('%s → INSPECTION.NOT_FOUND', (_name, command) => {
      const err = given([]).when(command).thenError();
      expect([err.code, err.kind]).toEqual(['INSPECTION.NOT_FOUND', 'not_found']);
    });
  });

  describe('every command on a closed inspection', () => {
    it.each([
      ['RecordFinding', recordFinding({ findingId: 'f2' })],
      ['SubmitRectificationPlan', plan()],
      ['RecordRectification', rectify()],
      ['VerifyRectification', verify('accepted')],
      ['ExtendRectificationDue', extend('2025-08-01T00:00:00Z')],
      ['CloseInspection', close()],
    ])('%s → INSPECTION.CLOSED', (_name, command) => {
      const err = given([...f1Closed, closed])
        .when(command)
        .thenError();
      expect([err.code, err.kind]).toEqual(['INSPECTION.CLOSED', 'conflict']);
    });
  });

  describe('every finding command on an unknown finding', () => {
    it.each([
      ['SubmitRectificationPlan', plan(dept, undefined, 'f9')],
      ['RecordRectification', rectify(inspector, null, 'f9')],
      ['VerifyRectification', verify('accepted', inspector, 'f9')],
      ['ExtendRectificationDue', extend('2025-08-01T00:00:00Z', inspector, 'f9')],
    ])('%s → INSPECTION.FINDING_NOT_FOUND', (_name, command) => {
      const err = given([opened, f1]).when(command).thenError();
      expect([err.code, err.kind]).toEqual(['INSPECTION.FINDING_NOT_FOUND', 'not_found']);
    });
  });

  describe('inspector-only commands', () => {
    it.each([
      ['RecordFinding', recordFinding({}, dept)],
      ['RecordRectification', rectify(dept)],
      ['VerifyRectification', verify('accepted', office)],
      ['ExtendRectificationDue', extend('2025-08-01T00:00:00Z', dept)],
      ['CloseInspection', close(office)],
    ])('%s is refused to others', (_name, command) => {
      const err = given([opened, f1, rectified]).when(command).thenError();
      expect([err.code, err.kind]).toEqual(['INSPECTION.ROLE_REQUIRED', 'forbidden']);
    });
  });

  describe('RecordFinding', () => {
    it('records the finding with the target unit and a UTC due date', () => {
      expect(given([opened]).when(recordFinding()).thenEvents()).toEqual([f1]);
    });

    it('refuses a finding id already used in the inspection', () => {
      const err = given([opened, f1]).when(recordFinding()).thenError();
      expect([err.code, err.kind]).toEqual(['INSPECTION.FINDING_ALREADY_EXISTS', 'conflict']);
    });

    it('refuses an unknown severity', () => {
      const err = given([opened])
        .when(recordFinding({ severity: 'catastrophic' as never }))
        .thenError();
      expect([err.code, err.kind, err.path]).toEqual(['INSPECTION.INVALID_SEVERITY', 'invalid', 'severity']);
    });

    it('refuses a malformed due date', () => {
      const err = given([opened])
        .when(recordFinding({ rectificationDue: '2025-06-31' }))
        .thenError();
      expect([err.code, err.kind, err.path]).toEqual(['INSPECTION.INVALID_DATE', 'invalid', 'rectificationDue']);
    });
  });

  describe('SubmitRectificationPlan', () => {
    it('moves an open finding to planned', () => {
      expect(given([opened, f1]).when(plan()).thenEvents()).toEqual([planned]);
    });

    it('keeps a proposed due date, normalised', () => {
      const [e] = given([opened, f1]).when(plan(dept, '2025-06-15T00:00:00+08:00')).thenEvents();
      expect(e?.type === 'RectificationPlanSubmitted' && e.data.due).toBe('2025-06-14T16:00:00.000Z');
    });

    it('accepts a new plan once the finding is reopened', () => {
      expect(
        given([opened, f1, planned, rectified, verified('rejected')])
          .when(plan())
          .thenEvents(),
      ).toHaveLength(1);
    });

    it('refuses a department of another unit', () => {
      const err = given([opened, f1]).when(plan(otherDept)).thenError();
      expect([err.code, err.kind]).toEqual(['INSPECTION.NOT_RESPONSIBLE_UNIT', 'forbidden']);
    });

    it('refuses a department user without a unit', () => {
      expect(given([opened, f1]).when(plan(deptWithoutUnit)).thenErrorCode()).toBe('INSPECTION.NOT_RESPONSIBLE_UNIT');
    });

    it('refuses non-department roles, the inspector included', () => {
      const err = given([opened, f1]).when(plan(inspectorFromUnit)).thenError();
      expect([err.code, err.kind]).toEqual(['INSPECTION.ROLE_REQUIRED', 'forbidden']);
    });

    it('refuses a malformed due date on `due`', () => {
      const err = given([opened, f1]).when(plan(dept, 'end of June')).thenError();
      expect([err.code, err.path]).toEqual(['INSPECTION.INVALID_DATE', 'due']);
    });

    it('refuses a second plan while one stands', () => {
      const err = given([opened, f1, planned]).when(plan()).thenError();
      expect([err.code, err.kind]).toEqual(['INSPECTION.PLAN_ALREADY_SUBMITTED', 'conflict']);
    });

    it('refuses a plan while a rectification awaits verification', () => {
      const err = given([opened, f1, rectified]).when(plan()).thenError();
      expect([err.code, err.kind]).toEqual(['INSPECTION.AWAITING_VERIFICATION', 'conflict']);
    });

    it('refuses a plan for a closed finding', () => {
      const err = given([...f1Closed, finding('f2')])
        .when(plan())
        .thenError();
      expect([err.code, err.kind]).toEqual(['INSPECTION.FINDING_CLOSED', 'conflict']);
    });
  });

  describe('RecordRectification', () => {
    it.each([
      ['open', [opened, f1]],
      ['planned', [opened, f1, planned]],
      ['reopened', [opened, f1, rectified, verified('rejected')]],
    ])('records a rectification on a %s finding', (_status, events) => {
      expect(given(events).when(rectify()).thenEvents()).toEqual([rectified]);
    });

    it('defaults evidence to an empty list', () => {
      const [e] = given([opened, f1]).when(rectify(inspector, null)).thenEvents();
      expect(e?.type === 'RectificationRecorded' && e.data.evidence).toEqual([]);
    });

    it('refuses a second rectification while one awaits verification', () => {
      const err = given([opened, f1, rectified]).when(rectify()).thenError();
      expect([err.code, err.kind]).toEqual(['INSPECTION.AWAITING_VERIFICATION', 'conflict']);
    });

    it('refuses a closed finding', () => {
      expect(
        given([...f1Closed, finding('f2')])
          .when(rectify())
          .thenErrorCode(),
      ).toBe('INSPECTION.FINDING_CLOSED');
    });
  });

  describe('VerifyRectification', () => {
    it('accepting closes the finding', () => {
      expect(given([opened, f1, rectified]).when(verify('accepted')).thenEvents()).toEqual([verified('accepted')]);
    });

    it('rejecting reopens it', () => {
      expect(given([opened, f1, rectified]).when(verify('rejected')).thenEvents()).toEqual([verified('rejected')]);
    });

    it('lets an inspector without a unit verify', () => {
      expect(given([opened, f1, rectified]).when(verify('accepted', inspector2)).thenEvents()).toHaveLength(1);
    });

    it('refuses an inspector who belongs to the rectifying unit', () => {
      const err = given([opened, f1, rectified]).when(verify('accepted', inspectorFromUnit)).thenError();
      expect([err.code, err.kind]).toEqual(['INSPECTION.VERIFIER_IS_RECTIFYING_UNIT', 'forbidden']);
    });

    it('refuses an unknown outcome', () => {
      const bad: InspectionCommand = {
        type: 'VerifyRectification',
        data: { inspectionId: 'i1', findingId: 'f1', outcome: 'maybe' as never, comment: 'x' },
        metadata: meta(inspector),
      };
      const err = given([opened, f1, rectified]).when(bad).thenError();
      expect([err.code, err.kind, err.path]).toEqual(['INSPECTION.INVALID_OUTCOME', 'invalid', 'outcome']);
    });

    it.each([
      ['open', [opened, f1]],
      ['planned', [opened, f1, planned]],
      ['reopened', [opened, f1, rectified, verified('rejected')]],
    ])('refuses a %s finding (nothing to verify)', (_status, events) => {
      const err = given(events).when(verify('accepted')).thenError();
      expect([err.code, err.kind]).toEqual(['INSPECTION.NOT_RECTIFIED', 'conflict']);
    });

    it('refuses a closed finding', () => {
      expect(
        given([...f1Closed, finding('f2')])
          .when(verify('accepted'))
          .thenErrorCode(),
      ).toBe('INSPECTION.FINDING_CLOSED');
    });
  });

  describe('ExtendRectificationDue', () => {
    it('extends the due date, counting the extension', () => {
      expect(given([opened, f1]).when(extend('2025-07-31T00:00:00+08:00')).thenEvents()).toEqual([extended(1)]);
    });

    it.each([
      ['critical', 1],
      ['high', 2],
      ['medium', 3],
      ['low', 3],
    ] as const)('allows a %s finding %i extension(s) by default, then refuses', (severity, limit) => {
      expect(DEFAULT_EXTENSION_LIMITS[severity]).toBe(limit);
      const history = [opened, finding('f1', severity), ...Array.from({ length: limit - 1 }, (_, i) => extended(i + 1))];
      const next = `2025-0${6 + limit}-30T16:00:00.000Z`;
      expect(given(history).when(extend(next)).thenEvents()).toHaveLength(1);
      const err = given([...history, extended(limit)])
        .when(extend('2025-12-31T00:00:00Z'))
        .thenError();
      expect([err.code, err.kind]).toEqual(['INSPECTION.EXTENSION_LIMIT_REACHED', 'conflict']);
    });

    it('takes the limits from the policy the decider was built with', () => {
      expect(givenLimits({ high: 0 })([opened, f1]).when(extend('2025-07-31T00:00:00Z')).thenErrorCode()).toBe(
        'INSPECTION.EXTENSION_LIMIT_REACHED',
      );
      expect(
        givenLimits({ high: 5 })([opened, f1, extended(1), extended(2)])
          .when(extend('2025-09-30T00:00:00Z'))
          .thenEvents(),
      ).toHaveLength(1);
    });

    it('falls back to the default for severities the configuration leaves out or breaks', () => {
      expect(
        givenLimits({ low: 9 })([opened, f1, extended(1), extended(2)])
          .when(extend('2025-09-30T00:00:00Z'))
          .thenErrorCode(),
      ).toBe('INSPECTION.EXTENSION_LIMIT_REACHED');
      expect(
        givenLimits({ high: -1 })([opened, f1, extended(1), extended(2)])
          .when(extend('2025-09-30T00:00:00Z'))
          .thenErrorCode(),
      ).toBe('INSPECTION.EXTENSION_LIMIT_REACHED');
    });

    it.each(['2025-06-30T16:00:00Z', '2025-06-01T00:00:00Z'])('refuses %s, which is not later than the current due date', (due) => {
      const err = given([opened, f1]).when(extend(due)).thenError();
      expect([err.code, err.kind, err.path]).toEqual(['INSPECTION.DUE_NOT_LATER', 'invalid', 'due']);
    });

    it('refuses a malformed due date', () => {
      expect(given([opened, f1]).when(extend('later')).thenError().path).toBe('due');
    });

    it('refuses a closed finding', () => {
      expect(
        given([...f1Closed, finding('f2')])
          .when(extend('2025-08-01T00:00:00Z'))
          .thenErrorCode(),
      ).toBe('INSPECTION.FINDING_CLOSED');
    });
  });

  describe('CloseInspection', () => {
    it('closes when every finding is closed', () => {
      expect(given(f1Closed).when(close()).thenEvents()).toEqual([closed]);
    });

    it('closes an inspection that found nothing', () => {
      expect(given([opened]).when(close()).thenEvents()).toEqual([closed]);
    });

    it.each([
      ['open', [opened, f1]],
      ['planned', [opened, f1, planned]],
      ['rectified', [opened, f1, rectified]],
      ['reopened', [opened, f1, rectified, verified('rejected')]],
      ['open beside a closed one', [...f1Closed, finding('f2')]],
    ])('refuses while a finding is %s', (_status, events) => {
      const err = given(events).when(close()).thenError();
      expect([err.code, err.kind]).toEqual(['INSPECTION.OPEN_FINDINGS', 'conflict']);
    });
  });

  describe('evolve', () => {
    it('builds the API Finding through plan, rejection, extension, second rectification and acceptance', () => {
      const secondRectification: InspectionEvent = {
        ...rectified,
        data: { ...rectified.data, description: 'More windows', evidence: ['photo-2'], recordedAt: T2 },
      };
      const state = fold(inspectionDecider, [
        opened,
        f1,
        planned,
        rectified,
        verified('rejected'),
        extended(1),
        secondRectification,
        verified('accepted'),
        closed,
      ]);
      expect(state).toMatchObject({
        id: 'i1',
        status: 'closed',
        targetUnit: 'transport-bureau',
        taskIds: ['t1', 't2'],
        closedBy: 'u-insp',
        closedAt: T2,
      });
      expect(state?.findings[0]).toEqual({
        id: 'f1',
        inspectionId: 'i1',
        description: 'Queues over two hours',
        severity: 'high',
        responsibleUnit: 'transport-bureau',
        rectificationDue: '2025-07-30T16:00:00.000Z',
        rectificationDueDate: null,
        status: 'closed',
        plan: 'Open 4 more windows',
        planDue: null,
        planDueDate: null,
        plans: [{ plan: 'Open 4 more windows', due: null, dueDate: null, submittedBy: 'u-dept', at: T1 }],
        rectifications: [
          { description: 'Windows opened', evidence: ['photo-1'], recordedBy: 'u-insp', at: T1 },
          { description: 'More windows', evidence: ['photo-2'], recordedBy: 'u-insp', at: T2 },
        ],
        verifications: [
          { outcome: 'rejected', comment: 'queues persist', by: 'u-insp', at: T2 },
          { outcome: 'accepted', comment: 'queues gone', by: 'u-insp', at: T2 },
        ],
        failedVerifications: 1,
        extensions: [
          { previousDue: DUE, due: '2025-07-30T16:00:00.000Z', dueDate: null, reason: 'procurement delay', by: 'u-insp', at: T1 },
        ],
        recordedBy: 'u-insp',
        recordedAt: T0,
        updatedAt: T2,
        closedAt: T2,
      });
    });

    it('ignores events it cannot apply instead of throwing', () => {
      expect(fold(inspectionDecider, [f1])).toBeNull();
      expect(fold(inspectionDecider, [opened, rectified])?.findings).toEqual([]);
    });
  });

  describe('isFindingOverdue', () => {
    const open = fold(inspectionDecider, [opened, f1])!.findings[0]!;
    it('is false before the due date and true after it', () => {
      expect(isFindingOverdue(open, '2025-06-30T16:00:00Z')).toBe(false);
      expect(isFindingOverdue(open, '2025-07-01T00:00:01+08:00')).toBe(true);
    });
    it('counts a rectified finding still awaiting verification', () => {
      const f = fold(inspectionDecider, [opened, f1, rectified])!.findings[0]!;
      expect(isFindingOverdue(f, '2025-08-01T00:00:00Z')).toBe(true);
    });
    it('never counts a closed finding', () => {
      const f = fold(inspectionDecider, f1Closed)!.findings[0]!;
      expect(isFindingOverdue(f, '2025-08-01T00:00:00Z')).toBe(false);
    });
  });
});
