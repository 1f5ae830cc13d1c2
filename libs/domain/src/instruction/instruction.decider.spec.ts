import type { CommandMetadata, DomainActor } from '../shared/decider.js';
import { fold, specFor } from '../testing.js';
import { DEFAULT_DUE_CALENDAR } from '../shared/due.js';
import type { InstructedSubject, InstructionCommand } from './instruction.commands.js';
import { instructionDeciderFor } from './instruction.decider.js';
import type { InstructionEvent } from './instruction.events.js';
import { isInstructionLate, isInstructionOverdue } from './instruction.state.js';

const instructionDecider = instructionDeciderFor(DEFAULT_DUE_CALENDAR);

const leader: DomainActor = { id: 'u-leader', roles: ['leader'] };
const otherLeader: DomainActor = { id: 'u-leader-2', roles: ['leader'] };
const member: DomainActor = { id: 'u-member', roles: ['committee_member'] };
const office: DomainActor = { id: 'u-office', roles: ['reform_office'] };
const lead: DomainActor = { id: 'u-dept', roles: ['department'], unit: 'transport-bureau' };
const other: DomainActor = { id: 'u-other', roles: ['department'], unit: 'data-bureau' };

const T0 = '2026-03-01T02:00:00.000Z';
const T1 = '2026-03-05T02:00:00.000Z';
const LATE = '2026-03-20T02:00:00.000Z';
const meta = (actor: DomainActor, now: string): CommandMetadata => ({ actor, now });
const given = specFor(instructionDecider);
const subject: InstructedSubject = { kind: 'task', id: 't1', title: '一网通办', unit: 'transport-bureau' };

const givenEvent: InstructionEvent = {
  type: 'InstructionGiven',
  data: {
    instructionId: 'i1',
    subject,
    text: '请抓紧落实',
    respondBy: '2026-03-10T15:59:59.999Z',
    respondByDate: '2026-03-10',
    givenBy: 'u-leader',
    givenAt: T0,
  },
};
const responded = (at: string, over: { first?: boolean; late?: boolean; by?: string } = {}): InstructionEvent => ({
  type: 'InstructionResponded',
  data: {
    instructionId: 'i1',
    responseId: 'r1',
    subject,
    text: '已部署',
    first: over.first ?? true,
    late: over.late ?? false,
    respondedBy: over.by ?? 'u-dept',
    respondedAt: at,
  },
});
const closed = (by: string, at: string, comment: string | null = null): InstructionEvent => ({
  type: 'InstructionClosed',
  data: { instructionId: 'i1', subject, comment, closedBy: by, closedAt: at },
});

const give = (
  actor = leader,
  over: Partial<Extract<InstructionCommand, { type: 'GiveInstruction' }>['data']> = {},
): InstructionCommand => ({
  type: 'GiveInstruction',
  data: { instructionId: 'i1', subjectRef: { kind: 'task', id: 't1' }, subject, text: ' 请抓紧落实 ', respondBy: '2026-03-10', ...over },
  metadata: meta(actor, T0),
});
const respond = (actor = lead, now = T1, over: { done?: boolean; text?: string } = {}): InstructionCommand => ({
  type: 'RespondToInstruction',
  data: { instructionId: 'i1', responseId: 'r1', text: over.text ?? '已部署', ...(over.done !== undefined ? { done: over.done } : {}) },
  metadata: meta(actor, now),
});
const close = (actor = leader, comment?: string): InstructionCommand => ({
  type: 'CloseInstruction',
  data: { instructionId: 'i1', ...(comment !== undefined ? { comment } : {}) },
  metadata: meta(actor, T1),
});

describe('instruction decider', () => {
  describe('giving', () => {
    it('is for leaders and committee members, on a subject that exists', () => {
      expect(given([]).when(give()).thenEvents()).toEqual([givenEvent]);
      expect(given([]).when(give(member)).thenEvents()).toEqual([{ ...givenEvent, data: { ...givenEvent.data, givenBy: 'u-member' } }]);
      expect(given([]).when(give(office)).thenErrorCode()).toBe('INSTRUCTION.ROLE_REQUIRED');
      expect(given([]).when(give(lead)).thenErrorCode()).toBe('INSTRUCTION.ROLE_REQUIRED');
      expect(given([givenEvent]).when(give()).thenErrorCode()).toBe('INSTRUCTION.ALREADY_EXISTS');
    });

    it('refuses an unknown kind, a missing subject, empty text and a bad or past respondBy (400 naming the field)', () => {
      expect(
        given([])
          .when(give(leader, { subjectRef: { kind: 'plan', id: 'p1' } }))
          .thenError().path,
      ).toBe('subject.kind');
      const missing = given([])
        .when(give(leader, { subject: null }))
        .thenError();
      expect([missing.code, missing.kind, missing.path]).toEqual(['INSTRUCTION.SUBJECT_NOT_FOUND', 'invalid', 'subject.id']);
      expect(
        given([])
          .when(give(leader, { text: '  ' }))
          .thenError().path,
      ).toBe('text');
      expect(
        given([])
          .when(give(leader, { respondBy: 'soon' }))
          .thenError().path,
      ).toBe('respondBy');
      expect(
        given([])
          .when(give(leader, { respondBy: '2026-02-01' }))
          .thenErrorCode(),
      ).toBe('INSTRUCTION.RESPOND_BY_PASSED');
    });

    it('may have no respondBy', () => {
      const [event] = given([])
        .when(give(leader, { respondBy: undefined }))
        .thenEvents();
      expect(event!.data).toMatchObject({ respondBy: null });
      expect(event!.data).not.toHaveProperty('respondByDate');
    });
  });

  describe('responding', () => {
    it('is for a department of the subject’s unit or the office; later responses are not the first', () => {
      expect(given([givenEvent]).when(respond()).thenEvents()).toEqual([responded(T1)]);
      expect(given([givenEvent]).when(respond(office)).thenEvents()).toEqual([responded(T1, { by: 'u-office' })]);
      expect(
        given([givenEvent, responded(T1)])
          .when(respond())
          .thenEvents(),
      ).toEqual([responded(T1, { first: false })]);
      expect(given([givenEvent]).when(respond(other)).thenErrorCode()).toBe('INSTRUCTION.NOT_RESPONSIBLE_UNIT');
      expect(given([givenEvent]).when(respond(leader)).thenErrorCode()).toBe('INSTRUCTION.NOT_RESPONSIBLE_UNIT');
      expect(given([]).when(respond()).thenErrorCode()).toBe('INSTRUCTION.NOT_FOUND');
      expect(
        given([givenEvent])
          .when(respond(lead, T1, { text: ' ' }))
          .thenError().path,
      ).toBe('text');
    });

    it('marks a first response after respondBy late', () => {
      expect(given([givenEvent]).when(respond(lead, LATE)).thenEvents()).toEqual([responded(LATE, { late: true })]);
    });

    it('closes with a response marked done, and nothing is added to a closed instruction', () => {
      expect(
        given([givenEvent])
          .when(respond(lead, T1, { done: true }))
          .thenEvents(),
      ).toEqual([responded(T1), closed('u-dept', T1)]);
      expect(
        given([givenEvent, closed('u-leader', T1)])
          .when(respond())
          .thenErrorCode(),
      ).toBe('INSTRUCTION.CLOSED');
    });
  });

  describe('closing', () => {
    it('is for the leader who gave it or the office, once', () => {
      expect(given([givenEvent]).when(close(leader, ' 已落实 ')).thenEvents()).toEqual([closed('u-leader', T1, '已落实')]);
      expect(given([givenEvent]).when(close(office)).thenEvents()).toEqual([closed('u-office', T1)]);
      expect(given([givenEvent]).when(close(otherLeader)).thenErrorCode()).toBe('INSTRUCTION.NOT_GIVER');
      expect(
        given([givenEvent, closed('u-leader', T1)])
          .when(close())
          .thenErrorCode(),
      ).toBe('INSTRUCTION.CLOSED');
    });
  });

  describe('state', () => {
    it('goes open → answered → closed', () => {
      expect(fold(instructionDecider, [givenEvent])!.status).toBe('open');
      expect(fold(instructionDecider, [givenEvent, responded(T1)])).toMatchObject({
        status: 'answered',
        firstResponseAt: T1,
        responses: [{ id: 'r1', text: '已部署' }],
      });
      expect(fold(instructionDecider, [givenEvent, responded(T1), closed('u-leader', LATE)])).toMatchObject({
        status: 'closed',
        closedBy: 'u-leader',
      });
    });

    it('is overdue past respondBy unanswered while open; late when first answered after it, or not before it passed', () => {
      const open = fold(instructionDecider, [givenEvent])!;
      expect([
        isInstructionOverdue(open, T1),
        isInstructionOverdue(open, LATE),
        isInstructionLate(open, T1),
        isInstructionLate(open, LATE),
      ]).toEqual([false, true, false, true]);
      const onTime = fold(instructionDecider, [givenEvent, responded(T1)])!;
      expect([isInstructionOverdue(onTime, LATE), isInstructionLate(onTime, LATE)]).toEqual([false, false]);
      const late = fold(instructionDecider, [givenEvent, responded(LATE, { late: true })])!;
      expect([isInstructionOverdue(late, LATE), isInstructionLate(late, LATE)]).toEqual([false, true]);
      const closedUnanswered = fold(instructionDecider, [givenEvent, closed('u-leader', T1)])!;
      expect([isInstructionOverdue(closedUnanswered, LATE), isInstructionLate(closedUnanswered, LATE)]).toEqual([false, false]);
      const closedLate = fold(instructionDecider, [givenEvent, closed('u-leader', LATE)])!;
      expect(isInstructionLate(closedLate, LATE)).toBe(true);
    });
  });
});
