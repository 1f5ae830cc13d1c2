import { createHash } from 'node:crypto';
import type { Actor, CommandSender, EventStore, StreamVerification } from '#event-store';
import { AUDIT_DIGEST_STREAM, auditDigestDecider, type AuditDigestData } from './audit-digest.decider.js';
import { ChainVerifier } from './chain-verifier.js';

/** A stream found broken while computing a digest. */
export type BrokenStream = Pick<StreamVerification, 'stream' | 'firstInvalidRevision' | 'reason'>;

/**
 * The store digest (`sha256-stream-heads-v1`). For a covered global position P:
 *
 *   head(s) = for stream s, over its events at or before P in revision order:
 *             h0 = 64 zeros; h(i+1) = computeEventHash(event i with prevHash = h(i))
 *             (the event hash, chained through the recomputed hashes, so it
 *             equals the stored `metadata.hash` of the head exactly when the chain is intact)
 *   lines  = for every stream with an event at or before P, sorted by stream name (UTF-16 code
 *            units): `<stream>\n<revision of its last event at or before P>\n<head(s)>\n`
 *   digest = hex SHA-256 of `sha256-stream-heads-v1\n<P>\n` followed by every line
 *
 * Recomputing (rather than trusting stored hashes) makes the digest change with any edit of
 * an event's type, data or metadata, any removal, insertion or reordering at or before P. A
 * digest written down today therefore proves later that nothing before it was changed. P is
 * 0 for an empty store.
 */
export async function computeStoreDigest(store: EventStore, position?: number): Promise<AuditDigestData & { broken: BrokenStream[] }> {
  const upTo = position ?? (await store.headPosition()) ?? 0;
  const verifier = new ChainVerifier(true);
  const broken: BrokenStream[] = [];
  for await (const event of store.readAll()) {
    if (event.position > upTo) break;
    const failure = verifier.push(event);
    if (failure) broken.push({ stream: failure.stream, firstInvalidRevision: failure.firstInvalidRevision, reason: failure.reason });
  }
  const sha = createHash('sha256').update(`sha256-stream-heads-v1\n${upTo}\n`);
  const heads = verifier.heads();
  for (const head of heads) sha.update(`${head.stream}\n${head.revision}\n${head.hash}\n`);
  return { position: upTo, digest: sha.digest('hex'), streams: heads.length, algorithm: 'sha256-stream-heads-v1', broken };
}

/** Outcome of checking an earlier digest against the store as it is now. */
export interface DigestCheck {
  position: number;
  expected: string;
  actual: string;
  /** True when the store still holds exactly the history the digest covered. */
  matches: boolean;
  streams: number;
  /** Streams whose hash chain is broken at or before the position (a hint where to look). */
  broken: BrokenStream[];
}

/** Recomputes the digest at the earlier digest's position and compares. */
export async function checkStoreDigest(store: EventStore, earlier: { position: number; digest: string }): Promise<DigestCheck> {
  const now = await computeStoreDigest(store, earlier.position);
  return {
    position: earlier.position,
    expected: earlier.digest.toLowerCase(),
    actual: now.digest,
    matches: now.digest === earlier.digest.toLowerCase(),
    streams: now.streams,
    broken: now.broken,
  };
}

/** The system actor that records digests. */
export const DIGEST_ACTOR: Actor = { id: 'system:audit-digest', roles: ['admin'] };

/**
 * Computes the digest at the head and sends it as `RecordAuditDigest` to `audit-digests`
 * through `commands` (the CommandBus in the apps, so it is hash-chained like every write).
 * Skips when nothing but digests was appended since the last one. Returns the recorded
 * digest, or null when skipped.
 */
export async function recordDigest(store: EventStore, commands: CommandSender, options: { now?: Date; actor?: Actor } = {}): Promise<AuditDigestData | null> {
  const now = (options.now ?? new Date()).toISOString();
  const { broken: _broken, ...digest } = await computeStoreDigest(store);
  for await (const e of store.readAll({ direction: 'backwards', maxCount: 1 })) {
    if (e.stream === AUDIT_DIGEST_STREAM && e.position === digest.position) return null;
  }
  // The command id is the position: two processes recording the same head append one event.
  const commandId = `audit-digest-${digest.position}`;
  await commands.send(AUDIT_DIGEST_STREAM, auditDigestDecider, { type: 'RecordAuditDigest', data: { ...digest, recordedAt: now } }, {
    context: { actor: options.actor ?? DIGEST_ACTOR, occurredAt: now, correlationId: commandId, causationId: commandId, commandId },
  });
  return digest;
}
