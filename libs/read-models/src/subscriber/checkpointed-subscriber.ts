import type { AllSubscription, EventStore, RecordedEvent, SubscriptionItem } from '#event-store';
import type { StoredCheckpoint } from './read-model-db.js';

/** Lifecycle of a subscriber as reported by `/admin/projections` and `/health/ready`. */
export type SubscriberStatus = 'starting' | 'catching_up' | 'live' | 'stopped' | 'closed';

/** Why a subscriber stopped: it never skips the event it could not handle. */
export interface SubscriberFailure {
  position: number;
  stream: string;
  revision: number;
  type: string;
  message: string;
}

/**
 * What a subscriber does with a batch of events. The synchronous part (`handle` itself) runs
 * at once; when the batch is durable by then (a projection commits its rows and checkpoint in
 * one transaction), `handle` returns nothing. When durability needs I/O (the reminder
 * scheduler's Redis), `handle` returns that remaining work: the core starts it only after the
 * previous batch's work succeeded, so batches become durable in order, and folds the next batch
 * meanwhile. The in-memory checkpoint and the waiters move only once a batch is durable.
 */
export interface SubscriberHandler {
  handle(events: readonly RecordedEvent[]): void | (() => Promise<void>);
}

/** What a subscriber does when handling fails. */
export type FailurePolicy =
  /**
   * Stop at the failing event: a batch that throws is redone event by event, so everything
   * before the bad event is kept and the bad one is named in {@link CheckpointedSubscriber.failure}.
   */
  | {
      kind: 'stop';
      /**
       * Failures that are the environment's, not the event's (a full or failing disk): the batch
       * is retried after `retryAfterMs` until it goes through, instead of stopping the
       * subscriber on an event that is fine. Default: none.
       */
      isTransient?: (error: unknown) => boolean;
      retryAfterMs?: number;
    }
  /** Resume from the checkpoint after `afterMs` (the failure was the environment's, e.g. Redis down). */
  | { kind: 'retry'; afterMs: number; log?: (message: string) => void };

/** How a subscriber batches. */
export interface SubscriberOptions {
  /** Events handled per batch at most (one transaction, or one Redis round trip). */
  batchSize: number;
  failure: FailurePolicy;
}

/**
 * The one catch-up-then-live loop of the product, shared by the projection runner and the
 * reminder scheduler: follows `$all` from a checkpoint, hands the handler batches (a backlog
 * in large batches, a live event at once), tracks the checkpoint and its event time, reports
 * `catching_up`/`live`/`stopped`, and lets callers wait until a position is durable
 * (read-your-writes).
 */
export class CheckpointedSubscriber {
  private subscription: AllSubscription | null = null;
  private loop: Promise<void> | null = null;
  private following = false;
  private _status: SubscriberStatus = 'starting';
  private _failure: SubscriberFailure | null = null;
  private position: number | null;
  private time: string | null;
  private waiters: Array<{ position: number; resolve: (ok: boolean) => void; timer: NodeJS.Timeout }> = [];
  /** Set by the store's "caught up" signal: the next durable batch makes the subscriber live. */
  private liveOnAdvance = false;
  /** The previous batch's asynchronous work, still running while the next batch is handled. */
  private inflight: Promise<void> | null = null;

  constructor(
    private readonly store: EventStore,
    private readonly handler: SubscriberHandler,
    private readonly options: SubscriberOptions,
    from: StoredCheckpoint,
  ) {
    this.position = from.position;
    this.time = from.time;
  }

  /** Last position made durable (null: nothing yet). */
  get checkpoint(): number | null {
    return this.position;
  }

  /** Time (`created`) of the event at {@link checkpoint}. */
  get checkpointTime(): string | null {
    return this.time;
  }

  get status(): SubscriberStatus {
    return this._status;
  }

  get failure(): SubscriberFailure | null {
    return this._failure;
  }

  /** Starts following from the checkpoint (no-op while following). */
  start(): void {
    if (this.loop) return;
    this.following = true;
    this._status = 'catching_up';
    this.loop = this.run().catch((e: unknown) => {
      this._status = 'stopped';
      this._failure ??= { position: this.position ?? 0, stream: '', revision: -1, type: '', message: String((e as Error)?.message ?? e) };
      this.settleWaiters();
    });
  }

  /**
   * Stops following once the batch in hand is durable; the status stays as it was (a pause:
   * {@link start} resumes, a rebuild's swap may {@link resetTo} first).
   */
  async pause(): Promise<void> {
    this.following = false;
    const sub = this.subscription;
    this.subscription = null;
    await sub?.close();
    await this.loop;
    this.loop = null;
    await this.inflight?.catch(() => undefined);
    this.inflight = null;
  }

  /** Stops following; `closed` unless it had stopped on a failure. */
  async stop(): Promise<void> {
    await this.pause();
    if (this._status !== 'stopped') this._status = 'closed';
  }

  /** Stops and answers every waiter (false unless its position was reached). */
  async close(): Promise<void> {
    await this.stop();
    this._status = this._status === 'stopped' ? 'stopped' : 'closed';
    for (const w of this.waiters) {
      clearTimeout(w.timer);
      w.resolve(this.reached(w.position));
    }
    this.waiters = [];
  }

  /**
   * Continues from another checkpoint (a rebuilt read model swapped in), forgetting a failure;
   * a stopped subscriber becomes `closed` until started again.
   */
  resetTo(from: StoredCheckpoint): void {
    this.position = from.position;
    this.time = from.time;
    this._failure = null;
    if (this._status === 'stopped') this._status = 'closed';
  }

  /** Keeps reporting `live` after a resume when it was live before the pause. */
  markLive(): void {
    this._status = 'live';
  }

  /**
   * Resolves true once everything up to `position` is durable, false when the timeout passes
   * first or the subscriber stopped.
   */
  waitFor(position: number, timeoutMs: number): Promise<boolean> {
    if (this.reached(position)) return Promise.resolve(true);
    if (this._status === 'stopped' || timeoutMs <= 0) return Promise.resolve(false);
    return new Promise((resolve) => {
      const waiter = {
        position,
        resolve,
        timer: setTimeout(() => {
          this.waiters = this.waiters.filter((w) => w !== waiter);
          resolve(false);
        }, timeoutMs),
      };
      this.waiters.push(waiter);
    });
  }

  private reached(position: number): boolean {
    return this.position !== null && this.position >= position;
  }

  private async run(): Promise<void> {
    const policy = this.options.failure;
    for (;;) {
      try {
        await this.follow();
        // The subscription ended without being closed: a retrying subscriber follows again.
        if (policy.kind === 'stop' || !this.following) return;
      } catch (e) {
        if (policy.kind === 'stop' || !this.following) throw e;
        // The environment failed (Redis, the store): resume from the checkpoint, nothing after it was acknowledged.
        policy.log?.(`${(e as Error)?.message ?? String(e)}; retrying from position ${this.position}`);
        const sub = this.subscription;
        this.subscription = null;
        await sub?.close().catch(() => undefined);
        await this.inflight?.catch(() => undefined);
        this.inflight = null;
        await new Promise((resolve) => setTimeout(resolve, policy.afterMs));
        if (!this.following) return;
      }
    }
  }

  private async follow(): Promise<void> {
    const subscription = this.store.subscribeToAll(this.position === null ? {} : { fromPosition: this.position });
    this.subscription = subscription;
    const iterator = subscription[Symbol.asyncIterator]();
    let buffer: RecordedEvent[] = [];
    let pending: Promise<IteratorResult<SubscriptionItem>> | null = null;
    for (;;) {
      pending ??= iterator.next();
      // While events are buffered, wait for more only until the event loop turns: a backlog
      // arrives within microtasks and is handled in large batches, a live event at once. Idle
      // with work in flight, wake when it settles so a failure is noticed (and retried) now.
      const next =
        buffer.length > 0
          ? await settledOrIdle(pending)
          : this.inflight
            ? await Promise.race([pending, this.inflight.then((): typeof IDLE => IDLE)])
            : await pending;
      if (next === IDLE) {
        if (!(await this.deliver(buffer))) return;
        buffer = [];
        continue;
      }
      pending = null;
      if (next.done) {
        await this.deliver(buffer);
        await this.inflight;
        return;
      }
      const item = next.value;
      if (item.kind === 'caught_up') {
        // Live as soon as the backlog is durable: a waiter woken by that batch already sees it.
        this.liveOnAdvance = this._status === 'catching_up';
        if (!(await this.deliver(buffer))) return;
        buffer = [];
        if (this.liveOnAdvance) this.goLive();
        continue;
      }
      buffer.push(item.event);
      if (buffer.length >= this.options.batchSize) {
        if (!(await this.deliver(buffer))) return;
        buffer = [];
        // A backlog is read and handled entirely in microtasks: without a turn of the event
        // loop per batch, a long catch-up would starve the process's timers, I/O and requests.
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    }
  }

  /** Hands a batch to the handler; false when the subscriber stopped on a failing event. */
  private async deliver(events: RecordedEvent[]): Promise<boolean> {
    if (events.length === 0) return true;
    const last = events[events.length - 1]!;
    if (this.options.failure.kind === 'stop') return this.deliverOrIsolate(events);
    const rest = this.handler.handle(events);
    if (!rest) {
      this.advance(last);
      return true;
    }
    if (this.inflight) await this.inflight;
    const work = rest().then(() => this.advance(last));
    this.inflight = work;
    work.then(
      () => {
        if (this.inflight === work) this.inflight = null;
      },
      // Kept in `inflight`: the loop notices it and resumes from the checkpoint.
      () => undefined,
    );
    return true;
  }

  /**
   * Handles a batch; if it throws, redoes it event by event and stops at the bad one. A
   * transient failure (see {@link FailurePolicy}) is waited out: the same events are retried.
   */
  private async deliverOrIsolate(events: RecordedEvent[]): Promise<boolean> {
    try {
      await this.handleWaitingOutTransient(events);
      return true;
    } catch {
      for (const event of events) {
        try {
          await this.handleWaitingOutTransient([event]);
        } catch (e) {
          this._status = 'stopped';
          this._failure = {
            position: event.position,
            stream: event.stream,
            revision: event.revision,
            type: event.type,
            message: (e as Error)?.message ?? String(e),
          };
          void this.subscription?.close();
          this.settleWaiters();
          return false;
        }
      }
      return true;
    }
  }

  private async handleWaitingOutTransient(events: readonly RecordedEvent[]): Promise<void> {
    const policy = this.options.failure;
    const { isTransient, retryAfterMs = 1_000 } = policy.kind === 'stop' ? policy : {};
    for (;;) {
      try {
        return await this.handleNow(events);
      } catch (e) {
        if (!isTransient?.(e) || !this.following) throw e;
        await new Promise((resolve) => setTimeout(resolve, retryAfterMs));
      }
    }
  }

  private async handleNow(events: readonly RecordedEvent[]): Promise<void> {
    const rest = this.handler.handle(events);
    if (rest) await rest();
    this.advance(events[events.length - 1]!);
  }

  private advance(last: RecordedEvent): void {
    this.position = last.position;
    this.time = last.created;
    if (this.liveOnAdvance) this.goLive();
    this.settleWaiters();
  }

  private goLive(): void {
    this.liveOnAdvance = false;
    if (this._status === 'catching_up') this._status = 'live';
  }

  private settleWaiters(): void {
    if (this.waiters.length === 0) return;
    const keep: typeof this.waiters = [];
    for (const w of this.waiters) {
      if (this.reached(w.position)) {
        clearTimeout(w.timer);
        w.resolve(true);
      } else if (this._status === 'stopped') {
        clearTimeout(w.timer);
        w.resolve(false);
      } else keep.push(w);
    }
    this.waiters = keep;
  }
}

const IDLE = Symbol('idle');

/**
 * `pending`'s outcome, or {@link IDLE} if the event loop turns first. The immediate is cleared
 * as soon as `pending` settles: left armed, each one would stay queued, keeping the settled
 * item (the event) reachable, until the event loop next turns, which during a catch-up that
 * never leaves the microtask queue is only once it is live: heap grew with the backlog.
 */
function settledOrIdle<T>(pending: Promise<T>): Promise<T | typeof IDLE> {
  return new Promise((resolve, reject) => {
    const idle = setImmediate(resolve, IDLE);
    pending.then(
      (value) => {
        clearImmediate(idle);
        resolve(value);
      },
      (error: unknown) => {
        clearImmediate(idle);
        reject(error as Error);
      },
    );
  });
}
