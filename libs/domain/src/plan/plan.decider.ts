import { assertNever, hasRole, type Decider, type DomainActor } from '../shared/decider.js';
import { refuse } from '../shared/domain-error.js';
import { isArea } from '../task/task.commands.js';
import type { AddKeyPoint, PlanCommand, RegisterPlan } from './plan.commands.js';
import { PlanErrors } from './plan.errors.js';
import type { PlanEvent } from './plan.events.js';
import { isYearInPlan, PLAN_YEARS, type Plan, type PlanState } from './plan.state.js';

/** Nothing registered yet. */
export function initialPlanState(): PlanState {
  return null;
}

/** Folds one plan event; total, like every fold. */
export function evolvePlan(state: PlanState, event: PlanEvent): PlanState {
  if (event.type === 'PlanRegistered') {
    const d = event.data;
    return {
      id: d.planId,
      title: d.title,
      periodFrom: d.periodFrom,
      periodTo: d.periodTo,
      reference: d.reference,
      keyPoints: [],
      registeredBy: d.registeredBy,
      createdAt: d.registeredAt,
      updatedAt: d.registeredAt,
    };
  }
  if (state === null) return state;
  switch (event.type) {
    case 'KeyPointAdded': {
      const d = event.data;
      const keyPoint = {
        id: d.keyPointId,
        planId: d.planId,
        year: d.year,
        title: d.title,
        area: d.area,
        specialGroup: d.specialGroup,
        createdAt: d.addedAt,
      };
      return { ...state, keyPoints: [...state.keyPoints, keyPoint], updatedAt: d.addedAt };
    }
    default:
      return assertNever(event, 'plan event');
  }
}

/** Decides a plan command: role (403), existence (404/409), input (400). */
function decidePlan(command: PlanCommand, state: PlanState): PlanEvent[] {
  requireOffice(command.metadata.actor);
  switch (command.type) {
    case 'RegisterPlan':
      return register(command, state);
    case 'AddKeyPoint':
      return addKeyPoint(command, requirePlan(state, command.data.planId));
    default:
      return assertNever(command, 'plan command');
  }
}

function register(command: RegisterPlan, state: PlanState): PlanEvent[] {
  const { actor, now } = command.metadata;
  const d = command.data;
  if (state !== null) throw refuse.conflict(PlanErrors.ALREADY_EXISTS, `plan ${d.planId} is already registered`);
  for (const [path, year] of [
    ['periodFrom', d.periodFrom],
    ['periodTo', d.periodTo],
  ] as const) {
    if (!Number.isInteger(year) || year < PLAN_YEARS.min || year > PLAN_YEARS.max) {
      throw refuse.invalid(PlanErrors.INVALID_PERIOD, `${path} must be a whole year from ${PLAN_YEARS.min} to ${PLAN_YEARS.max}`, path);
    }
  }
  if (d.periodTo < d.periodFrom) throw refuse.invalid(PlanErrors.INVALID_PERIOD, 'the period ends before it starts', 'periodTo');
  return [
    {
      type: 'PlanRegistered',
      data: {
        planId: d.planId,
        title: d.title,
        periodFrom: d.periodFrom,
        periodTo: d.periodTo,
        reference: d.reference ?? null,
        registeredBy: actor.id,
        registeredAt: now,
      },
    },
  ];
}

function addKeyPoint(command: AddKeyPoint, plan: Plan): PlanEvent[] {
  const { actor, now } = command.metadata;
  const d = command.data;
  if (!isYearInPlan(plan, d.year)) {
    throw refuse.invalid(PlanErrors.YEAR_OUT_OF_PERIOD, `the plan runs from ${plan.periodFrom} to ${plan.periodTo}`, 'year');
  }
  if (!isArea(d.area)) throw refuse.invalid(PlanErrors.INVALID_AREA, `unknown area ${JSON.stringify(d.area)}`, 'area');
  if (d.specialGroup !== undefined && d.specialGroupRegistered !== true) {
    throw refuse.invalid(
      PlanErrors.UNKNOWN_SPECIAL_GROUP,
      `no special group is registered under ${JSON.stringify(d.specialGroup)}`,
      'specialGroup',
    );
  }
  if (plan.keyPoints.some((k) => k.id === d.keyPointId))
    throw refuse.conflict(PlanErrors.DUPLICATE_KEY_POINT, `key point ${d.keyPointId} is already on the plan`);
  return [
    {
      type: 'KeyPointAdded',
      data: {
        planId: plan.id,
        keyPointId: d.keyPointId,
        year: d.year,
        title: d.title,
        area: d.area,
        specialGroup: d.specialGroup ?? null,
        addedBy: actor.id,
        addedAt: now,
      },
    },
  ];
}

function requireOffice(actor: DomainActor): void {
  if (!hasRole(actor, 'reform_office'))
    throw refuse.forbidden(PlanErrors.ROLE_REQUIRED, 'only the reform office registers plans and key points');
}

function requirePlan(state: PlanState, planId: string): Plan {
  if (state === null) throw refuse.notFound(PlanErrors.NOT_FOUND, `no plan ${planId}`);
  return state;
}

/** The plan aggregate (stream `plan-<id>`), holding its annual key points. */
export const planDecider: Decider<PlanCommand, PlanEvent, PlanState> = {
  initialState: initialPlanState,
  evolve: evolvePlan,
  decide: decidePlan,
};
