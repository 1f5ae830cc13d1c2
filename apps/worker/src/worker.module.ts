import { BullModule } from '@nestjs/bullmq';
import { Module, type DynamicModule } from '@nestjs/common';
import type { AppConfig } from '#platform';

/** Name of the BullMQ queue that carries deadline reminders and matter expiries. */
export const REMINDER_QUEUE = 'reminders';

/**
 * The background side of the product: BullMQ on Redis. Runs inside the API process in the
 * embedded default (`RUN_WORKER=true`) or alone (`npm run start:worker`).
 */
@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        BullModule.forRoot({
          connection: { url: config.REDIS_URL, maxRetriesPerRequest: null } as never,
          prefix: config.QUEUE_PREFIX,
        }),
        BullModule.registerQueue({ name: REMINDER_QUEUE }),
      ],
      exports: [BullModule],
    };
  }
}
