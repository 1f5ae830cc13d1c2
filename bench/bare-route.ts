// The baseline route of the HTTP benchmarks: the same Nest/Fastify stack as the API with no
// auth, validation, store or read model (`GET /bench/bare`), mounted beside the API's routes.
import { Controller, Get, Module } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '../apps/api/src/auth/auth.decorators.js';

// Not part of the product's contract: kept out of the OpenAPI document (which requires every operation's Chinese summary).
@ApiExcludeController()
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
