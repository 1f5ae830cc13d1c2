import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describeEventStoreContract } from '../contract/event-store.contract.js';
import { DuplicateEventId, WrongExpectedVersion } from '../event-store.errors.js';
import type { EventData, RecordedEvent, SubscriptionItem } from '../event-store.port.js';
import { SqliteEventStore } from './sqlite.event-store.js';

const tempDirs: string[] = [];
function tempDbPath(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reform-ledger-store-'));
  tempDirs.push(dir);
  return path.join(dir, 'events.sqlite');
}
afterAll(() => {
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

// A small page size makes the paging paths run in the contract tests too.
describeEventStoreContract('SqliteEventStore', async () => {
  const store = SqliteEventStore.open({ path: tempDbPath(), pageSize: 3, pollIntervalMs: 10 });
  return { store, cleanup: () => store.close() };
});

function events(count: number, type = 'Tested'): EventData[] {
  return Array.from({ length: count }, (_, i) => ({ id: randomUUID(), type, data: { i }, metadata: {} }));
}

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

describe('SqliteEventStore specifics', () => {
  let dbPath: string;
  let store: SqliteEventStore;
  beforeEach(() => {
    dbPath = tempDbPath();
    store = SqliteEventStore.open({ path: dbPath, pollIntervalMs: 10 });
  });
  afterEach(() => store.close());

  it('a second instance on the same file (another process) sees appends live through polling', async () => {
    const other = SqliteEventStore.open({ path: dbPath, pollIntervalMs: 10 });
    try {
      await store.appendToStream('s-1', events(2), { expectedRevision: 'no_stream' });
      const subscription = other.subscribeToAll();
      const iterator = subscription[Symbol.asyncIterator]();
      const seen: SubscriptionItem[] = [];
      while (!seen.some((i) => i.kind === 'caught_up')) seen.push((await iterator.next()).value as SubscriptionItem);
      expect(seen.filter((i) => i.kind === 'event')).toHaveLength(2);

      const waiting = iterator.next();
      await store.appendToStream('s-1', events(1), { expectedRevision: 1 });
      const item = (await waiting).value as SubscriptionItem;
      expect(item).toMatchObject({ kind: 'event', event: { stream: 's-1', revision: 2 } });

      // And the other way round: the writer's own instance sees the second instance's append.
      await other.appendToStream('s-2', events(1), { expectedRevision: 'no_stream' });
      expect((await collect(store.readStream('s-2'))).map((e) => e.revision)).toEqual([0]);
      await subscription.close();
    } finally {
      await other.close();
    }
  });

  it('never yields events whose stream or type starts with $ from readAll or subscriptions', async () => {
    await store.appendToStream('visible', events(1));
    await store.appendToStream('$system', events(2));
    await store.appendToStream('visible', events(1, '$metadata'));
    await store.appendToStream('visible', events(1));
    const all = await collect(store.readAll());
    expect(all.map((e) => [e.stream, e.revision])).toEqual([
      ['visible', 0],
      ['visible', 2],
    ]);
    expect((await collect(store.readAll({ direction: 'backwards' }))).map((e) => e.revision)).toEqual([2, 0]);
    expect(await store.headPosition()).toBe(all[1]!.position);

    const subscription = store.subscribeToAll();
    const delivered: RecordedEvent[] = [];
    for await (const item of subscription) {
      if (item.kind === 'caught_up') break;
      delivered.push(item.event);
    }
    expect(delivered.map((e) => e.revision)).toEqual([0, 2]);
    // The system events are still readable by stream.
    expect(await collect(store.readStream('$system'))).toHaveLength(2);
  });

  it('a retry is recognised whatever the expected revision; reused ids elsewhere are an error', async () => {
    const batch = events(2);
    const original = await store.appendToStream('idem', batch, { expectedRevision: 'no_stream' });
    await store.appendToStream('idem', events(1));
    await expect(store.appendToStream('idem', batch, { expectedRevision: 'no_stream' })).resolves.toEqual(original);
    await expect(store.appendToStream('idem', batch, { expectedRevision: 17 })).resolves.toEqual(original);

    await expect(store.appendToStream('elsewhere', batch)).rejects.toBeInstanceOf(DuplicateEventId);
    await expect(store.appendToStream('idem', [batch[1]!, batch[0]!])).rejects.toBeInstanceOf(DuplicateEventId);
    await expect(store.appendToStream('idem', [...events(1), batch[0]!])).rejects.toBeInstanceOf(DuplicateEventId);
    const twice = events(1);
    await expect(store.appendToStream('idem', [twice[0]!, twice[0]!])).rejects.toBeInstanceOf(DuplicateEventId);
    // Failed appends leave nothing behind.
    expect((await collect(store.readStream('idem'))).map((e) => e.revision)).toEqual([0, 1, 2]);
    await expect(collect(store.readStream('elsewhere'))).rejects.toThrow('not found');
  });

  it('appends started in the same tick commit together, and a refused one takes nothing else down', async () => {
    // Group commit: these four share one transaction; each append is its own savepoint.
    const a = events(2);
    const results = await Promise.allSettled([
      store.appendToStream('group-a', a, { expectedRevision: 'no_stream' }),
      store.appendToStream('group-b', events(1), { expectedRevision: 'no_stream' }),
      store.appendToStream('group-a', events(1), { expectedRevision: 'no_stream' }),
      store.appendToStream('group-a', events(1), { expectedRevision: 1 }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect((results[2] as PromiseRejectedResult).reason).toMatchObject({ expected: 'no_stream', actual: 1 });
    expect((results[3] as PromiseFulfilledResult<{ nextRevision: number }>).value.nextRevision).toBe(2);
    expect((await collect(store.readStream('group-a'))).map((e) => e.revision)).toEqual([0, 1, 2]);
    expect((await collect(store.readStream('group-b'))).map((e) => e.revision)).toEqual([0]);
    // Everything acknowledged is on disk for another connection.
    const reader = SqliteEventStore.open({ path: dbPath });
    try {
      expect((await collect(reader.readAll())).map((e) => e.stream)).toEqual(['group-a', 'group-a', 'group-b', 'group-a']);
    } finally {
      await reader.close();
    }
  });

  it('an empty batch checks the expected revision and appends nothing', async () => {
    await expect(store.appendToStream('empty', [], { expectedRevision: 'no_stream' })).resolves.toEqual({ nextRevision: -1, position: -1 });
    await expect(store.appendToStream('empty', [], { expectedRevision: 'stream_exists' })).rejects.toBeInstanceOf(WrongExpectedVersion);
    const result = await store.appendToStream('empty', events(1));
    await expect(store.appendToStream('empty', [], { expectedRevision: 0 })).resolves.toEqual(result);
    await expect(store.appendToStream('empty', [], { expectedRevision: 5 })).rejects.toMatchObject({ expected: 5, actual: 0 });
    expect(await store.headPosition()).toBe(result.position);
  });

  it('survives reopening: events, positions and revisions persist', async () => {
    const first = await store.appendToStream('persist', events(3), { expectedRevision: 'no_stream' });
    await store.close();
    store = SqliteEventStore.open({ path: dbPath });
    await store.ping();
    expect(await store.headPosition()).toBe(first.position);
    const next = await store.appendToStream('persist', events(1), { expectedRevision: 2 });
    expect(next.position).toBeGreaterThan(first.position);
    expect(next.nextRevision).toBe(3);
  });

  it('an empty store has no head position and an empty $all', async () => {
    expect(await store.headPosition()).toBeNull();
    expect(await collect(store.readAll())).toEqual([]);
    const subscription = store.subscribeToAll();
    const first = await subscription[Symbol.asyncIterator]().next();
    expect(first.value).toEqual({ kind: 'caught_up', position: null });
    await subscription.close();
  });

  it('store.close() ends live subscriptions', async () => {
    const subscription = store.subscribeToAll();
    const iterator = subscription[Symbol.asyncIterator]();
    await iterator.next();
    const waiting = iterator.next();
    await store.close();
    await expect(waiting).resolves.toEqual({ done: true, value: undefined });
  });
});
