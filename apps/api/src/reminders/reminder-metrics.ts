import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { AppConfig, LoggedQueue, ProjectionsService, REDIS, redisIsDown } from '#platform';
import { countNotificationsByKind, countReminderFailures } from '#read-models';
import { REMINDER_QUEUE } from '#reminders';
import { MetricsService } from '../metrics/metrics.service.js';
import type { ReminderFigures } from './reminders.responses.js';

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

  constructor(
    metrics: MetricsService,
    private readonly config: AppConfig,
    private readonly projections: ProjectionsService,
    @Inject(REDIS) private readonly redis: Redis,
  ) {
    metrics.onCollect(async () => {
      // BullMQ's commands wait for Redis forever: a scrape during an outage keeps the last depths.
      const counts = await this.queueCounts();
      if (!counts) return;
      for (const state of STATES) metrics.queueDepth.set({ queue: REMINDER_QUEUE, state }, counts[state] ?? 0);
    });
    metrics.onCollect(async () => {
      const { sent, failed } = this.deliveries();
      for (const r of sent) await metrics.raiseTo(metrics.remindersSent, { kind: r.kind }, r.count);
      for (const r of failed) await metrics.raiseTo(metrics.remindersFailed, { kind: r.kind, channel: r.channel }, r.count);
    });
  }

  /** The reminder queue's jobs by state; `null` while Redis is down (BullMQ would wait for it forever). */
  async queueCounts(): Promise<Record<(typeof STATES)[number], number> | null> {
    if (redisIsDown(this.redis)) return null;
    this.queue ??= new LoggedQueue(REMINDER_QUEUE, {
      connection: { url: this.config.REDIS_URL, maxRetriesPerRequest: null } as never,
      prefix: this.config.QUEUE_PREFIX,
    });
    const counts = await this.queue.getJobCounts(...STATES);
    return Object.fromEntries(STATES.map((s) => [s, counts[s] ?? 0])) as Record<(typeof STATES)[number], number>;
  }

  /** Reminders delivered (inbox rows) by kind and failed by kind and channel. */
  deliveries(): Pick<ReminderFigures, 'sent' | 'failed'> {
    if (!this.projections.has('notifications')) return { sent: [], failed: [] };
    const db = this.projections.runner('notifications').db;
    return { sent: countNotificationsByKind(db), failed: countReminderFailures(db) };
  }

  async onModuleDestroy(): Promise<void> {
    await this.queue?.close();
  }
}
