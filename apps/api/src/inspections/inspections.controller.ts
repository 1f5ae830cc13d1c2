import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { inspectionDecider, type InspectionCommand } from '#domain';
import {
  getFinding,
  getInspection,
  getTask,
  listInspections,
  listRectifications,
  summarizeRectifications,
  type FindingView,
  type InspectionView,
  type RectificationSummary,
} from '#read-models';
import { AppConfig, ProjectionsService } from '#platform';
import { Roles } from '../auth/auth.decorators.js';
import { CommandGateway, withEtag } from '../http/command-gateway.js';
import { ResourceIdPipe } from '../http/id.pipe.js';
import { decodeCursor, paginate, type Page } from '../http/pagination.js';
import { CodedHttpError, ValidationProblem } from '../http/problem.filter.js';
import { Ctx, type RequestContext } from '../http/request-context.js';
import {
  ExtendDueDto,
  ListInspectionsQuery,
  ListRectificationsQuery,
  OpenInspectionDto,
  RecordFindingDto,
  RecordRectificationDto,
  SubmitPlanDto,
  VerifyRectificationDto,
} from './inspection.dto.js';

/** The inspection commands that address one finding. */
type FindingCommand = Extract<InspectionCommand, { data: { findingId: string } }>;

/** Per finding command, the fields its route supplies (the ids come from the path). */
type FindingData = { [C in FindingCommand as C['type']]: Omit<C['data'], 'inspectionId' | 'findingId'> };

// A decodable cursor with the wrong key types would reach SQLite bindings; refuse it like any forged cursor.
function badCursor(): ValidationProblem {
  return new ValidationProblem([{ path: 'cursor', message: 'cursor is not a cursor this server issued' }]);
}

/**
 * Inspections (督察) and their findings. Roles are checked here; ownership (the plan comes from
 * the responsible unit, the verifier is not the rectifying unit) is the decider's rule.
 */
@ApiTags('inspections')
@ApiBearerAuth()
@Controller('inspections')
export class InspectionsController {
  constructor(
    private readonly commands: CommandGateway,
    private readonly projections: ProjectionsService,
    private readonly config: AppConfig,
  ) {}

  private get db() {
    return this.projections.runner('inspections').db;
  }

  @Post()
  @HttpCode(201)
  @Roles('inspector')
  @ApiOperation({ summary: 'Open an inspection against a unit (and optionally some of its ledger tasks)' })
  async open(@Body() dto: OpenInspectionDto, @Ctx() ctx: RequestContext, @Res({ passthrough: true }) reply: FastifyReply): Promise<InspectionView> {
    this.requireKnownTasks(dto.taskIds ?? []);
    const inspectionId = ctx.newId('inspection');
    await this.execute(
      inspectionId,
      {
        type: 'OpenInspection',
        data: {
          inspectionId,
          title: dto.title,
          targetUnit: dto.targetUnit,
          ...(dto.taskIds !== undefined ? { taskIds: dto.taskIds } : {}),
          ...(dto.scope !== undefined ? { scope: dto.scope } : {}),
        },
        metadata: ctx.metadata,
      },
      ctx,
    );
    return withEtag(reply, this.load(inspectionId));
  }

  @Get()
  @ApiOperation({ summary: 'Inspections with their findings, oldest first' })
  list(@Query() query: ListInspectionsQuery): Page<InspectionView> {
    const limit = query.limit ?? 50;
    const after = decodeCursor(query.cursor, 2) as [string, string] | null;
    if (after && !after.every((k) => typeof k === 'string')) throw badCursor();
    const rows = listInspections(this.db, { ...query, limit, after }, Date.now());
    return paginate(rows, limit, (i) => [i.openedAt, i.id], (i) => i);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One inspection with its findings; overdue is computed against the current time' })
  get(@Param('id', ResourceIdPipe) id: string, @Res({ passthrough: true }) reply: FastifyReply): InspectionView {
    return withEtag(reply, this.load(id));
  }

  @Get(':id/findings/:findingId')
  @ApiOperation({ summary: 'One finding; its revision and ETag are the inspection stream’s' })
  getFinding(
    @Param('id', ResourceIdPipe) id: string,
    @Param('findingId', ResourceIdPipe) findingId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): FindingView {
    return withEtag(reply, this.loadFinding(id, findingId));
  }

  @Post(':id/findings')
  @HttpCode(201)
  @Roles('inspector')
  @ApiOperation({ summary: 'Record a finding with its severity, responsible unit and rectification due date' })
  async recordFinding(
    @Param('id', ResourceIdPipe) id: string,
    @Body() dto: RecordFindingDto,
    @Ctx() ctx: RequestContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<FindingView> {
    const data = { description: dto.description, severity: dto.severity, responsibleUnit: dto.responsibleUnit, rectificationDue: dto.rectificationDue };
    return this.findingCommand(id, ctx.newId('finding'), 'RecordFinding', data, ctx, reply);
  }

  @Post(':id/findings/:findingId/plan')
  @HttpCode(200)
  @Roles('department')
  @ApiOperation({ summary: 'The department of the responsible unit submits its rectification plan' })
  async plan(
    @Param('id', ResourceIdPipe) id: string,
    @Param('findingId', ResourceIdPipe) findingId: string,
    @Body() dto: SubmitPlanDto,
    @Ctx() ctx: RequestContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<FindingView> {
    const data = { plan: dto.plan, ...(dto.due !== undefined ? { due: dto.due } : {}) };
    return this.findingCommand(id, findingId, 'SubmitRectificationPlan', data, ctx, reply);
  }

  @Post(':id/findings/:findingId/rectifications')
  @HttpCode(200)
  @Roles('inspector')
  @ApiOperation({ summary: 'The inspector records what was done to rectify, with evidence' })
  async rectify(
    @Param('id', ResourceIdPipe) id: string,
    @Param('findingId', ResourceIdPipe) findingId: string,
    @Body() dto: RecordRectificationDto,
    @Ctx() ctx: RequestContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<FindingView> {
    const data = { description: dto.description, ...(dto.evidence !== undefined ? { evidence: dto.evidence } : {}) };
    return this.findingCommand(id, findingId, 'RecordRectification', data, ctx, reply);
  }

  @Post(':id/findings/:findingId/verify')
  @HttpCode(200)
  @Roles('inspector')
  @ApiOperation({ summary: 'Verify the rectification: accepted closes the finding, rejected reopens it' })
  async verify(
    @Param('id', ResourceIdPipe) id: string,
    @Param('findingId', ResourceIdPipe) findingId: string,
    @Body() dto: VerifyRectificationDto,
    @Ctx() ctx: RequestContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<FindingView> {
    return this.findingCommand(id, findingId, 'VerifyRectification', { outcome: dto.outcome, comment: dto.comment }, ctx, reply);
  }

  @Post(':id/findings/:findingId/extend')
  @HttpCode(200)
  @Roles('inspector')
  @ApiOperation({ summary: 'Extend the rectification due date, at most as often as RECTIFICATION_EXTENSION_LIMITS allows for the severity' })
  async extend(
    @Param('id', ResourceIdPipe) id: string,
    @Param('findingId', ResourceIdPipe) findingId: string,
    @Body() dto: ExtendDueDto,
    @Ctx() ctx: RequestContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<FindingView> {
    const data = { due: dto.due, reason: dto.reason, extensionLimits: this.config.rectificationExtensionLimits };
    return this.findingCommand(id, findingId, 'ExtendRectificationDue', data, ctx, reply);
  }

  @Post(':id/close')
  @HttpCode(200)
  @Roles('inspector')
  @ApiOperation({ summary: 'Close the inspection; 409 while any finding is not closed' })
  async close(@Param('id', ResourceIdPipe) id: string, @Ctx() ctx: RequestContext, @Res({ passthrough: true }) reply: FastifyReply): Promise<InspectionView> {
    await this.execute(id, { type: 'CloseInspection', data: { inspectionId: id }, metadata: ctx.metadata }, ctx);
    return withEtag(reply, this.load(id));
  }

  /** Tasks are another aggregate: existence is checked against the task ledger before deciding. */
  private requireKnownTasks(taskIds: string[]): void {
    const ledger = this.projections.runner('task-ledger').db;
    const now = Date.now();
    const unknown = taskIds.flatMap((taskId, i) => (getTask(ledger, taskId, now) ? [] : [{ path: `taskIds[${i}]`, message: `no task ${taskId}` }]));
    if (unknown.length > 0) throw new ValidationProblem(unknown, 'taskIds names tasks that do not exist');
  }

  private execute(inspectionId: string, command: InspectionCommand, ctx: RequestContext) {
    return this.commands.run(`inspection-${inspectionId}`, inspectionDecider, command, ctx);
  }

  /**
   * Runs a command addressed to one finding (the ids and the caller's metadata are filled in
   * here) and answers with that finding as it now reads.
   */
  private async findingCommand<T extends FindingCommand['type']>(
    inspectionId: string,
    findingId: string,
    type: T,
    data: FindingData[T],
    ctx: RequestContext,
    reply: FastifyReply,
  ): Promise<FindingView> {
    // TypeScript cannot correlate `type` with `data` across the union; the signature above does.
    const command = { type, data: { ...data, inspectionId, findingId }, metadata: ctx.metadata } as Extract<FindingCommand, { type: T }>;
    await this.execute(inspectionId, command, ctx);
    return withEtag(reply, this.loadFinding(inspectionId, findingId));
  }

  private load(id: string): InspectionView {
    const inspection = getInspection(this.db, id, Date.now());
    if (!inspection) throw new CodedHttpError(404, 'INSPECTION.NOT_FOUND', `Inspection ${id} not found`);
    return inspection;
  }

  private loadFinding(id: string, findingId: string): FindingView {
    const finding = getFinding(this.db, id, findingId, Date.now());
    if (!finding) throw new CodedHttpError(404, 'INSPECTION.FINDING_NOT_FOUND', `Inspection ${id} has no finding ${findingId}`);
    return finding;
  }
}

/** The rectification ledger (整改台账) across inspections, read by the reform office every week. */
@ApiTags('inspections')
@ApiBearerAuth()
@Controller('rectifications')
export class RectificationsController {
  constructor(private readonly projections: ProjectionsService) {}

  private get db() {
    return this.projections.runner('rectification-ledger').db;
  }

  @Get()
  @ApiOperation({ summary: 'Every finding, earliest due first; filter by unit, severity, status, overdue (against the current time)' })
  list(@Query() query: ListRectificationsQuery): Page<FindingView> {
    const limit = query.limit ?? 50;
    const after = decodeCursor(query.cursor, 3) as [number, string, string] | null;
    if (after && (typeof after[0] !== 'number' || typeof after[1] !== 'string' || typeof after[2] !== 'string')) throw badCursor();
    const rows = listRectifications(this.db, { ...query, limit, after }, Date.now());
    return paginate(rows, limit, (r) => [r.dueMs, r.finding.inspectionId, r.finding.id], (r) => r.finding);
  }

  @Get('summary')
  @ApiOperation({ summary: 'Per responsible unit: open, planned, rectified, closed, reopened, overdue, failed verifications; and totals' })
  summary(): RectificationSummary {
    return summarizeRectifications(this.db, Date.now());
  }
}
