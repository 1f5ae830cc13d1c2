import type { EnumName, TextParams } from '#platform';

/** One field-level validation error, as the client receives it. */
export interface FieldError {
  path: string;
  message: string;
}

/**
 * One field-level validation error before it is put into words: the rule it broke (a
 * class-validator constraint name such as `max`, or one of the API's own checks such as
 * `cursorInvalid`) and the rule's data; the message is rendered in the reader's language.
 */
export interface FieldIssue {
  path: string;
  rule: string;
  params?: TextParams;
  /** The rule applies to each element of the array at `path`. */
  each?: boolean;
  /** The values an `isIn` rule allows, when they are an enumeration the catalogues have words for. */
  allowed?: { enum: EnumName; values: readonly string[] };
}

/** An RFC 9457 problem document. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code?: string;
  errors?: FieldError[];
  instance?: string;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** Builds a problem document; `type` is a stable URN per code so clients can branch on it. */
export function problem(
  status: number,
  title: string,
  detail: string,
  extra: { code?: string; errors?: FieldError[]; instance?: string } = {},
): Problem {
  return {
    type: extra.code ? `urn:reform-ledger:problem:${extra.code}` : 'about:blank',
    title,
    status,
    detail,
    ...extra,
  };
}
