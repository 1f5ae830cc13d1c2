import { Module } from '@nestjs/common';
import { JwtVerifier } from '../auth/jwt-verifier.js';
import { QueueDashboard } from './queue-dashboard.js';
import { ReminderFiguresController } from './reminder-figures.controller.js';
import { ReminderMetrics } from './reminder-metrics.js';

/**
 * The reminder engine as operators see it, for every subject it reminds about (action items,
 * matters, findings): the queue dashboard at `/admin/queues` and the reminder figures of
 * `/metrics` (and as JSON at `/admin/reminders`). The engine itself is `ReminderWorkerModule` (libs/platform).
 */
@Module({ controllers: [ReminderFiguresController], providers: [QueueDashboard, ReminderMetrics, JwtVerifier] })
export class RemindersModule {}
