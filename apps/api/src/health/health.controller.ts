import { Controller, Get, Inject, Res, ServiceUnavailableException } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheckService, HealthIndicatorService, type HealthCheckResult } from '@nestjs/terminus';
import type { FastifyReply } from 'fastify';
import type { Redis } from 'ioredis';
import type { EventStore } from '#event-store';
import { EVENT_STORE, ProjectionsService, REDIS } from '#platform';
import { ApiAnswer } from '../http/openapi/api-answer.decorators.js';
import type { Readiness } from './health.responses.js';

/** Liveness and readiness for orchestrators; no token needed. */
@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(REDIS) private readonly redis: Redis,
    private readonly projections: ProjectionsService,
  ) {}

  /** The process is up. */
  @Get('live')
  @ApiAnswer('Liveness')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /**
   * Ready to serve: the event store answers and no projection is stopped or still catching up
   * (503 otherwise, naming what is down). Redis down is `degraded`, still 200: the event store
   * is the truth, so commands and reads go on; reminders wait in the store and the sweep
   * re-adds them when Redis is back, and Idempotency-Key repeats are still recognised by their
   * derived event ids. Taking every replica out of the load balancer for it would stop the
   * writes that do not need it.
   */
  @Get('ready')
  @ApiAnswer('Readiness', { alsoOn: [503] })
  async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<Readiness> {
    const redis = await this.check(() => [
      () =>
        this.indicators
          .check('redis')
          .attempt(async () => {
            const ping = this.redis.ping();
            // A ping that outlives the timeout must not surface later as an unhandled rejection.
            ping.catch(() => undefined);
            if ((await ping) !== 'PONG') throw new Error('unexpected PING answer');
          })
          .withTimeout(1_500),
    ]);
    const core = await this.check(() => [
      () =>
        this.indicators
          .check('eventStore')
          .attempt(() => this.store.ping())
          .withTimeout(2_000),
      async () => {
        const status = await this.projections.status();
        const bad = status.filter((p) => p.status !== 'live');
        const data = { projections: status.map((p) => ({ name: p.name, status: p.status, lag: p.lag, error: p.error?.message ?? null })) };
        const check = this.indicators.check('projections');
        return bad.length === 0 ? check.up(data) : check.down(data);
      },
    ]);
    const merged = {
      info: { ...(redis.info ?? {}), ...(core.info ?? {}) },
      error: { ...(redis.error ?? {}), ...(core.error ?? {}) },
      details: { ...redis.details, ...core.details },
    };
    if (core.status !== 'ok') {
      void reply.status(503);
      return { status: 'error', ...merged };
    }
    if (redis.status !== 'ok') return { status: 'degraded', degraded: Object.keys(redis.error ?? {}), ...merged };
    return { status: 'ok', ...merged };
  }

  /** Runs terminus checks and answers their result whether they passed or not. */
  private async check(indicators: () => Parameters<HealthCheckService['check']>[0]): Promise<HealthCheckResult> {
    try {
      return await this.health.check(indicators());
    } catch (e) {
      if (e instanceof ServiceUnavailableException) return e.getResponse() as HealthCheckResult;
      throw e;
    }
  }
}
