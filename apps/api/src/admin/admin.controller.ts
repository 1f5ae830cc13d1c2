import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { RebuildStatus } from '#read-models';
import { ProjectionsService } from '#platform';
import { CodedHttpError } from '../http/problem.filter.js';
import type { ProjectionView } from './admin.responses.js';
import { ApiAnswer, ApiAnswerList } from '../http/openapi/api-answer.decorators.js';

/** One projection as `GET /admin/projections` shows it. */
/** Operating the read models: their progress, failures and rebuilds. */
@ApiTags('admin')
@ApiBearerAuth()
@Controller('admin')
export class AdminController {
  constructor(private readonly projections: ProjectionsService) {}

  @Get('projections')
  @ApiOperation({ summary: 'Every projection: checkpoint, lag (events and seconds), status, the event it stopped on, rebuild progress' })
  @ApiAnswerList('ProjectionView')
  async list(): Promise<ProjectionView[]> {
    return (await this.projections.status()).map((p) => ({
      name: p.name,
      version: p.version,
      status: p.status,
      checkpoint: p.checkpoint,
      lag: p.lag,
      lagSeconds: p.lagSeconds,
      checkpointEventTime: p.checkpointEventTime,
      error: p.error,
      rebuild: p.rebuild ?? null,
    }));
  }

  @Post('projections/:name/rebuild')
  @HttpCode(202)
  @ApiOperation({
    summary:
      'Rebuilds into a fresh file while the old one serves, compares checksums, swaps when equal (202; progress in GET /admin/projections)',
  })
  @ApiAnswer('ProjectionRebuildStarted')
  rebuild(@Param('name') name: string): { name: string; rebuild: RebuildStatus | null } {
    if (!this.projections.has(name)) throw new CodedHttpError(404, 'PROJECTION.NOT_FOUND', { name });
    const runner = this.projections.runner(name);
    if (runner.info().rebuild?.state === 'running') throw new CodedHttpError(409, 'PROJECTION.REBUILD_IN_PROGRESS', { name });
    // Runs in the background; its outcome (never a throw) is reported in info().rebuild.
    void runner.rebuild();
    return { name, rebuild: runner.info().rebuild };
  }
}
