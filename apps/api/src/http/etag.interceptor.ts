import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { tap, type Observable } from 'rxjs';

/**
 * `ETag: "<revision>"` on every answer that is one resource (a body with a numeric `revision`:
 * the stream revision a client sends back in `If-Match`). Put on the controllers of resources
 * with `@UseInterceptors(EtagInterceptor)`; lists and summaries carry no revision, so no tag.
 */
@Injectable()
export class EtagInterceptor implements NestInterceptor {
  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      tap((body: unknown) => {
        const revision = (body as { revision?: unknown } | null | undefined)?.revision;
        if (typeof revision === 'number') void ctx.switchToHttp().getResponse<FastifyReply>().header('etag', `"${revision}"`);
      }),
    );
  }
}
