import { Injectable } from '@nestjs/common';
import { unhandledRejections } from '#platform';
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

  readonly projectionWriteSeconds = new Counter({
    name: 'reform_projection_write_seconds_total',
    help: "Time a projection's live write transactions took on this process's event loop (rows, search index, checkpoint, commit)",
    labelNames: ['projection'],
    registers: [this.registry],
  });
  readonly projectionBatches = new Counter({
    name: 'reform_projection_write_batches_total',
    help: 'Live write transactions of a projection',
    labelNames: ['projection'],
    registers: [this.registry],
  });
  readonly projectionEvents = new Counter({
    name: 'reform_projection_write_events_total',
    help: 'Events a projection applied in its live write transactions',
    labelNames: ['projection'],
    registers: [this.registry],
  });
  readonly storeCommitSeconds = new Counter({
    name: 'reform_event_store_commit_seconds_total',
    help: "Time the embedded event store's group commits took on this process's event loop (checks, inserts, durable commit)",
    registers: [this.registry],
  });
  readonly storeCommits = new Counter({
    name: 'reform_event_store_commits_total',
    help: "The embedded event store's group commits (one durable sync each)",
    registers: [this.registry],
  });
  readonly storeCommitAppends = new Counter({
    name: 'reform_event_store_commit_appends_total',
    help: 'Appends carried by the group commits',
    registers: [this.registry],
  });

  readonly unhandledRejections = new Counter({
    name: 'reform_unhandled_rejections_total',
    help: 'Promise rejections nothing handled, logged and counted by the process guard (each one is a bug)',
    registers: [this.registry],
  });

  private readonly collectors: Array<() => Promise<void>> = [];

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'reform_' });
    this.onCollect(() => this.raiseTo(this.unhandledRejections, {}, unhandledRejections()));
  }

  /**
   * Moves a counter up to a total kept elsewhere (a stored count, a running total read at
   * scrape time), never down: a Prometheus counter only grows, and a rebuilding read model
   * lags for a while.
   */
  async raiseTo<L extends string>(counter: Counter<L>, labels: Partial<Record<L, string>>, total: number): Promise<void> {
    const same = (v: { labels: Partial<Record<string, string | number>> }) =>
      Object.entries(labels).every(([k, value]) => v.labels[k] === value);
    const current = (await counter.get()).values.find(same)?.value ?? 0;
    if (total > current) counter.inc(labels, total - current);
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
