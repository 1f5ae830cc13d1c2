import { Global, Module } from '@nestjs/common';
import { MetricsService } from './metrics.service.js';

/** One Prometheus registry per process, shared by every capability. */
@Global()
@Module({ providers: [MetricsService], exports: [MetricsService] })
export class MetricsModule {}
