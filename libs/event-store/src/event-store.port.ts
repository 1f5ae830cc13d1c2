/**
 * The event store port, modelled on EventStoreDB: streams with revisions, one global order
 * with positions, expected-revision checks, idempotent event ids, reads both ways, and
 * catch-up subscriptions to `$all`. Every adapter (embedded SQLite, EventStoreDB) implements
 * exactly this and is proven by the same contract suite.
 */

/** Expected state of a stream for an append: EventStoreDB's four options. */
export type ExpectedRevision = 'no_stream' | 'any' | 'stream_exists' | number;

/** An event as handed to the store. `id` is a UUID; a repeated id makes the append idempotent. */
export interface EventData<Type extends string = string, Data = unknown> {
  id: string;
  type: Type;
  data: Data;
  metadata: Record<string, unknown>;
}

/** An event as the store recorded it. */
export interface RecordedEvent<Type extends string = string, Data = unknown> {
  stream: string;
  /** 0-based place of the event in its stream. */
  revision: number;
  /** Place in the global order; strictly increasing across all streams, not necessarily dense. */
  position: number;
  id: string;
  type: Type;
  data: Data;
  metadata: Record<string, unknown>;
  /** ISO 8601 UTC time the store recorded the event. */
  created: string;
}

/** Outcome of a successful append. */
export interface AppendResult {
  /** Revision of the last event now in the stream. */
  nextRevision: number;
  /** Global position of the last event of this append. */
  position: number;
}

export interface AppendOptions {
  expectedRevision?: ExpectedRevision;
}

export type Direction = 'forwards' | 'backwards';

export interface ReadStreamOptions {
  /** Inclusive; defaults to the start (forwards) or the end (backwards). */
  fromRevision?: number;
  direction?: Direction;
  maxCount?: number;
}

export interface ReadAllOptions {
  /**
   * Exclusive lower bound forwards (events strictly after it), exclusive upper bound backwards.
   * Omitted: from the start (forwards) or the end (backwards).
   */
  fromPosition?: number;
  direction?: Direction;
  maxCount?: number;
}

export interface SubscribeToAllOptions {
  /** Deliver events strictly after this position; omitted: from the very start. */
  fromPosition?: number;
}

/** What a catch-up subscription yields: events in global order, and a marker once caught up. */
export type SubscriptionItem = { kind: 'event'; event: RecordedEvent } | { kind: 'caught_up'; position: number | null };

/** A catch-up subscription: iterate it; `close()` ends the iteration. */
export interface AllSubscription extends AsyncIterable<SubscriptionItem> {
  close(): Promise<void>;
}

/** The port. */
export interface EventStore {
  appendToStream(stream: string, events: EventData[], options?: AppendOptions): Promise<AppendResult>;
  /** Throws {@link StreamNotFound} for a stream with no events. */
  readStream(stream: string, options?: ReadStreamOptions): AsyncIterable<RecordedEvent>;
  readAll(options?: ReadAllOptions): AsyncIterable<RecordedEvent>;
  subscribeToAll(options?: SubscribeToAllOptions): AllSubscription;
  /** Position of the newest event, or null for an empty store. */
  headPosition(): Promise<number | null>;
  /** Cheap liveness probe used by health checks. */
  ping(): Promise<void>;
  close(): Promise<void>;
  /**
   * What this process's commits cost, for a store that commits in-process (the embedded one);
   * absent where the server commits (EventStoreDB).
   */
  commitStats?(): StoreCommits;
}

/**
 * The embedded store's group commits in this process: how many transactions, how many appends
 * they carried, and the time spent in them (checks, inserts and the durable commit, which
 * blocks the process's event loop while the disk syncs).
 */
export interface StoreCommits {
  commits: number;
  appends: number;
  seconds: number;
}
