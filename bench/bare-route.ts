// The baseline route of the HTTP benchmarks: the same Nest/Fastify stack as the API with no
// auth, validation, store or read model (`GET /bench/bare`), mounted beside the API's routes.
import { Controller, Get, Module } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { EXTRA_ROUTE_ACCESS, type RouteAccess } from '../apps/api/src/route.access.js';

// Not part of the product's contract: kept out of the OpenAPI document (which requires every operation's Chinese summary).
@ApiExcludeController()
@Controller('bench')
class BareController {
  @Get('bare')
  bare(): { ok: boolean } {
    return { ok: true };
  }
}

/** Its entry for the guards, beside route.access.ts's (public: no token). */
const BARE_ACCESS: Record<string, RouteAccess> = { 'GET /bench/bare': { roles: 'public' } };

/** Import it into the benchmarked app (`extraImports`) to serve `GET /bench/bare`. */
@Module({
  controllers: [BareController],
  providers: [{ provide: EXTRA_ROUTE_ACCESS, useValue: BARE_ACCESS }],
  exports: [EXTRA_ROUTE_ACCESS],
})
export class BareRouteModule {}
