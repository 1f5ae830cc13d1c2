import { Logger } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import type { Redis } from 'ioredis';
import { redisIsDown } from '#platform';

/** What @nestjs/throttler asks of a storage for one hit (its record type is not exported by name). */
type HitRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/*
 * One hit, atomically: count it in a window of `ttl` ms unless the caller is blocked; past
 * `limit`, block for `block` ms (or, with no block duration, until the window ends) and start
 * counting afresh once the block is over, as the throttler's own in-memory storage does.
 * Answers { hits, ms until the window expires, blocked (0/1), ms until the block ends }.
 */
const HIT = `
local hitsKey, blockKey = KEYS[1], KEYS[2]
local ttl, limit, block = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local blockLeft = redis.call('PTTL', blockKey)
if blockLeft > 0 then
  local hits = tonumber(redis.call('GET', hitsKey) or '0')
  return { hits + 1, math.max(redis.call('PTTL', hitsKey), 0), 1, blockLeft }
end
local hits = redis.call('INCR', hitsKey)
if hits == 1 then redis.call('PEXPIRE', hitsKey, ttl) end
local left = redis.call('PTTL', hitsKey)
if hits > limit then
  local span = block > 0 and block or left
  redis.call('SET', blockKey, '1', 'PX', span)
  redis.call('DEL', hitsKey)
  return { hits, left, 1, span }
end
return { hits, left, 0, 0 }
`;

/**
 * Rate-limit buckets in Redis, shared by every API replica of a deployment (keys under
 * `QUEUE_PREFIX`), so N replicas enforce one `RATE_LIMIT`, not N of them. While Redis cannot
 * be reached the process falls back to its own in-memory buckets: limits are then per process,
 * as before, and requests are never refused or failed because Redis is away.
 */
export class RedisThrottlerStorage implements ThrottlerStorage {
  private readonly logger = new Logger(RedisThrottlerStorage.name);
  private degraded = false;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly fallback: ThrottlerStorage,
  ) {}

  async increment(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string): Promise<HitRecord> {
    if (!redisIsDown(this.redis)) {
      try {
        const bucket = `${this.prefix}:ratelimit:${throttlerName}:${key}`;
        const [hits, expiresMs, blocked, blockMs] = (await this.redis.eval(
          HIT,
          2,
          bucket,
          `${bucket}:blocked`,
          ttl,
          limit,
          blockDuration,
        )) as number[];
        if (this.degraded) this.logger.log('Redis is back: rate limits are shared by every API process again');
        this.degraded = false;
        return {
          totalHits: hits!,
          timeToExpire: Math.ceil(expiresMs! / 1000),
          isBlocked: blocked === 1,
          timeToBlockExpire: Math.ceil(blockMs! / 1000),
        };
      } catch {
        // Unreachable now: fall through to this process's own buckets.
      }
    }
    if (!this.degraded) this.logger.warn('Redis unreachable: rate limits are counted per API process until it is back');
    this.degraded = true;
    return this.fallback.increment(key, ttl, limit, blockDuration, throttlerName);
  }
}
