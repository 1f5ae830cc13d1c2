import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, UseInterceptors } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { inspectionStream, type Decider, type InspectionCommand, type InspectionEvent, type InspectionState } from '#domain';
import { getFinding, getInspection, listInspections, type InspectionView } from '#read-models';
import { Clock, ProjectionsService } from '#platform';
import { instructionsOf } from '../supervision/subject-supervision.js';
import type { FindingDetail } from './inspection.responses.js';
import { EtagInterceptor } from '../http/etag.interceptor.js';
import { found } from '../http/found.js';
import { ResourceIdPipe } from '../http/id.pipe.js';
import { decodeCursor, foreignCursor, paginate, type Page } from '../http/pagination.js';
import { Ctx, type RequestContext } from '../http/request-context.js';
import { requireTasksOnLedger } from '../http/task-refs.js';
import { INSPECTION_DECIDER } from './inspection-decider.provider.js';
import {
  ExtendDueDto,
  ListInspectionsQuery,
  OpenInspectionDto,
  RecordFindingDto,
  RecordRectificationDto,
  SubmitPlanDto,
  VerifyRectificationDto,
} from './inspection.dto.js';
import { FileCatalogue } from '../files/file-catalogue.js';
import { ApiAnswer, ApiPage } from '../http/openapi/api-answer.decorators.js';

/**
 * Inspections (督察) and their findings. Roles are route.access.ts's; ownership (the plan comes from
 * the responsible unit, the verifier is not the rectifying unit) is the decider's rule.
 */
@ApiTags('inspections')
@ApiBearerAuth()
@UseInterceptors(EtagInterceptor)
@Controller('inspections')
export class InspectionsController {
  constructor(
    private readonly bus: CommandBus,
    private readonly projections: ProjectionsService,
    /** Built from this deployment's policy (`RECTIFICATION_EXTENSION_LIMITS`). */
    @Inject(INSPECTION_DECIDER) private readonly decider: Decider<InspectionCommand, InspectionEvent, InspectionState>,
    private readonly clock: Clock,
    /** Looks attachments up for the decider (`attachments: [fileId]`). */
    private readonly files: FileCatalogue,
  ) {}

  private get db() {
    return this.projections.runner('inspections').db;
  }

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Open an inspection against a unit (and optionally some of its ledger tasks)' })
  @ApiAnswer('InspectionView')
  async open(@Body() dto: OpenInspectionDto, @Ctx() ctx: RequestContext): Promise<InspectionView> {
    requireTasksOnLedger(this.projections, dto.taskIds ?? []);
    const inspectionId = ctx.newId('inspection');
    const data = {
      inspectionId,
      title: dto.title,
      targetUnit: dto.targetUnit,
      ...(dto.taskIds !== undefined ? { taskIds: dto.taskIds } : {}),
      ...(dto.scope !== undefined ? { scope: dto.scope } : {}),
    };
    await this.bus.execute(ctx.decide(inspectionStream(inspectionId), this.decider, { type: 'OpenInspection', data }));
    return this.get(inspectionId, ctx);
  }

  @Get()
  @ApiOperation({ summary: 'Inspections with their findings, oldest first' })
  @ApiPage('InspectionView')
  list(@Query() query: ListInspectionsQuery, @Ctx() ctx: RequestContext): Page<InspectionView> {
    const limit = query.limit ?? 50;
    const after = decodeCursor(query.cursor, 2) as [string, string] | null;
    if (after && !after.every((k) => typeof k === 'string')) throw foreignCursor();
    const rows = listInspections(this.db, { ...query, limit, after, reader: ctx.actor }, this.clock.now());
    return paginate(
      rows,
      limit,
      (i) => [i.openedAt, i.id],
      (i) => i,
    );
  }

  @Get(':id')
  @ApiOperation({ summary: 'One inspection with its findings; overdue is computed against the current time' })
  @ApiAnswer('InspectionView')
  get(@Param('id', ResourceIdPipe) id: string, @Ctx() ctx: RequestContext): InspectionView {
    return found(getInspection(this.db, id, this.clock.now(), ctx.actor), 'INSPECTION.NOT_FOUND', { inspectionId: id });
  }

  @Get(':id/findings/:findingId')
  @ApiOperation({ summary: 'One finding; its revision and ETag are the inspection stream’s' })
  @ApiAnswer('FindingDetail')
  getFinding(
    @Param('id', ResourceIdPipe) id: string,
    @Param('findingId', ResourceIdPipe) findingId: string,
    @Ctx() ctx: RequestContext,
  ): FindingDetail {
    const finding = found(getFinding(this.db, id, findingId, this.clock.now(), ctx.actor), 'INSPECTION.FINDING_NOT_FOUND', {
      inspectionId: id,
      findingId,
    });
    return { ...finding, instructions: instructionsOf(this.projections, 'finding', findingId, ctx.actor) };
  }

  @Post(':id/findings')
  @HttpCode(201)
  @ApiOperation({ summary: 'Record a finding with its severity, responsible unit and rectification due date' })
  @ApiAnswer('FindingDetail')
  async recordFinding(
    @Param('id', ResourceIdPipe) id: string,
    @Body() dto: RecordFindingDto,
    @Ctx() ctx: RequestContext,
  ): Promise<FindingDetail> {
    const findingId = ctx.newId('finding');
    const data = {
      inspectionId: id,
      findingId,
      description: dto.description,
      severity: dto.severity,
      responsibleUnit: dto.responsibleUnit,
      rectificationDue: dto.rectificationDue,
    };
    await this.bus.execute(ctx.decide(inspectionStream(id), this.decider, { type: 'RecordFinding', data }));
    return this.getFinding(id, findingId, ctx);
  }

  @Post(':id/findings/:findingId/plan')
  @HttpCode(200)
  @ApiOperation({ summary: 'The department of the responsible unit submits its rectification plan' })
  @ApiAnswer('FindingDetail')
  async plan(
    @Param('id', ResourceIdPipe) id: string,
    @Param('findingId', ResourceIdPipe) findingId: string,
    @Body() dto: SubmitPlanDto,
    @Ctx() ctx: RequestContext,
  ): Promise<FindingDetail> {
    const data = {
      inspectionId: id,
      findingId,
      plan: dto.plan,
      ...(dto.due !== undefined ? { due: dto.due } : {}),
      ...this.files.attachments(dto.attachments),
    };
    await this.bus.execute(ctx.decide(inspectionStream(id), this.decider, { type: 'SubmitRectificationPlan', data }));
    return this.getFinding(id, findingId, ctx);
  }

  @Post(':id/findings/:findingId/rectifications')
  @HttpCode(200)
  @ApiOperation({ summary: 'The inspector records what was done to rectify, with evidence' })
  @ApiAnswer('FindingDetail')
  async rectify(
    @Param('id', ResourceIdPipe) id: string,
    @Param('findingId', ResourceIdPipe) findingId: string,
    @Body() dto: RecordRectificationDto,
    @Ctx() ctx: RequestContext,
  ): Promise<FindingDetail> {
    const data = {
      inspectionId: id,
      findingId,
      description: dto.description,
      ...(dto.evidence !== undefined ? { evidence: dto.evidence } : {}),
      ...this.files.attachments(dto.attachments),
    };
    await this.bus.execute(ctx.decide(inspectionStream(id), this.decider, { type: 'RecordRectification', data }));
    return this.getFinding(id, findingId, ctx);
  }

  @Post(':id/findings/:findingId/verify')
  @HttpCode(200)
  @ApiOperation({ summary: 'Verify the rectification: accepted closes the finding, rejected reopens it' })
  @ApiAnswer('FindingDetail')
  async verify(
    @Param('id', ResourceIdPipe) id: string,
    @Param('findingId', ResourceIdPipe) findingId: string,
    @Body() dto: VerifyRectificationDto,
    @Ctx() ctx: RequestContext,
  ): Promise<FindingDetail> {
    const data = { inspectionId: id, findingId, outcome: dto.outcome, comment: dto.comment };
    await this.bus.execute(ctx.decide(inspectionStream(id), this.decider, { type: 'VerifyRectification', data }));
    return this.getFinding(id, findingId, ctx);
  }

  @Post(':id/findings/:findingId/extend')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Extend the rectification due date, at most as often as RECTIFICATION_EXTENSION_LIMITS allows for the severity',
  })
  @ApiAnswer('FindingDetail')
  async extend(
    @Param('id', ResourceIdPipe) id: string,
    @Param('findingId', ResourceIdPipe) findingId: string,
    @Body() dto: ExtendDueDto,
    @Ctx() ctx: RequestContext,
  ): Promise<FindingDetail> {
    const data = { inspectionId: id, findingId, due: dto.due, reason: dto.reason, ...this.files.attachments(dto.attachments) };
    await this.bus.execute(ctx.decide(inspectionStream(id), this.decider, { type: 'ExtendRectificationDue', data }));
    return this.getFinding(id, findingId, ctx);
  }

  @Post(':id/close')
  @HttpCode(200)
  @ApiOperation({ summary: 'Close the inspection; 409 while any finding is not closed' })
  @ApiAnswer('InspectionView')
  async close(@Param('id', ResourceIdPipe) id: string, @Ctx() ctx: RequestContext): Promise<InspectionView> {
    await this.bus.execute(ctx.decide(inspectionStream(id), this.decider, { type: 'CloseInspection', data: { inspectionId: id } }));
    return this.get(id, ctx);
  }
}
