import { canonicalJson, chainEvents, computeEventHash, GENESIS_HASH, verifyStream } from './hash-chain.js';
import type { EventData, RecordedEvent } from './event-store.port.js';

const STREAM = 'task-42';

function record(stream: string, events: EventData[], firstRevision = 0): RecordedEvent[] {
  // Through JSON, as a store would persist them: the chain must survive the round trip.
  return events.map((event, i) => ({
    stream,
    revision: firstRevision + i,
    position: 100 + firstRevision + i,
    id: event.id,
    type: event.type,
    data: JSON.parse(JSON.stringify(event.data)) as unknown,
    metadata: JSON.parse(JSON.stringify(event.metadata)) as Record<string, unknown>,
    created: '2025-01-01T00:00:00.000Z',
  }));
}

function sampleEvents(count: number, offset = 0) {
  return Array.from({ length: count }, (_, i) => ({
    id: `id-${offset + i}`,
    type: i % 2 === 0 ? 'TaskCreated' : 'TaskUpdated',
    data: { n: offset + i, title: `t${offset + i}`, nested: { b: 1, a: [1, 'x', null] } },
    metadata: { actor: { id: 'u1', roles: ['clerk'] }, correlationId: 'c', causationId: 'c', commandId: `cmd-${i}` },
  }));
}

describe('canonicalJson', () => {
  it('sorts keys by UTF-16 code units at every depth, without whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: 'x' } })).toBe('{"a":{"c":"x","d":[3,{"y":2,"z":1}]},"b":1}');
    // "\u20ac" (U+20AC) sorts before "\ud83d\ude00" (surrogate pair 0xD83D...), and uppercase before lowercase.
    expect(canonicalJson({ '😀': 1, '€': 2, a: 3, B: 4 })).toBe('{"B":4,"a":3,"€":2,"😀":1}');
  });

  it('drops undefined properties, prints undefined array items as null, and numbers as JSON.stringify does', () => {
    expect(canonicalJson({ a: undefined, b: [undefined, 1e21, 0.1, -0, 5] })).toBe('{"b":[null,1e+21,0.1,0,5]}');
    expect(canonicalJson('he said "hi"\n')).toBe(JSON.stringify('he said "hi"\n'));
    expect(canonicalJson(null)).toBe('null');
    expect(canonicalJson(new Date('2025-01-02T03:04:05.000Z'))).toBe('"2025-01-02T03:04:05.000Z"');
  });

  it('is independent of key insertion order', () => {
    expect(canonicalJson({ x: 1, y: { p: 1, q: 2 } })).toBe(canonicalJson({ y: { q: 2, p: 1 }, x: 1 }));
  });
});

describe('computeEventHash', () => {
  it('is hex SHA-256 and ignores a hash already in the metadata', () => {
    const input = { stream: STREAM, revision: 0, type: 'T', data: { a: 1 }, metadata: { prevHash: GENESIS_HASH }, prevHash: GENESIS_HASH };
    const hash = computeEventHash(input);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(computeEventHash({ ...input, metadata: { ...input.metadata, hash: 'whatever' } })).toBe(hash);
    expect(computeEventHash({ ...input, revision: 1 })).not.toBe(hash);
    expect(computeEventHash({ ...input, stream: 'other' })).not.toBe(hash);
  });
});

describe('chainEvents + verifyStream', () => {
  it('links events from genesis and from a previous tip, and the chain verifies', async () => {
    const first = chainEvents(STREAM, null, sampleEvents(3));
    expect(first[0]!.metadata.prevHash).toBe(GENESIS_HASH);
    expect(first[1]!.metadata.prevHash).toBe(first[0]!.metadata.hash);
    const tip = { revision: 2, hash: first[2]!.metadata.hash as string };
    const second = chainEvents(STREAM, tip, sampleEvents(2, 3));
    expect(second[0]!.metadata.prevHash).toBe(tip.hash);

    const recorded = [...record(STREAM, first), ...record(STREAM, second, 3)];
    await expect(verifyStream(STREAM, recorded)).resolves.toEqual({
      stream: STREAM,
      valid: true,
      events: 5,
      firstInvalidRevision: null,
      reason: null,
    });
  });

  it('accepts an async iterable and an empty stream', async () => {
    const recorded = record(STREAM, chainEvents(STREAM, null, sampleEvents(2)));
    async function* gen() {
      yield* recorded;
    }
    await expect(verifyStream(STREAM, gen())).resolves.toMatchObject({ valid: true, events: 2 });
    await expect(verifyStream(STREAM, [])).resolves.toMatchObject({ valid: true, events: 0 });
  });

  it('names the revision whose data was tampered with as hash_mismatch', async () => {
    const recorded = record(STREAM, chainEvents(STREAM, null, sampleEvents(5)));
    (recorded[3]!.data as { title: string }).title = 'forged';
    await expect(verifyStream(STREAM, recorded)).resolves.toMatchObject({ valid: false, firstInvalidRevision: 3, reason: 'hash_mismatch' });
  });

  it('detects tampered metadata, and a tampered event whose hash was recomputed breaks the next link', async () => {
    const recorded = record(STREAM, chainEvents(STREAM, null, sampleEvents(5)));
    recorded[1]!.metadata.actor = { id: 'intruder', roles: [] };
    await expect(verifyStream(STREAM, recorded)).resolves.toMatchObject({ firstInvalidRevision: 1, reason: 'hash_mismatch' });

    const rehashed = record(STREAM, chainEvents(STREAM, null, sampleEvents(5)));
    const victim = rehashed[2]!;
    (victim.data as { title: string }).title = 'forged';
    victim.metadata.hash = computeEventHash({ ...victim, prevHash: victim.metadata.prevHash as string });
    await expect(verifyStream(STREAM, rehashed)).resolves.toMatchObject({ firstInvalidRevision: 3, reason: 'broken_link' });
  });

  it('reports a deleted event as a revision gap, or a broken link when revisions were renumbered', async () => {
    const recorded = record(STREAM, chainEvents(STREAM, null, sampleEvents(5)));
    const withoutTwo = recorded.filter((e) => e.revision !== 2);
    await expect(verifyStream(STREAM, withoutTwo)).resolves.toMatchObject({ valid: false, firstInvalidRevision: 2, reason: 'revision_gap' });

    const renumbered = withoutTwo.map((e, i) => ({ ...e, revision: i }));
    // Revision 2 is now the old revision 3: its prevHash points at the deleted event.
    await expect(verifyStream(STREAM, renumbered)).resolves.toMatchObject({ firstInvalidRevision: 2, reason: 'broken_link' });
  });

  it('reports reordered events', async () => {
    const recorded = record(STREAM, chainEvents(STREAM, null, sampleEvents(4)));
    const swapped = [recorded[0]!, recorded[2]!, recorded[1]!, recorded[3]!];
    await expect(verifyStream(STREAM, swapped)).resolves.toMatchObject({ firstInvalidRevision: 1, reason: 'revision_gap' });

    // Swap the contents but keep the revision column in order: the revision is inside the hash.
    const contentSwapped = swapped.map((e, i) => ({ ...e, revision: i }));
    await expect(verifyStream(STREAM, contentSwapped)).resolves.toMatchObject({ firstInvalidRevision: 1, reason: 'broken_link' });
  });

  it('reports an event without chain fields as missing_hash', async () => {
    const recorded = record(STREAM, chainEvents(STREAM, null, sampleEvents(3)));
    delete recorded[1]!.metadata.hash;
    await expect(verifyStream(STREAM, recorded)).resolves.toMatchObject({ firstInvalidRevision: 1, reason: 'missing_hash' });
  });

  it('fails when the events are verified as another stream', async () => {
    const recorded = record(STREAM, chainEvents(STREAM, null, sampleEvents(2)));
    await expect(verifyStream('other', recorded)).resolves.toMatchObject({ firstInvalidRevision: 0, reason: 'hash_mismatch' });
  });
});
