import type { ExpectedRevision } from './event-store.port.js';

/** The stream was not in the state the append expected. */
export class WrongExpectedVersion extends Error {
  readonly code = 'EVENT_STORE.WRONG_EXPECTED_VERSION';
  constructor(
    readonly stream: string,
    readonly expected: ExpectedRevision,
    /** Current revision, or 'no_stream'. */
    readonly actual: number | 'no_stream',
  ) {
    super(`Stream ${stream}: expected ${String(expected)}, actual ${String(actual)}`);
    this.name = 'WrongExpectedVersion';
  }
}

/** Reading a stream that has no events. */
export class StreamNotFound extends Error {
  readonly code = 'EVENT_STORE.STREAM_NOT_FOUND';
  constructor(readonly stream: string) {
    super(`Stream ${stream} not found`);
    this.name = 'StreamNotFound';
  }
}

/**
 * An append reused event ids that are already stored, but not as an exact retry of an earlier
 * append to the same stream (same ids, same order, consecutive revisions).
 */
export class DuplicateEventId extends Error {
  readonly code = 'EVENT_STORE.DUPLICATE_EVENT_ID';
  constructor(
    readonly stream: string,
    readonly eventId: string,
  ) {
    super(`Stream ${stream}: event id ${eventId} is already stored and this append is not a retry of it`);
    this.name = 'DuplicateEventId';
  }
}

/**
 * The store cannot take writes right now: the disk is full or failing (embedded store), its
 * file is locked by another process for too long, or the server is unreachable (EventStoreDB).
 * Nothing of the append was written; the same append may be retried once the store is back.
 */
export class EventStoreUnavailable extends Error {
  readonly code = 'EVENT_STORE.UNAVAILABLE';
  constructor(
    /** What the store reported (an SQLite code, a gRPC error name), for logs and operators. */
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`The event store cannot take writes now (${reason})`, options);
    this.name = 'EventStoreUnavailable';
  }
}

/** The caller's `If-Match` revision is not the stream's current one. */
export class PreconditionFailed extends Error {
  readonly code = 'EVENT_STORE.PRECONDITION_FAILED';
  constructor(
    readonly stream: string,
    readonly expected: number,
    readonly actual: number,
  ) {
    super(`${stream} is at revision ${actual}, not ${expected}`);
    this.name = 'PreconditionFailed';
  }
}

/** Concurrent writers kept winning; the client may retry. */
export class ConcurrencyRetriesExhausted extends Error {
  readonly code = 'EVENT_STORE.CONCURRENCY_RETRIES_EXHAUSTED';
  constructor(
    readonly stream: string,
    readonly attempts: number,
  ) {
    super(`${stream}: gave up after ${attempts} concurrent-write conflicts`);
    this.name = 'ConcurrencyRetriesExhausted';
  }
}
