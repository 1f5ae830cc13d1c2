import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { tap, type Observable } from 'rxjs';
import { MetricsService } from '../metrics/metrics.service.js';

/** Times every command route (POST) for `reform_command_duration_seconds`. */
@Injectable()
export class CommandMetricsInterceptor implements NestInterceptor {
  constructor(private readonly metrics: MetricsService) {}

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = ctx.switchToHttp().getRequest<FastifyRequest>();
    if (ctx.getType() !== 'http' || req.method !== 'POST') return next.handle();
    const route = req.routeOptions?.url ?? 'unknown';
    const end = this.metrics.commandLatency.startTimer({ route });
    return next.handle().pipe(
      tap({
        next: () => end({ status: String(ctx.switchToHttp().getResponse<FastifyReply>().statusCode) }),
        error: (e: { getStatus?: () => number }) => end({ status: String(e?.getStatus?.() ?? 500) }),
      }),
    );
  }
}
