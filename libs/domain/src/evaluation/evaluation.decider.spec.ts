import type { CommandMetadata, DomainActor } from '../shared/decider.js';
import { specFor } from '../testing.js';
import type { EvaluationCommand } from './evaluation.commands.js';
import { evaluationDeciderFor, mayReadEvaluation } from './evaluation.decider.js';
import type { EvaluationEvent } from './evaluation.events.js';
import { DEFAULT_DUE_CALENDAR } from '../shared/due.js';

// Decides as a deployment that configured nothing (the default calendar).
const evaluationDecider = evaluationDeciderFor(DEFAULT_DUE_CALENDAR);

const office: DomainActor = { id: 'u-office', roles: ['reform_office'] };
const evaluator: DomainActor = { id: 'u-eval', roles: ['evaluator'], unit: 'org-a' };
const otherEvaluator: DomainActor = { id: 'u-eval-b', roles: ['evaluator'], unit: 'org-b' };
const dept: DomainActor = { id: 'u-dept', roles: ['department'], unit: 'transport-bureau' };

const T0 = '2026-03-01T00:00:00.000Z';
const T1 = '2026-04-01T00:00:00.000Z';
const T2 = '2026-05-01T00:00:00.000Z';
const meta = (actor: DomainActor, now = T1): CommandMetadata => ({ actor, now });
const given = specFor(evaluationDecider);
const subject = { kind: 'unit' as const, id: 'transport-bureau' };

const commissioned: EvaluationEvent = {
  type: 'EvaluationCommissioned',
  data: {
    evaluationId: 'e1',
    subject,
    year: 2026,
    evaluatorUnit: 'org-a',
    due: '2026-06-30T16:00:00.000Z',
    commissionedBy: 'u-office',
    commissionedAt: T0,
  },
};
const reported: EvaluationEvent = {
  type: 'EvaluationReported',
  data: {
    evaluationId: 'e1',
    subject,
    year: 2026,
    evaluatorUnit: 'org-a',
    rating: 'good',
    score: 82,
    summary: 'solid',
    reportRef: 'R-1',
    reportedBy: 'u-eval',
    reportedAt: T1,
  },
};
const accepted: EvaluationEvent = {
  type: 'EvaluationAccepted',
  data: {
    evaluationId: 'e1',
    subject,
    year: 2026,
    evaluatorUnit: 'org-a',
    rating: 'good',
    comment: null,
    acceptedBy: 'u-office',
    acceptedAt: T2,
  },
};
const returned: EvaluationEvent = {
  type: 'EvaluationReturned',
  data: { evaluationId: 'e1', evaluatorUnit: 'org-a', reason: 'sample too small', returnedBy: 'u-office', returnedAt: T2 },
};

const commission = (
  over: Partial<Extract<EvaluationCommand, { type: 'CommissionEvaluation' }>['data']> = {},
  actor = office,
): EvaluationCommand => ({
  type: 'CommissionEvaluation',
  data: { evaluationId: 'e1', subject, year: 2026, evaluatorUnit: 'org-a', due: '2026-07-01T00:00:00+08:00', ...over },
  metadata: meta(actor, T0),
});
const report = (
  actor = evaluator,
  over: Partial<Extract<EvaluationCommand, { type: 'ReportEvaluation' }>['data']> = {},
): EvaluationCommand => ({
  type: 'ReportEvaluation',
  data: { evaluationId: 'e1', rating: 'good', score: 82, summary: 'solid', reportRef: 'R-1', ...over },
  metadata: meta(actor, T1),
});
const accept = (actor = office): EvaluationCommand => ({
  type: 'AcceptEvaluation',
  data: { evaluationId: 'e1' },
  metadata: meta(actor, T2),
});
const giveBack = (actor = office): EvaluationCommand => ({
  type: 'ReturnEvaluation',
  data: { evaluationId: 'e1', reason: 'sample too small' },
  metadata: meta(actor, T2),
});

describe('evaluation decider', () => {
  describe('due dates written as dates', () => {
    it('a date is the end of that day in Beijing time, kept beside the instant', () => {
      const events = given([])
        .when(commission({ due: '2026-06-30' }))
        .thenEvents();
      expect(events).toEqual([{ ...commissioned, data: { ...commissioned.data, due: '2026-06-30T15:59:59.999Z', dueDate: '2026-06-30' } }]);
      expect(events.reduce(evaluationDecider.evolve, evaluationDecider.initialState())).toMatchObject({
        due: '2026-06-30T15:59:59.999Z',
        dueDate: '2026-06-30',
      });
      expect([commissioned].reduce(evaluationDecider.evolve, evaluationDecider.initialState())).toMatchObject({ dueDate: null });
    });

    it('reads the day in the time zone the decider was built with', () => {
      const [e] = specFor(evaluationDeciderFor({ timeZone: 'UTC' }))([])
        .when(commission({ due: '2026-06-30' }))
        .thenEvents();
      expect(e).toMatchObject({ data: { due: '2026-06-30T23:59:59.999Z', dueDate: '2026-06-30' } });
    });

    it.each(['2026-02-30', '2026年6月30日'])('refuses %j naming the field', (due) => {
      expect(given([]).when(commission({ due })).thenError()).toMatchObject({ code: 'EVALUATION.INVALID_DATE', path: 'due' });
    });
  });

  describe('commission', () => {
    it('records the commission with the due date in UTC', () => {
      expect(given([]).when(commission()).thenEvents()).toEqual([commissioned]);
    });
    it('is for the reform office only', () => {
      expect(given([]).when(commission({}, dept)).thenErrorCode()).toBe('EVALUATION.ROLE_REQUIRED');
      expect(given([]).when(commission({}, evaluator)).thenErrorCode()).toBe('EVALUATION.ROLE_REQUIRED');
    });
    it('refuses a second commission under the same id', () => {
      expect(given([commissioned]).when(commission()).thenErrorCode()).toBe('EVALUATION.ALREADY_EXISTS');
    });
    it('refuses a bad subject kind, year or due date, naming the field', () => {
      expect(
        given([])
          .when(commission({ subject: { kind: 'city' as never, id: 'x' } }))
          .thenError().path,
      ).toBe('subject.kind');
      expect(
        given([])
          .when(commission({ year: 1999 }))
          .thenError().path,
      ).toBe('year');
      expect(
        given([])
          .when(commission({ year: 2026.5 }))
          .thenErrorCode(),
      ).toBe('EVALUATION.INVALID_YEAR');
      expect(
        given([])
          .when(commission({ due: '2026-02-30T00:00:00Z' }))
          .thenError().path,
      ).toBe('due');
    });
  });

  describe('report', () => {
    it('records the report of an evaluator of the commissioned organisation', () => {
      expect(given([commissioned]).when(report()).thenEvents()).toEqual([reported]);
    });
    it('stores a missing score as null', () => {
      const [e] = given([commissioned])
        .when(report(evaluator, { score: undefined }))
        .thenEvents();
      expect(e!.type === 'EvaluationReported' && e!.data.score).toBeNull();
    });
    it('refuses an evaluator of another organisation (403) and other roles', () => {
      expect(given([commissioned]).when(report(otherEvaluator)).thenError().kind).toBe('forbidden');
      expect(given([commissioned]).when(report(otherEvaluator)).thenErrorCode()).toBe('EVALUATION.NOT_EVALUATOR_UNIT');
      expect(given([commissioned]).when(report(office)).thenErrorCode()).toBe('EVALUATION.ROLE_REQUIRED');
      expect(
        given([commissioned])
          .when(report({ id: 'u-x', roles: ['evaluator'] }))
          .thenErrorCode(),
      ).toBe('EVALUATION.NOT_EVALUATOR_UNIT');
    });
    it('is 404 for an evaluation never commissioned', () => {
      expect(given([]).when(report()).thenErrorCode()).toBe('EVALUATION.NOT_FOUND');
    });
    it('refuses a second report while one waits, and any report once accepted', () => {
      expect(given([commissioned, reported]).when(report()).thenErrorCode()).toBe('EVALUATION.ALREADY_REPORTED');
      expect(given([commissioned, reported, accepted]).when(report()).thenErrorCode()).toBe('EVALUATION.ALREADY_ACCEPTED');
    });
    it('accepts a new report after a return', () => {
      expect(given([commissioned, reported, returned]).when(report()).thenEvents()).toEqual([reported]);
    });
    it('refuses a rating or score out of range, naming the field', () => {
      expect(
        given([commissioned])
          .when(report(evaluator, { rating: 'superb' as never }))
          .thenError().path,
      ).toBe('rating');
      expect(
        given([commissioned])
          .when(report(evaluator, { score: 101 }))
          .thenError().path,
      ).toBe('score');
      expect(
        given([commissioned])
          .when(report(evaluator, { score: -1 }))
          .thenErrorCode(),
      ).toBe('EVALUATION.SCORE_OUT_OF_RANGE');
    });
  });

  describe('accept and return', () => {
    it('accepts a waiting report with its rating', () => {
      expect(given([commissioned, reported]).when(accept()).thenEvents()).toEqual([accepted]);
    });
    it('returns a waiting report', () => {
      expect(given([commissioned, reported]).when(giveBack()).thenEvents()).toEqual([returned]);
    });
    it('needs a report waiting (409)', () => {
      expect(given([commissioned]).when(accept()).thenErrorCode()).toBe('EVALUATION.NOT_REPORTED');
      expect(given([commissioned, reported, returned]).when(giveBack()).thenErrorCode()).toBe('EVALUATION.NOT_REPORTED');
    });
    it('is final once accepted', () => {
      expect(given([commissioned, reported, accepted]).when(accept()).thenErrorCode()).toBe('EVALUATION.ALREADY_ACCEPTED');
      expect(given([commissioned, reported, accepted]).when(giveBack()).thenErrorCode()).toBe('EVALUATION.ALREADY_ACCEPTED');
    });
    it('is for the reform office only', () => {
      expect(given([commissioned, reported]).when(accept(evaluator)).thenErrorCode()).toBe('EVALUATION.ROLE_REQUIRED');
      expect(given([commissioned, reported]).when(giveBack(dept)).thenErrorCode()).toBe('EVALUATION.ROLE_REQUIRED');
    });
  });

  it('folds the whole life: commissioned, reported, returned, reported, accepted', () => {
    const state = [commissioned, reported, returned, reported, accepted].reduce(evaluationDecider.evolve, evaluationDecider.initialState());
    expect(state).toMatchObject({
      status: 'accepted',
      reports: [{ rating: 'good' }, { rating: 'good' }],
      returns: [{ reason: 'sample too small' }],
      acceptedAt: T2,
    });
  });

  it('lets everyone but an evaluator of another organisation read it', () => {
    const e = { evaluatorUnit: 'org-a' };
    expect(mayReadEvaluation(evaluator, e)).toBe(true);
    expect(mayReadEvaluation(dept, e)).toBe(true);
    expect(mayReadEvaluation(otherEvaluator, e)).toBe(false);
    expect(mayReadEvaluation({ id: 'both', roles: ['evaluator', 'reform_office'], unit: 'org-b' }, e)).toBe(true);
  });
});
