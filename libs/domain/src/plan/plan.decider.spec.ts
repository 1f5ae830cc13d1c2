import type { CommandMetadata, DomainActor } from '../shared/decider.js';
import { fold, specFor } from '../testing.js';
import type { PlanCommand } from './plan.commands.js';
import { planDecider } from './plan.decider.js';
import type { PlanEvent } from './plan.events.js';

const office: DomainActor = { id: 'u-office', roles: ['reform_office'] };
const dept: DomainActor = { id: 'u-dept', roles: ['department'], unit: 'data-bureau' };
const T0 = '2026-01-05T02:00:00.000Z';
const T1 = '2026-02-05T02:00:00.000Z';
const meta = (actor: DomainActor = office, now = T0): CommandMetadata => ({ actor, now });
const given = specFor(planDecider);

const registered: PlanEvent = {
  type: 'PlanRegistered',
  data: {
    planId: 'p1',
    title: '长春市全面深化改革规划（2024—2028年）',
    periodFrom: 2024,
    periodTo: 2028,
    reference: '长发〔2024〕1号',
    registeredBy: 'u-office',
    registeredAt: T0,
  },
};
const kp1: PlanEvent = {
  type: 'KeyPointAdded',
  data: {
    planId: 'p1',
    keyPointId: 'kp1',
    year: 2026,
    title: '深化“一网通办”',
    area: 'government_services',
    specialGroup: 'services',
    addedBy: 'u-office',
    addedAt: T1,
  },
};

const register = (over: Partial<Extract<PlanCommand, { type: 'RegisterPlan' }>['data']> = {}, actor = office): PlanCommand => ({
  type: 'RegisterPlan',
  data: {
    planId: 'p1',
    title: '长春市全面深化改革规划（2024—2028年）',
    periodFrom: 2024,
    periodTo: 2028,
    reference: '长发〔2024〕1号',
    ...over,
  },
  metadata: meta(actor),
});
const addKeyPoint = (over: Partial<Extract<PlanCommand, { type: 'AddKeyPoint' }>['data']> = {}, actor = office): PlanCommand => ({
  type: 'AddKeyPoint',
  data: {
    planId: 'p1',
    keyPointId: 'kp1',
    year: 2026,
    title: '深化“一网通办”',
    area: 'government_services',
    specialGroup: 'services',
    specialGroupRegistered: true,
    ...over,
  },
  metadata: meta(actor, T1),
});

describe('plan decider', () => {
  describe('RegisterPlan', () => {
    it('registers the plan with its period and reference', () => {
      expect(given([]).when(register()).thenEvents()).toEqual([registered]);
      const [e] = given([])
        .when(register({ reference: undefined }))
        .thenEvents();
      expect(e?.type === 'PlanRegistered' && e.data.reference).toBeNull();
    });
    it('accepts a one-year plan', () => {
      expect(
        given([])
          .when(register({ periodFrom: 2026, periodTo: 2026 }))
          .thenEvents(),
      ).toHaveLength(1);
    });
    it('refuses a period that ends before it starts, on periodTo', () => {
      const err = given([])
        .when(register({ periodFrom: 2028, periodTo: 2024 }))
        .thenError();
      expect([err.code, err.kind, err.path]).toEqual(['PLAN.INVALID_PERIOD', 'invalid', 'periodTo']);
    });
    it.each([
      [1999, 'periodFrom'],
      [2024.5, 'periodFrom'],
    ] as const)('refuses the year %p on %s', (periodFrom, path) => {
      expect(given([]).when(register({ periodFrom })).thenError().path).toBe(path);
    });
    it('refuses an id registered before and a caller who is not the office', () => {
      expect(given([registered]).when(register()).thenErrorCode()).toBe('PLAN.ALREADY_EXISTS');
      expect(given([]).when(register({}, dept)).thenErrorCode()).toBe('PLAN.ROLE_REQUIRED');
    });
  });

  describe('AddKeyPoint', () => {
    it('adds a key point of a year within the period', () => {
      expect(given([registered]).when(addKeyPoint()).thenEvents()).toEqual([kp1]);
      expect(fold(planDecider, [registered, kp1])?.keyPoints).toEqual([
        {
          id: 'kp1',
          planId: 'p1',
          year: 2026,
          title: '深化“一网通办”',
          area: 'government_services',
          specialGroup: 'services',
          createdAt: T1,
        },
      ]);
    });
    it('takes the first and the last year of the period, and no group', () => {
      expect(
        given([registered])
          .when(addKeyPoint({ year: 2024 }))
          .thenEvents(),
      ).toHaveLength(1);
      const [e] = given([registered])
        .when(addKeyPoint({ year: 2028, specialGroup: undefined, specialGroupRegistered: undefined }))
        .thenEvents();
      expect(e?.type === 'KeyPointAdded' && e.data.specialGroup).toBeNull();
    });
    it.each([2023, 2029, 2026.5])('refuses the year %p outside the period (400 on year)', (year) => {
      const err = given([registered]).when(addKeyPoint({ year })).thenError();
      expect([err.code, err.kind, err.path]).toEqual(['PLAN.YEAR_OUT_OF_PERIOD', 'invalid', 'year']);
    });
    it('refuses an unregistered group and an unknown area', () => {
      expect(
        given([registered])
          .when(addKeyPoint({ specialGroupRegistered: false }))
          .thenError().path,
      ).toBe('specialGroup');
      expect(
        given([registered])
          .when(addKeyPoint({ area: 'space' as never }))
          .thenError().path,
      ).toBe('area');
    });
    it('refuses a plan that does not exist, a key point id used twice, and a department', () => {
      expect(given([]).when(addKeyPoint()).thenErrorCode()).toBe('PLAN.NOT_FOUND');
      expect(given([registered, kp1]).when(addKeyPoint()).thenErrorCode()).toBe('PLAN.DUPLICATE_KEY_POINT');
      expect(given([registered]).when(addKeyPoint({}, dept)).thenErrorCode()).toBe('PLAN.ROLE_REQUIRED');
    });
  });
});
