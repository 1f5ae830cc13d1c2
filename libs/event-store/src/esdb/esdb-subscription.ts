/**
 * The adapter's live part: one `$all` subscription over gRPC, its buffer and its flow control.
 * {@link EsdbEventStore} wraps it in the resilient subscription that re-opens it.
 */
import { START, excludeSystemEvents, type EventStoreDBClient } from '@eventstore/db-client';
import type { AllSubscription, SubscriptionItem } from '../event-store.port.js';
import { isSystem, toPosition, toRecorded, type ClientRecordedEvent } from './esdb-mapping.js';

/**
 * One gRPC subscription, no retries: delivers events strictly after `fromPosition`, then
 * `caught_up`, then live events; fails (for the resilient wrapper to re-open) when the call
 * fails or ends while not closed.
 */
export function openEsdbSubscription(client: EventStoreDBClient, fromPosition: number | undefined, bufferSize: number): AllSubscription {
  const subscription = client.subscribeToAll({
    fromPosition: fromPosition === undefined ? START : toPosition(fromPosition),
    filter: excludeSystemEvents(),
  });
  const queue: SubscriptionItem[] = [];
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
