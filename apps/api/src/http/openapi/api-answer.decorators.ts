import { SetMetadata } from '@nestjs/common';
import type { Page } from '../pagination.js';
import type { AnswerTypes } from './answer-schemas.generated.js';

/** Metadata key of what a route answers (read when the OpenAPI document is built). */
export const API_ANSWER = 'openapi:answer';
/** Metadata key of the problems a route gives beyond those its facts tell (see `ApiProblems`). */
export const API_PROBLEMS = 'openapi:problems';

/** What a route answers on success, as the document builder reads it. */
export type ApiAnswerSpec =
  | { kind: 'one' | 'list' | 'page'; schema: keyof AnswerTypes; alsoOn?: readonly number[] }
  | { kind: 'text'; contentTypes: readonly string[]; binary?: boolean }
  | { kind: 'file' };

type Answering<T> = (...args: never[]) => T | Promise<T>;

/**
 * A method decorator that compiles only on a handler answering `T` (or a promise of it): the
 * schema a route declares is the schema of the type it returns, and both come from the answer
 * types the schemas are generated from.
 */
type AnswerDecorator<T> = <F extends Answering<T>>(target: object, key: string | symbol, descriptor: TypedPropertyDescriptor<F>) => void;

function answer<T>(spec: ApiAnswerSpec): AnswerDecorator<T> {
  return (target, key, descriptor) => {
    SetMetadata(API_ANSWER, spec)(target, key, descriptor);
  };
}

/**
 * The route answers one `name` (the schema generated from the answer type of that name), with
 * the route's success status (`@HttpCode`, else 201 for POST and 200 for GET). `alsoOn` names
 * other statuses that answer the same shape (the readiness probe's 503).
 */
export function ApiAnswer<K extends keyof AnswerTypes>(
  name: K,
  options: { alsoOn?: readonly number[] } = {},
): AnswerDecorator<AnswerTypes[K]> {
  return answer({ kind: 'one', schema: name, ...options });
}

/** The route answers an array of `name`. */
export function ApiAnswerList<K extends keyof AnswerTypes>(name: K): AnswerDecorator<Array<AnswerTypes[K]>> {
  return answer({ kind: 'list', schema: name });
}

/** The route answers a page of `name`: `{ items, nextCursor }` (schema `<name>Page`). */
export function ApiPage<K extends keyof AnswerTypes>(name: K): AnswerDecorator<Page<AnswerTypes[K]>> {
  return answer({ kind: 'page', schema: name });
}

/**
 * A page of `name` the route renders as JSON itself, as text or its UTF-8 bytes (the ledger's
 * SQL-rendered page): the compiler cannot see its shape, the end-to-end tier checks it against
 * the schema on every answer.
 */
export function ApiRenderedPage<K extends keyof AnswerTypes>(name: K): AnswerDecorator<string | Buffer> {
  return answer({ kind: 'page', schema: name });
}

/** The route answers a file or a text stream of these content types (spreadsheets, NDJSON, metrics). */
export function ApiAnswerText(contentTypes: readonly string[], options: { binary?: boolean } = {}): MethodDecorator {
  return SetMetadata(API_ANSWER, { kind: 'text', contentTypes, ...options } satisfies ApiAnswerSpec);
}

/**
 * The route streams a stored file's bytes in the file's own media type, with `ETag`,
 * `Content-Disposition` and `Accept-Ranges`: 206 with `Content-Range` for a satisfiable `Range`,
 * 304 when `If-None-Match` names the current `ETag`.
 */
export function ApiAnswerFile(): MethodDecorator {
  return SetMetadata(API_ANSWER, { kind: 'file' } satisfies ApiAnswerSpec);
}

/**
 * Problems a route (or every route of a controller) gives that its facts do not tell: a read
 * of the event store that may be unavailable (503), a token of its own (401). The rest is
 * derived from route.access.ts and the route's shape (see `describeOperations`).
 */
export function ApiProblems(...statuses: number[]): ClassDecorator & MethodDecorator {
  return SetMetadata(API_PROBLEMS, statuses);
}
