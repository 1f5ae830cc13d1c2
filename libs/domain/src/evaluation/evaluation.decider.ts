import { acceptAttachments, withAttachments } from '../file/attachment.js';
import { assertNever, hasRole, type Decider, type DomainActor } from '../shared/decider.js';
import { refuse } from '../shared/domain-error.js';
import { dueDateField, requireDue, type DueCalendar } from '../shared/due.js';
import { EVALUATION_RATINGS, EVALUATION_SUBJECT_KINDS, type CommissionEvaluation, type EvaluationCommand } from './evaluation.commands.js';
import { EvaluationErrors } from './evaluation.errors.js';
import type { EvaluationEvent } from './evaluation.events.js';
import type { Evaluation, EvaluationState } from './evaluation.state.js';

/** Nothing commissioned yet. */
export function initialEvaluationState(): EvaluationState {
  return null;
}

/** Folds one evaluation event; total, like every fold (a corrupted stream is still shown). */
export function evolveEvaluation(state: EvaluationState, event: EvaluationEvent): EvaluationState {
  if (event.type === 'EvaluationCommissioned') {
    const d = event.data;
    return {
      id: d.evaluationId,
      subject: d.subject,
      year: d.year,
      evaluatorUnit: d.evaluatorUnit,
      due: d.due,
      dueDate: d.dueDate ?? null,
      status: 'commissioned',
      report: null,
      reports: [],
      returns: [],
      commissionedBy: d.commissionedBy,
      createdAt: d.commissionedAt,
      updatedAt: d.commissionedAt,
      acceptedAt: null,
      acceptedBy: null,
      acceptanceComment: null,
    };
  }
  if (state === null) return state;
  switch (event.type) {
    case 'EvaluationReported': {
      const d = event.data;
      const report = {
        rating: d.rating,
        score: d.score,
        summary: d.summary,
        reportRef: d.reportRef,
        by: d.reportedBy,
        at: d.reportedAt,
        ...withAttachments(d.attachments ?? []),
      };
      return { ...state, status: 'reported', report, reports: [...state.reports, report], updatedAt: d.reportedAt };
    }
    case 'EvaluationAccepted':
      return {
        ...state,
        status: 'accepted',
        acceptedAt: event.data.acceptedAt,
        acceptedBy: event.data.acceptedBy,
        acceptanceComment: event.data.comment,
        updatedAt: event.data.acceptedAt,
      };
    case 'EvaluationReturned': {
      const d = event.data;
      return {
        ...state,
        status: 'commissioned',
        returns: [...state.returns, { reason: d.reason, by: d.returnedBy, at: d.returnedAt }],
        updatedAt: d.returnedAt,
      };
    }
    default:
      return assertNever(event, 'evaluation event');
  }
}

/**
 * Decides an evaluation command. Refusals in the order HTTP answers them: role (403),
 * existence (404), ownership (403), final state (409), input (400), other rules (409).
 */
function decideEvaluation(command: EvaluationCommand, state: EvaluationState, calendar: DueCalendar): EvaluationEvent[] {
  const { actor, now } = command.metadata;
  if (command.type === 'CommissionEvaluation') return commission(command, state, calendar);
  switch (command.type) {
    case 'ReportEvaluation': {
      if (!hasRole(actor, 'evaluator'))
        throw refuse.forbidden(EvaluationErrors.ROLE_REQUIRED, 'only an evaluator may report an evaluation', { roles: 'evaluator' });
      const evaluation = requireEvaluation(state, command.data.evaluationId);
      requireEvaluatorOf(actor, evaluation);
      requireNotAccepted(evaluation);
      const { rating, score, summary, reportRef } = command.data;
      if (!(EVALUATION_RATINGS as readonly string[]).includes(rating)) {
        throw refuse.invalid(EvaluationErrors.INVALID_RATING, `rating must be one of ${EVALUATION_RATINGS.join(', ')}`, 'rating', {
          allowed: EVALUATION_RATINGS.join(', '),
        });
      }
      if (score !== undefined && (typeof score !== 'number' || !Number.isFinite(score) || score < 0 || score > 100)) {
        throw refuse.invalid(EvaluationErrors.SCORE_OUT_OF_RANGE, 'score must be a number from 0 to 100', 'score');
      }
      if (evaluation.status === 'reported') {
        throw refuse.conflict(EvaluationErrors.ALREADY_REPORTED, `evaluation ${evaluation.id} has a report waiting for the office`, {
          evaluationId: evaluation.id,
        });
      }
      const e = evaluation;
      const attachments = acceptAttachments(command.data.attachments, actor);
      return [
        {
          type: 'EvaluationReported',
          data: {
            evaluationId: e.id,
            subject: e.subject,
            year: e.year,
            evaluatorUnit: e.evaluatorUnit,
            rating,
            score: score ?? null,
            summary,
            reportRef,
            reportedBy: actor.id,
            reportedAt: now,
            ...withAttachments(attachments),
          },
        },
      ];
    }
    case 'AcceptEvaluation': {
      requireOffice(actor, 'accept an evaluation report');
      const e = requireEvaluation(state, command.data.evaluationId);
      requireNotAccepted(e);
      requireReported(e);
      return [
        {
          type: 'EvaluationAccepted',
          data: {
            evaluationId: e.id,
            subject: e.subject,
            year: e.year,
            evaluatorUnit: e.evaluatorUnit,
            rating: e.report!.rating,
            comment: command.data.comment ?? null,
            acceptedBy: actor.id,
            acceptedAt: now,
          },
        },
      ];
    }
    case 'ReturnEvaluation': {
      requireOffice(actor, 'return an evaluation report');
      const e = requireEvaluation(state, command.data.evaluationId);
      requireNotAccepted(e);
      requireReported(e);
      return [
        {
          type: 'EvaluationReturned',
          data: { evaluationId: e.id, evaluatorUnit: e.evaluatorUnit, reason: command.data.reason, returnedBy: actor.id, returnedAt: now },
        },
      ];
    }
    default:
      return assertNever(command, 'evaluation command');
  }
}

function commission(command: CommissionEvaluation, state: EvaluationState, calendar: DueCalendar): EvaluationEvent[] {
  const { actor, now } = command.metadata;
  const d = command.data;
  requireOffice(actor, 'commission an evaluation');
  if (state !== null)
    throw refuse.conflict(EvaluationErrors.ALREADY_EXISTS, `evaluation ${d.evaluationId} was already commissioned`, {
      evaluationId: d.evaluationId,
    });
  if (!(EVALUATION_SUBJECT_KINDS as readonly string[]).includes(d.subject?.kind)) {
    throw refuse.invalid(
      EvaluationErrors.INVALID_SUBJECT,
      `subject.kind must be one of ${EVALUATION_SUBJECT_KINDS.join(', ')}`,
      'subject.kind',
      {
        allowed: EVALUATION_SUBJECT_KINDS.join(', '),
      },
    );
  }
  if (!Number.isInteger(d.year) || d.year < 2000 || d.year > 2100) {
    throw refuse.invalid(EvaluationErrors.INVALID_YEAR, 'year must be a whole year from 2000 to 2100', 'year');
  }
  const due = requireDue(d.due, 'due', EvaluationErrors.INVALID_DATE, calendar);
  return [
    {
      type: 'EvaluationCommissioned',
      data: {
        evaluationId: d.evaluationId,
        subject: { kind: d.subject.kind, id: d.subject.id },
        year: d.year,
        evaluatorUnit: d.evaluatorUnit,
        due: due.at,
        ...dueDateField('dueDate', due),
        commissionedBy: actor.id,
        commissionedAt: now,
      },
    },
  ];
}

function requireEvaluation(state: EvaluationState, id: string): Evaluation {
  if (state === null) throw refuse.notFound(EvaluationErrors.NOT_FOUND, `no evaluation ${id}`, { evaluationId: id });
  return state;
}

function requireOffice(actor: DomainActor, what: string): void {
  if (!hasRole(actor, 'reform_office'))
    throw refuse.forbidden(EvaluationErrors.ROLE_REQUIRED, `only the reform office may ${what}`, { roles: 'reform_office' });
}

/** An evaluator acts only for the organisation the evaluation was commissioned from (its JWT `unit`). */
function requireEvaluatorOf(actor: DomainActor, evaluation: Evaluation): void {
  if (actor.unit === undefined || actor.unit !== evaluation.evaluatorUnit) {
    throw refuse.forbidden(
      EvaluationErrors.NOT_EVALUATOR_UNIT,
      `evaluation ${evaluation.id} was commissioned from ${evaluation.evaluatorUnit}, not from the caller's organisation`,
      {
        evaluationId: evaluation.id,
        evaluatorUnit: evaluation.evaluatorUnit,
      },
    );
  }
}

/**
 * Which evaluations the actor may read: `null` for every one (any role besides `evaluator`),
 * otherwise only those commissioned from this organisation (an evaluator without a `unit`
 * gets `''`, which matches none).
 */
export function readableEvaluatorUnit(actor: DomainActor): string | null {
  if (actor.roles.some((r) => r !== 'evaluator')) return null;
  return actor.unit ?? '';
}

/** Whether the actor may read this evaluation: anyone but an evaluator of another organisation. */
export function mayReadEvaluation(actor: DomainActor, evaluation: Pick<Evaluation, 'evaluatorUnit'>): boolean {
  const only = readableEvaluatorUnit(actor);
  return only === null || only === evaluation.evaluatorUnit;
}

function requireNotAccepted(evaluation: Evaluation): void {
  if (evaluation.status === 'accepted')
    throw refuse.conflict(EvaluationErrors.ALREADY_ACCEPTED, `evaluation ${evaluation.id} was already accepted`, {
      evaluationId: evaluation.id,
    });
}

function requireReported(evaluation: Evaluation): void {
  if (evaluation.status !== 'reported')
    throw refuse.conflict(EvaluationErrors.NOT_REPORTED, `evaluation ${evaluation.id} has no report waiting for the office`, {
      evaluationId: evaluation.id,
    });
}

/** The third-party evaluation aggregate (stream `evaluation-<id>`), reading due dates in `calendar` (given when the decider is built). */
export function evaluationDeciderFor(calendar: DueCalendar): Decider<EvaluationCommand, EvaluationEvent, EvaluationState> {
  return {
    initialState: initialEvaluationState,
    evolve: evolveEvaluation,
    decide: (command, state) => decideEvaluation(command, state, calendar),
  };
}
