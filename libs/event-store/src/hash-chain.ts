import { hash } from 'node:crypto';
import type { EventData, RecordedEvent } from './event-store.port.js';

/** `prevHash` of a stream's first event (both chain hashes are 256 bits long). */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * Hash functions an event chain may use: SHA-256, or SM3 (GB/T 32905-2016, the national
 * SM-series hash some deployments must use). Each event names its own in `metadata.hashAlg`;
 * an event without it is SHA-256, which is what every event was before the choice existed.
 */
export type ChainHashAlgorithm = 'sha256' | 'sm3';

/** Every {@link ChainHashAlgorithm}, for validation. */
export const CHAIN_HASH_ALGORITHMS: readonly ChainHashAlgorithm[] = ['sha256', 'sm3'];

/**
 * The chain hash an event recorded: `metadata.hashAlg`, SHA-256 when absent, null when it
 * names no algorithm this code knows (verification reports that rather than guessing).
 */
export function eventHashAlgorithm(metadata: Record<string, unknown>): ChainHashAlgorithm | null {
  const alg = metadata['hashAlg'];
  if (alg === undefined) return 'sha256';
  return alg === 'sha256' || alg === 'sm3' ? alg : null;
}

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

// A string JSON.stringify would print as is between quotes has no quote, backslash, control
// character or surrogate (a lone one is escaped). Most keys and values of events are such.
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

function quote(s: string): string {
  if (s.length > 32) return NEEDS_ESCAPE.test(s) ? JSON.stringify(s) : `"${s}"`;
  // Short strings (keys, ids, codes) are checked faster by a loop than by the regex.
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 0x22 || c === 0x5c || (c >= 0xd800 && c <= 0xdfff)) return JSON.stringify(s);
  }
  return `"${s}"`;
}

/**
 * One recursive pass building the string by concatenation (V8 keeps it as a rope until it is
 * hashed), with fast paths for the primitives events are made of. `key` is the array index or
 * property name, turned into a string only for a `toJSON` that asks for it; as in
 * `JSON.stringify`, `toJSON` is called once, not again on what it returns.
 */
function serialize(value: unknown, key: string | number): string | undefined {
  if (typeof value === 'object' && value !== null && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    value = (value as { toJSON: (key: string) => unknown }).toJSON(String(key));
  }
  switch (typeof value) {
    case 'string':
      return quote(value);
    case 'number':
      // JSON.stringify prints finite numbers as String does, and NaN/Infinity as null.
      return Number.isFinite(value) ? String(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      // Same failure JSON.stringify gives: a bigint cannot round-trip through the store.
      throw new TypeError('canonicalJson: BigInt value cannot be serialised');
    case 'undefined':
    case 'function':
    case 'symbol':
      return undefined;
  }
  if (value === null) return 'null';
  if (Array.isArray(value)) return serializeArray(value);
  return serializeObject(value as Record<string, unknown>, undefined);
}

function serializeArray(items: readonly unknown[]): string {
  let out = '[';
  for (let i = 0; i < items.length; i++) {
    if (i > 0) out += ',';
    out += serialize(items[i], i) ?? 'null';
  }
  return `${out}]`;
}

/** `omit`: a property left out as if absent (the event hash leaves out `metadata.hash`). */
function serializeObject(record: Record<string, unknown>, omit: string | undefined): string {
  const keys = Object.keys(record);
  // Objects parsed from stored JSON that was written canonically are already in order:
  // check before paying for a sort. Default sort and `<` both compare UTF-16 code units,
  // which is exactly RFC 8785's ordering.
  for (let i = 1; i < keys.length; i++) {
    if (keys[i - 1]! > keys[i]!) {
      keys.sort();
      break;
    }
  }
  let out = '{';
  let first = true;
  for (const k of keys) {
    if (k === omit) continue;
    const serialized = serialize(record[k], k);
    if (serialized === undefined) continue;
    out += first ? `${quote(k)}:${serialized}` : `,${quote(k)}:${serialized}`;
    first = false;
  }
  return `${out}}`;
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

/**
 * Hex hash over the canonical JSON of stream, revision, type, data, metadata (minus `hash`)
 * and prevHash, with `algorithm`, by default the one the metadata records (see
 * {@link eventHashAlgorithm}). `hashAlg` is part of the hashed metadata, so relabelling an
 * event's algorithm breaks its hash like any other edit.
 */
export function computeEventHash(input: EventHashInput, algorithm: ChainHashAlgorithm = knownHashAlgorithm(input.metadata)): string {
  const { metadata } = input;
  let canonical: string;
  if (metadata !== null && typeof metadata === 'object' && !Array.isArray(metadata) && typeof metadata['toJSON'] !== 'function') {
    // The canonical JSON of { stream, revision, type, data, metadata minus hash, prevHash },
    // written directly: its keys in sorted order, without copying the metadata.
    const data = serialize(input.data, 'data');
    canonical =
      `{${data === undefined ? '' : `"data":${data},`}"metadata":${serializeObject(metadata, 'hash')}` +
      `${optionalMember('prevHash', input.prevHash)}${optionalMember('revision', input.revision)}` +
      `${optionalMember('stream', input.stream)}${optionalMember('type', input.type)}}`;
  } else {
    const { hash: _ignored, ...rest } = metadata;
    canonical = canonicalJson({
      stream: input.stream,
      revision: input.revision,
      type: input.type,
      data: input.data,
      metadata: rest,
      prevHash: input.prevHash,
    });
  }
  return hash(algorithm, canonical, 'hex');
}

function knownHashAlgorithm(metadata: Record<string, unknown>): ChainHashAlgorithm {
  const algorithm = metadata !== null && typeof metadata === 'object' ? eventHashAlgorithm(metadata) : 'sha256';
  if (algorithm === null) throw new TypeError(`computeEventHash: unknown metadata.hashAlg ${JSON.stringify(metadata['hashAlg'])}`);
  return algorithm;
}

function optionalMember(key: string, value: unknown): string {
  const serialized = serialize(value, key);
  return serialized === undefined ? '' : `,"${key}":${serialized}`;
}

/** The stream's last event as far as chaining needs it. */
export interface ChainTip {
  revision: number;
  hash: string;
}

/**
 * Sets `metadata.hashAlg`, `metadata.prevHash` and `metadata.hash` on events that will be
 * appended at revisions `previous.revision + 1, + 2, ...` (from 0 when `previous` is null).
 * Append the result with the exact expected revision `previous?.revision ?? 'no_stream'`,
 * otherwise a concurrent writer could land the events at other revisions and break the chain.
 * The previous event may have used another algorithm: a link is only the previous hash as
 * recorded, so a store switches algorithms without breaking any chain.
 */
export function chainEvents(
  stream: string,
  previous: ChainTip | null,
  events: Array<{ id: string; type: string; data: unknown; metadata: Record<string, unknown> }>,
  algorithm: ChainHashAlgorithm = 'sha256',
): EventData[] {
  let prevHash = previous?.hash ?? GENESIS_HASH;
  let revision = previous ? previous.revision + 1 : 0;
  return events.map((event) => {
    const { hash: _stale, ...rest } = event.metadata;
    const metadata: Record<string, unknown> = { ...rest, hashAlg: algorithm, prevHash };
    const hash = computeEventHash({ stream, revision, type: event.type, data: event.data, metadata, prevHash }, algorithm);
    prevHash = hash;
    revision += 1;
    return { id: event.id, type: event.type, data: event.data, metadata: { ...metadata, hash } };
  });
}

/** Why a stream failed verification. */
export type StreamVerificationFailure = 'hash_mismatch' | 'broken_link' | 'revision_gap' | 'missing_hash' | 'unknown_hash_algorithm';

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
 * Recomputes a stream's hash chain from its events in revision order (e.g. `store.readStream`),
 * each event with the algorithm it recorded. Stops at the first problem: a revision out of
 * sequence (`revision_gap`, named at the revision that should have come), a missing
 * `hash`/`prevHash` (`missing_hash`), a `hashAlg` naming no known algorithm
 * (`unknown_hash_algorithm`), a `prevHash` that is not the previous event's hash
 * (`broken_link`), or a hash that does not match the content (`hash_mismatch`). An edited event fails on its own hash; a deleted or
 * reordered one breaks
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
    const algorithm = eventHashAlgorithm(event.metadata);
    if (algorithm === null) return fail(event.revision, 'unknown_hash_algorithm');
    if (storedPrevHash !== prevHash) return fail(event.revision, 'broken_link');
    const recomputed = computeEventHash(
      { stream, revision: event.revision, type: event.type, data: event.data, metadata: event.metadata, prevHash: storedPrevHash },
      algorithm,
    );
    if (recomputed !== hash) return fail(event.revision, 'hash_mismatch');
    prevHash = hash;
    expectedRevision += 1;
  }
  return { stream, valid: true, events: count, firstInvalidRevision: null, reason: null };
}
