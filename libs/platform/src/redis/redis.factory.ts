import { Redis } from 'ioredis';

/**
 * An ioredis client for a `redis://` URL; the database number in the path is honoured by
 * ioredis itself. `maxRetriesPerRequest: null` is what BullMQ requires of its connections.
 */
export function createRedis(url: string, options: { forBullmq?: boolean; lazy?: boolean } = {}): Redis {
  return new Redis(url, {
    maxRetriesPerRequest: options.forBullmq ? null : 1,
    enableOfflineQueue: true,
    lazyConnect: options.lazy ?? false,
    connectTimeout: 2_000,
    retryStrategy: (times) => Math.min(times * 200, 2_000),
  });
}
