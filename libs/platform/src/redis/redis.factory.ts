import { Redis } from 'ioredis';

/**
 * An ioredis client for a `redis://` URL; the database number in the path is honoured by
 * ioredis itself. `maxRetriesPerRequest: null` is what BullMQ requires of its connections.
 */
export function createRedis(url: string, options: { forBullmq?: boolean; lazy?: boolean } = {}): Redis {
  const redis = new Redis(url, {
    maxRetriesPerRequest: options.forBullmq ? null : 1,
    enableOfflineQueue: true,
    lazyConnect: options.lazy ?? false,
    connectTimeout: 2_000,
    retryStrategy: (times) => Math.min(times * 200, 2_000),
  });
  // Connection errors are reported by health checks and failing commands; without a listener
  // ioredis would print each reconnect attempt as an unhandled error event.
  redis.on('error', () => undefined);
  return redis;
}

/** ioredis client states in which Redis is known to be unreachable (lost, reconnecting). */
const DOWN = new Set(['reconnecting', 'close', 'end']);

/**
 * True when the client knows Redis is unreachable: callers that can do without it (idempotency,
 * shared rate limits) answer at once instead of queueing behind reconnection attempts. A
 * client still making its first connection (boot) is not "down".
 */
export function redisIsDown(redis: Redis): boolean {
  return DOWN.has(redis.status);
}
