import { Injectable, Module, type OnModuleDestroy } from '@nestjs/common';
import { Queue } from 'bullmq';
import type { Counter } from 'prom-client';
import { AppConfig, ProjectionsService } from '#platform';
import { AUDIT_LOG_TABLE, NOTIFICATIONS_TABLE } from '#read-models';
import { REMINDER_QUEUE } from '#reminders';
import { MetricsService } from '../metrics/metrics.service.js';

const STATES = ['waiting', 'delayed', 'active', 'completed', 'failed', 'prioritized', 'waiting-children'] as const;

/**
 * Reminder figures in `/metrics`, all read at scrape time so they are right whichever process
 * runs the worker (a standalone `start:worker` has no HTTP): the reminder queue's depth by
 * state, reminders sent by kind (the inbox rows: every delivered reminder is one) and failed
 * webhook deliveries (`ReminderFailed` events in the audit log; only action items record
 * them). The counters are moved up to the stored totals, so they stay monotonic counters.
 */
@Injectable()
export class ReminderMetrics implements OnModuleDestroy {
  private queue: Queue | null = null;

  constructor(metrics: MetricsService, config: AppConfig, projections: ProjectionsService) {
    metrics.onCollect(async () => {
      this.queue ??= new Queue(REMINDER_QUEUE, { connection: { url: config.REDIS_URL, maxRetriesPerRequest: null } as never, prefix: config.QUEUE_PREFIX });
      const counts = await this.queue.getJobCounts(...STATES);
      for (const state of STATES) metrics.queueDepth.set({ queue: REMINDER_QUEUE, state }, counts[state] ?? 0);
    });
    metrics.onCollect(async () => {
      if (!projections.has('notifications')) return;
      const rows = projections.runner('notifications').db.prepare(`SELECT kind, COUNT(*) AS n FROM ${NOTIFICATIONS_TABLE} GROUP BY kind`).all() as Array<{ kind: string; n: number }>;
      for (const r of rows) await raiseTo(metrics.remindersSent, r.kind, r.n);
    });
    metrics.onCollect(async () => {
      if (!projections.has('audit-log')) return;
      const row = projections.runner('audit-log').db.prepare(`SELECT COUNT(*) AS n FROM ${AUDIT_LOG_TABLE} WHERE type = 'ReminderFailed'`).get() as { n: number };
      await raiseTo(metrics.remindersFailed, 'item', row.n);
    });
  }

  async onModuleDestroy(): Promise<void> {
    await this.queue?.close();
  }
}

/** Moves a counter up to a stored total (never down: a rebuilding read model lags for a while). */
async function raiseTo(counter: Counter<'kind'>, kind: string, total: number): Promise<void> {
  const current = (await counter.get()).values.find((v) => v.labels.kind === kind)?.value ?? 0;
  if (total > current) counter.inc({ kind }, total - current);
}

/** Reminder figures of `/metrics`. */
@Module({ providers: [ReminderMetrics] })
export class ReminderMetricsModule {}
