import { Logger } from '@nestjs/common';
import { Queue } from 'bullmq';
import { isRedisConnectionError } from './redis.factory.js';

/**
 * A BullMQ queue whose errors are listened to from the moment it exists: Redis being away is
 * reported once by the platform (`watchRedis`), so connection errors are dropped here; anything
 * else is logged. Without a listener BullMQ prints every reconnect attempt with its stack.
 * `ReminderWorkerModule` makes it the class `@nestjs/bullmq` builds its queues with.
 */
export class LoggedQueue<T = unknown> extends Queue<T> {
  private static readonly logger = new Logger('Queue');

  constructor(...args: ConstructorParameters<typeof Queue<T>>) {
    super(...args);
    this.on('error', (error: Error) => {
      if (!isRedisConnectionError(error)) LoggedQueue.logger.warn(`queue ${this.name}: ${error.message}`);
    });
  }
}
