import { BullModule, Processor } from '@nestjs/bullmq';
import { Module, type DynamicModule } from '@nestjs/common';
import type { AppConfig } from '../config/app.config.js';
import { REMINDER_QUEUE, reminderSettings } from '#reminders';
import { LoggedQueue } from '../redis/logged-queue.js';
import { ReminderEngine } from './reminder.engine.js';
import { ReminderProcessor } from './reminder.processor.js';
import { DEFAULT_REMINDER_WORKER_OPTIONS, REMINDER_WORKER_OPTIONS, type ReminderWorkerOptions } from './reminder-worker.options.js';
import { REMINDER_SETTINGS } from './reminder-worker.tokens.js';

/**
 * The background side of the product: the reminder scheduler (a projection of deadline events
 * into BullMQ delayed jobs), the processor that delivers them, the sweep, and matter expiry.
 * Runs inside the API process in the embedded default (`RUN_WORKER=true`) or alone
 * (`npm run start:worker`); any number of workers may share a queue. It lives in this lib,
 * not in apps/worker, because both apps run it and an app never imports another app.
 */
@Module({})
export class ReminderWorkerModule {
  static forRoot(config: AppConfig, options: Partial<ReminderWorkerOptions> = {}): DynamicModule {
    // Queues that report Redis being away once, not one stack trace per reconnect attempt.
    BullModule.queueClass = LoggedQueue;
    const resolved: ReminderWorkerOptions = { ...DEFAULT_REMINDER_WORKER_OPTIONS, ...options };
    // Worker options live in the decorator's metadata, so they are set here, per process.
    Processor(REMINDER_QUEUE, {
      concurrency: resolved.concurrency,
      lockDuration: resolved.lockDurationMs,
      stalledInterval: resolved.stalledIntervalMs,
    })(ReminderProcessor);
    return {
      module: ReminderWorkerModule,
      imports: [
        BullModule.forRoot({
          connection: { url: config.REDIS_URL, maxRetriesPerRequest: null } as never,
          prefix: config.QUEUE_PREFIX,
        }),
        BullModule.registerQueue({ name: REMINDER_QUEUE }),
      ],
      providers: [
        { provide: REMINDER_SETTINGS, useValue: reminderSettings(config) },
        { provide: REMINDER_WORKER_OPTIONS, useValue: resolved },
        ReminderEngine,
        ReminderProcessor,
      ],
      exports: [BullModule, ReminderEngine],
    };
  }
}
