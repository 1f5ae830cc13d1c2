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
