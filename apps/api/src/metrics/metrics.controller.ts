import { Controller, Get, Header, Headers, Inject, UnauthorizedException } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { timingSafeEqual } from 'node:crypto';
import type { EventStore } from '#event-store';
import { AppConfig, EVENT_STORE, ProjectionsService } from '#platform';
import { MetricsService } from './metrics.service.js';

/** Prometheus text; open unless `METRICS_TOKEN` is set, then that bearer token is required. */
@ApiExcludeController()
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: MetricsService,
    private readonly config: AppConfig,
    private readonly projections: ProjectionsService,
    @Inject(EVENT_STORE) store: EventStore,
  ) {
    metrics.onCollect(async () => {
      for (const p of await projections.status()) {
        metrics.projectionLag.set({ projection: p.name }, p.lag);
        metrics.projectionStopped.set({ projection: p.name }, p.status === 'stopped' ? 1 : 0);
        await metrics.raiseTo(metrics.projectionWriteSeconds, { projection: p.name }, p.writes.seconds);
        await metrics.raiseTo(metrics.projectionBatches, { projection: p.name }, p.writes.batches);
        await metrics.raiseTo(metrics.projectionEvents, { projection: p.name }, p.writes.events);
      }
      const commits = store.commitStats?.();
      if (commits) {
        await metrics.raiseTo(metrics.storeCommitSeconds, {}, commits.seconds);
        await metrics.raiseTo(metrics.storeCommits, {}, commits.commits);
        await metrics.raiseTo(metrics.storeCommitAppends, {}, commits.appends);
      }
    });
  }

  @Get()
  @Header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
  async scrape(@Headers('authorization') authorization?: string): Promise<string> {
    const token = this.config.METRICS_TOKEN;
    if (token) {
      const given = Buffer.from(authorization?.replace(/^Bearer\s+/i, '') ?? '');
      const wanted = Buffer.from(token);
      if (given.length !== wanted.length || !timingSafeEqual(given, wanted)) throw new UnauthorizedException('METRICS_TOKEN required');
    }
    return this.metrics.render();
  }
}
