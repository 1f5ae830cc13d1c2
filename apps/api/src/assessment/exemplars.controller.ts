import { Body, Controller, Get, HttpCode, Param, Post, Query, UseInterceptors } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { exemplarDecider, exemplarStream } from '#domain';
import { getExemplar, listExemplars, type ExemplarView } from '#read-models';
import { ProjectionsService } from '#platform';
import { EtagInterceptor } from '../http/etag.interceptor.js';
import { found } from '../http/found.js';
import { ResourceIdPipe } from '../http/id.pipe.js';
import { decodeCursor, paginate, type Page } from '../http/pagination.js';
import { Ctx, type RequestContext } from '../http/request-context.js';
import { AssessmentReasonDto, ListExemplarsQuery, NominateExemplarDto, RecognizeExemplarDto, SelectExemplarDto } from './assessment.dto.js';
import { ApiAnswer, ApiPage } from '../http/openapi/api-answer.decorators.js';

/** Reform exemplars (改革典型): nominated by the office, selected by the committee, recognised from above. */
@ApiTags('assessment')
@ApiBearerAuth()
@UseInterceptors(EtagInterceptor)
@Controller('exemplars')
export class ExemplarsController {
  constructor(
    private readonly bus: CommandBus,
    private readonly projections: ProjectionsService,
  ) {}

  private get db() {
    return this.projections.runner('exemplars').db;
  }

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Nominate a reform exemplar of a unit for a year' })
  @ApiAnswer('ExemplarView')
  async nominate(@Body() dto: NominateExemplarDto, @Ctx() ctx: RequestContext): Promise<ExemplarView> {
    const exemplarId = ctx.newId('exemplar');
    const data = {
      exemplarId,
      title: dto.title,
      unit: dto.unit,
      year: dto.year,
      summary: dto.summary,
      ...(dto.taskIds !== undefined ? { taskIds: dto.taskIds } : {}),
    };
    await this.bus.execute(ctx.decide(exemplarStream(exemplarId), exemplarDecider, { type: 'NominateExemplar', data }));
    return this.get(exemplarId);
  }

  @Get()
  @ApiOperation({ summary: 'Exemplars, oldest nomination first' })
  @ApiPage('ExemplarView')
  list(@Query() query: ListExemplarsQuery): Page<ExemplarView> {
    const limit = query.limit ?? 50;
    const after = decodeCursor(query.cursor, 2) as [string, string] | null;
    const rows = listExemplars(this.db, {
      ...(query.year !== undefined ? { year: query.year } : {}),
      ...(query.unit ? { unit: query.unit } : {}),
      ...(query.status ? { status: query.status } : {}),
      ...(query.level ? { level: query.level } : {}),
      limit,
      after,
    });
    return paginate(
      rows,
      limit,
      (x) => [x.createdAt, x.id],
      (x) => x,
    );
  }

  @Get(':id')
  @ApiOperation({ summary: 'One exemplar with its recognitions' })
  @ApiAnswer('ExemplarView')
  get(@Param('id', ResourceIdPipe) id: string): ExemplarView {
    return found(getExemplar(this.db, id), 'EXEMPLAR.NOT_FOUND', { exemplarId: id });
  }

  @Post(':id/select')
  @HttpCode(200)
  @ApiOperation({ summary: 'Select the nomination as a city-level exemplar' })
  @ApiAnswer('ExemplarView')
  async select(@Param('id', ResourceIdPipe) id: string, @Body() dto: SelectExemplarDto, @Ctx() ctx: RequestContext): Promise<ExemplarView> {
    const data = { exemplarId: id, level: dto.level, ...(dto.comment !== undefined ? { comment: dto.comment } : {}) };
    await this.bus.execute(ctx.decide(exemplarStream(id), exemplarDecider, { type: 'SelectExemplar', data }));
    return this.get(id);
  }

  @Post(':id/reject')
  @HttpCode(200)
  @ApiOperation({ summary: 'Reject the nomination with a reason' })
  @ApiAnswer('ExemplarView')
  async reject(
    @Param('id', ResourceIdPipe) id: string,
    @Body() dto: AssessmentReasonDto,
    @Ctx() ctx: RequestContext,
  ): Promise<ExemplarView> {
    await this.bus.execute(
      ctx.decide(exemplarStream(id), exemplarDecider, { type: 'RejectExemplar', data: { exemplarId: id, reason: dto.reason } }),
    );
    return this.get(id);
  }

  @Post(':id/recognize')
  @HttpCode(200)
  @ApiOperation({ summary: 'Record recognition from above (province or national) of a selected exemplar; 409 otherwise' })
  @ApiAnswer('ExemplarView')
  async recognize(
    @Param('id', ResourceIdPipe) id: string,
    @Body() dto: RecognizeExemplarDto,
    @Ctx() ctx: RequestContext,
  ): Promise<ExemplarView> {
    const data = { exemplarId: id, level: dto.level, by: dto.by, reference: dto.reference, at: dto.at };
    await this.bus.execute(ctx.decide(exemplarStream(id), exemplarDecider, { type: 'RecognizeExemplar', data }));
    return this.get(id);
  }
}
