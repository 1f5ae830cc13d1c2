/** Who did it: taken from the verified JWT, never from the request body. */
export interface Actor {
  id: string;
  roles: readonly string[];
  unit?: string;
}

/** Audit metadata every product event carries. */
export interface AuditMetadata {
  actor: Actor;
  /** ISO 8601 UTC, server time. */
  occurredAt: string;
  correlationId: string;
  causationId: string;
  commandId: string;
  /** Hash of the stream's previous event, or 64 zeros for the first. */
  prevHash: string;
  /** SHA-256 (hex) over the canonical JSON of the event without `hash`. */
  hash: string;
}
