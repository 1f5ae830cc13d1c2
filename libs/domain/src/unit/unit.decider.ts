import { assertNever, hasRole, type Decider, type DomainActor } from '../shared/decider.js';
import { refuse } from '../shared/domain-error.js';
import { isUnitLevel, type ParentFacts, type RegisterUnit, type UnitCommand } from './unit.commands.js';
import { UnitErrors } from './unit.errors.js';
import type { UnitEvent } from './unit.events.js';
import { isUnitCode, type Unit, type UnitState } from './unit.state.js';

/** Nothing registered yet. */
export function initialUnitState(): UnitState {
  return null;
}

/** Folds one unit event; total, like every fold. */
export function evolveUnit(state: UnitState, event: UnitEvent): UnitState {
  if (event.type === 'UnitRegistered') {
    const d = event.data;
    return {
      code: d.code,
      name: d.name,
      level: d.level,
      parent: d.parent,
      registeredBy: d.registeredBy,
      createdAt: d.registeredAt,
      updatedAt: d.registeredAt,
    };
  }
  if (state === null) return state;
  switch (event.type) {
    case 'UnitMoved':
      return { ...state, parent: event.data.parent, updatedAt: event.data.movedAt };
    default:
      return assertNever(event, 'unit event');
  }
}

/** Decides a unit command: role (403), existence (404/409), input and the tree's shape (400), no-op (409). */
function decideUnit(command: UnitCommand, state: UnitState): UnitEvent[] {
  const { actor, now } = command.metadata;
  requireOfficeOrAdmin(actor);
  if (command.type === 'RegisterUnit') return register(command, state);
  switch (command.type) {
    case 'MoveUnit': {
      const unit = requireUnit(state, command.data.code);
      const { parent } = command.data;
      requireParent(unit.code, parent, command.data);
      if (unit.parent === parent)
        throw refuse.conflict(UnitErrors.PARENT_UNCHANGED, `${unit.code} is already under ${parent}`, { code: unit.code, parent });
      return [{ type: 'UnitMoved', data: { code: unit.code, previousParent: unit.parent, parent, movedBy: actor.id, movedAt: now } }];
    }
    default:
      return assertNever(command, 'unit command');
  }
}

function register(command: RegisterUnit, state: UnitState): UnitEvent[] {
  const { actor, now } = command.metadata;
  const d = command.data;
  if (!isUnitCode(d.code)) throw refuse.invalid(UnitErrors.INVALID_CODE, 'code must match [a-z0-9-]{2,60}', 'code');
  if (!isUnitLevel(d.level)) throw refuse.invalid(UnitErrors.INVALID_LEVEL, `unknown level ${JSON.stringify(d.level)}`, 'level');
  if (state !== null) throw refuse.conflict(UnitErrors.ALREADY_EXISTS, `unit ${d.code} is already registered`, { code: d.code });
  if (d.parent !== undefined)
    requireParent(d.code, d.parent, { parentRegistered: d.parentRegistered ?? false, parentAncestors: d.parentAncestors ?? [] });
  return [
    {
      type: 'UnitRegistered',
      data: { code: d.code, name: d.name, level: d.level, parent: d.parent ?? null, registeredBy: actor.id, registeredAt: now },
    },
  ];
}

/**
 * The tree stays a tree: the parent is registered, and it is neither the unit itself nor one
 * of its descendants (the unit would then be among the parent's ancestors).
 */
function requireParent(code: string, parent: string, facts: ParentFacts): void {
  if (parent === code || facts.parentAncestors.includes(code)) {
    throw refuse.invalid(UnitErrors.CYCLE, `${parent} is ${code} itself or lies below it`, 'parent', { code, parent });
  }
  if (!facts.parentRegistered)
    throw refuse.invalid(UnitErrors.UNKNOWN_PARENT, `no unit is registered under ${JSON.stringify(parent)}`, 'parent', { parent });
}

function requireOfficeOrAdmin(actor: DomainActor): void {
  if (!hasRole(actor, 'reform_office', 'admin'))
    throw refuse.forbidden(UnitErrors.ROLE_REQUIRED, 'only the reform office or an administrator registers and moves units');
}

function requireUnit(state: UnitState, code: string): Unit {
  if (state === null) throw refuse.notFound(UnitErrors.NOT_FOUND, `no unit ${code}`, { code });
  return state;
}

/** The unit aggregate (stream `unit-<code>`): one node of the tree of units. */
export const unitDecider: Decider<UnitCommand, UnitEvent, UnitState> = {
  initialState: initialUnitState,
  evolve: evolveUnit,
  decide: decideUnit,
};
