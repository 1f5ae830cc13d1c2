/**
 * The EventStoreDB adapter. This is the only file in the product that imports
 * `@eventstore/db-client`, so moving to its successor `@kurrent/kurrentdb-client` is a change
 * to this file alone.
 */
import {
  ANY,
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
  NO_STREAM,
  START,
  STREAM_EXISTS,
  StreamNotFoundError,
  UnavailableError,
  DeadlineExceededError,
  NotLeaderError,
  WrongExpectedVersionError,
  excludeSystemEvents,
  isCommandError,
  jsonEvent,
  type AppendExpectedRevision,
  type JSONType,
  type Position,
} from '@eventstore/db-client';
import { EventStoreUnavailable, StreamNotFound, WrongExpectedVersion } from '../event-store.errors.js';
import type {
  AllSubscription,
  AppendOptions,
  AppendResult,
  EventData,
  EventStore,
  ExpectedRevision,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeToAllOptions,
  SubscriptionItem,
} from '../event-store.port.js';
import { resilientSubscription, type ResilientSubscriptionOptions } from '../resilient-subscription.js';

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

/** The fields of a client recorded event this adapter reads (JSON and binary events alike). */
interface ClientRecordedEvent {
  streamId: string;
  id: string;
  revision: bigint;
  type: string;
  data: unknown;
  metadata?: unknown;
  isJson: boolean;
  created: Date;
  position?: Position;
}

const MIN_PAGE = 32;
/** Client errors that a re-opened subscription would only hit again. */
const PERMANENT_ERROR_TYPES = new Set(['access-denied', 'invalid-argument', 'unsupported', 'not-found']);

function isRetryableSubscriptionError(error: unknown): boolean {
  return !(error instanceof Error && isCommandError(error) && PERMANENT_ERROR_TYPES.has(error.type));
}

/** `$`-prefixed streams and types belong to the server (settings, stats, metadata, links). */
function isSystem(event: ClientRecordedEvent): boolean {
  return event.streamId.startsWith('$') || event.type.startsWith('$');
}

function toExpectedRevision(expected: ExpectedRevision): AppendExpectedRevision {
  switch (expected) {
    case 'no_stream':
      return NO_STREAM;
    case 'any':
      return ANY;
    case 'stream_exists':
      return STREAM_EXISTS;
    default:
      return BigInt(expected);
  }
}

function toPosition(position: number): Position {
  // Our positions are commit positions; the server wants both halves, and for events written
  // by a single append commit and prepare positions are the same.
  return { commit: BigInt(position), prepare: BigInt(position) };
}

function positionOf(event: ClientRecordedEvent, fallback?: bigint): number {
  const commit = event.position?.commit ?? fallback;
  if (commit === undefined) throw new Error(`EventStoreDB returned event ${event.id} without a position`);
  return Number(commit);
}

function decodeJson(value: unknown): unknown {
  if (value instanceof Uint8Array) {
    const text = Buffer.from(value).toString('utf8');
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  return value;
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
async function* endOnEarlyExit<T>(
  page: AsyncIterable<T> & { cancel(): Promise<void> },
  pageSize: number,
): AsyncGenerator<T> {
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

function toRecorded(event: ClientRecordedEvent, fallbackCommit?: bigint): RecordedEvent {
  const metadata = decodeJson(event.metadata);
  return {
    stream: event.streamId,
    revision: Number(event.revision),
    position: positionOf(event, fallbackCommit),
    id: event.id,
    type: event.type,
    data: event.isJson ? event.data : decodeJson(event.data),
    metadata: metadata !== null && typeof metadata === 'object' && !(metadata instanceof Uint8Array) ? (metadata as Record<string, unknown>) : {},
    created: event.created.toISOString(),
  };
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
    let from: bigint | typeof START | typeof END = options.fromRevision !== undefined ? BigInt(options.fromRevision) : backwards ? END : START;
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

  /**
   * One gRPC subscription, no retries: delivers events strictly after `fromPosition`, then
   * `caught_up`, then live events; fails (for the resilient wrapper to re-open) when the call
   * fails or ends while not closed.
   */
  private openSubscription(fromPosition: number | undefined): AllSubscription {
    const subscription = this.client.subscribeToAll({
      fromPosition: fromPosition === undefined ? START : toPosition(fromPosition),
      filter: excludeSystemEvents(),
    });
    const queue: SubscriptionItem[] = [];
    const bufferSize = this.bufferSize;
    let failure: unknown = null;
    let ended = false;
    let closed = false;
    let wake: (() => void) | null = null;
    let delivered = 0;
    let caughtUpAfter: number | null = null;
    let lastPosition: number | null = fromPosition ?? null;
    const notify = () => {
      const w = wake;
      wake = null;
      w?.();
    };
    const pushCaughtUpIfDue = () => {
      if (caughtUpAfter !== null && delivered >= caughtUpAfter) {
        caughtUpAfter = null;
        queue.push({ kind: 'caught_up', position: lastPosition });
      }
    };

    // 'caughtUp' is an event beside the data flow: at the moment it fires, every event the
    // server sent before it has either reached our 'data' handler or sits in the stream's
    // buffer, so it belongs after exactly `delivered + readableLength` events.
    subscription.on('caughtUp', () => {
      caughtUpAfter = delivered + subscription.readableLength;
      pushCaughtUpIfDue();
      notify();
    });
    subscription.on('data', (resolved: { event?: ClientRecordedEvent; commitPosition?: bigint }) => {
      const event = resolved.event;
      if (event && !isSystem(event)) {
        const recorded = toRecorded(event, resolved.commitPosition);
        if (fromPosition === undefined || recorded.position > fromPosition) {
          lastPosition = recorded.position;
          queue.push({ kind: 'event', event: recorded });
        }
      }
      delivered += 1;
      pushCaughtUpIfDue();
      // A slow consumer must not make us buffer the whole store: let gRPC flow control work.
      if (queue.length >= bufferSize) subscription.pause();
      notify();
    });
    subscription.on('error', (error: unknown) => {
      failure ??= error;
      notify();
    });
    subscription.on('end', () => {
      ended = true;
      notify();
    });
    subscription.on('close', () => {
      ended = true;
      notify();
    });

    const close = async () => {
      if (closed) return;
      closed = true;
      notify();
      await subscription.unsubscribe().catch(() => undefined);
    };

    async function* iterate(): AsyncGenerator<SubscriptionItem> {
      try {
        for (;;) {
          if (closed) return;
          const item = queue.shift();
          if (item) {
            if (queue.length < bufferSize / 2 && subscription.isPaused()) subscription.resume();
            yield item;
            continue;
          }
          if (failure) throw failure;
          if (ended) throw new Error('EventStoreDB subscription ended unexpectedly');
          await new Promise<void>((resolve) => (wake = resolve));
        }
      } finally {
        await close();
      }
    }

    let iterated = false;
    return {
      [Symbol.asyncIterator]() {
        if (iterated) throw new Error('A subscription can be iterated only once');
        iterated = true;
        return iterate();
      },
      close,
    };
  }
}
