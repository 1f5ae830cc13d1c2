import type { AllSubscription, SubscriptionItem } from './event-store.port.js';

/** Tuning and hooks for {@link resilientSubscription}. */
export interface ResilientSubscriptionOptions {
  /** Deliver events strictly after this position; omitted: from the very start. */
  fromPosition?: number;
  /** First retry delay; doubles per consecutive failure. Default 100 ms. */
  initialBackoffMs?: number;
  /** Ceiling of the retry delay. Default 5,000 ms. */
  maxBackoffMs?: number;
  /**
   * Whether a failure is worth re-opening for (a dropped connection, SQLITE_BUSY). Anything
   * else is rethrown to the consumer so a bug does not spin forever. Default: every error.
   */
  isRetryable?: (error: unknown) => boolean;
  /** Called before each backoff wait, e.g. to log the drop. */
  onRetry?: (error: unknown, attempt: number, delayMs: number) => void;
}

/**
 * Wraps a catch-up subscription so it survives its inner subscription failing: it remembers
 * the last event it delivered and, on a (retryable) error or an unexpected end, re-opens the
 * inner subscription from that position after an exponential backoff. The consumer sees every
 * event exactly once and in order, and `caught_up` only the first time.
 *
 * `open(fromPosition)` must return a subscription delivering events strictly after
 * `fromPosition` (all events when undefined).
 */
export function resilientSubscription(
  open: (fromPosition: number | undefined) => AllSubscription,
  options: ResilientSubscriptionOptions = {},
): AllSubscription {
  const initialBackoffMs = options.initialBackoffMs ?? 100;
  const maxBackoffMs = options.maxBackoffMs ?? 5_000;
  const isRetryable = options.isRetryable ?? (() => true);

  let closed = false;
  let current: AllSubscription | null = null;
  let cancelBackoff: (() => void) | null = null;
  let started = false;

  const backoff = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        cancelBackoff = null;
        resolve();
      }
      cancelBackoff = done;
    });

  async function* iterate(): AsyncGenerator<SubscriptionItem> {
    let lastPosition = options.fromPosition;
    let caughtUpDelivered = false;
    let attempt = 0;

    while (!closed) {
      const inner = open(lastPosition);
      current = inner;
      let failure: unknown = new Error('subscription ended unexpectedly');
      try {
        for await (const item of inner) {
          if (closed) return;
          if (item.kind === 'event') {
            // After a re-open an inner subscription may replay the boundary; never deliver twice.
            if (lastPosition !== undefined && item.event.position <= lastPosition) continue;
            lastPosition = item.event.position;
            attempt = 0;
            yield item;
          } else if (!caughtUpDelivered) {
            caughtUpDelivered = true;
            attempt = 0;
            yield item;
          }
        }
      } catch (error) {
        failure = error;
      } finally {
        current = null;
        await inner.close().catch(() => undefined);
      }
      if (closed) return;
      if (!isRetryable(failure)) throw failure;
      attempt += 1;
      const delay = Math.min(maxBackoffMs, initialBackoffMs * 2 ** (attempt - 1));
      options.onRetry?.(failure, attempt, delay);
      if (closed) return;
      await backoff(delay);
    }
  }

  const generator = iterate();
  return {
    [Symbol.asyncIterator]() {
      // A single underlying stream: a second iterator would split events between consumers.
      if (started) throw new Error('A subscription can be iterated only once');
      started = true;
      return generator;
    },
    async close() {
      if (closed) return;
      closed = true;
      cancelBackoff?.();
      await current?.close().catch(() => undefined);
      // A consumer that never started (or is not waiting) would otherwise keep the generator open.
      if (!started) await generator.return(undefined);
    },
  };
}
