/**
 * The last line of defence of a long-running process: a promise rejection nobody handled is
 * logged with its stack and counted (`/metrics`: reform_unhandled_rejections_total) instead of
 * ending the process, as Node does by default. Every one is a bug to fix where it started; the
 * fault specs fail when a child logs one.
 */
let unhandled = 0;
let installed = false;

/** The marker every log line of an unhandled rejection starts with (specs look for it). */
export const UNHANDLED_REJECTION_MARK = 'unhandled promise rejection';

/** Unhandled rejections this process has seen since it started. */
export function unhandledRejections(): number {
  return unhandled;
}

/** @internal Counts and logs one rejection; the process-level listener and its spec call it. */
export function reportUnhandledRejection(reason: unknown, log: (message: string) => void): void {
  unhandled += 1;
  const detail = reason instanceof Error ? (reason.stack ?? `${reason.name}: ${reason.message}`) : String(reason);
  log(`${UNHANDLED_REJECTION_MARK} #${unhandled} (a bug: the promise should have been awaited or caught): ${detail}`);
}

/**
 * Installs the process-level `unhandledRejection` listener (once per process). `log` defaults to
 * stderr so the line is written even before the application's logger exists.
 */
export function installProcessGuards(log: (message: string) => void = (message) => process.stderr.write(`${message}\n`)): void {
  if (installed) return;
  installed = true;
  process.on('unhandledRejection', (reason) => reportUnhandledRejection(reason, log));
}

/**
 * Bounds a graceful shutdown: after SIGTERM or SIGINT, the process exits by itself once
 * `graceMs` have passed. Closing waits for Redis-backed work (queued jobs, the queue's own
 * connections) that cannot finish while Redis is unreachable; an orchestrator would otherwise
 * have to SIGKILL it. The event store's writes are synchronous, so nothing acknowledged is lost.
 */
export function boundShutdown(graceMs: number, log: (message: string) => void = (message) => process.stderr.write(`${message}\n`)): void {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      setTimeout(() => {
        log(`shutdown on ${signal} did not finish within ${graceMs} ms (is Redis unreachable?): exiting`);
        process.exit(1);
      }, graceMs).unref();
    });
  }
}
