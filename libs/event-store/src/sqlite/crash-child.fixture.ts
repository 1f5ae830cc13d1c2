// Child process of crash.int-spec.ts: appends hash-chained events to a few streams as fast as
// it can and prints "<stream> <revision>" for every acknowledged event, until it is killed.
import { randomUUID } from 'node:crypto';
import { writeSync } from 'node:fs';
import { chainEvents, type ChainTip } from '../hash-chain.js';
import { SqliteEventStore } from './sqlite.event-store.js';

const dbPath = process.argv[2];
if (!dbPath) throw new Error('usage: crash-child.fixture.ts <dbpath>');

const store = SqliteEventStore.open({ path: dbPath, synchronous: 'FULL' });
const streams = ['crash-a', 'crash-b', 'crash-c'];
const tips = new Map<string, ChainTip | null>(streams.map((s) => [s, null]));

for (let i = 0; ; i++) {
  const stream = streams[i % streams.length]!;
  const tip = tips.get(stream)!;
  const size = 1 + (i % 3);
  const batch = chainEvents(
    stream,
    tip,
    Array.from({ length: size }, (_, k) => ({ id: randomUUID(), type: 'Burst', data: { i, k }, metadata: { actor: { id: 'crash' } } })),
  );
  const result = await store.appendToStream(stream, batch, { expectedRevision: tip?.revision ?? 'no_stream' });
  tips.set(stream, { revision: result.nextRevision, hash: batch[batch.length - 1]!.metadata.hash as string });
  // Synchronous write: a line on stdout means the commit returned before it was printed.
  let lines = '';
  for (let r = result.nextRevision - size + 1; r <= result.nextRevision; r++) lines += `${stream} ${r}\n`;
  writeSync(1, lines);
}
