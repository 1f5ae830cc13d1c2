import { createHash } from 'node:crypto';
import { canonicalJson, chainEvents, computeEventHash, eventHashAlgorithm, GENESIS_HASH, verifyStream } from './hash-chain.js';
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

/**
 * The first implementation, kept verbatim as the reference: every hash already stored was
 * computed with it, so the optimised one must print exactly the same bytes.
 */
function referenceCanonicalJson(value: unknown): string {
  const serialize = (v: unknown, key: string): string | undefined => {
    if (v !== null && typeof v === 'object' && typeof (v as { toJSON?: unknown }).toJSON === 'function') {
      v = (v as { toJSON: (key: string) => unknown }).toJSON(key);
    }
    switch (typeof v) {
      case 'string':
      case 'number':
      case 'boolean':
        return JSON.stringify(v);
      case 'bigint':
        throw new TypeError('canonicalJson: BigInt value cannot be serialised');
      case 'undefined':
      case 'function':
      case 'symbol':
        return undefined;
    }
    if (v === null) return 'null';
    if (Array.isArray(v)) return `[${v.map((item, i) => serialize(item, String(i)) ?? 'null').join(',')}]`;
    const record = v as Record<string, unknown>;
    const parts: string[] = [];
    for (const k of Object.keys(record).sort()) {
      const serialized = serialize(record[k], k);
      if (serialized !== undefined) parts.push(`${JSON.stringify(k)}:${serialized}`);
    }
    return `{${parts.join(',')}}`;
  };
  const out = serialize(value, '');
  if (out === undefined) throw new TypeError('canonicalJson: value is not JSON-serialisable');
  return out;
}

function referenceEventHash(input: Parameters<typeof computeEventHash>[0]): string {
  const { hash: _ignored, ...metadata } = input.metadata;
  const canonical = referenceCanonicalJson({
    stream: input.stream,
    revision: input.revision,
    type: input.type,
    data: input.data,
    metadata,
    prevHash: input.prevHash,
  });
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}

/** Deterministic PRNG (mulberry32), so a failure reproduces. */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CHARS = [
  'a',
  'Z',
  '0',
  ' ',
  '"',
  '\\',
  '/',
  '\n',
  '\u0000',
  '\u001f',
  '\u007f',
  'é',
  '€',
  '中',
  '😀',
  '\ud800',
  '\udfff',
  '\u2028',
  '<',
];
const NUMBERS = [0, -0, 1, -1, 0.1, 1e21, 1e-7, -1.5e300, Number.MAX_SAFE_INTEGER, 2 ** 53 + 2, NaN, Infinity, -Infinity, 123.456];

function randomString(rnd: () => number, maxLength: number): string {
  const length = Math.floor(rnd() * maxLength);
  let s = '';
  // Mostly plain ASCII, as real ids and keys are, so the fast paths get exercised too.
  const plain = rnd() < 0.5;
  for (let i = 0; i < length; i++) s += plain ? String.fromCharCode(97 + Math.floor(rnd() * 26)) : CHARS[Math.floor(rnd() * CHARS.length)]!;
  return s;
}

function randomValue(rnd: () => number, depth: number): unknown {
  const pick = Math.floor(rnd() * (depth > 3 ? 7 : 12));
  switch (pick) {
    case 0:
      return null;
    case 1:
      return rnd() < 0.5;
    case 2:
      return NUMBERS[Math.floor(rnd() * NUMBERS.length)];
    case 3:
      return Math.floor(rnd() * 1e9) / (rnd() < 0.5 ? 1 : 1000);
    case 4:
    case 5:
      return randomString(rnd, rnd() < 0.9 ? 12 : 80);
    case 6:
      return [undefined, () => 1, Symbol('s')][Math.floor(rnd() * 3)];
    case 7:
      return new Date(Math.floor(rnd() * 4e12));
    case 8:
      // toJSON is called once: what it returns is not asked again.
      return { toJSON: (key: string) => ({ key, inner: { toJSON: () => 'not called' } }) };
    case 9:
      return Array.from({ length: Math.floor(rnd() * 5) }, () => randomValue(rnd, depth + 1));
    default: {
      const o: Record<string, unknown> = {};
      const n = Math.floor(rnd() * 6);
      for (let i = 0; i < n; i++) o[randomString(rnd, 6)] = randomValue(rnd, depth + 1);
      return o;
    }
  }
}

describe('canonicalJson against the reference implementation', () => {
  it('prints exactly the same bytes for 5,000 random nested values', () => {
    const rnd = prng(20260101);
    for (let i = 0; i < 5_000; i++) {
      const value = { root: randomValue(rnd, 0), [randomString(rnd, 4)]: randomValue(rnd, 1) };
      expect(canonicalJson(value)).toBe(referenceCanonicalJson(value));
    }
  });

  it('agrees on edge values, top-level primitives and failures', () => {
    const values: unknown[] = [
      ...NUMBERS,
      ...CHARS,
      '',
      'x'.repeat(100),
      `${'y'.repeat(40)}"`,
      true,
      null,
      [],
      {},
      [undefined, () => 1],
      new Date(0),
    ];
    for (const value of values) expect(canonicalJson(value)).toBe(referenceCanonicalJson(value));
    expect(() => canonicalJson(undefined)).toThrow(TypeError);
    expect(() => canonicalJson({ a: 1n })).toThrow(TypeError);
  });

  it('computes the same event hashes, data and metadata random, a stored hash ignored', () => {
    const rnd = prng(42);
    for (let i = 0; i < 2_000; i++) {
      const metadata = { ...(randomValue(rnd, 2) as object), hash: 'stale', prevHash: randomString(rnd, 10) } as Record<string, unknown>;
      const input = {
        stream: randomString(rnd, 10),
        revision: i,
        type: randomString(rnd, 8),
        data: randomValue(rnd, 0),
        metadata,
        prevHash: randomString(rnd, 64),
      };
      expect(computeEventHash(input)).toBe(referenceEventHash(input));
    }
    const withToJson = { toJSON: () => ({ a: 1 }), b: 2 } as unknown as Record<string, unknown>;
    const input = { stream: 's', revision: 0, type: 't', data: undefined, metadata: withToJson, prevHash: GENESIS_HASH };
    expect(computeEventHash(input)).toBe(referenceEventHash(input));
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
    await expect(verifyStream(STREAM, withoutTwo)).resolves.toMatchObject({
      valid: false,
      firstInvalidRevision: 2,
      reason: 'revision_gap',
    });

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

describe('SM3 (GB/T 32905-2016)', () => {
  // The standard's two worked examples (appendix A): "abc", and "abcd" sixteen times (64 bytes).
  it.each([
    ['abc', '66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0'],
    ['abcd'.repeat(16), 'debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732'],
  ])('hashes %j to the published value', (message, expected) => {
    expect(createHash('sm3').update(message, 'utf8').digest('hex')).toBe(expected);
  });

  it('is what an event chained with sm3 is hashed with, recorded in metadata.hashAlg', () => {
    const [event] = chainEvents(STREAM, null, sampleEvents(1), 'sm3');
    expect(event!.metadata.hashAlg).toBe('sm3');
    const { hash, ...rest } = event!.metadata;
    const canonical = canonicalJson({
      stream: STREAM,
      revision: 0,
      type: event!.type,
      data: event!.data,
      metadata: rest,
      prevHash: GENESIS_HASH,
    });
    expect(hash).toBe(createHash('sm3').update(canonical, 'utf8').digest('hex'));
    expect(hash).not.toBe(
      computeEventHash(
        { stream: STREAM, revision: 0, type: event!.type, data: event!.data, metadata: event!.metadata, prevHash: GENESIS_HASH },
        'sha256',
      ),
    );
  });
});

describe('chains that switch hash algorithm', () => {
  /** Revisions 0-2 chained with SHA-256 as before hashAlg existed, 3-5 with SM3 after the switch. */
  function mixed(): RecordedEvent[] {
    // Written as events were before the setting existed: no hashAlg, SHA-256.
    let prevHash = GENESIS_HASH;
    const legacy: EventData[] = sampleEvents(3).map((e, revision) => {
      const metadata = { ...e.metadata, prevHash };
      const hash = computeEventHash({ stream: STREAM, revision, type: e.type, data: e.data, metadata, prevHash });
      prevHash = hash;
      return { id: e.id, type: e.type, data: e.data, metadata: { ...metadata, hash } };
    });
    const sm3 = chainEvents(STREAM, { revision: 2, hash: prevHash }, sampleEvents(3, 3), 'sm3');
    return [...record(STREAM, legacy), ...record(STREAM, sm3, 3)];
  }

  it('verifies: events without hashAlg as SHA-256, then SM3 events linked to the last SHA-256 hash', async () => {
    const events = mixed();
    expect(events.map((e) => eventHashAlgorithm(e.metadata))).toEqual(['sha256', 'sha256', 'sha256', 'sm3', 'sm3', 'sm3']);
    expect(events.slice(0, 3).every((e) => !('hashAlg' in e.metadata))).toBe(true);
    expect(events[3]!.metadata.prevHash).toBe(events[2]!.metadata.hash);
    await expect(verifyStream(STREAM, events)).resolves.toEqual({
      stream: STREAM,
      valid: true,
      events: 6,
      firstInvalidRevision: null,
      reason: null,
    });
  });

  it('finds tampering in the SHA-256 part at its revision', async () => {
    const events = mixed();
    (events[1]!.data as { title: string }).title = 'forged';
    await expect(verifyStream(STREAM, events)).resolves.toMatchObject({ valid: false, firstInvalidRevision: 1, reason: 'hash_mismatch' });
  });

  it('finds tampering in the SM3 part at its revision', async () => {
    const events = mixed();
    (events[4]!.data as { n: number }).n = 999;
    await expect(verifyStream(STREAM, events)).resolves.toMatchObject({ valid: false, firstInvalidRevision: 4, reason: 'hash_mismatch' });
  });

  it('finds an event relabelled to the other algorithm, and names an unknown one', async () => {
    const relabelled = mixed();
    relabelled[4]!.metadata.hashAlg = 'sha256';
    await expect(verifyStream(STREAM, relabelled)).resolves.toMatchObject({ firstInvalidRevision: 4, reason: 'hash_mismatch' });
    // Even with the hash recomputed under the new label, the next event's link breaks.
    const rehashed = mixed();
    const victim = rehashed[4]!;
    victim.metadata.hashAlg = 'sha256';
    victim.metadata.hash = computeEventHash({ ...victim, prevHash: victim.metadata.prevHash as string });
    await expect(verifyStream(STREAM, rehashed)).resolves.toMatchObject({ firstInvalidRevision: 5, reason: 'broken_link' });

    const unknown = mixed();
    unknown[3]!.metadata.hashAlg = 'md5';
    await expect(verifyStream(STREAM, unknown)).resolves.toMatchObject({ firstInvalidRevision: 3, reason: 'unknown_hash_algorithm' });
    expect(() => computeEventHash({ ...unknown[3]!, prevHash: GENESIS_HASH })).toThrow(/hashAlg/);
  });
});
