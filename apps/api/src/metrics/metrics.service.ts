import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * The Prometheus registry and the product's own series. Gauges that depend on other services
 * (projection lag, queue depth) are filled by collect callbacks registered by their owners.
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();
  readonly commandLatency = new Histogram({
    name: 'reform_command_duration_seconds',
    help: 'Latency of command routes, from request to response',
    labelNames: ['route', 'status'],
    buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });
  readonly eventsAppended = new Counter({
    name: 'reform_events_appended_total',
    help: 'Events appended by this process',
    labelNames: ['type'],
    registers: [this.registry],
  });
  readonly projectionLag = new Gauge({
    name: 'reform_projection_lag_events',
    help: 'Events between a projection checkpoint and the head of the store',
    labelNames: ['projection'],
    registers: [this.registry],
  });
  readonly projectionStopped = new Gauge({
    name: 'reform_projection_stopped',
    help: '1 when a projection stopped on an event it could not apply',
    labelNames: ['projection'],
    registers: [this.registry],
  });
  readonly remindersSent = new Counter({
    name: 'reform_reminders_sent_total',
    help: 'Reminders delivered',
    labelNames: ['kind'],
    registers: [this.registry],
  });
  readonly remindersFailed = new Counter({
    name: 'reform_reminders_failed_total',
    help: 'Reminders a channel (webhook, dingtalk, wecom) failed to deliver after every retry, by notification kind and channel',
    labelNames: ['kind', 'channel'],
    registers: [this.registry],
  });
  readonly queueDepth = new Gauge({
    name: 'reform_queue_jobs',
    help: 'Jobs in a BullMQ queue by state',
    labelNames: ['queue', 'state'],
    registers: [this.registry],
  });

  private readonly collectors: Array<() => Promise<void>> = [];

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'reform_' });
  }

  /** Registers a callback run before every scrape (for gauges read from elsewhere). */
  onCollect(fn: () => Promise<void>): void {
    this.collectors.push(fn);
  }

  async render(): Promise<string> {
    await Promise.allSettled(this.collectors.map((fn) => fn()));
    return this.registry.metrics();
  }
}
