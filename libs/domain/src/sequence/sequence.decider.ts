import { assertNever, type Decider } from '../shared/decider.js';
import { refuse } from '../shared/domain-error.js';
import type { SequenceCommand } from './sequence.commands.js';
import { SequenceErrors } from './sequence.errors.js';
import type { SequenceEvent } from './sequence.events.js';
import { numberOf, type SequenceState } from './sequence.state.js';

/** No number given yet. */
export function initialSequenceState(): SequenceState {
  return { last: 0, numbers: {} };
}

/** Folds one number given. */
export function evolveSequence(state: SequenceState, event: SequenceEvent): SequenceState {
  switch (event.type) {
    case 'NumberAssigned':
      return { last: Math.max(state.last, event.data.number), numbers: { ...state.numbers, [event.data.subjectId]: event.data.number } };
    default:
      return assertNever(event.type, 'sequence event');
  }
}

function decideSequence(command: SequenceCommand, state: SequenceState): SequenceEvent[] {
  switch (command.type) {
    case 'AssignNumber': {
      const { sequence, subjectId, startAfter = 0 } = command.data;
      if (subjectId.trim() === '')
        throw refuse.invalid(SequenceErrors.SUBJECT_REQUIRED, 'a number is given to a named subject', 'subjectId');
      if (numberOf(state, subjectId) !== null) return [];
      return [
        {
          type: 'NumberAssigned',
          data: { sequence, number: Math.max(state.last, startAfter) + 1, subjectId, assignedAt: command.metadata.now },
        },
      ];
    }
    default:
      return assertNever(command.type, 'sequence command');
  }
}

/**
 * A gap-free number sequence (stream `sequence-<name>`). The next number is one more than the
 * last in the stream; the command path appends it with the revision it read, and on a
 * concurrent append re-reads and decides again, so the event store decides who gets which number.
 */
export const sequenceDecider: Decider<SequenceCommand, SequenceEvent, SequenceState> = {
  initialState: initialSequenceState,
  evolve: evolveSequence,
  decide: decideSequence,
};
