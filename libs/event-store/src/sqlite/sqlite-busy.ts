const SLEEP = new Int32Array(new SharedArrayBuffer(4));

/**
 * Runs a connection's opening statements (journal mode, schema) again while another process
 * holds the file. SQLite's busy timeout does not cover every case: two processes opening a new
 * file at once both read, then both ask for the write lock, and SQLite answers one of them
 * SQLITE_BUSY at once instead of waiting, since waiting could deadlock. The statements are
 * idempotent, so the loser runs them again once the winner has committed.
 */
export function retryWhileBusy<T>(open: () => T, timeoutMs = 10_000): T {
  const deadline = Date.now() + timeoutMs;
  for (let attempt = 1; ; attempt++) {
    try {
      return open();
    } catch (error) {
      if (!isBusy(error) || Date.now() >= deadline) throw error;
      // Opening runs once per process at boot, so a short blocking wait is cheaper than making every opener async.
      Atomics.wait(SLEEP, 0, 0, Math.min(10 * attempt, 200));
    }
  }
}

function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'));
}
