import type { TextParams } from '#platform';
import { CodedHttpError } from './problem.filter.js';

/** The resource a read model returned, or a 404 problem with `code` (its text filled from `params`) when it has none. */
export function found<T>(resource: T | null | undefined, code: string, params: TextParams): T {
  if (resource === null || resource === undefined) throw new CodedHttpError(404, code, params);
  return resource;
}
