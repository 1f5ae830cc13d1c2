import { refuse } from '../shared/domain-error.js';

/** Stable refusal codes of the countersign matter; part of the API, never rename one. */
export const MatterErrors = {
  NOT_FOUND: 'MATTER.NOT_FOUND',
  ALREADY_EXISTS: 'MATTER.ALREADY_EXISTS',
  SUBMIT_FORBIDDEN: 'MATTER.SUBMIT_FORBIDDEN',
  FIELD_REQUIRED: 'MATTER.FIELD_REQUIRED',
  INVALID_MODE: 'MATTER.INVALID_MODE',
  INVALID_SIGNERS: 'MATTER.INVALID_SIGNERS',
  DUPLICATE_SIGNERS: 'MATTER.DUPLICATE_SIGNERS',
  INVALID_QUORUM: 'MATTER.INVALID_QUORUM',
  INVALID_DEADLINE: 'MATTER.INVALID_DEADLINE',
  INVALID_DECISION: 'MATTER.INVALID_DECISION',
  COMMENT_REQUIRED: 'MATTER.COMMENT_REQUIRED',
  NOT_A_SIGNER: 'MATTER.NOT_A_SIGNER',
  NOT_SUBMITTER: 'MATTER.NOT_SUBMITTER',
  ALREADY_SIGNED: 'MATTER.ALREADY_SIGNED',
  NOT_YOUR_TURN: 'MATTER.NOT_YOUR_TURN',
  SIGNATURE_DELEGATED: 'MATTER.SIGNATURE_DELEGATED',
  ALREADY_DECIDED: 'MATTER.ALREADY_DECIDED',
  NOT_PENDING: 'MATTER.NOT_PENDING',
  SIGNER_EXISTS: 'MATTER.SIGNER_EXISTS',
  TOO_MANY_SIGNERS: 'MATTER.TOO_MANY_SIGNERS',
  DEADLINE_NOT_REACHED: 'MATTER.DEADLINE_NOT_REACHED',
} as const;
export type MatterErrorCode = (typeof MatterErrors)[keyof typeof MatterErrors];

/** Refusal constructors, one per rule, so the decider reads as its rules. */
export const matterErrors = {
  notFound: (id: string) => refuse.notFound(MatterErrors.NOT_FOUND, `Matter ${id} does not exist`),
  alreadyExists: (id: string) => refuse.conflict(MatterErrors.ALREADY_EXISTS, `Matter ${id} was already submitted`),
  submitForbidden: () =>
    refuse.forbidden(MatterErrors.SUBMIT_FORBIDDEN, 'Only reform_office, committee_member or department may submit matters'),
  fieldRequired: (path: string) => refuse.invalid(MatterErrors.FIELD_REQUIRED, `${path} is required`, path),
  invalidMode: (mode: unknown) =>
    refuse.invalid(MatterErrors.INVALID_MODE, `mode must be all, any, sequential or quorum, not ${String(mode)}`, 'mode'),
  invalidSigners: (why: string) => refuse.invalid(MatterErrors.INVALID_SIGNERS, why, 'signers'),
  duplicateSigners: (userId: string) =>
    refuse.invalid(MatterErrors.DUPLICATE_SIGNERS, `Signer ${userId} is listed more than once`, 'signers'),
  invalidQuorum: (why: string) => refuse.invalid(MatterErrors.INVALID_QUORUM, why, 'quorum'),
  invalidDeadline: (why: string) => refuse.invalid(MatterErrors.INVALID_DEADLINE, why, 'deadline'),
  invalidDecision: (decision: unknown) =>
    refuse.invalid(MatterErrors.INVALID_DECISION, `decision must be approve or reject, not ${String(decision)}`, 'decision'),
  commentRequired: () => refuse.invalid(MatterErrors.COMMENT_REQUIRED, 'A rejection needs a comment', 'comment'),
  notASigner: (userId: string) => refuse.forbidden(MatterErrors.NOT_A_SIGNER, `${userId} is not a signer of this matter`),
  notSubmitter: (what: string) => refuse.forbidden(MatterErrors.NOT_SUBMITTER, `Only the submitter ${what}`),
  alreadySigned: (userId: string) => refuse.conflict(MatterErrors.ALREADY_SIGNED, `${userId} has already signed`),
  notYourTurn: (userId: string) =>
    refuse.conflict(MatterErrors.NOT_YOUR_TURN, `${userId} signs later: earlier signers have not signed yet`),
  signatureDelegated: (userId: string, to: string | null) =>
    refuse.conflict(MatterErrors.SIGNATURE_DELEGATED, `${userId} handed this signature over to ${to ?? 'someone else'}`),
  alreadyDecided: (status: string) => refuse.conflict(MatterErrors.ALREADY_DECIDED, `The matter is already ${status}`),
  notPending: (status: string) => refuse.conflict(MatterErrors.NOT_PENDING, `The matter is ${status}, no longer pending`),
  signerExists: (userId: string) => refuse.conflict(MatterErrors.SIGNER_EXISTS, `${userId} is already on this matter`),
  tooManySigners: () => refuse.conflict(MatterErrors.TOO_MANY_SIGNERS, 'A matter has at most 50 signers'),
  deadlineNotReached: (deadline: string | null) =>
    refuse.conflict(
      MatterErrors.DEADLINE_NOT_REACHED,
      deadline === null ? 'The matter has no deadline' : `The deadline ${deadline} has not passed yet`,
    ),
};
