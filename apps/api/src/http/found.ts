import { CodedHttpError } from './problem.filter.js';

/** The resource a read model returned, or a 404 problem with `code` when it has none. */
export function found<T>(resource: T | null | undefined, code: string, detail: string): T {
  if (resource === null || resource === undefined) throw new CodedHttpError(404, code, detail);
  return resource;
}
