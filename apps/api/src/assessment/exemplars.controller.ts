import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { exemplarDecider, exemplarStream, type ExemplarCommand } from '#domain';
import { getExemplar, listExemplars, type ExemplarView } from '#read-models';
import { ProjectionsService } from '#platform';
import { Roles } from '../auth/auth.decorators.js';
import { CommandGateway, withEtag } from '../http/command-gateway.js';
import { ResourceIdPipe } from '../http/id.pipe.js';
import { decodeCursor, paginate, type Page } from '../http/pagination.js';
import { CodedHttpError } from '../http/problem.filter.js';
import { Ctx, type RequestContext } from '../http/request-context.js';
import { AssessmentReasonDto, ListExemplarsQuery, NominateExemplarDto, RecognizeExemplarDto, SelectExemplarDto } from './assessment.dto.js';

/** Reform exemplars (改革典型): nominated by the office, selected by the committee, recognised from above. */
@ApiTags('assessment')
@ApiBearerAuth()
@Controller('exemplars')
export class ExemplarsController {
  constructor(
    private readonly commands: CommandGateway,
    private readonly projections: ProjectionsService,
  ) {}

  private get db() {
    return this.projections.runner('exemplars').db;
  }

  @Post()
  @HttpCode(201)
  @Roles('reform_office')
  @ApiOperation({ summary: 'Nominate a reform exemplar of a unit for a year' })
  async nominate(@Body() dto: NominateExemplarDto, @Ctx() ctx: RequestContext, @Res({ passthrough: true }) reply: FastifyReply): Promise<ExemplarView> {
    const exemplarId = ctx.newId('exemplar');
    const data = { exemplarId, title: dto.title, unit: dto.unit, year: dto.year, summary: dto.summary, ...(dto.taskIds !== undefined ? { taskIds: dto.taskIds } : {}) };
    await this.execute(exemplarId, { type: 'NominateExemplar', data, metadata: ctx.metadata }, ctx);
    return withEtag(reply, this.load(exemplarId));
  }

  @Get()
  @ApiOperation({ summary: 'Exemplars, oldest nomination first' })
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
    return paginate(rows, limit, (x) => [x.createdAt, x.id], (x) => x);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One exemplar with its recognitions' })
  get(@Param('id', ResourceIdPipe) id: string, @Res({ passthrough: true }) reply: FastifyReply): ExemplarView {
    return withEtag(reply, this.load(id));
  }

  @Post(':id/select')
  @HttpCode(200)
  @Roles('committee_member')
  @ApiOperation({ summary: 'Select the nomination as a city-level exemplar' })
  async select(@Param('id', ResourceIdPipe) id: string, @Body() dto: SelectExemplarDto, @Ctx() ctx: RequestContext, @Res({ passthrough: true }) reply: FastifyReply) {
    const data = { exemplarId: id, level: dto.level, ...(dto.comment !== undefined ? { comment: dto.comment } : {}) };
    return this.command(id, { type: 'SelectExemplar', data, metadata: ctx.metadata }, ctx, reply);
  }

  @Post(':id/reject')
  @HttpCode(200)
  @Roles('committee_member')
  @ApiOperation({ summary: 'Reject the nomination with a reason' })
  async reject(@Param('id', ResourceIdPipe) id: string, @Body() dto: AssessmentReasonDto, @Ctx() ctx: RequestContext, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.command(id, { type: 'RejectExemplar', data: { exemplarId: id, reason: dto.reason }, metadata: ctx.metadata }, ctx, reply);
  }

  @Post(':id/recognize')
  @HttpCode(200)
  @Roles('reform_office')
  @ApiOperation({ summary: 'Record recognition from above (province or national) of a selected exemplar; 409 otherwise' })
  async recognize(@Param('id', ResourceIdPipe) id: string, @Body() dto: RecognizeExemplarDto, @Ctx() ctx: RequestContext, @Res({ passthrough: true }) reply: FastifyReply) {
    const data = { exemplarId: id, level: dto.level, by: dto.by, reference: dto.reference, at: dto.at };
    return this.command(id, { type: 'RecognizeExemplar', data, metadata: ctx.metadata }, ctx, reply);
  }

  private execute(id: string, command: ExemplarCommand, ctx: RequestContext) {
    return this.commands.run(exemplarStream(id), exemplarDecider, command, ctx);
  }

  private async command(id: string, command: ExemplarCommand, ctx: RequestContext, reply: FastifyReply): Promise<ExemplarView> {
    await this.execute(id, command, ctx);
    return withEtag(reply, this.load(id));
  }

  private load(id: string): ExemplarView {
    const exemplar = getExemplar(this.db, id);
    if (!exemplar) throw new CodedHttpError(404, 'EXEMPLAR.NOT_FOUND', `Exemplar ${id} not found`);
    return exemplar;
  }
}
