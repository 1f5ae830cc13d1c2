/**
 * How a refusal is classified; the API maps each kind to one HTTP status in one filter
 * (not_found 404, conflict 409, forbidden 403, invalid 400 with the field, expired... none).
 */
export type DomainErrorKind = 'not_found' | 'conflict' | 'forbidden' | 'invalid';

/**
 * The facts a refusal's text is made from (ids, units, ISO times, counts). The domain speaks
 * codes and data; the words, in the reader's language and time zone, are added at the edge
 * from a catalogue keyed by the code.
 */
export type DomainErrorParams = Readonly<Record<string, string | number | null>>;

/**
 * A typed refusal with a stable code such as `MATTER.ALREADY_SIGNED`. Codes are part of the
 * API (clients branch on them), so never rename one. `message` is an English diagnostic for
 * logs and developers; people read the catalogue's text for `code`, filled from `params`.
 */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    readonly kind: DomainErrorKind,
    message: string,
    /** For `invalid`: the field at fault, named as request validation names it (`milestones[0].due`). */
    readonly path?: string,
    /** The data the catalogue's text for `code` names. */
    readonly params: DomainErrorParams = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

/** Shorthands so deciders read as rules. */
export const refuse = {
  notFound: (code: string, message: string, params?: DomainErrorParams) => new DomainError(code, 'not_found', message, undefined, params),
  conflict: (code: string, message: string, params?: DomainErrorParams) => new DomainError(code, 'conflict', message, undefined, params),
  forbidden: (code: string, message: string, params?: DomainErrorParams) => new DomainError(code, 'forbidden', message, undefined, params),
  invalid: (code: string, message: string, path?: string, params?: DomainErrorParams) =>
    new DomainError(code, 'invalid', message, path, params),
};
