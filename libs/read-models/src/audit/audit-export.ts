import { StreamNotFound, type EventStore, type RecordedEvent } from '#event-store';
import type { AuditLogFilter } from './audit-log.queries.js';
import { matchesAuditFilter, toAuditEventView } from './audit-event.view.js';

const CHUNK_BYTES = 64 * 1024;

async function* source(store: EventStore, stream: string | undefined): AsyncGenerator<RecordedEvent> {
  if (stream === undefined) {
    yield* store.readAll();
    return;
  }
  try {
    yield* store.readStream(stream);
  } catch (e) {
    if (!(e instanceof StreamNotFound)) throw e;
  }
}

/**
 * Every matching event, with data, metadata and hashes, as NDJSON text chunks of about 64 KiB,
 * read from the store page by page. Used with `Readable.from`, a slow reader stops the reads:
 * nothing is fetched until the previous chunk was taken, so memory does not grow with the store.
 * `onEvent` sees each exported event (the file manifest collects citations with it).
 */
export async function* exportEventsNdjson(
  store: EventStore,
  filter: AuditLogFilter,
  onEvent?: (event: RecordedEvent) => void,
): AsyncGenerator<string> {
  let chunk = '';
  for await (const event of source(store, filter.stream)) {
    if (!matchesAuditFilter(event, filter)) continue;
    onEvent?.(event);
    chunk += `${JSON.stringify(toAuditEventView(event))}\n`;
    if (chunk.length >= CHUNK_BYTES) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk.length > 0) yield chunk;
}
