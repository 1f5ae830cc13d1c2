/**
 * How EventStoreDB's client records map to the port's: positions, expected revisions, system
 * events and the JSON or binary payloads. Part of the adapter (only `esdb/` imports
 * `@eventstore/db-client`).
 */
import { ANY, NO_STREAM, STREAM_EXISTS, type AppendExpectedRevision, type Position } from '@eventstore/db-client';
import type { ExpectedRevision, RecordedEvent } from '../event-store.port.js';

/** The fields of a client recorded event this adapter reads (JSON and binary events alike). */
export interface ClientRecordedEvent {
  streamId: string;
  id: string;
  revision: bigint;
  type: string;
  data: unknown;
  metadata?: unknown;
  isJson: boolean;
  created: Date;
  position?: Position;
}

/** `$`-prefixed streams and types belong to the server (settings, stats, metadata, links). */
export function isSystem(event: ClientRecordedEvent): boolean {
  return event.streamId.startsWith('$') || event.type.startsWith('$');
}

export function toExpectedRevision(expected: ExpectedRevision): AppendExpectedRevision {
  switch (expected) {
    case 'no_stream':
      return NO_STREAM;
    case 'any':
      return ANY;
    case 'stream_exists':
      return STREAM_EXISTS;
    default:
      return BigInt(expected);
  }
}

export function toPosition(position: number): Position {
  // Our positions are commit positions; the server wants both halves, and for events written
  // by a single append commit and prepare positions are the same.
  return { commit: BigInt(position), prepare: BigInt(position) };
}

export function positionOf(event: ClientRecordedEvent, fallback?: bigint): number {
  const commit = event.position?.commit ?? fallback;
  if (commit === undefined) throw new Error(`EventStoreDB returned event ${event.id} without a position`);
  return Number(commit);
}

export function decodeJson(value: unknown): unknown {
  if (value instanceof Uint8Array) {
    const text = Buffer.from(value).toString('utf8');
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  return value;
}

export function toRecorded(event: ClientRecordedEvent, fallbackCommit?: bigint): RecordedEvent {
  const metadata = decodeJson(event.metadata);
  return {
    stream: event.streamId,
    revision: Number(event.revision),
    position: positionOf(event, fallbackCommit),
    id: event.id,
    type: event.type,
    data: event.isJson ? event.data : decodeJson(event.data),
    metadata:
      metadata !== null && typeof metadata === 'object' && !(metadata instanceof Uint8Array) ? (metadata as Record<string, unknown>) : {},
    created: event.created.toISOString(),
  };
}
