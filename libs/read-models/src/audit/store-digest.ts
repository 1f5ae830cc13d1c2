import { createHash } from 'node:crypto';
import {
  StreamNotFound,
  type Actor,
  type ChainHashAlgorithm,
  type CommandSender,
  type EventStore,
  type RecordedEvent,
  type StreamVerification,
} from '#event-store';
import {
  AUDIT_DIGEST_STREAM,
  auditDigestDecider,
  type AuditDigestData,
  type AuditDigestLog,
  type DigestAlgorithm,
  type SigningKeyInfo,
} from './audit-digest.decider.js';
import { ChainVerifier } from './chain-verifier.js';
import type { DigestSigner } from './digest-signature.js';

/** A stream found broken while computing a digest. */
export type BrokenStream = Pick<StreamVerification, 'stream' | 'firstInvalidRevision' | 'reason'>;

const DIGEST_HASH: Readonly<Record<DigestAlgorithm, ChainHashAlgorithm>> = {
  'sha256-stream-heads-v1': 'sha256',
  'sm3-stream-heads-v1': 'sm3',
};

/** The digest that goes with a chain hash setting: `sha256-stream-heads-v1` or `sm3-stream-heads-v1`. */
export function digestAlgorithmFor(hash: ChainHashAlgorithm): DigestAlgorithm {
  return hash === 'sm3' ? 'sm3-stream-heads-v1' : 'sha256-stream-heads-v1';
}

/**
 * The store digest (`sha256-stream-heads-v1`, or its SM3 twin `sm3-stream-heads-v1`). For a
 * covered global position P:
 *
 *   head(s) = for stream s, over its events at or before P in revision order:
 *             h0 = 64 zeros; h(i+1) = the event hash of event i with prevHash = h(i), with
 *             the algorithm the event records (so it equals the stored `metadata.hash` of the
 *             head exactly when the chain is intact, whatever mix of algorithms it holds)
 *   lines  = for every stream with an event at or before P, sorted by stream name (UTF-16 code
 *            units): `<stream>\n<revision of its last event at or before P>\n<head(s)>\n`
 *   digest = hex SHA-256 (SM3 for the twin) of `<algorithm>\n<P>\n` followed by every line
 *
 * Recomputing (rather than trusting stored hashes) makes the digest change with any edit of
 * an event's type, data or metadata, any removal, insertion or reordering at or before P. A
 * digest written down today therefore proves later that nothing before it was changed. P is
 * 0 for an empty store. `events` must be in global order from the start, as `readAll` or the
 * full export gives them: this is also how a digest is checked offline against an export.
 */
export async function computeDigestOfEvents(
  events: AsyncIterable<RecordedEvent> | Iterable<RecordedEvent>,
  position: number,
  algorithm: DigestAlgorithm = 'sha256-stream-heads-v1',
): Promise<AuditDigestData & { broken: BrokenStream[] }> {
  const verifier = new ChainVerifier(true);
  const broken: BrokenStream[] = [];
  for await (const event of events) {
    if (event.position > position) break;
    const failure = verifier.push(event);
    if (failure) broken.push({ stream: failure.stream, firstInvalidRevision: failure.firstInvalidRevision, reason: failure.reason });
  }
  const hash = createHash(DIGEST_HASH[algorithm]).update(`${algorithm}\n${position}\n`);
  const heads = verifier.heads();
  for (const head of heads) hash.update(`${head.stream}\n${head.revision}\n${head.hash}\n`);
  return { position, digest: hash.digest('hex'), streams: heads.length, algorithm, broken };
}

/** The digest of the store at `position` (default: its head) with `algorithm` (default SHA-256's). */
export async function computeStoreDigest(
  store: EventStore,
  options: { position?: number; algorithm?: DigestAlgorithm } = {},
): Promise<AuditDigestData & { broken: BrokenStream[] }> {
  const upTo = options.position ?? (await store.headPosition()) ?? 0;
  return computeDigestOfEvents(store.readAll(), upTo, options.algorithm);
}

/** Outcome of checking an earlier digest against the store as it is now. */
export interface DigestCheck {
  position: number;
  algorithm: DigestAlgorithm;
  expected: string;
  actual: string;
  /** True when the store still holds exactly the history the digest covered. */
  matches: boolean;
  streams: number;
  /** Streams whose hash chain is broken at or before the position (a hint where to look). */
  broken: BrokenStream[];
}

/** Recomputes the digest at the earlier digest's position, with its algorithm, and compares. */
export async function checkStoreDigest(
  store: EventStore,
  earlier: { position: number; digest: string; algorithm?: DigestAlgorithm },
): Promise<DigestCheck> {
  const algorithm = earlier.algorithm ?? 'sha256-stream-heads-v1';
  const now = await computeStoreDigest(store, { position: earlier.position, algorithm });
  return {
    position: earlier.position,
    algorithm,
    expected: earlier.digest.toLowerCase(),
    actual: now.digest,
    matches: now.digest === earlier.digest.toLowerCase(),
    streams: now.streams,
    broken: now.broken,
  };
}

/** The system actor that records digests. */
export const DIGEST_ACTOR: Actor = { id: 'system:audit-digest', roles: ['admin'] };

/** How this process hashes and signs: the `AUDIT_HASH` setting and the key of `AUDIT_SIGNING_KEY_FILE`. */
export interface DigestIntegrityOptions {
  /** Chain hash of the events appended here; also picks the digest (SM3 twin for `sm3`). */
  hashAlgorithm?: ChainHashAlgorithm;
  /** Signs every digest when given. */
  signer?: DigestSigner | null;
  actor?: Actor;
}

/**
 * Records that `signer`'s key is in use (`AuditSigningKeyFirstUsed` on `audit-digests`, with
 * its public key), unless that stream already names it. Idempotent across processes: the
 * command id is the key id.
 */
export async function recordSigningKeyUse(
  commands: CommandSender,
  signer: DigestSigner,
  options: DigestIntegrityOptions & { now?: Date } = {},
): Promise<void> {
  const now = (options.now ?? new Date()).toISOString();
  const commandId = `audit-signing-key-${signer.keyId}`;
  await commands.send(
    AUDIT_DIGEST_STREAM,
    auditDigestDecider,
    {
      type: 'RecordSigningKeyUse',
      data: { keyId: signer.keyId, signatureAlg: signer.signatureAlg, publicKey: signer.publicKeyPem, firstUsedAt: now },
    },
    {
      context: { actor: options.actor ?? DIGEST_ACTOR, occurredAt: now, correlationId: commandId, causationId: commandId, commandId },
      ...(options.hashAlgorithm ? { hashAlgorithm: options.hashAlgorithm } : {}),
    },
  );
}

/**
 * The digest of the store at its head, signed when a signer is given. The key's first use is
 * recorded before the digest is computed, so a digest signed by a new key covers the event
 * that introduced the key.
 */
export async function signedStoreDigest(
  store: EventStore,
  commands: CommandSender,
  options: DigestIntegrityOptions & { now?: Date } = {},
): Promise<AuditDigestData & { broken: BrokenStream[] }> {
  const { signer } = options;
  // Cheap next to the digest itself: a read of the small digest stream, and no append once known.
  if (signer) await recordSigningKeyUse(commands, signer, options);
  const digest = await computeStoreDigest(store, { algorithm: digestAlgorithmFor(options.hashAlgorithm ?? 'sha256') });
  return signer ? { ...digest, ...signer.sign(digest) } : digest;
}

/**
 * Computes the digest at the head, signs it when a signer is given, and sends it as
 * `RecordAuditDigest` to `audit-digests` through `commands` (the CommandBus in the apps, so it
 * is hash-chained like every write). Skips when nothing but this stream's own events was appended since the
 * last recorded digest. Returns the recorded digest, or null when skipped.
 */
export async function recordDigest(
  store: EventStore,
  commands: CommandSender,
  options: DigestIntegrityOptions & { now?: Date } = {},
): Promise<AuditDigestData | null> {
  const now = (options.now ?? new Date()).toISOString();
  const last = (await readDigestLog(store)).last;
  if (last !== null && !(await changedSince(store, last.position))) return null;
  const { broken: _broken, ...digest } = await signedStoreDigest(store, commands, options);
  // The command id is the position: two processes recording the same head append one event.
  const commandId = `audit-digest-${digest.position}`;
  await commands.send(
    AUDIT_DIGEST_STREAM,
    auditDigestDecider,
    { type: 'RecordAuditDigest', data: { ...digest, recordedAt: now } },
    {
      context: { actor: options.actor ?? DIGEST_ACTOR, occurredAt: now, correlationId: commandId, causationId: commandId, commandId },
      ...(options.hashAlgorithm ? { hashAlgorithm: options.hashAlgorithm } : {}),
    },
  );
  return digest;
}

/** Whether any stream but `audit-digests` has an event after `position`. */
async function changedSince(store: EventStore, position: number): Promise<boolean> {
  const page = 100;
  let seen = 0;
  for await (const e of store.readAll({ direction: 'backwards', maxCount: page })) {
    if (e.position <= position) return false;
    if (e.stream !== AUDIT_DIGEST_STREAM) return true;
    seen += 1;
  }
  // A full page of nothing but this stream's events is no reason to skip.
  return seen === page;
}

/** The `audit-digests` stream folded: recorded digests and the keys that signed. */
export async function readDigestLog(store: EventStore): Promise<AuditDigestLog> {
  let state = auditDigestDecider.initialState();
  try {
    for await (const e of store.readStream(AUDIT_DIGEST_STREAM))
      state = auditDigestDecider.evolve(state, e as unknown as Parameters<typeof auditDigestDecider.evolve>[1]);
  } catch (e) {
    if (!(e instanceof StreamNotFound)) throw e;
  }
  return state;
}

/** Every public key that ever signed a digest, in the order of first use. */
export async function listSigningKeys(store: EventStore): Promise<SigningKeyInfo[]> {
  return (await readDigestLog(store)).keys;
}
