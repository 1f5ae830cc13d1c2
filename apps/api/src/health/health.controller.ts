import { Controller, Get, Inject, Res, ServiceUnavailableException } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheckService, HealthIndicatorService, type HealthCheckResult } from '@nestjs/terminus';
import type { FastifyReply } from 'fastify';
import type { Redis } from 'ioredis';
import type { EventStore } from '#event-store';
import { EVENT_STORE, ProjectionsService, REDIS } from '#platform';
import { Public } from '../auth/auth.decorators.js';

/** Liveness and readiness for orchestrators; no token needed. */
@ApiTags('operations')
@Public()
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
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** Ready to serve: event store and Redis answer, and no projection is stopped or still catching up. */
  @Get('ready')
  async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthCheckResult | object> {
    try {
      return await this.health.check([
        () => this.indicators.check('eventStore').attempt(() => this.store.ping()).withTimeout(2_000),
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
        async () => {
          const status = await this.projections.status();
          const bad = status.filter((p) => p.status !== 'live');
          const data = { projections: status.map((p) => ({ name: p.name, status: p.status, lag: p.lag, error: p.error?.message ?? null })) };
          const check = this.indicators.check('projections');
          return bad.length === 0 ? check.up(data) : check.down(data);
        },
      ]);
    } catch (e) {
      if (e instanceof ServiceUnavailableException) {
        void reply.status(503);
        return e.getResponse() as object;
      }
      throw e;
    }
  }
}
