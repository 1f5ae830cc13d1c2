import { STATUS_CODES } from 'node:http';

/** One field-level validation error. */
export interface FieldError {
  path: string;
  message: string;
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
export function problem(status: number, detail: string, extra: { code?: string; errors?: FieldError[]; instance?: string } = {}): Problem {
  return {
    type: extra.code ? `urn:reform-ledger:problem:${extra.code}` : 'about:blank',
    title: STATUS_CODES[status] ?? 'Error',
    status,
    detail,
    ...extra,
  };
}
