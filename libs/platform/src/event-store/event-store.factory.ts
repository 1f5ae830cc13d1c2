import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { SqliteEventStore, type EventStore } from '#event-store';
import type { AppConfig } from '../config/app.config.js';

/**
 * Opens the event store the configuration names. The EventStoreDB adapter is loaded only when
 * chosen, so the embedded default never loads the gRPC client.
 */
export async function createEventStore(config: AppConfig): Promise<EventStore> {
  if (config.EVENT_STORE === 'esdb') {
    const { EsdbEventStore } = await import('#event-store/esdb');
    return EsdbEventStore.connect(config.ESDB_CONNECTION_STRING!);
  }
  mkdirSync(path.dirname(path.resolve(config.eventStorePath)), { recursive: true });
  return SqliteEventStore.open({ path: config.eventStorePath, synchronous: config.EVENT_STORE_SYNCHRONOUS });
}
