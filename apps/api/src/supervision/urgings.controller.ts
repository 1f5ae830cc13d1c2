import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, UseInterceptors } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  isTaskOpen,
  urgingStream,
  yearlySequence,
  type Decider,
  type UrgedTask,
  type UrgingCommand,
  type UrgingEvent,
  type UrgingState,
} from '#domain';
import { getTask, getUrging, listUrgings, type UrgingView } from '#read-models';
import { AppConfig, Clock, ProjectionsService } from '#platform';
import { EtagInterceptor } from '../http/etag.interceptor.js';
import { found } from '../http/found.js';
import { ResourceIdPipe } from '../http/id.pipe.js';
import { decodeCursor, paginate, type Page } from '../http/pagination.js';
import { Ctx, type RequestContext } from '../http/request-context.js';
import { FileCatalogue } from '../files/file-catalogue.js';
import { assignNumber } from './numbering.js';
import { URGING_DECIDER } from './supervision-deciders.provider.js';
import { IssueUrgingDto, ListUrgingsQuery, ReplyToUrgingDto } from './supervision.dto.js';
import { ApiAnswer, ApiPage } from '../http/openapi/api-answer.decorators.js';

/** Urging notices (催办单): issued by the office on a task, numbered per year, acknowledged and answered by the lead unit. */
@ApiTags('urgings')
@ApiBearerAuth()
@UseInterceptors(EtagInterceptor)
@Controller()
export class UrgingsController {
  constructor(
    private readonly bus: CommandBus,
    private readonly projections: ProjectionsService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    @Inject(URGING_DECIDER) private readonly decider: Decider<UrgingCommand, UrgingEvent, UrgingState>,
    /** Looks attachments up for the decider (`attachments: [fileId]`). */
    private readonly files: FileCatalogue,
  ) {}

  private get db() {
    return this.projections.runner('urgings').db;
  }

  @Post('tasks/:id/urgings')
  @HttpCode(201)
  @ApiOperation({
    summary: 'Issue an urging notice on a task; it is numbered per calendar year (催办〔2026〕3号) with no gap and no repeat',
  })
  @ApiAnswer('UrgingView')
  async issue(@Param('id', ResourceIdPipe) taskId: string, @Body() dto: IssueUrgingDto, @Ctx() ctx: RequestContext): Promise<UrgingView> {
    const urgingId = ctx.newId('urging');
    const data = {
      urgingId,
      taskId,
      task: this.urgedTask(taskId),
      ...(dto.text !== undefined ? { text: dto.text } : {}),
      ...(dto.replyBy !== undefined ? { replyBy: dto.replyBy } : {}),
    };
    const issued = await this.bus.execute(ctx.decide(urgingStream(urgingId), this.decider, { type: 'IssueUrging', data }));
    // Issued first, numbered second: a crash in between leaves a notice without a number (the
    // numbering sweep gives it its number), never a number without a notice, i.e. a gap.
    const number = await assignNumber(this.bus, ctx, yearlySequence('urging', issued.state!.year), urgingId);
    await this.bus.execute(
      ctx.decideFollowUp('numbered', urgingStream(urgingId), this.decider, { type: 'NumberUrging', data: { urgingId, number } }),
    );
    return this.read(urgingId);
  }

  @Post('urgings/:id/acknowledge')
  @HttpCode(200)
  @ApiOperation({ summary: 'The lead unit confirms receipt (once)' })
  @ApiAnswer('UrgingView')
  async acknowledge(@Param('id', ResourceIdPipe) id: string, @Ctx() ctx: RequestContext): Promise<UrgingView> {
    await this.bus.execute(ctx.decide(urgingStream(id), this.decider, { type: 'AcknowledgeUrging', data: { urgingId: id } }));
    return this.read(id);
  }

  @Post('urgings/:id/reply')
  @HttpCode(200)
  @ApiOperation({ summary: 'The lead unit answers the notice (late when after replyBy)' })
  @ApiAnswer('UrgingView')
  async reply(@Param('id', ResourceIdPipe) id: string, @Body() dto: ReplyToUrgingDto, @Ctx() ctx: RequestContext): Promise<UrgingView> {
    await this.bus.execute(
      ctx.decide(urgingStream(id), this.decider, {
        type: 'ReplyToUrging',
        data: { urgingId: id, text: dto.text, ...this.files.attachments(dto.attachments) },
      }),
    );
    return this.read(id);
  }

  @Get('urgings')
  @ApiOperation({ summary: 'Urging notices, oldest first (a department: its own unit’s)' })
  @ApiPage('UrgingView')
  list(@Query() query: ListUrgingsQuery, @Ctx() ctx: RequestContext): Page<UrgingView> {
    const limit = query.limit ?? 50;
    const after = decodeCursor(query.cursor, 2) as [string, string] | null;
    const rows = listUrgings(
      this.db,
      {
        ...(query.taskId !== undefined ? { taskId: query.taskId } : {}),
        ...(query.unit !== undefined ? { unit: query.unit } : {}),
        ...(query.year !== undefined ? { year: query.year } : {}),
        ...(query.status !== undefined ? { status: query.status } : {}),
        ...(query.overdue !== undefined ? { overdue: query.overdue } : {}),
        reader: ctx.actor,
        limit,
        after,
      },
      this.clock.now(),
    );
    return paginate(
      rows,
      limit,
      (u) => [u.issuedAt, u.id],
      (u) => u,
    );
  }

  @Get('urgings/:id')
  @ApiOperation({ summary: 'One urging notice (404 for whoever may not read it: canReadUrging)' })
  @ApiAnswer('UrgingView')
  get(@Param('id', ResourceIdPipe) id: string, @Ctx() ctx: RequestContext): UrgingView {
    return found(getUrging(this.db, id, this.clock.now(), ctx.actor), 'URGING.NOT_FOUND', { urgingId: id });
  }

  private read(id: string): UrgingView {
    return found(getUrging(this.db, id, this.clock.now()), 'URGING.NOT_FOUND', { urgingId: id });
  }

  private urgedTask(taskId: string): UrgedTask | null {
    const task = getTask(this.projections.runner('task-ledger').db, taskId, this.clock.now(), this.config.taskLightRule);
    if (!task) return null;
    const number = (task as { number?: string | null }).number ?? null;
    return { id: task.id, title: task.title, leadUnit: task.leadUnit, number, open: isTaskOpen(task.status) };
  }
}
