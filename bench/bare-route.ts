// The baseline route of the HTTP benchmarks: the same Nest/Fastify stack as the API with no
// auth, validation, store or read model (`GET /bench/bare`), mounted beside the API's routes.
import { Controller, Get, Module } from '@nestjs/common';
import { Public } from '../apps/api/src/auth/auth.decorators.js';

@Controller('bench')
class BareController {
  @Public()
  @Get('bare')
  bare(): { ok: boolean } {
    return { ok: true };
  }
}

/** Import it into the benchmarked app (`extraImports`) to serve `GET /bench/bare`. */
@Module({ controllers: [BareController] })
export class BareRouteModule {}
