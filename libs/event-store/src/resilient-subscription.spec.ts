import type { AllSubscription, RecordedEvent, SubscriptionItem } from './event-store.port.js';
import { resilientSubscription } from './resilient-subscription.js';

const event = (position: number): RecordedEvent => ({
  stream: 's',
  revision: position - 1,
  position,
  id: `id-${position}`,
  type: 'T',
  data: {},
  metadata: {},
  created: '2025-01-01T00:00:00.000Z',
});

/**
 * A fake inner subscription over positions 1..total: on the listed opens it throws after
 * delivering `failAfter` events; `overlap` makes it replay the event at its start position,
 * as a server might after a reconnect.
 */
function fakeSource(total: number, failures: Array<{ failAfter: number | 'live'; error?: Error }>, overlap = false) {
  const opens: Array<number | undefined> = [];
  let live: (() => void) | null = null;
  const open = (from: number | undefined): AllSubscription => {
    opens.push(from);
    const failure = failures[opens.length - 1];
    let closed = false;
    async function* iterate(): AsyncGenerator<SubscriptionItem> {
      let delivered = 0;
      const start = overlap && from !== undefined ? from : (from ?? 0) + 1;
      for (let p = Math.max(start, 1); p <= total; p++) {
        if (failure && delivered === failure.failAfter) throw failure.error ?? new Error('connection dropped');
        if (closed) return;
        delivered += 1;
        yield { kind: 'event', event: event(p) };
      }
      yield { kind: 'caught_up', position: total };
      if (failure?.failAfter === 'live') throw failure.error ?? new Error('connection dropped while live');
      // Live: wait until closed.
      await new Promise<void>((resolve) => {
        live = resolve;
        if (closed) resolve();
      });
    }
    return {
      [Symbol.asyncIterator]: iterate,
      async close() {
        closed = true;
        live?.();
      },
    };
  };
  return { open, opens };
}

async function takeUntilCaughtUp(subscription: AllSubscription): Promise<SubscriptionItem[]> {
  const items: SubscriptionItem[] = [];
  for await (const item of subscription) {
    items.push(item);
    if (item.kind === 'caught_up') break;
  }
  return items;
}

const positions = (items: SubscriptionItem[]) => items.flatMap((i) => (i.kind === 'event' ? [i.event.position] : []));

describe('resilientSubscription', () => {
  it('re-opens from the last delivered position after a failure, delivering each event once, in order', async () => {
    const source = fakeSource(10, [{ failAfter: 3 }, { failAfter: 4 }]);
    const retries: number[] = [];
    const subscription = resilientSubscription(source.open, {
      initialBackoffMs: 1,
      onRetry: (_error, _attempt, delay) => retries.push(delay),
    });
    const items = await takeUntilCaughtUp(subscription);
    expect(positions(items)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(source.opens).toEqual([undefined, 3, 7]);
    // Events were delivered between the failures, so the backoff starts over each time.
    expect(retries).toEqual([1, 1]);
    await subscription.close();
  });

  it('starts from the given position and skips an event replayed at the boundary', async () => {
    const source = fakeSource(6, [{ failAfter: 2 }], true);
    const subscription = resilientSubscription(source.open, { fromPosition: 2, initialBackoffMs: 1 });
    const items = await takeUntilCaughtUp(subscription);
    expect(positions(items)).toEqual([3, 4, 5, 6]);
    expect(source.opens).toEqual([2, 3]);
    await subscription.close();
  });

  it('backs off exponentially up to the cap while failures repeat without progress', async () => {
    const source = fakeSource(2, [{ failAfter: 0 }, { failAfter: 0 }, { failAfter: 0 }, { failAfter: 0 }, { failAfter: 0 }]);
    const delays: number[] = [];
    const subscription = resilientSubscription(source.open, {
      initialBackoffMs: 1,
      maxBackoffMs: 4,
      onRetry: (_error, _attempt, delay) => delays.push(delay),
    });
    const items = await takeUntilCaughtUp(subscription);
    expect(positions(items)).toEqual([1, 2]);
    expect(delays).toEqual([1, 2, 4, 4, 4]);
    await subscription.close();
  });

  it('signals caught_up only the first time, even if a re-open catches up again', async () => {
    const source = fakeSource(3, [{ failAfter: 'live' }, { failAfter: 'live' }]);
    const subscription = resilientSubscription(source.open, { initialBackoffMs: 1 });
    const iterator = subscription[Symbol.asyncIterator]();
    const items: SubscriptionItem[] = [];
    // The third open goes live and stays; by then two re-opens have each caught up again.
    const third = new Promise<void>((resolve) => {
      const poll = () => (source.opens.length === 3 ? resolve() : setImmediate(poll));
      poll();
    });
    items.push((await iterator.next()).value as SubscriptionItem);
    items.push((await iterator.next()).value as SubscriptionItem);
    items.push((await iterator.next()).value as SubscriptionItem);
    items.push((await iterator.next()).value as SubscriptionItem);
    const pending = iterator.next();
    await third;
    await subscription.close();
    await expect(pending).resolves.toMatchObject({ done: true });
    expect(items.map((i) => i.kind)).toEqual(['event', 'event', 'event', 'caught_up']);
    expect(positions(items)).toEqual([1, 2, 3]);
    expect(source.opens).toEqual([undefined, 3, 3]);
    await expect(iterator.next()).resolves.toMatchObject({ done: true });
  });

  it('rethrows an error that is not retryable', async () => {
    const source = fakeSource(5, [{ failAfter: 1, error: new TypeError('bug') }]);
    const subscription = resilientSubscription(source.open, { isRetryable: (e) => !(e instanceof TypeError) });
    const seen: number[] = [];
    await expect(
      (async () => {
        for await (const item of subscription) if (item.kind === 'event') seen.push(item.event.position);
      })(),
    ).rejects.toThrow('bug');
    expect(seen).toEqual([1]);
  });

  it('close() ends the iteration while it waits for live events or sits in a backoff', async () => {
    const live = resilientSubscription(fakeSource(1, []).open);
    const iterator = live[Symbol.asyncIterator]();
    await iterator.next();
    await iterator.next();
    const waiting = iterator.next();
    await live.close();
    await expect(waiting).resolves.toMatchObject({ done: true });

    const failing = fakeSource(1, [{ failAfter: 0 }]);
    const backingOff = resilientSubscription(failing.open, { initialBackoffMs: 60_000, onRetry: () => void backingOff.close() });
    await expect(backingOff[Symbol.asyncIterator]().next()).resolves.toMatchObject({ done: true });
    expect(failing.opens).toEqual([undefined]);
  });
});
