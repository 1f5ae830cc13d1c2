import { acceptAttachments, withAttachments } from '../file/attachment.js';
import { assertNever, hasRole, type Decider } from '../shared/decider.js';
import { refuse } from '../shared/domain-error.js';
import { requireDue, type DueCalendar } from '../shared/due.js';
import { isPastDeadline } from '../shared/time.js';
import { INSTRUCTION_SUBJECT_KINDS, type GiveInstruction, type InstructionCommand } from './instruction.commands.js';
import { InstructionErrors } from './instruction.errors.js';
import type { InstructionEvent } from './instruction.events.js';
import type { Instruction, InstructionState } from './instruction.state.js';

/** Nothing given yet. */
export function initialInstructionState(): InstructionState {
  return null;
}

/** Folds one instruction event; total, like every fold. */
export function evolveInstruction(state: InstructionState, event: InstructionEvent): InstructionState {
  if (event.type === 'InstructionGiven') {
    const d = event.data;
    return {
      id: d.instructionId,
      subject: d.subject,
      text: d.text,
      respondBy: d.respondBy,
      respondByDate: d.respondByDate ?? null,
      status: 'open',
      givenBy: d.givenBy,
      givenAt: d.givenAt,
      responses: [],
      firstResponseAt: null,
      closedBy: null,
      closedAt: null,
      closingComment: null,
      updatedAt: d.givenAt,
    };
  }
  if (state === null) return state;
  switch (event.type) {
    case 'InstructionResponded': {
      const d = event.data;
      return {
        ...state,
        status: state.status === 'closed' ? 'closed' : 'answered',
        responses: [
          ...state.responses,
          { id: d.responseId, text: d.text, by: d.respondedBy, at: d.respondedAt, ...withAttachments(d.attachments ?? []) },
        ],
        firstResponseAt: state.firstResponseAt ?? d.respondedAt,
        updatedAt: d.respondedAt,
      };
    }
    case 'InstructionClosed':
      return {
        ...state,
        status: 'closed',
        closedBy: event.data.closedBy,
        closedAt: event.data.closedAt,
        closingComment: event.data.comment,
        updatedAt: event.data.closedAt,
      };
    default:
      return assertNever(event, 'instruction event');
  }
}

/**
 * Decides an instruction command. Refusals in the order HTTP answers them: role (403),
 * existence (404), ownership (403), state (409), input (400).
 */
function decideInstruction(calendar: DueCalendar, command: InstructionCommand, state: InstructionState): InstructionEvent[] {
  const { actor, now } = command.metadata;
  switch (command.type) {
    case 'GiveInstruction':
      return give(calendar, command, state);
    case 'RespondToInstruction': {
      const i = requireInstruction(state, command.data.instructionId);
      const ownUnit = hasRole(actor, 'department') && i.subject.unit !== null && actor.unit === i.subject.unit;
      if (!ownUnit && !hasRole(actor, 'reform_office')) {
        throw refuse.forbidden(
          InstructionErrors.NOT_RESPONSIBLE_UNIT,
          `only ${i.subject.unit ?? 'the office'} or the office responds to instruction ${i.id}`,
          {
            unit: i.subject.unit,
          },
        );
      }
      requireOpen(i);
      const text = requireText(command.data.text);
      const first = i.firstResponseAt === null;
      const late = first && i.respondBy !== null && isPastDeadline(i.respondBy, now);
      const attachments = withAttachments(acceptAttachments(command.data.attachments, actor));
      const responded: InstructionEvent = {
        type: 'InstructionResponded',
        data: {
          instructionId: i.id,
          responseId: command.data.responseId,
          subject: i.subject,
          text,
          first,
          late,
          respondedBy: actor.id,
          respondedAt: now,
          ...attachments,
        },
      };
      if (command.data.done !== true) return [responded];
      return [
        responded,
        { type: 'InstructionClosed', data: { instructionId: i.id, subject: i.subject, comment: null, closedBy: actor.id, closedAt: now } },
      ];
    }
    case 'CloseInstruction': {
      const i = requireInstruction(state, command.data.instructionId);
      if (actor.id !== i.givenBy && !hasRole(actor, 'reform_office')) {
        throw refuse.forbidden(InstructionErrors.NOT_GIVER, `only the leader who gave instruction ${i.id}, or the office, closes it`, {
          instructionId: i.id,
        });
      }
      requireOpen(i);
      const comment = command.data.comment?.trim() ? command.data.comment.trim() : null;
      return [{ type: 'InstructionClosed', data: { instructionId: i.id, subject: i.subject, comment, closedBy: actor.id, closedAt: now } }];
    }
    default:
      return assertNever(command, 'instruction command');
  }
}

function give(calendar: DueCalendar, command: GiveInstruction, state: InstructionState): InstructionEvent[] {
  const { actor, now } = command.metadata;
  const d = command.data;
  if (!hasRole(actor, 'leader', 'committee_member')) {
    throw refuse.forbidden(InstructionErrors.ROLE_REQUIRED, 'only a leader or a committee member gives instructions', {
      roles: 'leader, committee_member',
    });
  }
  if (state !== null)
    throw refuse.conflict(InstructionErrors.ALREADY_EXISTS, `instruction ${d.instructionId} was already given`, {
      instructionId: d.instructionId,
    });
  if (!(INSTRUCTION_SUBJECT_KINDS as readonly string[]).includes(d.subjectRef.kind)) {
    throw refuse.invalid(
      InstructionErrors.INVALID_SUBJECT_KIND,
      `subject.kind must be one of ${INSTRUCTION_SUBJECT_KINDS.join(', ')}`,
      'subject.kind',
      {
        allowed: INSTRUCTION_SUBJECT_KINDS.join(', '),
      },
    );
  }
  // API.md: an instruction on a record that does not exist is a bad request (400), not a 404 of the route.
  if (d.subject === null) {
    throw refuse.invalid(InstructionErrors.SUBJECT_NOT_FOUND, `no ${d.subjectRef.kind} ${d.subjectRef.id}`, 'subject.id', {
      kind: d.subjectRef.kind,
      id: d.subjectRef.id,
    });
  }
  const text = requireText(d.text);
  const respondBy = d.respondBy === undefined ? null : requireDue(d.respondBy, 'respondBy', InstructionErrors.INVALID_DATE, calendar);
  if (respondBy !== null && isPastDeadline(respondBy.at, now)) {
    throw refuse.invalid(InstructionErrors.RESPOND_BY_PASSED, 'respondBy must not have passed', 'respondBy', { respondBy: respondBy.at });
  }
  return [
    {
      type: 'InstructionGiven',
      data: {
        instructionId: d.instructionId,
        subject: d.subject,
        text,
        respondBy: respondBy?.at ?? null,
        ...(respondBy?.date ? { respondByDate: respondBy.date } : {}),
        givenBy: actor.id,
        givenAt: now,
      },
    },
  ];
}

function requireInstruction(state: InstructionState, id: string): Instruction {
  if (state === null) throw refuse.notFound(InstructionErrors.NOT_FOUND, `no instruction ${id}`, { instructionId: id });
  return state;
}

function requireOpen(i: Instruction): void {
  if (i.status === 'closed') throw refuse.conflict(InstructionErrors.CLOSED, `instruction ${i.id} is closed`, { instructionId: i.id });
}

function requireText(value: string): string {
  const text = value.trim();
  if (text === '') throw refuse.invalid(InstructionErrors.TEXT_REQUIRED, 'text must say something', 'text');
  return text;
}

/**
 * The leader's instruction aggregate (stream `instruction-<id>`), reading `respondBy` given as
 * a date as the end of that day in `calendar`'s time zone.
 */
export function instructionDeciderFor(calendar: DueCalendar): Decider<InstructionCommand, InstructionEvent, InstructionState> {
  return {
    initialState: initialInstructionState,
    evolve: evolveInstruction,
    decide: (command, state) => decideInstruction(calendar, command, state),
  };
}
