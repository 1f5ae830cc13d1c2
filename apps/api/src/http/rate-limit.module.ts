import { Injectable, Module, type DynamicModule } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  InjectThrottlerOptions,
  InjectThrottlerStorage,
  ThrottlerGuard,
  ThrottlerModule,
  ThrottlerStorageService,
  type ThrottlerModuleOptions,
  type ThrottlerStorage,
} from '@nestjs/throttler';
import type { Redis } from 'ioredis';
import { AppConfig, REDIS } from '#platform';
import { parseDuration } from '#reminders';
import { bearerToken } from '../auth/auth.guard.js';
import { JwtVerifier } from '../auth/jwt-verifier.js';
import { RATE_LIMITER } from './rate-limit.guard.js';
import { RedisThrottlerStorage } from './redis-throttler.storage.js';

/**
 * @nestjs/throttler keyed by user: the `sub` of a token that verifies, else the client's
 * address, so a client cannot pick its bucket by writing a `sub` into a token it did not get
 * from the provider. Verifying here costs little: the verifier remembers accepted tokens.
 * Buckets live in Redis, shared by the deployment's API replicas ({@link RedisThrottlerStorage}).
 */
@Injectable()
class UserThrottlerGuard extends ThrottlerGuard {
  constructor(
    @InjectThrottlerOptions() options: ThrottlerModuleOptions,
    @InjectThrottlerStorage() storage: ThrottlerStorage,
    reflector: Reflector,
    private readonly verifier: JwtVerifier,
  ) {
    super(options, storage, reflector);
  }

  protected override async getTracker(req: { headers: Record<string, string | string[] | undefined>; ip?: string }): Promise<string> {
    const token = bearerToken(req.headers['authorization']);
    if (token) {
      try {
        return `user:${(await this.verifier.verify(token)).id}`;
      } catch {
        // Not a token we accept: the client is known only by its address.
      }
    }
    return `ip:${req.ip ?? 'unknown'}`;
  }
}

@Module({})
class RateLimitModule {}

/** The rate limiter for `RateLimitGuard`: `RATE_LIMIT` requests per `RATE_LIMIT_WINDOW` per user, across the deployment. */
export function rateLimitModule(config: AppConfig): DynamicModule {
  return {
    module: RateLimitModule,
    global: true,
    imports: [
      ThrottlerModule.forRootAsync({
        inject: [REDIS],
        useFactory: (redis: Redis) => ({
          throttlers: [{ ttl: parseDuration(config.RATE_LIMIT_WINDOW), limit: config.RATE_LIMIT }],
          storage: new RedisThrottlerStorage(redis, config.QUEUE_PREFIX, new ThrottlerStorageService()),
        }),
      }),
    ],
    providers: [JwtVerifier, { provide: RATE_LIMITER, useClass: UserThrottlerGuard }],
    exports: [RATE_LIMITER],
  };
}
