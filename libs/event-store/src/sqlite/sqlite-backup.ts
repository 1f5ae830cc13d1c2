import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';

/** Pages per backup step: all of them, so the copy is taken in one read transaction. */
const ALL_PAGES = 2 ** 30;

/**
 * Copies the embedded store's file to `destination` with SQLite's online backup API while other
 * processes keep writing: the copy is taken in one step, inside one read transaction, so it is
 * the store exactly as of one commit (WAL readers do not block writers, so the API keeps going).
 * A file copy is not safe: it can tear a page or miss the write-ahead log.
 */
export async function backupSqliteFile(source: string, destination: string): Promise<void> {
  if (!existsSync(source)) throw new Error(`no event store at ${source}`);
  const db = new Database(source, { fileMustExist: true, timeout: 5_000 });
  try {
    await db.backup(destination, { progress: () => ALL_PAGES });
  } finally {
    db.close();
  }
}

/**
 * True when another connection (an API, a worker, an admin command) has the store file open:
 * an exclusive lock on it cannot be had. A restore must not replace a file a process is using.
 * A missing file is not in use.
 */
export function sqliteFileInUse(file: string): boolean {
  if (!existsSync(file)) return false;
  const db = new Database(file, { fileMustExist: true, timeout: 0 });
  try {
    // In WAL mode every open connection holds a shared lock on the file; this probe's
    // exclusive lock succeeds only when it is the only one.
    db.pragma('locking_mode = EXCLUSIVE');
    db.exec('BEGIN EXCLUSIVE');
    db.exec('COMMIT');
    return false;
  } catch (e) {
    if (/^SQLITE_(BUSY|LOCKED)/.test(String((e as { code?: unknown }).code))) return true;
    throw e;
  } finally {
    db.close();
  }
}
