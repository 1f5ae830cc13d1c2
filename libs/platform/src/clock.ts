/**
 * The server's "now", in one injectable place: every command's time (`metadata.now`) and every
 * read that judges time-based rules (overdue, lights, roll-ups) asks it, so an end-to-end spec
 * can set the time ("it is now 00:00 Beijing time on the 28th") instead of waiting for it.
 * Production uses the system clock; background timers (BullMQ delays, sweeps) keep real time.
 */
export class Clock {
  /** Epoch milliseconds. */
  now(): number {
    return Date.now();
  }

  /** The current instant as UTC ISO 8601. */
  nowIso(): string {
    return new Date(this.now()).toISOString();
  }
}

/** A clock that reads what it was last set to (specs, tools replaying a day). */
export class SetClock extends Clock {
  private ms: number;

  constructor(at: string | number) {
    super();
    this.ms = SetClock.parse(at);
  }

  /** Moves the clock to `at` (ISO 8601 with offset, or epoch ms). */
  set(at: string | number): void {
    this.ms = SetClock.parse(at);
  }

  override now(): number {
    return this.ms;
  }

  private static parse(at: string | number): number {
    const ms = typeof at === 'number' ? at : Date.parse(at);
    if (Number.isNaN(ms)) throw new Error(`SetClock: not an instant: ${String(at)}`);
    return ms;
  }
}
