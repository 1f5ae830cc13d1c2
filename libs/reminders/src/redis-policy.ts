import type { Redis } from 'ioredis';

/** Redis would evict BullMQ keys under memory pressure, silently losing reminders. */
export class RedisEvictionPolicyError extends Error {
  constructor(readonly policy: string) {
    super(
      `Redis maxmemory-policy is "${policy}", but BullMQ needs "noeviction": under memory pressure Redis ` +
        'would silently delete queued reminders. Fix it with `redis-cli CONFIG SET maxmemory-policy noeviction` ' +
        '(and `maxmemory-policy noeviction` in redis.conf, or the equivalent parameter of a managed Redis), ' +
        'or set REDIS_ALLOW_EVICTION=true to start anyway (the sweep then re-adds evicted reminders, late).',
    );
    this.name = 'RedisEvictionPolicyError';
  }
}

/**
 * Reads `maxmemory_policy` from `INFO memory` (allowed where `CONFIG GET` is disabled, as on
 * most managed Redis services).
 */
export async function redisEvictionPolicy(redis: Redis): Promise<string> {
  const info = await redis.info('memory');
  const m = /^maxmemory_policy:(\S+)/m.exec(info);
  return m?.[1] ?? 'unknown';
}

/** Throws {@link RedisEvictionPolicyError} unless the policy is `noeviction` or eviction is allowed. */
export async function assertNoEviction(redis: Redis, allowEviction: boolean): Promise<string> {
  const policy = await redisEvictionPolicy(redis);
  if (policy !== 'noeviction' && !allowEviction) throw new RedisEvictionPolicyError(policy);
  return policy;
}
