import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { AppConfig, LoggedQueue, ProjectionsService, REDIS, redisIsDown } from '#platform';
import { countNotificationsByKind, countReminderFailures } from '#read-models';
import { REMINDER_QUEUE } from '#reminders';
import { MetricsService } from '../metrics/metrics.service.js';

const STATES = ['waiting', 'delayed', 'active', 'completed', 'failed', 'prioritized', 'waiting-children'] as const;

/**
 * Reminder figures in `/metrics`, all read at scrape time so they are right whichever process
 * runs the worker (a standalone `start:worker` has no HTTP): the reminder queue's depth by
 * state, reminders sent by kind (the inbox rows: every delivered reminder is one) and
 * reminders a channel failed to deliver by kind and channel (the `ReminderFailed` events of
 * every subject, kept beside the inbox). The counters are moved up to the stored totals, so
 * they stay monotonic counters.
 */
@Injectable()
export class ReminderMetrics implements OnModuleDestroy {
  private queue: Queue | null = null;

  constructor(metrics: MetricsService, config: AppConfig, projections: ProjectionsService, @Inject(REDIS) redis: Redis) {
    metrics.onCollect(async () => {
      // BullMQ's commands wait for Redis forever: a scrape during an outage keeps the last depths.
      if (redisIsDown(redis)) return;
      this.queue ??= new LoggedQueue(REMINDER_QUEUE, {
        connection: { url: config.REDIS_URL, maxRetriesPerRequest: null } as never,
        prefix: config.QUEUE_PREFIX,
      });
      const counts = await this.queue.getJobCounts(...STATES);
      for (const state of STATES) metrics.queueDepth.set({ queue: REMINDER_QUEUE, state }, counts[state] ?? 0);
    });
    metrics.onCollect(async () => {
      if (!projections.has('notifications')) return;
      const db = projections.runner('notifications').db;
      for (const r of countNotificationsByKind(db)) await metrics.raiseTo(metrics.remindersSent, { kind: r.kind }, r.count);
      for (const r of countReminderFailures(db))
        await metrics.raiseTo(metrics.remindersFailed, { kind: r.kind, channel: r.channel }, r.count);
    });
  }

  async onModuleDestroy(): Promise<void> {
    await this.queue?.close();
  }
}
