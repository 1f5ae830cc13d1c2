import type { DeciderLike } from '#event-store';
import type { DigestSignature, SignatureAlgorithm } from './digest-signature.js';

/** Stream that holds the periodically recorded store digests and the keys that signed them. */
export const AUDIT_DIGEST_STREAM = 'audit-digests';

/** The digest's construction: the SHA-256 one, or its SM3 twin (see `computeStoreDigest`). */
export type DigestAlgorithm = 'sha256-stream-heads-v1' | 'sm3-stream-heads-v1';

/** Every {@link DigestAlgorithm}. */
export const DIGEST_ALGORITHMS: readonly DigestAlgorithm[] = ['sha256-stream-heads-v1', 'sm3-stream-heads-v1'];

/** A digest as recorded and as `GET /audit/digest` answers it. */
export interface AuditDigestData extends Partial<DigestSignature> {
  /** Global position the digest covers (every event at or before it); 0 for an empty store. */
  position: number;
  /** Hex hash (SHA-256 or SM3, as `algorithm` says), see `computeStoreDigest`. */
  digest: string;
  /** Streams that had at least one event at or before `position`. */
  streams: number;
  algorithm: DigestAlgorithm;
}

/** A public key that signed digests, as `GET /audit/keys` lists it. */
export interface SigningKeyInfo {
  keyId: string;
  signatureAlg: SignatureAlgorithm;
  /** SubjectPublicKeyInfo PEM. */
  publicKey: string;
  firstUsedAt: string;
  /** When a recorded digest was last signed with it (its first use until then). */
  lastUsedAt: string;
}

export interface RecordAuditDigest {
  type: 'RecordAuditDigest';
  data: AuditDigestData & { recordedAt: string };
}

/** Records that a signing key is in use, once per key. */
export interface RecordSigningKeyUse {
  type: 'RecordSigningKeyUse';
  data: { keyId: string; signatureAlg: SignatureAlgorithm; publicKey: string; firstUsedAt: string };
}

export type AuditDigestCommand = RecordAuditDigest | RecordSigningKeyUse;

export interface AuditDigestRecorded {
  type: 'AuditDigestRecorded';
  data: AuditDigestData & { recordedAt: string };
}

/** A key signed for the first time; its public half, so digests stay verifiable after rotation. */
export interface AuditSigningKeyFirstUsed {
  type: 'AuditSigningKeyFirstUsed';
  data: { keyId: string; signatureAlg: SignatureAlgorithm; publicKey: string; firstUsedAt: string };
}

export type AuditDigestEvent = AuditDigestRecorded | AuditSigningKeyFirstUsed;

/** The digest log's state: the last digest, how many were recorded, and every key that signed. */
export interface AuditDigestLog {
  count: number;
  last: (AuditDigestData & { recordedAt: string }) | null;
  keys: SigningKeyInfo[];
}

/**
 * The `audit-digests` stream as an aggregate, so recording goes through the one command path
 * (hash-chained like every other stream) and its state can be replayed like any other.
 */
export const auditDigestDecider: DeciderLike<AuditDigestCommand, AuditDigestEvent, AuditDigestLog> = {
  initialState: () => ({ count: 0, last: null, keys: [] }),
  evolve: (state, event) => {
    switch (event.type) {
      case 'AuditDigestRecorded': {
        const { keyId, recordedAt } = event.data;
        return {
          count: state.count + 1,
          last: { ...event.data },
          keys: keyId === undefined ? state.keys : state.keys.map((k) => (k.keyId === keyId ? { ...k, lastUsedAt: recordedAt } : k)),
        };
      }
      case 'AuditSigningKeyFirstUsed':
        return { ...state, keys: [...state.keys, { ...event.data, lastUsedAt: event.data.firstUsedAt }] };
      default: {
        // Events of a newer version of this stream are not this fold's business.
        const _exhaustive: never = event;
        return state;
      }
    }
  },
  decide: (command, state) => {
    switch (command.type) {
      case 'RecordAuditDigest':
        return [{ type: 'AuditDigestRecorded', data: { ...command.data } }];
      case 'RecordSigningKeyUse':
        return state.keys.some((k) => k.keyId === command.data.keyId)
          ? []
          : [{ type: 'AuditSigningKeyFirstUsed', data: { ...command.data } }];
      default: {
        const unknown: never = command;
        throw new TypeError(`unknown audit digest command ${JSON.stringify(unknown)}`);
      }
    }
  },
};
