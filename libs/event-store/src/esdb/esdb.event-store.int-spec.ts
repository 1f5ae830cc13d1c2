import { randomUUID } from 'node:crypto';
import { EventStoreDBClient } from '@eventstore/db-client';
import { EsdbDouble } from '../../../../test/esdb-double/esdb-double.js';
import { describeEventStoreContract } from '../contract/event-store.contract.js';
import type { EventData, RecordedEvent, SubscriptionItem } from '../event-store.port.js';
import { EsdbEventStore } from './esdb.event-store.js';

// The double runs on every test run: no EventStoreDB server exists on these machines, and the
// double speaks the server's gRPC protocol to the real client over a real channel.
describeEventStoreContract('EventStoreDB adapter against the gRPC double', async () => {
  const double = new EsdbDouble();
  const { connectionString } = await double.start();
  const store = EsdbEventStore.connect(connectionString);
  return {
    store,
    cleanup: async () => {
      await store.close();
      await double.stop();
    },
  };
});

const realServer = process.env.ESDB_CONNECTION_STRING;
if (realServer) {
  // Streams are randomly named per test, so a shared server with existing data is fine.
  describeEventStoreContract('EventStoreDB adapter against a real server', async () => {
    const store = EsdbEventStore.connect(realServer);
    return { store, cleanup: () => store.close() };
  });
} else {
  console.log('EventStoreDB contract run skipped: ESDB_CONNECTION_STRING is not set (no EventStoreDB server on this machine)');
}

const eventsNumbered = (from: number, count: number): EventData[] =>
  Array.from({ length: count }, (_, i) => ({ id: randomUUID(), type: 'Numbered', data: { n: from + i }, metadata: {} }));

describe('EsdbEventStore against the gRPC double', () => {
  let double: EsdbDouble;
  let store: EsdbEventStore;
  let retries: unknown[];

  beforeEach(async () => {
    double = new EsdbDouble();
    retries = [];
    const { connectionString } = await double.start();
    store = EsdbEventStore.connect(connectionString, {
      resubscribe: { initialBackoffMs: 10, maxBackoffMs: 50, onRetry: (error) => retries.push(error) },
    });
  });

  afterEach(async () => {
    await store.close();
    await double.stop();
  });

  it('resubscribes after every call is dropped and delivers each event exactly once, in order', async () => {
    const stream = `resub-${randomUUID()}`;
    const subscription = store.subscribeToAll();
    const iterator = subscription[Symbol.asyncIterator]();
    const received: RecordedEvent[] = [];
    const pullEvents = async (count: number) => {
      while (received.length < count) {
        const next = await iterator.next();
        if (next.done) throw new Error(`subscription ended after ${received.length} events`);
        if (next.value.kind === 'event') received.push(next.value.event);
      }
    };

    try {
      for (let i = 0; i < 10; i += 2) await store.appendToStream(stream, eventsNumbered(i, 2));
      await pullEvents(6);

      expect(double.dropAllCalls()).toBeGreaterThan(0);
      // Some of these land while the subscription is down, some after it is back.
      for (let i = 10; i < 30; i += 5) {
        await store.appendToStream(stream, eventsNumbered(i, 5));
        double.appendSystemEvent('$stats-127.0.0.1:2113', '$statsCollection');
      }
      await pullEvents(30);

      expect(double.dropAllCalls()).toBeGreaterThan(0);
      await store.appendToStream(stream, eventsNumbered(30, 5));
      await pullEvents(35);

      // A node restart: the port refuses connections for a while, then the same data is back.
      await double.refuseConnections(200);
      await store.appendToStream(stream, eventsNumbered(35, 5));
      await pullEvents(40);
    } finally {
      await subscription.close();
    }

    // Three outages (two drops, one refusal): each forced at least one re-open.
    expect(retries.length).toBeGreaterThanOrEqual(3);
    expect(received.map((e) => (e.data as { n: number }).n)).toEqual(Array.from({ length: 40 }, (_, i) => i));
    expect(received.map((e) => e.revision)).toEqual(Array.from({ length: 40 }, (_, i) => i));
    expect(received.every((e) => e.stream === stream)).toBe(true);
    for (let i = 1; i < received.length; i++) expect(received[i]!.position).toBeGreaterThan(received[i - 1]!.position);
  });

  it('signals caught_up once, after the backlog and before live events, across a drop', async () => {
    const stream = `caught-${randomUUID()}`;
    await store.appendToStream(stream, eventsNumbered(0, 3));
    const subscription = store.subscribeToAll();
    const iterator = subscription[Symbol.asyncIterator]();
    const items: SubscriptionItem[] = [];
    const pull = async (done: () => boolean) => {
      while (!done()) {
        const next = await iterator.next();
        if (next.done) throw new Error('subscription ended');
        items.push(next.value);
      }
    };
    const events = () => items.filter((i) => i.kind === 'event').length;
    try {
      await pull(() => items.some((i) => i.kind === 'caught_up'));
      double.dropAllCalls();
      await store.appendToStream(stream, eventsNumbered(3, 2));
      await pull(() => events() === 5);
    } finally {
      await subscription.close();
    }
    expect(items.map((i) => i.kind)).toEqual(['event', 'event', 'event', 'caught_up', 'event', 'event']);
    const caughtUp = items[3]!;
    expect(caughtUp.kind === 'caught_up' && caughtUp.position).toBe(items[2]!.kind === 'event' && items[2]!.event.position);
  });

  it('places caught_up right after a backlog larger than the buffers, with the consumer lagging', async () => {
    const stream = `backlog-${randomUUID()}`;
    for (let i = 0; i < 600; i += 100) await store.appendToStream(stream, eventsNumbered(i, 100));
    const small = EsdbEventStore.connect(double.connectionString, { subscriptionBufferSize: 8 });
    const subscription = small.subscribeToAll();
    const kinds: string[] = [];
    const numbers: number[] = [];
    try {
      for await (const item of subscription) {
        kinds.push(item.kind);
        if (item.kind === 'event') numbers.push((item.event.data as { n: number }).n);
        // Lag behind so the gRPC stream runs ahead and the buffers fill up (the outcome must
        // not depend on how far it gets).
        if (numbers.length % 200 === 1) await new Promise((resolve) => setTimeout(resolve, 50));
        if (item.kind === 'caught_up') break;
      }
    } finally {
      await subscription.close();
      await small.close();
    }
    expect(kinds.indexOf('caught_up')).toBe(600);
    expect(numbers).toEqual(Array.from({ length: 600 }, (_, i) => i));
  });

  it('never returns the system events the server holds', async () => {
    expect(double.events().some((e) => e.stream.startsWith('$'))).toBe(true);
    expect(await store.headPosition()).toBeNull();
    const stream = `plain-${randomUUID()}`;
    const { position } = await store.appendToStream(stream, eventsNumbered(0, 2));
    double.appendSystemEvent('$$' + stream, '$metadata', { $maxCount: 10 });
    expect(await store.headPosition()).toBe(position);
    const all: RecordedEvent[] = [];
    for await (const event of store.readAll()) all.push(event);
    expect(all.map((e) => e.stream)).toEqual([stream, stream]);
    const backwards: RecordedEvent[] = [];
    for await (const event of store.readAll({ direction: 'backwards', maxCount: 1 })) backwards.push(event);
    expect(backwards.map((e) => e.position)).toEqual([position]);
  });

  it('ends small reads without resetting the call, and cancels a large page its caller abandons', async () => {
    // Every cancel is an HTTP/2 RST_STREAM; servers and proxies cut a connection that sends a
    // steady flow of them (nghttp2's rapid-reset limit), failing every call on it.
    const client = EventStoreDBClient.connectionString(double.connectionString);
    let cancels = 0;
    for (const method of ['readStream', 'readAll'] as const) {
      const read = client[method].bind(client) as (...args: unknown[]) => { cancel(): Promise<void> };
      (client as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => {
        const page = read(...args);
        const cancel = page.cancel.bind(page);
        page.cancel = () => {
          cancels += 1;
          return cancel();
        };
        return page;
      };
    }
    const counted = new EsdbEventStore(client);
    const stream = `small-${randomUUID()}`;
    try {
      await counted.appendToStream(stream, eventsNumbered(0, 100));
      for (let i = 0; i < 20; i++) {
        for await (const tip of counted.readStream(stream, { direction: 'backwards', maxCount: 1 })) expect(tip.revision).toBe(99);
        for await (const e of counted.readStream(stream, { fromRevision: i, maxCount: 1 })) expect(e.revision).toBe(i);
        // The caller stops inside a small page: the few events left are read, not reset.
        for await (const e of counted.readStream(stream, { fromRevision: i, maxCount: 10 })) {
          expect(e.revision).toBe(i);
          break;
        }
        for await (const e of counted.readAll({ direction: 'backwards', maxCount: 1 })) expect(e.revision).toBe(99);
      }
      expect(await counted.headPosition()).toBe(Number(double.events().at(-1)!.position));
      expect(cancels).toBe(0);

      const firstFive: number[] = [];
      for await (const e of counted.readStream(stream)) {
        firstFive.push(e.revision);
        if (firstFive.length === 5) break;
      }
      expect(firstFive).toEqual([0, 1, 2, 3, 4]);
      expect(cancels).toBe(1);
      // The abandoned call leaves the connection usable.
      expect((await counted.appendToStream(stream, eventsNumbered(100, 1), { expectedRevision: 99 })).nextRevision).toBe(100);
    } finally {
      await counted.close();
    }
  });

  it('answers ping while the server is up and fails while it is down', async () => {
    await expect(store.ping()).resolves.toBeUndefined();
    const { port } = await double.stop().then(() => ({ port: Number(new URL(double.connectionString.replace('esdb:', 'http:')).port) }));
    await expect(store.ping()).rejects.toThrow();
    await double.start(port);
    await expect(store.ping()).resolves.toBeUndefined();
  });
});
