import type Database from 'better-sqlite3';
import { DuplicateEventId, WrongExpectedVersion } from '../event-store.errors.js';
import type { AppendResult, EventData, ExpectedRevision } from '../event-store.port.js';
import { isUniqueIdViolation } from './sqlite-rows.js';

/** The statements an append runs. */
export interface AppendStatements {
  streamTip: Database.Statement<[string], { revision: number; position: number }>;
  byId: Database.Statement<[string], { stream: string; revision: number; position: number }>;
  idsFrom: Database.Statement<[string, number, number], { id: string; revision: number; position: number }>;
  insert: Database.Statement<[string, number, string, string, string, string, string]>;
}

/** Prepares the {@link AppendStatements} on the store's connection. */
export function prepareAppendStatements(db: Database.Database): AppendStatements {
  return {
    streamTip: db.prepare<[string], { revision: number; position: number }>(
      'SELECT revision, position FROM events WHERE stream = ? ORDER BY revision DESC LIMIT 1',
    ),
    byId: db.prepare<[string], { stream: string; revision: number; position: number }>(
      'SELECT stream, revision, position FROM events WHERE id = ?',
    ),
    idsFrom: db.prepare<[string, number, number], { id: string; revision: number; position: number }>(
      'SELECT id, revision, position FROM events WHERE stream = ? AND revision >= ? ORDER BY revision LIMIT ?',
    ),
    insert: db.prepare<[string, number, string, string, string, string, string]>(
      'INSERT INTO events (stream, revision, id, type, data, metadata, created) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ),
  };
}

/**
 * One stream's append, inside the group commit's transaction (a SAVEPOINT of it): a retried append answered with its first
 * result, then the expected-revision check, then the inserts. Throws {@link WrongExpectedVersion} or {@link DuplicateEventId}.
 */
export function appendInTransaction(
  statements: AppendStatements,
  stream: string,
  events: EventData[],
  expected: ExpectedRevision,
): AppendResult {
  const { streamTip, byId, idsFrom, insert } = statements;

  // Idempotency comes before the revision check: a retried append must get its original
  // result even though the stream has moved past the revision it expected.
  if (events.length > 0) {
    const firstId = events[0]!.id;
    const existing = byId.get(firstId);
    if (existing) {
      if (existing.stream !== stream) throw new DuplicateEventId(stream, firstId);
      const stored = idsFrom.all(stream, existing.revision, events.length);
      const sameBatch = stored.length === events.length && stored.every((row, i) => row.id === events[i]!.id);
      if (!sameBatch) throw new DuplicateEventId(stream, firstId);
      const last = stored[stored.length - 1]!;
      return { nextRevision: last.revision, position: last.position };
    }
  }

  const tip = streamTip.get(stream);
  const actual = tip ? tip.revision : 'no_stream';
  const ok =
    expected === 'any' ||
    (expected === 'no_stream' && tip === undefined) ||
    (expected === 'stream_exists' && tip !== undefined) ||
    expected === actual;
  if (!ok) throw new WrongExpectedVersion(stream, expected, actual);

  if (events.length === 0) {
    // Nothing appended: report the stream as it stands (-1 for a stream with no events).
    return { nextRevision: tip?.revision ?? -1, position: tip?.position ?? -1 };
  }

  const created = new Date().toISOString();
  let revision = tip ? tip.revision : -1;
  let position = -1;
  for (const event of events) {
    revision += 1;
    try {
      const info = insert.run(
        stream,
        revision,
        event.id,
        event.type,
        JSON.stringify(event.data ?? null),
        JSON.stringify(event.metadata ?? {}),
        created,
      );
      position = Number(info.lastInsertRowid);
    } catch (error) {
      // Only the first id was checked above; a later one stored anywhere is not a retry.
      if (isUniqueIdViolation(error)) throw new DuplicateEventId(stream, event.id);
      throw error;
    }
  }
  return { nextRevision: revision, position };
}
