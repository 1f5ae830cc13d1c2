/**
 * The embedded store's table and how its rows and SQLite's errors map to the port's events and
 * errors; {@link SqliteEventStore} holds the connection, the group commit and the subscriptions.
 */
import { EventStoreUnavailable } from '../event-store.errors.js';
import type { RecordedEvent } from '../event-store.port.js';

/** One `events` row, in {@link COLUMNS} order. */
export type Row = [
  position: number,
  stream: string,
  revision: number,
  id: string,
  type: string,
  data: string,
  metadata: string,
  created: string,
];

// System streams/types, as in EventStoreDB, never reach readAll or subscriptions.
export const VISIBLE = `substr(stream, 1, 1) <> '$' AND substr(type, 1, 1) <> '$'`;
export const COLUMNS = 'position, stream, revision, id, type, data, metadata, created';
export const RETRYABLE_CODES = /^SQLITE_(BUSY|LOCKED|IOERR|PROTOCOL)/;

export const SCHEMA = `
CREATE TABLE IF NOT EXISTS events (
  position INTEGER PRIMARY KEY AUTOINCREMENT,
  stream   TEXT    NOT NULL,
  revision INTEGER NOT NULL,
  id       TEXT    NOT NULL UNIQUE,
  type     TEXT    NOT NULL,
  data     TEXT    NOT NULL,
  metadata TEXT    NOT NULL,
  created  TEXT    NOT NULL,
  UNIQUE (stream, revision)
);`;

export function toEvent(row: Row): RecordedEvent {
  return {
    stream: row[1],
    revision: row[2],
    position: row[0],
    id: row[3],
    type: row[4],
    data: JSON.parse(row[5]) as unknown,
    metadata: JSON.parse(row[6]) as Record<string, unknown>,
    created: row[7],
  };
}

// By `code`, not instanceof: the native addon keeps the SqliteError class of its first load,
// so a second module instance (jest's per-file registries) would not match it.
export function sqliteCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_') ? code : undefined;
}

/**
 * SQLite's answers that mean "cannot write now" rather than "this append is wrong": a full or
 * failing disk (SQLITE_FULL, SQLITE_IOERR_*, e.g. EFBIG past RLIMIT_FSIZE or ENOSPC), a file
 * that cannot be opened or written, another process holding the write lock past the timeout.
 * They become {@link EventStoreUnavailable}; nothing of the group was committed.
 */
export const UNAVAILABLE_CODES = /^SQLITE_(FULL|IOERR|BUSY|LOCKED|CANTOPEN|READONLY|PROTOCOL)/;

export function unavailableOr(error: unknown): unknown {
  const code = sqliteCode(error);
  return code !== undefined && UNAVAILABLE_CODES.test(code) ? new EventStoreUnavailable(code, { cause: error }) : error;
}

export function isUniqueIdViolation(error: unknown): boolean {
  return sqliteCode(error) === 'SQLITE_CONSTRAINT_UNIQUE' && (error as Error).message.includes('events.id');
}
