import { assertNever, hasRole, type Decider, type DomainActor } from '../shared/decider.js';
import { refuse } from '../shared/domain-error.js';
import { requireInstant } from '../shared/time.js';
import { RECOGNITION_LEVELS, type ExemplarCommand, type NominateExemplar } from './exemplar.commands.js';
import { ExemplarErrors } from './exemplar.errors.js';
import type { ExemplarEvent } from './exemplar.events.js';
import { higherExemplarLevel, type Exemplar, type ExemplarState } from './exemplar.state.js';

/** Nothing nominated yet. */
export function initialExemplarState(): ExemplarState {
  return null;
}

/** Folds one exemplar event; total, like every fold. */
export function evolveExemplar(state: ExemplarState, event: ExemplarEvent): ExemplarState {
  if (event.type === 'ExemplarNominated') {
    const d = event.data;
    return {
      id: d.exemplarId,
      title: d.title,
      unit: d.unit,
      year: d.year,
      summary: d.summary,
      taskIds: d.taskIds,
      status: 'nominated',
      level: null,
      selectedBy: null,
      selectedAt: null,
      selectionComment: null,
      rejectedBy: null,
      rejectedAt: null,
      rejectionReason: null,
      recognitions: [],
      nominatedBy: d.nominatedBy,
      createdAt: d.nominatedAt,
      updatedAt: d.nominatedAt,
    };
  }
  if (state === null) return state;
  switch (event.type) {
    case 'ExemplarSelected': {
      const d = event.data;
      return {
        ...state,
        status: 'selected',
        level: higherExemplarLevel(state.level, 'city'),
        selectedBy: d.selectedBy,
        selectedAt: d.selectedAt,
        selectionComment: d.comment,
        updatedAt: d.selectedAt,
      };
    }
    case 'ExemplarRejected': {
      const d = event.data;
      return {
        ...state,
        status: 'rejected',
        rejectedBy: d.rejectedBy,
        rejectedAt: d.rejectedAt,
        rejectionReason: d.reason,
        updatedAt: d.rejectedAt,
      };
    }
    case 'ExemplarRecognized': {
      const d = event.data;
      return {
        ...state,
        level: higherExemplarLevel(state.level, d.recognizedLevel),
        recognitions: [
          ...state.recognitions,
          { level: d.recognizedLevel, by: d.by, reference: d.reference, at: d.at, recordedBy: d.recordedBy, recordedAt: d.recordedAt },
        ],
        updatedAt: d.recordedAt,
      };
    }
    default:
      return assertNever(event, 'exemplar event');
  }
}

/**
 * Decides an exemplar command. Refusals in the order HTTP answers them: role (403),
 * existence (404), final state (409), input (400), other rules (409).
 */
function decideExemplar(command: ExemplarCommand, state: ExemplarState): ExemplarEvent[] {
  const { actor, now } = command.metadata;
  if (command.type === 'NominateExemplar') return nominate(command, state);
  switch (command.type) {
    case 'SelectExemplar': {
      requireRole(actor, 'committee_member', 'select an exemplar');
      const x = requireExemplar(state, command.data.exemplarId);
      requireNotRejected(x);
      if (command.data.level !== 'city')
        throw refuse.invalid(ExemplarErrors.INVALID_LEVEL, 'the committee selects at city level', 'level', { allowed: 'city' });
      if (x.status === 'selected')
        throw refuse.conflict(ExemplarErrors.ALREADY_SELECTED, `exemplar ${x.id} was already selected`, { exemplarId: x.id });
      return [
        {
          type: 'ExemplarSelected',
          data: {
            exemplarId: x.id,
            unit: x.unit,
            year: x.year,
            level: 'city',
            comment: command.data.comment ?? null,
            selectedBy: actor.id,
            selectedAt: now,
          },
        },
      ];
    }
    case 'RejectExemplar': {
      requireRole(actor, 'committee_member', 'reject an exemplar');
      const x = requireExemplar(state, command.data.exemplarId);
      requireNotRejected(x);
      // A selected exemplar may already carry recognition from above; the city cannot undo that.
      if (x.status === 'selected')
        throw refuse.conflict(ExemplarErrors.ALREADY_SELECTED, `exemplar ${x.id} was already selected`, { exemplarId: x.id });
      return [
        {
          type: 'ExemplarRejected',
          data: { exemplarId: x.id, unit: x.unit, year: x.year, reason: command.data.reason, rejectedBy: actor.id, rejectedAt: now },
        },
      ];
    }
    case 'RecognizeExemplar': {
      requireRole(actor, 'reform_office', 'record recognition of an exemplar');
      const x = requireExemplar(state, command.data.exemplarId);
      requireNotRejected(x);
      const { level, by, reference } = command.data;
      if (!(RECOGNITION_LEVELS as readonly string[]).includes(level)) {
        throw refuse.invalid(ExemplarErrors.INVALID_LEVEL, `level must be one of ${RECOGNITION_LEVELS.join(', ')}`, 'level', {
          allowed: RECOGNITION_LEVELS.join(', '),
        });
      }
      const at = requireInstant(command.data.at, 'at', ExemplarErrors.INVALID_DATE);
      if (x.status !== 'selected')
        throw refuse.conflict(ExemplarErrors.NOT_SELECTED, `exemplar ${x.id} is ${x.status}, not selected`, {
          exemplarId: x.id,
          status: x.status,
        });
      if (x.recognitions.some((r) => r.level === level)) {
        throw refuse.conflict(ExemplarErrors.ALREADY_RECOGNIZED, `exemplar ${x.id} already has ${level} recognition`, {
          exemplarId: x.id,
          level,
        });
      }
      return [
        {
          type: 'ExemplarRecognized',
          data: {
            exemplarId: x.id,
            unit: x.unit,
            year: x.year,
            recognizedLevel: level,
            level: higherExemplarLevel(x.level, level),
            by,
            reference,
            at,
            recordedBy: actor.id,
            recordedAt: now,
          },
        },
      ];
    }
    default:
      return assertNever(command, 'exemplar command');
  }
}

function nominate(command: NominateExemplar, state: ExemplarState): ExemplarEvent[] {
  const { actor, now } = command.metadata;
  const d = command.data;
  requireRole(actor, 'reform_office', 'nominate an exemplar');
  if (state !== null)
    throw refuse.conflict(ExemplarErrors.ALREADY_EXISTS, `exemplar ${d.exemplarId} was already nominated`, { exemplarId: d.exemplarId });
  if (!Number.isInteger(d.year) || d.year < 2000 || d.year > 2100) {
    throw refuse.invalid(ExemplarErrors.INVALID_YEAR, 'year must be a whole year from 2000 to 2100', 'year');
  }
  return [
    {
      type: 'ExemplarNominated',
      data: {
        exemplarId: d.exemplarId,
        title: d.title,
        unit: d.unit,
        year: d.year,
        summary: d.summary,
        taskIds: [...new Set(d.taskIds ?? [])],
        nominatedBy: actor.id,
        nominatedAt: now,
      },
    },
  ];
}

function requireExemplar(state: ExemplarState, id: string): Exemplar {
  if (state === null) throw refuse.notFound(ExemplarErrors.NOT_FOUND, `no exemplar ${id}`, { exemplarId: id });
  return state;
}

function requireRole(actor: DomainActor, role: 'reform_office' | 'committee_member', what: string): void {
  if (!hasRole(actor, role)) throw refuse.forbidden(ExemplarErrors.ROLE_REQUIRED, `only a ${role} may ${what}`, { roles: role });
}

function requireNotRejected(x: Exemplar): void {
  if (x.status === 'rejected') throw refuse.conflict(ExemplarErrors.REJECTED, `exemplar ${x.id} was rejected`, { exemplarId: x.id });
}

/** The reform exemplar aggregate (stream `exemplar-<id>`). */
export const exemplarDecider: Decider<ExemplarCommand, ExemplarEvent, ExemplarState> = {
  initialState: initialExemplarState,
  evolve: evolveExemplar,
  decide: decideExemplar,
};
