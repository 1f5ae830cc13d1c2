import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, UseInterceptors } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { instructionStream, type Decider, type InstructionCommand, type InstructionEvent, type InstructionState } from '#domain';
import { getInstruction, listInstructions, type InstructionView } from '#read-models';
import { Clock, ProjectionsService } from '#platform';
import { EtagInterceptor } from '../http/etag.interceptor.js';
import { found } from '../http/found.js';
import { ResourceIdPipe } from '../http/id.pipe.js';
import { decodeCursor, paginate, type Page } from '../http/pagination.js';
import { Ctx, type RequestContext } from '../http/request-context.js';
import { FileCatalogue } from '../files/file-catalogue.js';
import { InstructionSubjects } from './instruction-subjects.js';
import { INSTRUCTION_DECIDER } from './supervision-deciders.provider.js';
import { CloseInstructionDto, GiveInstructionDto, ListInstructionsQuery, RespondToInstructionDto } from './supervision.dto.js';
import { ApiAnswer, ApiPage } from '../http/openapi/api-answer.decorators.js';

/**
 * Leaders' instructions (领导批示): given on a task, matter, finding or action item, answered by the responsible unit, closed by the leader or
 * the office.
 */
@ApiTags('instructions')
@ApiBearerAuth()
@UseInterceptors(EtagInterceptor)
@Controller('instructions')
export class InstructionsController {
  constructor(
    private readonly bus: CommandBus,
    private readonly projections: ProjectionsService,
    private readonly clock: Clock,
    private readonly subjects: InstructionSubjects,
    @Inject(INSTRUCTION_DECIDER) private readonly decider: Decider<InstructionCommand, InstructionEvent, InstructionState>,
    /** Looks attachments up for the decider (`attachments: [fileId]`). */
    private readonly files: FileCatalogue,
  ) {}

  private get db() {
    return this.projections.runner('instructions').db;
  }

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Give a written instruction on a task, matter, finding or meeting item (the subject must exist: 400)' })
  @ApiAnswer('InstructionView')
  async give(@Body() dto: GiveInstructionDto, @Ctx() ctx: RequestContext): Promise<InstructionView> {
    const instructionId = ctx.newId('instruction');
    const data = {
      instructionId,
      subjectRef: { kind: dto.subject.kind, id: dto.subject.id },
      subject: this.subjects.find(dto.subject.kind, dto.subject.id),
      text: dto.text,
      ...(dto.respondBy !== undefined ? { respondBy: dto.respondBy } : {}),
    };
    await this.bus.execute(ctx.decide(instructionStream(instructionId), this.decider, { type: 'GiveInstruction', data }));
    return this.read(instructionId);
  }

  @Post(':id/responses')
  @HttpCode(201)
  @ApiOperation({ summary: 'Report how the instruction was carried out (落实情况); done: true closes it' })
  @ApiAnswer('InstructionView')
  async respond(
    @Param('id', ResourceIdPipe) id: string,
    @Body() dto: RespondToInstructionDto,
    @Ctx() ctx: RequestContext,
  ): Promise<InstructionView> {
    const data = {
      instructionId: id,
      responseId: ctx.newId('response'),
      text: dto.text,
      ...(dto.done !== undefined ? { done: dto.done } : {}),
      ...this.files.attachments(dto.attachments),
    };
    await this.bus.execute(ctx.decide(instructionStream(id), this.decider, { type: 'RespondToInstruction', data }));
    return this.read(id);
  }

  @Post(':id/close')
  @HttpCode(200)
  @ApiOperation({ summary: 'Close the instruction: the leader who gave it, or the office' })
  @ApiAnswer('InstructionView')
  async close(
    @Param('id', ResourceIdPipe) id: string,
    @Body() dto: CloseInstructionDto,
    @Ctx() ctx: RequestContext,
  ): Promise<InstructionView> {
    const data = { instructionId: id, ...(dto.comment !== undefined ? { comment: dto.comment } : {}) };
    await this.bus.execute(ctx.decide(instructionStream(id), this.decider, { type: 'CloseInstruction', data }));
    return this.read(id);
  }

  @Get()
  @ApiOperation({ summary: 'Instructions, oldest first (a department: those on its own unit’s subjects)' })
  @ApiPage('InstructionView')
  list(@Query() query: ListInstructionsQuery, @Ctx() ctx: RequestContext): Page<InstructionView> {
    const limit = query.limit ?? 50;
    const after = decodeCursor(query.cursor, 2) as [string, string] | null;
    const rows = listInstructions(
      this.db,
      {
        ...(query.subjectKind !== undefined ? { subjectKind: query.subjectKind } : {}),
        ...(query.subjectId !== undefined ? { subjectId: query.subjectId } : {}),
        ...(query.unit !== undefined ? { unit: query.unit } : {}),
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
      (i) => [i.givenAt, i.id],
      (i) => i,
    );
  }

  @Get(':id')
  @ApiOperation({ summary: 'One instruction with its responses (404 for whoever may not read it: canReadInstruction)' })
  @ApiAnswer('InstructionView')
  get(@Param('id', ResourceIdPipe) id: string, @Ctx() ctx: RequestContext): InstructionView {
    return found(getInstruction(this.db, id, this.clock.now(), ctx.actor), 'INSTRUCTION.NOT_FOUND', { instructionId: id });
  }

  private read(id: string): InstructionView {
    return found(getInstruction(this.db, id, this.clock.now()), 'INSTRUCTION.NOT_FOUND', { instructionId: id });
  }
}
