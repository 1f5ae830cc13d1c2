import type { DeciderLike } from '#event-store';

/** Stream that holds the periodically recorded store digests. */
export const AUDIT_DIGEST_STREAM = 'audit-digests';

/** A digest as recorded and as `GET /audit/digest` answers it. */
export interface AuditDigestData {
  /** Global position the digest covers (every event at or before it); 0 for an empty store. */
  position: number;
  /** Hex SHA-256, see `computeStoreDigest`. */
  digest: string;
  /** Streams that had at least one event at or before `position`. */
  streams: number;
  algorithm: 'sha256-stream-heads-v1';
}

export interface RecordAuditDigest {
  type: 'RecordAuditDigest';
  data: AuditDigestData & { recordedAt: string };
}

export interface AuditDigestRecorded {
  type: 'AuditDigestRecorded';
  data: AuditDigestData & { recordedAt: string };
}

/** The digest log's state: the last digest and how many were recorded. */
export interface AuditDigestLog {
  count: number;
  last: (AuditDigestData & { recordedAt: string }) | null;
}

/**
 * The `audit-digests` stream as an aggregate, so recording goes through the one command path
 * (hash-chained like every other stream) and its state can be replayed like any other.
 */
export const auditDigestDecider: DeciderLike<RecordAuditDigest, AuditDigestRecorded, AuditDigestLog> = {
  initialState: () => ({ count: 0, last: null }),
  evolve: (state, event) => (event.type === 'AuditDigestRecorded' ? { count: state.count + 1, last: { ...event.data } } : state),
  decide: (command) => [{ type: 'AuditDigestRecorded', data: { ...command.data } }],
};
