import {
  computeEventHash,
  eventHashAlgorithm,
  GENESIS_HASH,
  type EventStore,
  type RecordedEvent,
  type StreamVerification,
  type StreamVerificationFailure,
} from '#event-store';

interface StreamCursor {
  expectedRevision: number;
  prevHash: string;
  events: number;
  failure: StreamVerification | null;
  /** Revision of the last event seen (valid or not). */
  revision: number;
  /**
   * Hash recomputed over the whole stream so far, each event chained to the previous
   * recomputed hash rather than to the stored one: equals the stored head hash exactly when
   * the chain is intact, and changes with any edit, removal or insertion.
   */
  recomputed: string;
}

/** The head of one stream as the digest covers it. */
export interface StreamHead {
  stream: string;
  revision: number;
  /** Recomputed head hash (see {@link ChainVerifier.heads}). */
  hash: string;
}

/**
 * Checks every stream's hash chain in one pass over the global order, with the same rules
 * and the same answers as `verifyStream` (revision gap, missing hash, unknown algorithm, broken
 * link, hash mismatch; stops at the first problem per stream), each event hashed with the
 * algorithm it recorded. One pass over `readAll` instead of one
 * read per stream is what makes a nightly check of the whole store affordable.
 */
export class ChainVerifier {
  private readonly streams = new Map<string, StreamCursor>();
  private _events = 0;

  /** With `trackHeads`, also keeps each stream's recomputed head hash (for digests; one more hash per event). */
  constructor(private readonly trackHeads = false) {}

  /** Events seen so far. */
  get events(): number {
    return this._events;
  }

  /** Feeds the next event in global order; returns the stream's failure when this event is the first bad one. */
  push(event: RecordedEvent): StreamVerification | null {
    this._events += 1;
    let cursor = this.streams.get(event.stream);
    if (!cursor) {
      cursor = { expectedRevision: 0, prevHash: GENESIS_HASH, events: 0, failure: null, revision: -1, recomputed: GENESIS_HASH };
      this.streams.set(event.stream, cursor);
    }
    cursor.revision = event.revision;
    const algorithm = eventHashAlgorithm(event.metadata);
    if (this.trackHeads) {
      // An unknown algorithm is reported below; the head still has to be some function of
      // the event (its `hashAlg` included), and SHA-256 is the one every store has.
      cursor.recomputed = computeEventHash(
        {
          stream: event.stream,
          revision: event.revision,
          type: event.type,
          data: event.data,
          metadata: event.metadata,
          prevHash: cursor.recomputed,
        },
        algorithm ?? 'sha256',
      );
    }
    if (cursor.failure) return null;
    cursor.events += 1;
    const fail = (revision: number, reason: StreamVerificationFailure): StreamVerification => {
      cursor.failure = { stream: event.stream, valid: false, events: cursor.events, firstInvalidRevision: revision, reason };
      return cursor.failure;
    };
    if (event.revision !== cursor.expectedRevision) return fail(cursor.expectedRevision, 'revision_gap');
    const { hash, prevHash } = event.metadata;
    if (typeof hash !== 'string' || typeof prevHash !== 'string') return fail(event.revision, 'missing_hash');
    if (algorithm === null) return fail(event.revision, 'unknown_hash_algorithm');
    if (prevHash !== cursor.prevHash) return fail(event.revision, 'broken_link');
    const recomputed = computeEventHash(
      { stream: event.stream, revision: event.revision, type: event.type, data: event.data, metadata: event.metadata, prevHash },
      algorithm,
    );
    if (recomputed !== hash) return fail(event.revision, 'hash_mismatch');
    cursor.prevHash = hash;
    cursor.expectedRevision += 1;
    return null;
  }

  /** Every stream's outcome, sorted by stream name. */
  results(): StreamVerification[] {
    return [...this.streams.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([stream, c]) => c.failure ?? { stream, valid: true, events: c.events, firstInvalidRevision: null, reason: null });
  }

  /** Every stream's last revision and recomputed head hash, sorted by stream name. */
  heads(): StreamHead[] {
    return [...this.streams.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([stream, c]) => ({ stream, revision: c.revision, hash: c.recomputed }));
  }

  get streamCount(): number {
    return this.streams.size;
  }
}

/** One line of the all-streams verification: progress, a broken stream, or the final summary. */
export type VerifyAllItem =
  | { kind: 'progress'; events: number; streams: number; position: number }
  | { kind: 'invalid'; stream: string; events: number; firstInvalidRevision: number | null; reason: StreamVerificationFailure | null }
  | { kind: 'summary'; valid: boolean; streams: number; events: number; invalidStreams: number; position: number | null };

/**
 * Verifies every stream of the store, yielding a progress item every `progressEvery` events,
 * one item per broken stream as soon as it is found, and a summary at the end. Holds one
 * chain tip per stream, never the events.
 */
export async function* verifyAllStreams(store: EventStore, options: { progressEvery?: number } = {}): AsyncGenerator<VerifyAllItem> {
  const every = options.progressEvery ?? 10_000;
  const verifier = new ChainVerifier();
  let position: number | null = null;
  let invalid = 0;
  for await (const event of store.readAll()) {
    position = event.position;
    const failure = verifier.push(event);
    if (failure) {
      invalid += 1;
      yield {
        kind: 'invalid',
        stream: failure.stream,
        events: failure.events,
        firstInvalidRevision: failure.firstInvalidRevision,
        reason: failure.reason,
      };
    }
    if (verifier.events % every === 0) yield { kind: 'progress', events: verifier.events, streams: verifier.streamCount, position };
  }
  yield {
    kind: 'summary',
    valid: invalid === 0,
    streams: verifier.streamCount,
    events: verifier.events,
    invalidStreams: invalid,
    position,
  };
}
