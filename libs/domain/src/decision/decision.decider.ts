import { assertNever, hasRole, type Decider } from '../shared/decider.js';
import { refuse } from '../shared/domain-error.js';
import { requireInstant } from '../shared/time.js';
import type { DecisionCommand } from './decision.commands.js';
import { DecisionErrors } from './decision.errors.js';
import type { DecisionEvent } from './decision.events.js';
import type { DecisionState } from './decision.state.js';

/** Nothing recorded yet. */
export function initialDecisionState(): DecisionState {
  return null;
}

/** Folds one event into the decision (a decision has a single event, so this is total trivially). */
export function evolveDecision(state: DecisionState, event: DecisionEvent): DecisionState {
  switch (event.type) {
    case 'DecisionRecorded': {
      const { decisionId, ...rest } = event.data;
      return { id: decisionId, ...rest, taskIds: [...rest.taskIds], matterIds: [...rest.matterIds] };
    }
    default:
      return assertNever(event.type, 'decision event');
  }
}

/** Decides a decision command: role (403), then existence (409), then input (400). */
function decideDecision(command: DecisionCommand, state: DecisionState): DecisionEvent[] {
  switch (command.type) {
    case 'RecordDecision': {
      const { actor, now } = command.metadata;
      const d = command.data;
      if (!hasRole(actor, 'committee_member', 'reform_office')) {
        throw refuse.forbidden(DecisionErrors.ROLE_REQUIRED, 'only committee members and the reform office record decisions', {
          roles: 'committee_member, reform_office',
        });
      }
      if (state !== null)
        throw refuse.conflict(DecisionErrors.ALREADY_EXISTS, `decision ${d.decisionId} is already recorded`, { decisionId: d.decisionId });
      let decidedAt = now;
      if (d.decidedAt !== undefined) {
        decidedAt = requireInstant(d.decidedAt, 'decidedAt', DecisionErrors.INVALID_DATE);
        // A decision is a fact about the past; a future date is a data-entry slip, not a plan.
        if (Date.parse(decidedAt) > Date.parse(now)) {
          throw refuse.invalid(DecisionErrors.DECIDED_IN_FUTURE, 'decidedAt must not be later than now', 'decidedAt', {
            path: 'decidedAt',
            now,
          });
        }
      }
      return [
        {
          type: 'DecisionRecorded',
          data: {
            decisionId: d.decisionId,
            title: d.title,
            content: d.content,
            meetingId: d.meetingId ?? null,
            // Duplicates are dropped, order kept: the list is a set of references.
            taskIds: [...new Set(d.taskIds ?? [])],
            matterIds: [...new Set(d.matterIds ?? [])],
            decidedAt,
            recordedBy: actor.id,
            recordedAt: now,
          },
        },
      ];
    }
    default:
      return assertNever(command.type, 'decision command');
  }
}

/** The committee decision aggregate (stream `decision-<id>`). */
export const decisionDecider: Decider<DecisionCommand, DecisionEvent, DecisionState> = {
  initialState: initialDecisionState,
  evolve: evolveDecision,
  decide: decideDecision,
};
