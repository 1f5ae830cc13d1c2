/** Knobs of the reminder worker that are not product settings (tests and benchmarks shorten them). */
export interface ReminderWorkerOptions {
  /** Delivery attempts per reminder (the webhook's retries). */
  attempts: number;
  /** First retry delay; doubles each attempt (BullMQ exponential backoff). */
  backoffMs: number;
  /** Jobs delivered at once by this process. */
  concurrency: number;
  /** How long a job's lock lives without renewal; a killed worker's job is retried after it. */
  lockDurationMs: number;
  /** How often stalled jobs (of killed workers) are looked for. */
  stalledIntervalMs: number;
  /**
   * A group robot's rate limit: at most `messages` per window of `windowMs`, over every worker
   * (counted in Redis); a reminder beyond it waits for the next window.
   */
  robotRate: { messages: number; windowMs: number };
}

/** Production defaults: 6 attempts over about a minute; a dead worker's jobs resume within 30 s. */
export const DEFAULT_REMINDER_WORKER_OPTIONS: ReminderWorkerOptions = {
  attempts: 6,
  backoffMs: 2_000,
  concurrency: 16,
  lockDurationMs: 30_000,
  stalledIntervalMs: 30_000,
  // DingTalk and WeCom both take 20 messages a minute per robot (DingTalk then blocks the robot
  // for 10 minutes): one is kept spare for messages others post through the same robot.
  robotRate: { messages: 19, windowMs: 60_000 },
};

/** Injection token of the resolved {@link ReminderWorkerOptions}. */
export const REMINDER_WORKER_OPTIONS = Symbol('REMINDER_WORKER_OPTIONS');
