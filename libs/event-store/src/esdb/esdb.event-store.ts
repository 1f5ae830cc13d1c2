/**
 * The EventStoreDB adapter. Its folder (this file, the record mapping in `esdb-mapping.ts`
 * and the live subscription in `esdb-subscription.ts`) is the only place in the product that
 * imports `@eventstore/db-client`, so moving to its successor `@kurrent/kurrentdb-client` is a
 * change to this folder alone.
 */
import {
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
  StreamNotFoundError,
  UnavailableError,
  DeadlineExceededError,
  NotLeaderError,
  START,
  WrongExpectedVersionError,
  isCommandError,
  jsonEvent,
  type JSONType,
} from '@eventstore/db-client';
import { EventStoreUnavailable, StreamNotFound, WrongExpectedVersion } from '../event-store.errors.js';
import type {
  AllSubscription,
  AppendOptions,
  AppendResult,
  EventData,
  EventStore,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeToAllOptions,
} from '../event-store.port.js';
import { resilientSubscription, type ResilientSubscriptionOptions } from '../resilient-subscription.js';
import { isSystem, positionOf, toExpectedRevision, toPosition, toRecorded, type ClientRecordedEvent } from './esdb-mapping.js';
import { openEsdbSubscription } from './esdb-subscription.js';

/** Tuning for {@link EsdbEventStore}. */
export interface EsdbEventStoreOptions {
  /**
   * Events requested per round trip when reading. Reads are paged because system events are
   * filtered out here and `fromPosition` is made exclusive here, so the server's `maxCount`
   * cannot be the caller's. Default 500.
   */
  pageSize?: number;
  /**
   * Events a subscription holds for a slow consumer before it pauses the gRPC stream (and so
   * lets the server's flow control hold the rest). Default 256.
   */
  subscriptionBufferSize?: number;
  /** Backoff and hooks for re-opening a dropped `$all` subscription. */
  resubscribe?: Omit<ResilientSubscriptionOptions, 'fromPosition'>;
}

const MIN_PAGE = 32;
/** Client errors that a re-opened subscription would only hit again. */
const PERMANENT_ERROR_TYPES = new Set(['access-denied', 'invalid-argument', 'unsupported', 'not-found']);

function isRetryableSubscriptionError(error: unknown): boolean {
  return !(error instanceof Error && isCommandError(error) && PERMANENT_ERROR_TYPES.has(error.type));
}

/**
 * Yields one page of a paged read, asked of the server with `maxCount: pageSize`. When the
 * reader stops before the page has ended (it has `maxCount` events, or its own caller stopped):
 * - if the server can still send at most {@link MIN_PAGE} events, the rest of the page is read
 *   and dropped, so the call ends with the server's status;
 * - otherwise the gRPC call is cancelled so the server stops streaming.
 * Cancelling sends an HTTP/2 RST_STREAM, and HTTP/2 servers and proxies treat a steady flow of
 * client resets as the "rapid reset" attack (CVE-2023-44487): nghttp2 (Node, Apache, ...)
 * answers more than 1000 resets plus 33 a second with GOAWAY(INTERNAL_ERROR), which fails
 * every call on the connection, and Envoy closes connections whose streams are mostly reset
 * early. Small reads such as a stream's tip (`maxCount: 1`) are on the command path and in
 * projection status checks, so they must never reset. A call that ended or failed needs neither.
 */
async function* endOnEarlyExit<T>(page: AsyncIterable<T> & { cancel(): Promise<void> }, pageSize: number): AsyncGenerator<T> {
  // Iterated by hand: leaving a `for await` over the page would destroy the stream without
  // ending the call, and the drain below needs the iterator afterwards.
  const iterator = page[Symbol.asyncIterator]();
  let received = 0;
  let finished = false;
  try {
    for (;;) {
      const next = await iterator.next();
      if (next.done) break;
      received += 1;
      yield next.value;
    }
    finished = true;
  } catch (error) {
    finished = true;
    throw error;
  } finally {
    if (!finished) {
      if (pageSize - received <= MIN_PAGE) {
        // The caller already has what it wanted: whatever goes wrong with the rest is not its concern.
        await drain(iterator).catch(() => undefined);
      } else {
        await page.cancel().catch(() => undefined);
        await iterator.return?.().catch(() => undefined);
      }
    }
  }
}

async function drain(iterator: AsyncIterator<unknown>): Promise<void> {
  for (;;) if ((await iterator.next()).done) return;
}

/**
 * {@link EventStore} over EventStoreDB (gRPC, `@eventstore/db-client` 6.x).
 *
 * - Expected revisions map one to one; the client's wrong-expected-version and stream-not-found
 *   errors become {@link WrongExpectedVersion} and {@link StreamNotFound}.
 * - Our event ids are passed through, so a retried append is recognised by the server.
 * - `position` is the commit position. `readAll`'s `fromPosition` is exclusive here while the
 *   server's is inclusive, so the boundary event is dropped.
 * - System events (`$`-prefixed stream or type) are never returned.
 * - `subscribeToAll` re-opens a dropped subscription from the last delivered position.
 */
export class EsdbEventStore implements EventStore {
  private readonly pageSize: number;
  private readonly bufferSize: number;
  private closed = false;

  /** Wraps an existing client; the store owns it from now on and disposes it on `close()`. */
  constructor(
    private readonly client: EventStoreDBClient,
    private readonly options: EsdbEventStoreOptions = {},
  ) {
    this.pageSize = Math.max(MIN_PAGE, options.pageSize ?? 500);
    this.bufferSize = Math.max(2, options.subscriptionBufferSize ?? 256);
  }

  /**
   * Creates a store for an `esdb://` / `esdb+discover://` connection string. The client
   * connects lazily, so this does not fail when the server is down; use {@link ping} to check.
   */
  static connect(connectionString: string, options: EsdbEventStoreOptions = {}): EsdbEventStore {
    return new EsdbEventStore(EventStoreDBClient.connectionString(connectionString), options);
  }

  async appendToStream(stream: string, events: EventData[], options: AppendOptions = {}): Promise<AppendResult> {
    const expected = options.expectedRevision ?? 'any';
    if (typeof expected === 'number' && (!Number.isInteger(expected) || expected < 0)) {
      throw new RangeError(`expectedRevision must be a non-negative integer, 'any', 'no_stream' or 'stream_exists'; got ${expected}`);
    }
    const proposed = events.map((e) =>
      jsonEvent({ id: e.id, type: e.type, data: (e.data ?? null) as JSONType, metadata: e.metadata ?? {} }),
    );
    let result;
    try {
      result = await this.client.appendToStream(stream, proposed, { expectedRevision: toExpectedRevision(expected) });
    } catch (error) {
      if (error instanceof WrongExpectedVersionError) {
        const actual = error.actualVersion;
        throw new WrongExpectedVersion(stream, expected, typeof actual === 'bigint' ? Number(actual) : 'no_stream');
      }
      // The server unreachable, too slow or not the leader: the append may be retried later.
      if (error instanceof UnavailableError || error instanceof DeadlineExceededError || error instanceof NotLeaderError) {
        throw new EventStoreUnavailable(error.constructor.name, { cause: error });
      }
      throw error;
    }
    if (events.length === 0) {
      // Nothing written: report the stream as it stands, as the embedded adapter does.
      const tip = await this.lastOf(stream);
      return { nextRevision: tip?.revision ?? -1, position: tip?.position ?? -1 };
    }
    const nextRevision = Number(result.nextExpectedRevision);
    if (result.position) return { nextRevision, position: Number(result.position.commit) };
    // A write the server recognised as a retry may come back without a position: the original
    // result is the event already stored at that revision.
    const stored = await this.eventAt(stream, nextRevision);
    return { nextRevision, position: stored.position };
  }

  async *readStream(stream: string, options: ReadStreamOptions = {}): AsyncIterable<RecordedEvent> {
    const backwards = options.direction === 'backwards';
    let remaining = options.maxCount ?? Infinity;
    let from: bigint | typeof START | typeof END =
      options.fromRevision !== undefined ? BigInt(options.fromRevision) : backwards ? END : START;
    while (remaining > 0) {
      // Exactly what is wanted: a user stream rarely holds system events (the next page picks
      // up any shortfall), and a tip read then costs one event, not a page of them.
      const pageSize = this.pageFor(remaining, 1);
      const page = this.client.readStream(stream, { direction: backwards ? BACKWARDS : FORWARDS, fromRevision: from, maxCount: pageSize });
      let received = 0;
      let last: bigint | undefined;
      try {
        for await (const resolved of endOnEarlyExit(page, pageSize)) {
          received += 1;
          const event = resolved.event as ClientRecordedEvent | undefined;
          if (!event) continue;
          last = event.revision;
          if (isSystem(event)) continue;
          yield toRecorded(event, resolved.commitPosition);
          remaining -= 1;
          if (remaining === 0) return;
        }
      } catch (error) {
        if (error instanceof StreamNotFoundError) throw new StreamNotFound(stream);
        throw error;
      }
      if (received < pageSize || last === undefined) return;
      if (backwards && last === 0n) return;
      from = backwards ? last - 1n : last + 1n;
    }
  }

  async *readAll(options: ReadAllOptions = {}): AsyncIterable<RecordedEvent> {
    const backwards = options.direction === 'backwards';
    let remaining = options.maxCount ?? Infinity;
    let cursor = options.fromPosition;
    while (remaining > 0) {
      const pageSize = this.pageFor(remaining + 1);
      const page = this.client.readAll({
        direction: backwards ? BACKWARDS : FORWARDS,
        fromPosition: cursor === undefined ? (backwards ? END : START) : toPosition(cursor),
        maxCount: pageSize,
      });
      let received = 0;
      let last: number | undefined;
      for await (const resolved of endOnEarlyExit(page, pageSize)) {
        received += 1;
        const event = resolved.event as ClientRecordedEvent | undefined;
        if (!event) continue;
        const position = positionOf(event, resolved.commitPosition);
        last = position;
        // The server's bound is inclusive, ours exclusive.
        if (cursor !== undefined && (backwards ? position >= cursor : position <= cursor)) continue;
        if (isSystem(event)) continue;
        yield toRecorded(event, resolved.commitPosition);
        remaining -= 1;
        if (remaining === 0) return;
      }
      if (received < pageSize || last === undefined || last === cursor) return;
      cursor = last;
    }
  }

  /**
   * Catch-up subscription to `$all` (system events excluded server-side), mapping the client's
   * `caughtUp` event to `{ kind: 'caught_up' }`. A failed or ended gRPC call is re-opened from
   * the last delivered position with exponential backoff, without repeating or skipping events.
   * `caught_up` relies on the server sending it (EventStoreDB 23.10 and later).
   */
  subscribeToAll(options: SubscribeToAllOptions = {}): AllSubscription {
    return resilientSubscription((from) => this.openSubscription(from), {
      isRetryable: isRetryableSubscriptionError,
      ...this.options.resubscribe,
      fromPosition: options.fromPosition,
    });
  }

  async headPosition(): Promise<number | null> {
    for await (const event of this.readAll({ direction: 'backwards', maxCount: 1 })) return event.position;
    return null;
  }

  async ping(): Promise<void> {
    // One round trip that needs a working connection; reads one event at most.
    const probe = this.client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 1 });
    for await (const _ of probe) void _;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.client.dispose();
  }

  // ---------------------------------------------------------------------------------------

  private pageFor(wanted: number, min = MIN_PAGE): number {
    return Number.isFinite(wanted) ? Math.min(this.pageSize, Math.max(min, wanted)) : this.pageSize;
  }

  private async lastOf(stream: string): Promise<RecordedEvent | undefined> {
    try {
      for await (const event of this.readStream(stream, { direction: 'backwards', maxCount: 1 })) return event;
    } catch (error) {
      if (!(error instanceof StreamNotFound)) throw error;
    }
    return undefined;
  }

  private async eventAt(stream: string, revision: number): Promise<RecordedEvent> {
    for await (const event of this.readStream(stream, { fromRevision: revision, maxCount: 1 })) return event;
    throw new Error(`EventStoreDB reported revision ${revision} of ${stream} but it cannot be read`);
  }

  private openSubscription(fromPosition: number | undefined): AllSubscription {
    return openEsdbSubscription(this.client, fromPosition, this.bufferSize);
  }
}
