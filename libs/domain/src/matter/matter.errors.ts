/**
 * Stable refusal codes of the countersign matter aggregate. They are part of the HTTP contract
 * (clients branch on them): add new ones, never rename.
 */
export const MatterErrors = {
  /** not_found: no matter under this id. */
  NOT_FOUND: 'MATTER.NOT_FOUND',
  /** conflict: a matter with this id was already submitted. */
  ALREADY_EXISTS: 'MATTER.ALREADY_EXISTS',
  /** forbidden: only reform_office, committee_member or department submit matters. */
  SUBMIT_FORBIDDEN: 'MATTER.SUBMIT_FORBIDDEN',
  /** invalid (the field named): missing or blank. */
  FIELD_REQUIRED: 'MATTER.FIELD_REQUIRED',
  /** invalid (`mode`): not all, any, sequential or quorum. */
  INVALID_MODE: 'MATTER.INVALID_MODE',
  /** invalid (`signers`): not 1 to 50 non-blank user ids. */
  INVALID_SIGNERS: 'MATTER.INVALID_SIGNERS',
  /** invalid (`signers`): a user listed twice. */
  DUPLICATE_SIGNERS: 'MATTER.DUPLICATE_SIGNERS',
  /** invalid (`quorum`): missing in quorum mode, given in another mode, or not 1..signers. */
  INVALID_QUORUM: 'MATTER.INVALID_QUORUM',
  /** invalid (`deadline`): not an ISO 8601 date-time with offset, or not in the future. */
  INVALID_DEADLINE: 'MATTER.INVALID_DEADLINE',
  /** invalid (`decision`): not approve or reject. */
  INVALID_DECISION: 'MATTER.INVALID_DECISION',
  /** invalid (`comment`): a rejection needs a comment. */
  COMMENT_REQUIRED: 'MATTER.COMMENT_REQUIRED',
  /** forbidden: the actor is not on the matter's signer list. */
  NOT_A_SIGNER: 'MATTER.NOT_A_SIGNER',
  /** forbidden: only the submitter recalls (and, with the reform office, adds signers). */
  NOT_SUBMITTER: 'MATTER.NOT_SUBMITTER',
  /** conflict: the signer already approved or rejected. */
  ALREADY_SIGNED: 'MATTER.ALREADY_SIGNED',
  /** conflict: sequential mode, and earlier signers have not signed yet. */
  NOT_YOUR_TURN: 'MATTER.NOT_YOUR_TURN',
  /** conflict: the signer handed their signature over (转交). */
  SIGNATURE_DELEGATED: 'MATTER.SIGNATURE_DELEGATED',
  /** conflict: the matter is already approved or rejected. */
  ALREADY_DECIDED: 'MATTER.ALREADY_DECIDED',
  /** conflict: the matter was recalled or expired. */
  NOT_PENDING: 'MATTER.NOT_PENDING',
  /** conflict: the user already holds a line on the matter. */
  SIGNER_EXISTS: 'MATTER.SIGNER_EXISTS',
  /** conflict: the matter already has 50 signers. */
  TOO_MANY_SIGNERS: 'MATTER.TOO_MANY_SIGNERS',
  /** conflict: expiry before the deadline, or of a matter without one. */
  DEADLINE_NOT_REACHED: 'MATTER.DEADLINE_NOT_REACHED',
} as const;
