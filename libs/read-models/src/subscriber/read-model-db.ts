import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { retryWhileBusy } from '#event-store';

/** A subscriber's stored checkpoint: the last position it made durable, and that event's time. */
export interface StoredCheckpoint {
  position: number | null;
  time: string | null;
}

/**
 * Opens (creating when needed) a read model's SQLite file with the settings every read model
 * uses, including the `_projection` table where each subscriber keeps its checkpoint.
 */
export function openReadModelDb(file: string): Database.Database {
  mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file, { timeout: 5_000 });
  retryWhileBusy(() => {
    db.pragma('journal_mode = WAL');
    // A read model can always be rebuilt, and its checkpoint commits with its rows, so losing
    // the last transactions on power loss only makes it re-apply them.
    db.pragma('synchronous = NORMAL');
    db.exec(`CREATE TABLE IF NOT EXISTS _projection (
    name TEXT PRIMARY KEY, version INTEGER NOT NULL, checkpoint INTEGER, checkpoint_time TEXT, updated_at TEXT NOT NULL)`);
  });
  return db;
}

/** Registers a subscriber (no checkpoint yet) unless it already has a row. */
export function registerCheckpoint(db: Database.Database, name: string, version: number): void {
  db.prepare(
    `INSERT INTO _projection(name, version, checkpoint, checkpoint_time, updated_at) VALUES (?, ?, NULL, NULL, ?)
     ON CONFLICT(name) DO NOTHING`,
  ).run(name, version, new Date().toISOString());
}

/** The stored checkpoint of a subscriber (nothing applied yet when it has no row). */
export function readCheckpoint(db: Database.Database, name: string): StoredCheckpoint {
  const row = db.prepare('SELECT checkpoint, checkpoint_time FROM _projection WHERE name = ?').get(name) as
    { checkpoint: number | null; checkpoint_time: string | null } | undefined;
  return { position: row?.checkpoint ?? null, time: row?.checkpoint_time ?? null };
}

/**
 * A prepared checkpoint write. Called inside a transaction it commits with that transaction's
 * rows (a projection's exactly-once); called alone it commits at once (the reminder scheduler,
 * after Redis accepted a batch).
 */
export function checkpointWriter(db: Database.Database, name: string): (position: number, time: string) => void {
  const update = db.prepare('UPDATE _projection SET checkpoint = ?, checkpoint_time = ?, updated_at = ? WHERE name = ?');
  return (position, time) => {
    update.run(position, time, new Date().toISOString(), name);
  };
}

/** Deletes a SQLite file with its WAL, shared-memory and journal files. */
export function removeDbFiles(file: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${file}${suffix}`, { force: true });
}
