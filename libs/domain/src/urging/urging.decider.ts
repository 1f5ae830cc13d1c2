import { acceptAttachments, withAttachments } from '../file/attachment.js';
import { assertNever, hasRole, type Decider, type DomainActor } from '../shared/decider.js';
import { refuse } from '../shared/domain-error.js';
import { calendarYearOf } from '../shared/calendar-year.js';
import { requireDue, type DueCalendar } from '../shared/due.js';
import { isPastDeadline } from '../shared/time.js';
import type { IssueUrging, UrgingCommand } from './urging.commands.js';
import { UrgingErrors } from './urging.errors.js';
import type { UrgingEvent } from './urging.events.js';
import { urgingLabel, type Urging, type UrgingState } from './urging.state.js';

/** Nothing issued yet. */
export function initialUrgingState(): UrgingState {
  return null;
}

/** Folds one urging event; total, like every fold. */
export function evolveUrging(state: UrgingState, event: UrgingEvent): UrgingState {
  if (event.type === 'UrgingIssued') {
    const d = event.data;
    return {
      id: d.urgingId,
      taskId: d.taskId,
      taskTitle: d.taskTitle,
      taskNumber: d.taskNumber,
      leadUnit: d.leadUnit,
      year: d.year,
      number: null,
      label: null,
      text: d.text,
      replyBy: d.replyBy,
      replyByDate: d.replyByDate ?? null,
      status: 'sent',
      issuedBy: d.issuedBy,
      issuedAt: d.issuedAt,
      acknowledgedBy: null,
      acknowledgedAt: null,
      reply: null,
      updatedAt: d.issuedAt,
    };
  }
  if (state === null) return state;
  switch (event.type) {
    case 'UrgingNumbered':
      return { ...state, number: event.data.number, label: event.data.label };
    case 'UrgingAcknowledged':
      return {
        ...state,
        status: 'acknowledged',
        acknowledgedBy: event.data.acknowledgedBy,
        acknowledgedAt: event.data.acknowledgedAt,
        updatedAt: event.data.acknowledgedAt,
      };
    case 'UrgingReplied': {
      const d = event.data;
      return {
        ...state,
        status: 'replied',
        reply: { text: d.text, by: d.repliedBy, at: d.repliedAt, late: d.late, ...withAttachments(d.attachments ?? []) },
        updatedAt: d.repliedAt,
      };
    }
    default:
      return assertNever(event, 'urging event');
  }
}

/**
 * Decides an urging command. Refusals in the order HTTP answers them: role (403), existence
 * (404), ownership (403), state (409), input (400).
 */
function decideUrging(calendar: DueCalendar, command: UrgingCommand, state: UrgingState): UrgingEvent[] {
  const { actor, now } = command.metadata;
  switch (command.type) {
    case 'IssueUrging':
      return issue(calendar, command, state);
    case 'NumberUrging': {
      const u = requireUrging(state, command.data.urgingId);
      const { number } = command.data;
      if (u.number === number) return [];
      if (u.number !== null)
        throw refuse.conflict(UrgingErrors.ALREADY_NUMBERED, `urging ${u.id} is already ${u.label}`, { urgingId: u.id, label: u.label });
      return [
        {
          type: 'UrgingNumbered',
          data: {
            urgingId: u.id,
            taskId: u.taskId,
            leadUnit: u.leadUnit,
            year: u.year,
            number,
            label: urgingLabel(u.year, number),
            numberedAt: now,
          },
        },
      ];
    }
    case 'AcknowledgeUrging': {
      const u = requireUrging(state, command.data.urgingId);
      requireLeadUnit(actor, u);
      if (u.acknowledgedAt !== null)
        throw refuse.conflict(UrgingErrors.ALREADY_ACKNOWLEDGED, `urging ${u.id} was already acknowledged`, { urgingId: u.id });
      return [acknowledged(u, actor.id, now)];
    }
    case 'ReplyToUrging': {
      const u = requireUrging(state, command.data.urgingId);
      requireLeadUnit(actor, u);
      if (u.reply !== null)
        throw refuse.conflict(UrgingErrors.ALREADY_REPLIED, `urging ${u.id} was already replied to`, { urgingId: u.id });
      const text = command.data.text.trim();
      if (text === '') throw refuse.invalid(UrgingErrors.TEXT_REQUIRED, 'a reply says what was done', 'text');
      const late = u.replyBy !== null && isPastDeadline(u.replyBy, now);
      // A reply is proof of receipt: the notice is acknowledged with it when it was not before.
      const receipt = u.acknowledgedAt === null ? [acknowledged(u, actor.id, now)] : [];
      const attachments = withAttachments(acceptAttachments(command.data.attachments, actor));
      return [
        ...receipt,
        {
          type: 'UrgingReplied',
          data: { urgingId: u.id, taskId: u.taskId, leadUnit: u.leadUnit, text, late, repliedBy: actor.id, repliedAt: now, ...attachments },
        },
      ];
    }
    default:
      return assertNever(command, 'urging command');
  }
}

function issue(calendar: DueCalendar, command: IssueUrging, state: UrgingState): UrgingEvent[] {
  const { actor, now } = command.metadata;
  const d = command.data;
  if (!hasRole(actor, 'reform_office'))
    throw refuse.forbidden(UrgingErrors.ROLE_REQUIRED, 'only the reform office issues urging notices', { roles: 'reform_office' });
  if (state !== null)
    throw refuse.conflict(UrgingErrors.ALREADY_EXISTS, `urging ${d.urgingId} was already issued`, { urgingId: d.urgingId });
  const task = d.task;
  if (task === null) throw refuse.notFound(UrgingErrors.TASK_NOT_FOUND, `no task ${d.taskId}`, { taskId: d.taskId });
  if (!task.open) throw refuse.conflict(UrgingErrors.TASK_CLOSED, `task ${task.id} is closed`, { taskId: task.id });
  const replyBy = d.replyBy === undefined ? null : requireDue(d.replyBy, 'replyBy', UrgingErrors.INVALID_DATE, calendar);
  if (replyBy !== null && isPastDeadline(replyBy.at, now)) {
    throw refuse.invalid(UrgingErrors.REPLY_BY_PASSED, 'replyBy must not have passed', 'replyBy', { replyBy: replyBy.at });
  }
  const text = d.text?.trim() ? d.text.trim() : null;
  return [
    {
      type: 'UrgingIssued',
      data: {
        urgingId: d.urgingId,
        taskId: task.id,
        taskTitle: task.title,
        taskNumber: task.number,
        leadUnit: task.leadUnit,
        year: calendarYearOf(now, calendar.timeZone),
        text,
        replyBy: replyBy?.at ?? null,
        ...(replyBy?.date ? { replyByDate: replyBy.date } : {}),
        issuedBy: actor.id,
        issuedAt: now,
      },
    },
  ];
}

function acknowledged(u: Urging, by: string, at: string): UrgingEvent {
  return {
    type: 'UrgingAcknowledged',
    data: { urgingId: u.id, taskId: u.taskId, leadUnit: u.leadUnit, acknowledgedBy: by, acknowledgedAt: at },
  };
}

function requireUrging(state: UrgingState, id: string): Urging {
  if (state === null) throw refuse.notFound(UrgingErrors.NOT_FOUND, `no urging ${id}`, { urgingId: id });
  return state;
}

function requireLeadUnit(actor: DomainActor, u: Urging): void {
  if (!hasRole(actor, 'department') || actor.unit !== u.leadUnit) {
    throw refuse.forbidden(UrgingErrors.NOT_LEAD_UNIT, `only a department of ${u.leadUnit} answers urging ${u.id}`, { unit: u.leadUnit });
  }
}

/**
 * The urging notice aggregate (stream `urging-<id>`) reading dates in `calendar`'s time zone:
 * `replyBy` given as a date is the end of that day, and the year of the number is the calendar
 * year of issuing there.
 */
export function urgingDeciderFor(calendar: DueCalendar): Decider<UrgingCommand, UrgingEvent, UrgingState> {
  return {
    initialState: initialUrgingState,
    evolve: evolveUrging,
    decide: (command, state) => decideUrging(calendar, command, state),
  };
}
