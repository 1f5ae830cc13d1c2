import { assertNever, hasRole, type Decider, type DomainActor } from '../shared/decider.js';
import { refuse } from '../shared/domain-error.js';
import type { RegisterSpecialGroup, SpecialGroupCommand } from './special-group.commands.js';
import { SpecialGroupErrors } from './special-group.errors.js';
import type { SpecialGroupEvent } from './special-group.events.js';
import { isSpecialGroupCode, type SpecialGroup, type SpecialGroupState } from './special-group.state.js';

/** Nothing registered yet. */
export function initialSpecialGroupState(): SpecialGroupState {
  return null;
}

/** Folds one group event; total, like every fold. */
export function evolveSpecialGroup(state: SpecialGroupState, event: SpecialGroupEvent): SpecialGroupState {
  if (event.type === 'SpecialGroupRegistered') {
    const d = event.data;
    return {
      code: d.code,
      name: d.name,
      lead: d.lead,
      deputies: d.deputies,
      memberUnits: d.memberUnits,
      registeredBy: d.registeredBy,
      createdAt: d.registeredAt,
      updatedAt: d.registeredAt,
    };
  }
  if (state === null) return state;
  switch (event.type) {
    case 'SpecialGroupMembersChanged': {
      const d = event.data;
      const removed = new Set(d.removed);
      return {
        ...state,
        memberUnits: [...state.memberUnits.filter((u) => !removed.has(u)), ...d.added],
        lead: d.lead,
        deputies: d.deputies,
        updatedAt: d.changedAt,
      };
    }
    default:
      return assertNever(event, 'special group event');
  }
}

/** Decides a group command: role (403), existence (404/409), input (400). */
function decideSpecialGroup(command: SpecialGroupCommand, state: SpecialGroupState): SpecialGroupEvent[] {
  const { actor, now } = command.metadata;
  requireOffice(actor);
  if (command.type === 'RegisterSpecialGroup') return register(command, state);
  switch (command.type) {
    case 'ChangeSpecialGroupMembers': {
      const group = requireGroup(state, command.data.code);
      const { add = [], remove = [], lead, deputies } = command.data;
      if (add.length === 0 && remove.length === 0 && lead === undefined && deputies === undefined) {
        throw refuse.invalid(SpecialGroupErrors.NOTHING_TO_CHANGE, 'name units to add or remove, a lead or deputies', 'add');
      }
      requireDistinct(add, 'add');
      requireDistinct(remove, 'remove');
      add.forEach((u, i) => {
        if (group.memberUnits.includes(u) && !remove.includes(u)) {
          throw refuse.invalid(SpecialGroupErrors.ALREADY_MEMBER, `${u} is already a member unit`, `add.${i}`);
        }
      });
      remove.forEach((u, i) => {
        if (!group.memberUnits.includes(u)) throw refuse.invalid(SpecialGroupErrors.NOT_MEMBER, `${u} is not a member unit`, `remove.${i}`);
      });
      const nextLead = lead ?? group.lead;
      const nextDeputies = deputies ?? group.deputies.filter((d) => d !== nextLead);
      requireDeputies(nextLead, nextDeputies);
      return [
        {
          type: 'SpecialGroupMembersChanged',
          data: {
            code: group.code,
            added: add,
            removed: remove,
            lead: nextLead,
            deputies: nextDeputies,
            changedBy: actor.id,
            changedAt: now,
          },
        },
      ];
    }
    default:
      return assertNever(command, 'special group command');
  }
}

function register(command: RegisterSpecialGroup, state: SpecialGroupState): SpecialGroupEvent[] {
  const { actor, now } = command.metadata;
  const d = command.data;
  if (!isSpecialGroupCode(d.code)) throw refuse.invalid(SpecialGroupErrors.INVALID_CODE, 'code must match [a-z0-9-]{2,40}', 'code');
  if (state !== null) throw refuse.conflict(SpecialGroupErrors.ALREADY_EXISTS, `special group ${d.code} is already registered`);
  requireDistinct(d.memberUnits, 'memberUnits');
  const deputies = d.deputies ?? [];
  requireDeputies(d.lead, deputies);
  return [
    {
      type: 'SpecialGroupRegistered',
      data: { code: d.code, name: d.name, lead: d.lead, deputies, memberUnits: d.memberUnits, registeredBy: actor.id, registeredAt: now },
    },
  ];
}

function requireOffice(actor: DomainActor): void {
  if (!hasRole(actor, 'reform_office'))
    throw refuse.forbidden(SpecialGroupErrors.ROLE_REQUIRED, 'only the reform office registers and changes special groups');
}

function requireGroup(state: SpecialGroupState, code: string): SpecialGroup {
  if (state === null) throw refuse.notFound(SpecialGroupErrors.NOT_FOUND, `no special group ${code}`);
  return state;
}

function requireDistinct(values: readonly string[], path: string): void {
  const seen = new Set<string>();
  values.forEach((v, i) => {
    if (seen.has(v)) throw refuse.invalid(SpecialGroupErrors.DUPLICATE, `${v} is listed twice`, `${path}.${i}`);
    seen.add(v);
  });
}

function requireDeputies(lead: string, deputies: readonly string[]): void {
  requireDistinct(deputies, 'deputies');
  const i = deputies.indexOf(lead);
  if (i >= 0)
    throw refuse.invalid(SpecialGroupErrors.LEAD_AS_DEPUTY, `${lead} leads the group and cannot also be a deputy`, `deputies.${i}`);
}

/** The special group aggregate (stream `group-<code>`). */
export const specialGroupDecider: Decider<SpecialGroupCommand, SpecialGroupEvent, SpecialGroupState> = {
  initialState: initialSpecialGroupState,
  evolve: evolveSpecialGroup,
  decide: decideSpecialGroup,
};
