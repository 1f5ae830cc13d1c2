import { createHash } from 'node:crypto';
import type { EventData, RecordedEvent } from './event-store.port.js';

/** `prevHash` of a stream's first event. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * Canonical JSON in the spirit of RFC 8785: object keys sorted by UTF-16 code units, no
 * whitespace, `undefined`/function/symbol properties dropped, numbers and strings exactly as
 * `JSON.stringify` prints them, `toJSON` honoured. Mirroring `JSON.stringify` matters: the
 * store persists events with it, so a hash computed before the append must equal the hash
 * recomputed from the stored, re-parsed event.
 */
export function canonicalJson(value: unknown): string {
  const out = serialize(value, '');
  // Only a top-level undefined/function/symbol gets here; JSON.stringify would return undefined.
  if (out === undefined) throw new TypeError('canonicalJson: value is not JSON-serialisable');
  return out;
}

function serialize(value: unknown, key: string): string | undefined {
  if (value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    value = (value as { toJSON: (key: string) => unknown }).toJSON(key);
  }
  switch (typeof value) {
    case 'string':
    case 'number':
    case 'boolean':
      return JSON.stringify(value);
    case 'bigint':
      // Same failure JSON.stringify gives: a bigint cannot round-trip through the store.
      throw new TypeError('canonicalJson: BigInt value cannot be serialised');
    case 'undefined':
    case 'function':
    case 'symbol':
      return undefined;
  }
  if (value === null) return 'null';
  if (Array.isArray(value)) {
    return `[${value.map((item, i) => serialize(item, String(i)) ?? 'null').join(',')}]`;
  }
  const record = value as Record<string, unknown>;
  // Default sort compares UTF-16 code units, which is exactly RFC 8785's ordering.
  const keys = Object.keys(record).sort();
  const parts: string[] = [];
  for (const k of keys) {
    const serialized = serialize(record[k], k);
    if (serialized !== undefined) parts.push(`${JSON.stringify(k)}:${serialized}`);
  }
  return `{${parts.join(',')}}`;
}

/** What an event's hash covers. */
export interface EventHashInput {
  stream: string;
  revision: number;
  type: string;
  data: unknown;
  /** The event's metadata; a `hash` property, if present, is ignored. */
  metadata: Record<string, unknown>;
  prevHash: string;
}

/** Hex SHA-256 over the canonical JSON of stream, revision, type, data, metadata (minus `hash`) and prevHash. */
export function computeEventHash(input: EventHashInput): string {
  const { hash: _ignored, ...metadata } = input.metadata;
  const canonical = canonicalJson({
    stream: input.stream,
    revision: input.revision,
    type: input.type,
    data: input.data,
    metadata,
    prevHash: input.prevHash,
  });
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}

/** The stream's last event as far as chaining needs it. */
export interface ChainTip {
  revision: number;
  hash: string;
}

/**
 * Sets `metadata.prevHash` and `metadata.hash` on events that will be appended at revisions
 * `previous.revision + 1, + 2, ...` (from 0 when `previous` is null). Append the result with
 * the exact expected revision `previous?.revision ?? 'no_stream'`, otherwise a concurrent
 * writer could land the events at other revisions and break the chain.
 */
export function chainEvents(
  stream: string,
  previous: ChainTip | null,
  events: Array<{ id: string; type: string; data: unknown; metadata: Record<string, unknown> }>,
): EventData[] {
  let prevHash = previous?.hash ?? GENESIS_HASH;
  let revision = previous ? previous.revision + 1 : 0;
  return events.map((event) => {
    const { hash: _stale, ...rest } = event.metadata;
    const metadata: Record<string, unknown> = { ...rest, prevHash };
    const hash = computeEventHash({ stream, revision, type: event.type, data: event.data, metadata, prevHash });
    prevHash = hash;
    revision += 1;
    return { id: event.id, type: event.type, data: event.data, metadata: { ...metadata, hash } };
  });
}

/** Why a stream failed verification. */
export type StreamVerificationFailure = 'hash_mismatch' | 'broken_link' | 'revision_gap' | 'missing_hash';

/** Outcome of {@link verifyStream}. */
export interface StreamVerification {
  stream: string;
  valid: boolean;
  /** Events examined, up to and including the first invalid one. */
  events: number;
  firstInvalidRevision: number | null;
  reason: StreamVerificationFailure | null;
}

/**
 * Recomputes a stream's hash chain from its events in revision order (e.g. `store.readStream`).
 * Stops at the first problem: a revision out of sequence (`revision_gap`, named at the revision
 * that should have come), a missing `hash`/`prevHash` (`missing_hash`), a `prevHash` that is not
 * the previous event's hash (`broken_link`), or a hash that does not match the content
 * (`hash_mismatch`). An edited event fails on its own hash; a deleted or reordered one breaks
 * the revision sequence or the link.
 */
export async function verifyStream(
  stream: string,
  events: Iterable<RecordedEvent> | AsyncIterable<RecordedEvent>,
): Promise<StreamVerification> {
  let expectedRevision = 0;
  let prevHash = GENESIS_HASH;
  let count = 0;
  const fail = (revision: number, reason: StreamVerificationFailure): StreamVerification => ({
    stream,
    valid: false,
    events: count,
    firstInvalidRevision: revision,
    reason,
  });

  for await (const event of events) {
    count += 1;
    if (event.revision !== expectedRevision) return fail(expectedRevision, 'revision_gap');
    const { hash, prevHash: storedPrevHash } = event.metadata;
    if (typeof hash !== 'string' || typeof storedPrevHash !== 'string') return fail(event.revision, 'missing_hash');
    if (storedPrevHash !== prevHash) return fail(event.revision, 'broken_link');
    const recomputed = computeEventHash({
      stream,
      revision: event.revision,
      type: event.type,
      data: event.data,
      metadata: event.metadata,
      prevHash: storedPrevHash,
    });
    if (recomputed !== hash) return fail(event.revision, 'hash_mismatch');
    prevHash = hash;
    expectedRevision += 1;
  }
  return { stream, valid: true, events: count, firstInvalidRevision: null, reason: null };
}
