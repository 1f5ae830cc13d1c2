import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiAnswer } from '../http/openapi/api-answer.decorators.js';
import { ReminderMetrics } from './reminder-metrics.js';
import type { ReminderFigures } from './reminders.responses.js';

/** The reminder figures of `/metrics` for the console's 系统运维 page, which should not parse Prometheus text. */
@ApiTags('admin')
@ApiBearerAuth()
@Controller('admin')
export class ReminderFiguresController {
  constructor(private readonly figures: ReminderMetrics) {}

  @Get('reminders')
  @ApiOperation({
    summary: 'The reminder queue by state, reminders delivered by kind, and those a channel failed by kind and channel',
    description: 'The same figures as `/metrics` (`reform_queue_depth`, `reform_reminders_sent_total`, `reform_reminders_failed_total`).',
  })
  @ApiAnswer('ReminderFigures')
  async get(): Promise<ReminderFigures> {
    const counts = await this.figures.queueCounts();
    const queue = counts
      ? { waiting: counts.waiting, delayed: counts.delayed, active: counts.active, completed: counts.completed, failed: counts.failed }
      : null;
    return { queue, ...this.figures.deliveries() };
  }
}
