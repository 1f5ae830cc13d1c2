/**
 * How a refusal is classified; the API maps each kind to one HTTP status in one filter
 * (not_found 404, conflict 409, forbidden 403, invalid 400 with the field, expired... none).
 */
export type DomainErrorKind = 'not_found' | 'conflict' | 'forbidden' | 'invalid';

/**
 * A typed refusal with a stable code such as `MATTER.ALREADY_SIGNED`. Codes are part of the
 * API (clients branch on them), so never rename one.
 */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    readonly kind: DomainErrorKind,
    message: string,
    /** For `invalid`: the field at fault, as a dotted path of the request body. */
    readonly path?: string,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

/** Shorthands so deciders read as rules. */
export const refuse = {
  notFound: (code: string, message: string) => new DomainError(code, 'not_found', message),
  conflict: (code: string, message: string) => new DomainError(code, 'conflict', message),
  forbidden: (code: string, message: string) => new DomainError(code, 'forbidden', message),
  invalid: (code: string, message: string, path?: string) => new DomainError(code, 'invalid', message, path),
};
