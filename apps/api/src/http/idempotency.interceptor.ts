import { createHash } from 'node:crypto';
import { Inject, Injectable, Logger, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants.js';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Redis } from 'ioredis';
import { from, mergeMap, of, catchError, type Observable } from 'rxjs';
import { canonicalJson, storeHoldsCommand, type EventStore, type RecordedCommand } from '#event-store';
import { AppConfig, EVENT_STORE, REDIS, redisIsDown } from '#platform';
import type { AuthUser } from '../auth/auth.types.js';
import { CodedHttpError } from './problem.filter.js';

/** How long an in-flight claim holds its key before another attempt may take it over. */
const PENDING_CLAIM_MS = 60_000;

/** What {@link IdempotencyInterceptor.claim} answers when Redis cannot be reached. */
const REDIS_UNAVAILABLE = Symbol('redis unavailable');

interface StoredAnswer {
  state: 'pending' | 'done';
  fingerprint: string;
  status?: number;
  body?: unknown;
  /** Where the command's first event was when the answer was kept (absent: it appended nothing). */
  recorded?: RecordedCommand;
}

/**
 * `Idempotency-Key` on every POST: the first answer is kept in Redis (shared by every API
 * replica, surviving restarts) for `IDEMPOTENCY_TTL_SECONDS`; a repeat by the same user with
 * the same body gets it back and appends nothing; the same key with another body is a 409.
 * Errors are not kept, so a corrected request may reuse its key.
 *
 * A kept answer is replayed only while the event store still holds the command it answered
 * (one read of the command's first event where it was recorded): after a restore from a backup
 * taken before the command, or a Redis that outlived a wiped data directory, the command runs
 * again (its event ids derive from the key, so it is applied once) instead of the client being
 * told about a write that no longer exists.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  private readonly logger = new Logger('Idempotency');

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly config: AppConfig,
    private readonly reflector: Reflector,
  ) {}

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (ctx.getType() !== 'http') return next.handle();
    const req = ctx.switchToHttp().getRequest<FastifyRequest & { user?: AuthUser }>();
    const reply = ctx.switchToHttp().getResponse<FastifyReply>();
    const header = req.headers['idempotency-key'];
    if (req.method !== 'POST' || header === undefined || !req.user) return next.handle();
    if (typeof header !== 'string' || header.length < 1 || header.length > 200) {
      throw new CodedHttpError(400, 'REQUEST.BAD_IDEMPOTENCY_KEY');
    }
    const userHash = createHash('sha256').update(req.user.id).digest('hex').slice(0, 32);
    const redisKey = `${this.config.QUEUE_PREFIX}:idem:${userHash}:${createHash('sha256').update(header).digest('hex')}`;
    const fingerprint = createHash('sha256')
      .update(`${req.method} ${req.url}\u0000${canonicalJson(req.body ?? null)}`)
      .digest('hex');
    const ttlMs = this.config.IDEMPOTENCY_TTL_SECONDS * 1000;
    const status = this.reflector.get<number | undefined>(HTTP_CODE_METADATA, ctx.getHandler()) ?? 201;

    return from(this.claim(redisKey, fingerprint, ttlMs)).pipe(
      mergeMap(async (previous) => {
        if (
          previous === REDIS_UNAVAILABLE ||
          !previous ||
          previous.state !== 'done' ||
          previous.fingerprint !== fingerprint ||
          !previous.recorded
        )
          return previous;
        if (await storeHoldsCommand(this.store, previous.recorded)) return previous;
        // The store no longer holds the command (a restored backup, a wiped data directory):
        // its answer would describe a write that does not exist. Take the key over and run it.
        this.logger.warn(
          `Idempotency-Key answer for a command the store no longer holds ` +
            `(${previous.recorded.stream}@${previous.recorded.revision}): running the command again`,
        );
        await this.takeOver(redisKey, fingerprint, ttlMs);
        return null;
      }),
      mergeMap((previous) => {
        // Redis unreachable: the command still runs. Its ids derive from the key, so a repeat
        // appends nothing and answers the same resource; only the replay of the first answer's
        // exact body and status is lost while Redis is away.
        if (previous === REDIS_UNAVAILABLE) return next.handle();
        if (previous) {
          if (previous.fingerprint !== fingerprint) {
            throw new CodedHttpError(409, 'IDEMPOTENCY.KEY_REUSED');
          }
          if (previous.state === 'pending') {
            throw new CodedHttpError(409, 'IDEMPOTENCY.IN_PROGRESS');
          }
          void reply.status(previous.status ?? status).header('idempotent-replayed', 'true');
          const revision = (previous.body as { revision?: unknown } | null)?.revision;
          if (typeof revision === 'number') void reply.header('etag', `"${revision}"`);
          return of(previous.body);
        }
        return next.handle().pipe(
          mergeMap(async (body: unknown) => {
            const answer: StoredAnswer = {
              state: 'done',
              fingerprint,
              status,
              body,
              ...(req.recordedCommand ? { recorded: req.recordedCommand } : {}),
            };
            // The command is already in the store: failing to keep its answer must not turn it
            // into an error (the client would retry a write that happened).
            await this.redis.set(redisKey, JSON.stringify(answer), 'PX', ttlMs).catch(() => undefined);
            return body;
          }),
          catchError(async (error: unknown) => {
            await this.redis.del(redisKey).catch(() => undefined);
            throw error;
          }),
        );
      }),
    );
  }

  /** Claims the key; returns the earlier record when someone already holds it. */
  private async claim(redisKey: string, fingerprint: string, ttlMs: number): Promise<StoredAnswer | null | typeof REDIS_UNAVAILABLE> {
    // Known to be down (lost and reconnecting): answer at once rather than queue behind
    // reconnection attempts. A client still making its first connection (boot) is waited for.
    if (redisIsDown(this.redis)) return REDIS_UNAVAILABLE;
    try {
      return await this.claimOnce(redisKey, fingerprint, ttlMs);
    } catch (e) {
      if (e instanceof CodedHttpError) throw e;
      return REDIS_UNAVAILABLE;
    }
  }

  /** Replaces a kept answer the store no longer backs by this attempt's claim (the key's TTL starts again). */
  private async takeOver(redisKey: string, fingerprint: string, ttlMs: number): Promise<void> {
    const pending: StoredAnswer = { state: 'pending', fingerprint };
    await this.redis.set(redisKey, JSON.stringify(pending), 'PX', Math.min(ttlMs, PENDING_CLAIM_MS)).catch(() => undefined);
  }

  private async claimOnce(redisKey: string, fingerprint: string, ttlMs: number): Promise<StoredAnswer | null> {
    const pending: StoredAnswer = { state: 'pending', fingerprint };
    // A claim held by a process that died mid-request must not lock the key for a whole TTL;
    // retrying after it lapses is safe because the command's event ids derive from the key.
    const pendingMs = Math.min(ttlMs, PENDING_CLAIM_MS);
    for (let i = 0; i < 3; i++) {
      const ok = await this.redis.set(redisKey, JSON.stringify(pending), 'PX', pendingMs, 'NX');
      if (ok === 'OK') return null;
      const existing = await this.redis.get(redisKey);
      if (existing) return JSON.parse(existing) as StoredAnswer;
    }
    throw new CodedHttpError(409, 'IDEMPOTENCY.IN_PROGRESS');
  }
}
