import path from 'node:path';
import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { EventStore } from '#event-store';
import { AppConfig } from '../config/app.config.js';
import { Clock } from '../clock.js';
import { EVENT_STORE, REDIS } from '../tokens.js';
import { firstConnection, redisIsDown } from '../redis/redis.factory.js';
import {
  assertNoEviction,
  REMINDER_QUEUE,
  RedisEvictionPolicyError,
  ReminderScheduler,
  SWEEP_SCHEDULER_ID,
  type ReminderJobData,
  type ReminderSettings,
} from '#reminders';
import { REMINDER_WORKER_OPTIONS, type ReminderWorkerOptions } from './reminder-worker.options.js';
import { REMINDER_SETTINGS } from './reminder-worker.tokens.js';

/**
 * Owns the scheduler projection and the sweep's job scheduler. At boot it refuses a Redis
 * that may evict keys (unless REDIS_ALLOW_EVICTION=true). Redis absent at boot is the same as
 * Redis lost later: the engine starts, the scheduler waits at its checkpoint, and the watchdog
 * puts the sweep in place (and checks the eviction policy) once Redis answers.
 */
@Injectable()
export class ReminderEngine implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(ReminderEngine.name);
  private scheduler: ReminderScheduler | null = null;
  private watchdog: NodeJS.Timeout | null = null;

  constructor(
    private readonly config: AppConfig,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(REMINDER_SETTINGS) private readonly settings: ReminderSettings,
    @Inject(REMINDER_WORKER_OPTIONS) private readonly options: ReminderWorkerOptions,
    @InjectQueue(REMINDER_QUEUE) private readonly queue: Queue<ReminderJobData>,
    private readonly clock: Clock,
  ) {}

  async onModuleInit(): Promise<void> {
    const reachable = await firstConnection(this.redis);
    if (reachable) await this.checkEviction();
    else this.redis.once('ready', () => void this.checkEviction().catch((e: unknown) => this.logger.error((e as Error).message)));
    this.scheduler = new ReminderScheduler({
      store: this.store,
      queue: this.queue,
      file: path.join(this.config.readModelDir, 'reminder-scheduler.sqlite'),
      settings: this.settings,
      jobOptions: {
        attempts: this.options.attempts,
        backoff: { type: 'exponential', delay: this.options.backoffMs },
        // Finished jobs are kept a while so a re-add with the same id is a no-op.
        removeOnComplete: { age: 7 * 86_400 },
        removeOnFail: { age: 30 * 86_400 },
      },
      log: (level, message) => (level === 'debug' ? this.logger.debug(message) : this.logger[level](message)),
      // The server's "now": the delays it plans and the reporting periods it reminds follow the same clock
      // commands are decided on (a spec sets it); BullMQ then waits in real time.
      now: () => this.clock.now(),
    });
    this.scheduler.start();
    // Without Redis the queue's commands would wait for it (BullMQ's connections never give
    // up), holding boot: the watchdog puts the sweep in place once Redis answers.
    if (reachable) await this.ensureSweep();
    // A FLUSHDB, a replaced Redis or one that was not there at boot lacks the job scheduler: put it back.
    this.watchdog = setInterval(
      () => {
        if (redisIsDown(this.redis)) return;
        void this.ensureSweep().catch((e: unknown) => this.logger.warn(`sweep watchdog: ${(e as Error).message}`));
      },
      Math.max(1_000, this.settings.sweepEveryMs),
    );
    this.watchdog.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.watchdog) clearInterval(this.watchdog);
    await this.scheduler?.close();
  }

  /** The scheduler projection (tests wait on its checkpoint). */
  get projection(): ReminderScheduler {
    if (!this.scheduler) throw new Error('reminder scheduler not started');
    return this.scheduler;
  }

  /** Re-adds every missing reminder job; run by the sweep job. */
  sweep(): Promise<number> {
    return this.projection.sweep();
  }

  /**
   * Refuses an evicting Redis found at boot (the process does not start). One that first
   * answers later cannot stop a serving process: it is logged as an error, and the sweep
   * re-adds what it evicts.
   */
  private async checkEviction(): Promise<void> {
    try {
      const policy = await assertNoEviction(this.redis, this.config.REDIS_ALLOW_EVICTION);
      if (policy !== 'noeviction') this.logger.warn(`Redis maxmemory-policy is ${policy}; starting because REDIS_ALLOW_EVICTION=true`);
    } catch (e) {
      if (!(e instanceof RedisEvictionPolicyError)) this.logger.warn(`Redis eviction policy not checked: ${(e as Error).message}`);
      else if (this.scheduler) this.logger.error(e.message);
      else throw e;
    }
  }

  private async ensureSweep(): Promise<void> {
    if (await this.queue.getJobScheduler(SWEEP_SCHEDULER_ID)) return;
    await this.queue.upsertJobScheduler(
      SWEEP_SCHEDULER_ID,
      { every: this.settings.sweepEveryMs },
      { name: 'sweep', data: { type: 'sweep' } },
    );
  }
}
