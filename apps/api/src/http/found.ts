import type { TextParams } from '#platform';
import { CodedHttpError } from './problem.filter.js';

/** The resource a read model returned, or a 404 problem with `code` (its text filled from `params`) when it has none. */
export function found<T>(resource: T | null | undefined, code: string, params: TextParams): T {
  if (resource === null || resource === undefined) throw new CodedHttpError(404, code, params);
  return resource;
}

/**
 * The resource when it exists and `canRead` says the caller may read it, else the same 404 as
 * {@link found}: a record the caller may not read answers as if it did not exist (API.md "Who
 * may read what"), so its existence does not leak.
 */
export function readable<T>(resource: T | null | undefined, canRead: (resource: T) => boolean, code: string, params: TextParams): T {
  return found(resource !== null && resource !== undefined && canRead(resource) ? resource : null, code, params);
}
