import type { CommandMetadata, DomainActor } from '../shared/decider.js';
import { fold, specFor } from '../testing.js';
import { DEFAULT_DUE_CALENDAR } from '../shared/due.js';
import type { UrgedTask, UrgingCommand } from './urging.commands.js';
import { urgingDeciderFor } from './urging.decider.js';
import type { UrgingEvent } from './urging.events.js';
import { isUrgingOverdue, isUrgingUnanswered, urgingLabel } from './urging.state.js';

const urgingDecider = urgingDeciderFor(DEFAULT_DUE_CALENDAR);

const office: DomainActor = { id: 'u-office', roles: ['reform_office'] };
const lead: DomainActor = { id: 'u-dept', roles: ['department'], unit: 'transport-bureau' };
const other: DomainActor = { id: 'u-other', roles: ['department'], unit: 'data-bureau' };

const T0 = '2026-03-01T02:00:00.000Z';
const T1 = '2026-03-05T02:00:00.000Z';
const LATE = '2026-03-20T02:00:00.000Z';
const meta = (actor: DomainActor, now: string): CommandMetadata => ({ actor, now });
const given = specFor(urgingDecider);
const task: UrgedTask = { id: 't1', title: '一网通办', leadUnit: 'transport-bureau', number: '2026-0001', open: true };

const issued: UrgingEvent = {
  type: 'UrgingIssued',
  data: {
    urgingId: 'g1',
    taskId: 't1',
    taskTitle: '一网通办',
    taskNumber: '2026-0001',
    leadUnit: 'transport-bureau',
    year: 2026,
    text: '请加快进度',
    replyBy: '2026-03-10T15:59:59.999Z',
    replyByDate: '2026-03-10',
    issuedBy: 'u-office',
    issuedAt: T0,
  },
};
const numbered: UrgingEvent = {
  type: 'UrgingNumbered',
  data: { urgingId: 'g1', taskId: 't1', leadUnit: 'transport-bureau', year: 2026, number: 3, label: '催办〔2026〕3号', numberedAt: T0 },
};
const acknowledged: UrgingEvent = {
  type: 'UrgingAcknowledged',
  data: { urgingId: 'g1', taskId: 't1', leadUnit: 'transport-bureau', acknowledgedBy: 'u-dept', acknowledgedAt: T1 },
};
const replied = (at: string, late: boolean): UrgingEvent => ({
  type: 'UrgingReplied',
  data: { urgingId: 'g1', taskId: 't1', leadUnit: 'transport-bureau', text: '已完成', late, repliedBy: 'u-dept', repliedAt: at },
});

const issue = (actor = office, over: Partial<Extract<UrgingCommand, { type: 'IssueUrging' }>['data']> = {}, now = T0): UrgingCommand => ({
  type: 'IssueUrging',
  data: { urgingId: 'g1', taskId: 't1', task, text: ' 请加快进度 ', replyBy: '2026-03-10', ...over },
  metadata: meta(actor, now),
});
const number = (n: number): UrgingCommand => ({ type: 'NumberUrging', data: { urgingId: 'g1', number: n }, metadata: meta(office, T0) });
const acknowledge = (actor = lead): UrgingCommand => ({ type: 'AcknowledgeUrging', data: { urgingId: 'g1' }, metadata: meta(actor, T1) });
const reply = (actor = lead, now = T1, text = ' 已完成 '): UrgingCommand => ({
  type: 'ReplyToUrging',
  data: { urgingId: 'g1', text },
  metadata: meta(actor, now),
});

describe('urging decider', () => {
  describe('issuing', () => {
    it('is the office’s, on an open task, with the reply date read as the end of that day in Beijing', () => {
      expect(given([]).when(issue()).thenEvents()).toEqual([issued]);
      expect(given([]).when(issue(lead)).thenErrorCode()).toBe('URGING.ROLE_REQUIRED');
      expect(given([issued]).when(issue()).thenErrorCode()).toBe('URGING.ALREADY_EXISTS');
    });

    it('refuses a missing task (404), a closed one (409), a bad or past reply date (400 naming replyBy)', () => {
      expect(
        given([])
          .when(issue(office, { task: null }))
          .thenError().kind,
      ).toBe('not_found');
      expect(
        given([])
          .when(issue(office, { task: { ...task, open: false } }))
          .thenErrorCode(),
      ).toBe('URGING.TASK_CLOSED');
      expect(
        given([])
          .when(issue(office, { replyBy: '2026-02-30' }))
          .thenError().path,
      ).toBe('replyBy');
      expect(
        given([])
          .when(issue(office, { replyBy: '2026-02-28' }))
          .thenErrorCode(),
      ).toBe('URGING.REPLY_BY_PASSED');
    });

    it('takes the year of issuing in the deployment’s zone: New Year’s Eve evening in Beijing is already next year', () => {
      const [event] = given([])
        .when(issue(office, { replyBy: undefined }, '2026-12-31T16:30:00.000Z'))
        .thenEvents();
      expect(event!.type === 'UrgingIssued' && event!.data.year).toBe(2027);
      const [utc] = specFor(urgingDeciderFor({ timeZone: 'UTC' }))([])
        .when(issue(office, { replyBy: undefined }, '2026-12-31T16:30:00.000Z'))
        .thenEvents();
      expect(utc!.type === 'UrgingIssued' && utc!.data.year).toBe(2026);
    });

    it('keeps no text as null and no reply date as null', () => {
      const [event] = given([])
        .when(issue(office, { text: '  ', replyBy: undefined }))
        .thenEvents();
      expect(event!.data).toMatchObject({ text: null, replyBy: null });
      expect(event!.data).not.toHaveProperty('replyByDate');
    });
  });

  describe('numbering', () => {
    it('records the number the sequence gave, once; the same number again is nothing new', () => {
      expect(given([issued]).when(number(3)).thenEvents()).toEqual([numbered]);
      expect(given([issued, numbered]).when(number(3)).thenEvents()).toEqual([]);
      expect(given([issued, numbered]).when(number(4)).thenErrorCode()).toBe('URGING.ALREADY_NUMBERED');
      expect(given([]).when(number(3)).thenErrorCode()).toBe('URGING.NOT_FOUND');
    });
  });

  describe('answering', () => {
    it('is acknowledged once by a department of the lead unit', () => {
      expect(given([issued, numbered]).when(acknowledge()).thenEvents()).toEqual([acknowledged]);
      expect(given([issued, numbered, acknowledged]).when(acknowledge()).thenErrorCode()).toBe('URGING.ALREADY_ACKNOWLEDGED');
      expect(given([issued]).when(acknowledge(other)).thenErrorCode()).toBe('URGING.NOT_LEAD_UNIT');
      expect(given([issued]).when(acknowledge(office)).thenErrorCode()).toBe('URGING.NOT_LEAD_UNIT');
    });

    it('is replied to once; a reply without a receipt acknowledges it; after replyBy the reply is late', () => {
      expect(given([issued, acknowledged]).when(reply()).thenEvents()).toEqual([replied(T1, false)]);
      expect(given([issued]).when(reply()).thenEvents()).toEqual([acknowledged, replied(T1, false)]);
      expect(given([issued, acknowledged]).when(reply(lead, LATE)).thenEvents()).toEqual([replied(LATE, true)]);
      expect(
        given([issued, acknowledged, replied(T1, false)])
          .when(reply())
          .thenErrorCode(),
      ).toBe('URGING.ALREADY_REPLIED');
      expect(given([issued]).when(reply(other)).thenErrorCode()).toBe('URGING.NOT_LEAD_UNIT');
      expect(
        given([issued])
          .when(reply(lead, T1, ' '))
          .thenError().path,
      ).toBe('text');
    });
  });

  describe('state', () => {
    it('goes sent → acknowledged → replied, with its label once numbered', () => {
      expect(fold(urgingDecider, [issued])).toMatchObject({ status: 'sent', number: null, label: null });
      expect(fold(urgingDecider, [issued, numbered, acknowledged])).toMatchObject({ status: 'acknowledged', label: '催办〔2026〕3号' });
      expect(fold(urgingDecider, [issued, numbered, acknowledged, replied(T1, false)])).toMatchObject({
        status: 'replied',
        reply: { text: '已完成' },
      });
      expect(urgingLabel(2027, 12)).toBe('催办〔2027〕12号');
    });

    it('is overdue after replyBy without a reply, and unanswered when the reply came late or not at all', () => {
      const open = fold(urgingDecider, [issued])!;
      expect([isUrgingOverdue(open, T1), isUrgingOverdue(open, LATE), isUrgingUnanswered(open, LATE)]).toEqual([false, true, true]);
      const onTime = fold(urgingDecider, [issued, replied(T1, false)])!;
      expect([isUrgingOverdue(onTime, LATE), isUrgingUnanswered(onTime, LATE)]).toEqual([false, false]);
      const late = fold(urgingDecider, [issued, replied(LATE, true)])!;
      expect([isUrgingOverdue(late, LATE), isUrgingUnanswered(late, LATE)]).toEqual([false, true]);
      const noDate = fold(urgingDecider, [{ ...issued, data: { ...issued.data, replyBy: null } } as UrgingEvent])!;
      expect(isUrgingOverdue(noDate, LATE)).toBe(false);
    });
  });
});
