import type { RecordedEvent } from '#event-store';
import type { AuditLogFilter } from './audit-log.queries.js';

/** An event as the audit routes show it: identity, data, audit metadata and its chain hashes. */
export interface AuditEventView {
  stream: string;
  position: number;
  revision: number;
  id: string;
  type: string;
  data: unknown;
  metadata: {
    actor: unknown;
    occurredAt: unknown;
    correlationId: unknown;
    causationId: unknown;
    commandId: unknown;
    [key: string]: unknown;
  };
  prevHash: string | null;
  hash: string | null;
  /** When the store recorded it. */
  recordedAt: string;
}

/** Splits the chain fields out of the metadata, as `GET /audit/streams/:stream` shows them. */
export function toAuditEventView(event: RecordedEvent): AuditEventView {
  const { prevHash, hash, actor, occurredAt, correlationId, causationId, commandId, ...rest } = event.metadata;
  return {
    stream: event.stream,
    position: event.position,
    revision: event.revision,
    id: event.id,
    type: event.type,
    data: event.data,
    metadata: {
      actor: actor ?? null,
      occurredAt: occurredAt ?? null,
      correlationId: correlationId ?? null,
      causationId: causationId ?? null,
      commandId: commandId ?? null,
      ...rest,
    },
    prevHash: typeof prevHash === 'string' ? prevHash : null,
    hash: typeof hash === 'string' ? hash : null,
    recordedAt: event.created,
  };
}

const FILLED = ['actor', 'occurredAt', 'correlationId', 'causationId', 'commandId'] as const;

/**
 * The recorded event back from its view (a line of `GET /audit/export`): what an auditor
 * recomputes hashes and digests from, offline. The view fills the five audit fields with null
 * when an event lacks them, so a null there is taken as absent; every event the command path
 * writes has all five.
 */
export function fromAuditEventView(view: AuditEventView): RecordedEvent {
  const metadata: Record<string, unknown> = { ...view.metadata };
  for (const key of FILLED) if (metadata[key] === null) delete metadata[key];
  if (view.prevHash !== null) metadata['prevHash'] = view.prevHash;
  if (view.hash !== null) metadata['hash'] = view.hash;
  return {
    stream: view.stream,
    position: view.position,
    revision: view.revision,
    id: view.id,
    type: view.type,
    data: view.data,
    metadata,
    created: view.recordedAt,
  };
}

/** Whether an event passes the global log's filters (time is `occurredAt`, falling back to the store's time). */
export function matchesAuditFilter(event: RecordedEvent, f: AuditLogFilter): boolean {
  if (f.stream !== undefined && event.stream !== f.stream) return false;
  if (f.type !== undefined && event.type !== f.type) return false;
  if (f.correlation !== undefined && event.metadata['correlationId'] !== f.correlation) return false;
  if (f.causation !== undefined && event.metadata['causationId'] !== f.causation) return false;
  if (f.actor !== undefined && (event.metadata['actor'] as { id?: unknown } | undefined)?.id !== f.actor) return false;
  if (f.fromMs !== undefined || f.toMs !== undefined) {
    const at = typeof event.metadata['occurredAt'] === 'string' ? (event.metadata['occurredAt'] as string) : event.created;
    const ms = Date.parse(at);
    if (f.fromMs !== undefined && !(ms >= f.fromMs)) return false;
    if (f.toMs !== undefined && !(ms < f.toMs)) return false;
  }
  return true;
}
