import { Inject, Logger, Optional } from '@nestjs/common';
import { OnWorkerEvent, WorkerHost } from '@nestjs/bullmq';
import { DelayedError, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { EventStore } from '#event-store';
import { AppConfig } from '../config/app.config.js';
import { Clock } from '../clock.js';
import { BusCommandSender } from '../command/decide-command.js';
import { EVENT_STORE, REDIS } from '../tokens.js';
import { isRedisConnectionError } from '../redis/redis.factory.js';
import { Translator } from '../i18n/translator.js';
import {
  CHANNELS,
  REMINDER_OBSERVER,
  ReminderDelivery,
  type DeliveryJob,
  type ReminderJobData,
  type ReminderObserver,
  type Channel,
  type ReminderSettings,
} from '#reminders';
import { ReminderEngine } from './reminder.engine.js';
import { REMINDER_WORKER_OPTIONS, type ReminderWorkerOptions } from './reminder-worker.options.js';
import { claimOnce, reserveSlot } from './robot-pacing.js';
import { REMINDER_SETTINGS } from './reminder-worker.tokens.js';

/**
 * Runs the jobs of the reminder queue. The `@Processor` decorator is applied in
 * `ReminderWorkerModule.forRoot`, because its worker options (concurrency, lock duration) come from
 * the module's options.
 */
export class ReminderProcessor extends WorkerHost {
  private readonly logger = new Logger(ReminderProcessor.name);
  private readonly delivery: ReminderDelivery;

  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    commands: BusCommandSender,
    @Inject(REMINDER_SETTINGS) settings: ReminderSettings,
    private readonly engine: ReminderEngine,
    @Inject(Translator) texts: Translator,
    @Inject(REDIS) private readonly redis: Redis,
    private readonly config: AppConfig,
    @Inject(REMINDER_WORKER_OPTIONS) private readonly options: ReminderWorkerOptions,
    clock: Clock,
    @Optional() @Inject(REMINDER_OBSERVER) observer?: ReminderObserver,
  ) {
    super();
    // The app's "now", like the scheduler's (ReminderEngine): a reminder is judged still due, an
    // expiry due, and both are recorded at the time commands are decided on, so a moved clock
    // (a spec's SetClock) moves delivery with the plans.
    this.delivery = new ReminderDelivery(store, commands, settings, texts, observer, () => clock.now());
  }

  async process(job: Job<ReminderJobData>, token?: string): Promise<string | number> {
    const data = job.data;
    const as = <D>(d: D): DeliveryJob<D> => ({
      id: job.id!,
      data: d,
      attemptsMade: job.attemptsMade,
      attempts: job.opts.attempts ?? 1,
      // The channels that took the reminder are the job's progress: kept in Redis across retries
      // and worker restarts, so a retry for a failing channel does not resend on the others.
      delivered: deliveredChannels(job.progress),
      markDelivered: (channels) => job.updateProgress({ delivered: [...channels] }),
      claimRobotCopy: (key) => claimOnce(this.redis, `${this.config.QUEUE_PREFIX}:robot-copy:${key}`, job.id!),
      reserveRobotSlot: (robot) =>
        reserveSlot(this.redis, `${this.config.QUEUE_PREFIX}:robot-rate:${robot}`, this.options.robotRate, Date.now()),
      postpone: async (ms) => {
        await job.moveToDelayed(Date.now() + ms, token);
        // Tells BullMQ the job was moved, not finished.
        throw new DelayedError();
      },
    });
    // The sweep is the engine's; every other job is delivery's, whichever subject it is of.
    if (data.type === 'sweep') {
      const added = await this.engine.sweep();
      if (added > 0) this.logger.warn(`sweep re-added ${added} missing reminder jobs`);
      return added;
    }
    return this.delivery.run(as(data));
  }

  /**
   * The worker's own errors. Connection errors are its reconnect attempts while Redis is
   * away, already reported in one line by the platform; without a listener BullMQ prints each with its stack.
   */
  @OnWorkerEvent('error')
  onWorkerError(error: Error): void {
    if (!isRedisConnectionError(error)) this.logger.warn(`reminder worker: ${error.message}`);
  }
}

/** The channels a job's progress says took its reminder (nothing for a job not yet tried). */
function deliveredChannels(progress: unknown): Channel[] {
  const delivered = (progress as { delivered?: unknown } | null)?.delivered;
  return Array.isArray(delivered) ? CHANNELS.filter((c) => delivered.includes(c)) : [];
}
