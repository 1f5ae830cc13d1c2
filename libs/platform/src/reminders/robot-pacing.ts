import type { Redis } from 'ioredis';

/*
 * What the reminder worker keeps in Redis about group robots, shared by every worker: which job
 * posts a reminder planned for several recipients, and how many messages a robot took in the
 * current window of its rate limit.
 */

/** How long a group robot's copy of a reminder stays claimed: far beyond any job's retries. */
const ROBOT_COPY_CLAIM_SECONDS = 30 * 86_400;

/** Claims `key` for `owner` unless another owner holds it; the owner that holds it keeps it (its own retries). */
export async function claimOnce(redis: Redis, key: string, owner: string): Promise<boolean> {
  if ((await redis.set(key, owner, 'EX', ROBOT_COPY_CLAIM_SECONDS, 'NX')) === 'OK') return true;
  return (await redis.get(key)) === owner;
}

/**
 * Takes one message of the current window of a robot's rate limit (a counter per window):
 * answers 0 when taken, else the time until the next window plus up to a second, so the
 * reminders held back do not all come back at the same instant.
 */
export async function reserveSlot(redis: Redis, key: string, rate: { messages: number; windowMs: number }, nowMs: number): Promise<number> {
  const window = Math.floor(nowMs / rate.windowMs);
  const counter = `${key}:${window}`;
  const replies = await redis
    .multi()
    .incr(counter)
    .pexpire(counter, 2 * rate.windowMs)
    .exec();
  const [error, taken] = replies?.[0] ?? [new Error('Redis discarded the transaction'), 0];
  if (error) throw error;
  return (taken as number) <= rate.messages
    ? 0
    : (window + 1) * rate.windowMs - nowMs + Math.floor(Math.random() * Math.min(1_000, rate.windowMs));
}
