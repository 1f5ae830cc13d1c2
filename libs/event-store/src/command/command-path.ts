import { createHash, randomUUID } from 'node:crypto';
import type { EventStore, RecordedEvent } from '../event-store.port.js';
import { ConcurrencyRetriesExhausted, PreconditionFailed, StreamNotFound, WrongExpectedVersion } from '../event-store.errors.js';
import type { Actor } from '../metadata.js';
import { chainEvents, GENESIS_HASH, type ChainHashAlgorithm } from '../hash-chain.js';

/** What reading a stream needs: an aggregate's fold (`#domain` exports `initialXState` and `evolveX` on their own). */
export interface Fold<E extends { type: string; data: unknown }, S> {
  initialState(): S;
  evolve(state: S, event: E): S;
}

/** The part of a decider the command path needs; structurally matches `#domain`'s `Decider`. */
export interface DeciderLike<C, E extends { type: string; data: unknown }, S> extends Fold<E, S> {
  decide(command: C, state: S): E[];
}

/** Who, when and why: becomes every appended event's audit metadata. */
export interface CommandContext {
  actor: Actor;
  /** ISO 8601 UTC server time of the request. */
  occurredAt: string;
  correlationId: string;
  causationId: string;
  /**
   * Stable id of this command. Event ids are derived from it, so executing the same command
   * twice (a retried job, a repeated Idempotency-Key) appends nothing the second time.
   */
  commandId: string;
}

export interface ExecuteOptions {
  context: CommandContext;
  /** The revision the caller saw (`If-Match`): no retry, a mismatch is a precondition failure. */
  pinnedRevision?: number;
  /** Re-read and re-decide this many times on a concurrent write before giving up. */
  maxRetries?: number;
  /** Chain hash of the appended events (the `AUDIT_HASH` setting); SHA-256 when not given. */
  hashAlgorithm?: ChainHashAlgorithm;
}

export interface CommandOutcome<E, S> {
  stream: string;
  /** State after the command (unchanged when it was a repeat or produced no events). */
  state: S;
  /** Revision of the stream's last event, -1 for a stream that still does not exist. */
  revision: number;
  /** Global position of the last appended event; null when nothing was appended. */
  position: number | null;
  /** Events this execution appended (empty for a repeat). */
  events: E[];
  /** True when the command had already been executed (its events were in the stream). */
  repeated: boolean;
  /**
   * Where the command's first event is (appended now, or found by a repeat); null when the
   * command appended nothing. Whoever remembers the command's answer (the HTTP idempotency
   * record) keeps it, so a replay can first check with one read that the store still holds
   * the command (a restored backup, a wiped data directory may not).
   */
  recorded: RecordedCommand | null;
}

/** The place of a command's first event: reading `stream` at `revision` must give event `id`. */
export interface RecordedCommand {
  stream: string;
  revision: number;
  id: string;
}

/** True when the store still holds the command's first event where it was recorded: one read. */
export async function storeHoldsCommand(store: EventStore, recorded: RecordedCommand): Promise<boolean> {
  try {
    for await (const event of store.readStream(recorded.stream, { fromRevision: recorded.revision, maxCount: 1 }))
      return event.id === recorded.id;
  } catch (e) {
    if (!(e instanceof StreamNotFound)) throw e;
  }
  return false;
}

/**
 * A UUID-shaped id (version nibble 8: "custom", RFC 4122 variant) derived from a seed by
 * SHA-256: the same seed always gives the same id. Used wherever an id must repeat when the
 * request or job that makes it repeats (event ids, ids made from an `Idempotency-Key`).
 */
export function uuidFromSeed(seed: string): string {
  const h = createHash('sha256').update(seed).digest('hex');
  const variant = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * Deterministic event id for the index-th event of a command, so that a repeated command is
 * recognised by the ids it would append.
 */
export function eventIdFor(commandId: string, index: number): string {
  return uuidFromSeed(`${commandId}\u0000${index}`);
}

/** A fresh command id for commands that carry no natural one. */
export function newCommandId(): string {
  return randomUUID();
}

interface LoadedStream<S> {
  state: S;
  revision: number;
  lastHash: string | null;
  /** Each event's id, with its revision. */
  ids: Map<string, number>;
}

/** Reads a stream and folds it; a missing stream is the initial state at revision -1. */
export async function loadStream<E extends { type: string; data: unknown }, S>(
  store: EventStore,
  stream: string,
  decider: Fold<E, S>,
  upTo?: (event: RecordedEvent) => boolean,
): Promise<LoadedStream<S>> {
  let state = decider.initialState();
  let revision = -1;
  let lastHash: string | null = null;
  const ids = new Map<string, number>();
  try {
    for await (const event of store.readStream(stream)) {
      if (upTo && !upTo(event)) break;
      state = decider.evolve(state, { type: event.type, data: event.data } as E);
      revision = event.revision;
      lastHash = typeof event.metadata['hash'] === 'string' ? (event.metadata['hash'] as string) : null;
      ids.set(event.id, event.revision);
    }
  } catch (e) {
    if (!(e instanceof StreamNotFound)) throw e;
  }
  return { state, revision, lastHash, ids };
}

/**
 * The one command path: read the stream, fold, decide, append with the
 * expected revision it decided on, hash-chained and with audit metadata. On a concurrent
 * write it re-reads and decides again, unless the caller pinned the revision.
 * Domain errors thrown by `decide` propagate unchanged.
 */
export async function executeCommand<C, E extends { type: string; data: unknown }, S>(
  store: EventStore,
  stream: string,
  decider: DeciderLike<C, E, S>,
  command: C,
  options: ExecuteOptions,
): Promise<CommandOutcome<E, S>> {
  const maxRetries = options.maxRetries ?? 50;
  const { context } = options;
  for (let attempt = 0; ; attempt++) {
    const loaded = await loadStream(store, stream, decider);
    if (options.pinnedRevision !== undefined && options.pinnedRevision !== loaded.revision) {
      throw new PreconditionFailed(stream, options.pinnedRevision, loaded.revision);
    }
    const firstId = eventIdFor(context.commandId, 0);
    const found = loaded.ids.get(firstId);
    if (found !== undefined) {
      return {
        stream,
        state: loaded.state,
        revision: loaded.revision,
        position: null,
        events: [],
        repeated: true,
        recorded: { stream, revision: found, id: firstId },
      };
    }
    const events = decider.decide(command, loaded.state);
    if (events.length === 0) {
      return { stream, state: loaded.state, revision: loaded.revision, position: null, events: [], repeated: false, recorded: null };
    }
    const metadata = {
      actor: context.actor,
      occurredAt: context.occurredAt,
      correlationId: context.correlationId,
      causationId: context.causationId,
      commandId: context.commandId,
    };
    const chained = chainEvents(
      stream,
      // A head written without a hash (imported history) restarts the chain from the genesis
      // hash, exactly as a new stream does, so the link stays a 64-hex hash a verifier can read.
      loaded.revision >= 0 ? { revision: loaded.revision, hash: loaded.lastHash ?? GENESIS_HASH } : null,
      events.map((e, i) => ({ id: eventIdFor(context.commandId, i), type: e.type, data: e.data, metadata: { ...metadata } })),
      options.hashAlgorithm,
    );
    try {
      // Always an exact expectation: the hash chain was computed for exactly these revisions.
      const result = await store.appendToStream(stream, chained, {
        expectedRevision: loaded.revision >= 0 ? loaded.revision : 'no_stream',
      });
      const state = events.reduce((s, e) => decider.evolve(s, e), loaded.state);
      const recorded = { stream, revision: result.nextRevision - events.length + 1, id: firstId };
      return { stream, state, revision: result.nextRevision, position: result.position, events, repeated: false, recorded };
    } catch (e) {
      if (!(e instanceof WrongExpectedVersion)) throw e;
      const actual = typeof e.actual === 'number' ? e.actual : -1;
      if (options.pinnedRevision !== undefined) throw new PreconditionFailed(stream, options.pinnedRevision, actual);
      if (attempt >= maxRetries) throw new ConcurrencyRetriesExhausted(stream, attempt + 1);
      // Jitter spreads out writers that keep colliding on one hot stream.
      await new Promise((r) => setTimeout(r, Math.random() * Math.min(50, 2 ** attempt)));
    }
  }
}

/**
 * Where a writer sends a command. Every writer (HTTP routes, reminder delivery, matter expiry,
 * the audit digest) holds one of these instead of calling {@link executeCommand}: in the apps
 * it is the `@nestjs/cqrs` CommandBus (`BusCommandSender` in libs/platform), so every write
 * takes the same path; {@link storeCommandSender} runs the command path directly for specs,
 * benchmarks and the admin CLI, which have no bus.
 */
export interface CommandSender {
  send<C, E extends { type: string; data: unknown }, S>(
    stream: string,
    decider: DeciderLike<C, E, S>,
    command: C,
    options: ExecuteOptions,
  ): Promise<CommandOutcome<E, S>>;
}

/** A {@link CommandSender} that runs the command path on a store, with no bus around it. */
export function storeCommandSender(store: EventStore): CommandSender {
  return { send: (stream, decider, command, options) => executeCommand(store, stream, decider, command, options) };
}
