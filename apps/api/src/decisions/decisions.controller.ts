import { Body, Controller, Get, HttpCode, Param, Post, Query, UseInterceptors } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { canReadLedgerWide, decisionDecider, decisionStream } from '#domain';
import { getDecision, listDecisions, type DecisionView } from '#read-models';
import { ProjectionsService } from '#platform';
import { EtagInterceptor } from '../http/etag.interceptor.js';
import { found } from '../http/found.js';
import { ResourceIdPipe } from '../http/id.pipe.js';
import { decodeCursor, paginate, type Page } from '../http/pagination.js';
import { Ctx, type RequestContext } from '../http/request-context.js';
import { requireTasksOnLedger } from '../http/task-refs.js';
import { ListDecisionsQuery, RecordDecisionDto } from './decision.dto.js';
import { ledgerScopeOf } from '../access/ledger-scope.js';
import { ApiAnswer, ApiPage } from '../http/openapi/api-answer.decorators.js';

/** Committee decisions (深改委决定): recorded once, never rewritten, linked to meetings, tasks and matters. */
@ApiTags('decisions')
@ApiBearerAuth()
@UseInterceptors(EtagInterceptor)
@Controller('decisions')
export class DecisionsController {
  constructor(
    private readonly bus: CommandBus,
    private readonly projections: ProjectionsService,
  ) {}

  private get db() {
    return this.projections.runner('decisions').db;
  }

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Record a committee decision; referenced tasks must be on the ledger' })
  @ApiAnswer('DecisionView')
  async record(@Body() dto: RecordDecisionDto, @Ctx() ctx: RequestContext): Promise<DecisionView> {
    requireTasksOnLedger(this.projections, dto.taskIds ?? []);
    const decisionId = ctx.newId('decision');
    const data = {
      decisionId,
      title: dto.title,
      content: dto.content,
      ...(dto.meetingId !== undefined ? { meetingId: dto.meetingId } : {}),
      ...(dto.taskIds !== undefined ? { taskIds: dto.taskIds } : {}),
      ...(dto.matterIds !== undefined ? { matterIds: dto.matterIds } : {}),
      ...(dto.decidedAt !== undefined ? { decidedAt: dto.decidedAt } : {}),
    };
    await this.bus.execute(ctx.decide(decisionStream(decisionId), decisionDecider, { type: 'RecordDecision', data }));
    return this.get(decisionId, ctx);
  }

  @Get()
  @ApiOperation({ summary: 'Decisions, most recently decided first; by meeting or by task concerned' })
  @ApiPage('DecisionView')
  list(@Query() query: ListDecisionsQuery, @Ctx() ctx: RequestContext): Page<DecisionView> {
    // Committee decisions are no evaluation's subject: read by those who read the whole ledger.
    if (!canReadLedgerWide(ledgerScopeOf(this.projections, ctx.actor))) return { items: [], nextCursor: null };
    const limit = query.limit ?? 50;
    const after = decodeCursor(query.cursor, 2) as [string, string] | null;
    const rows = listDecisions(this.db, {
      ...(query.meetingId ? { meetingId: query.meetingId } : {}),
      ...(query.taskId ? { taskId: query.taskId } : {}),
      limit,
      after,
    });
    return paginate(
      rows,
      limit,
      (d) => [d.decidedAt, d.id],
      (d) => d,
    );
  }

  @Get(':id')
  @ApiOperation({ summary: 'One decision, with its revision as ETag' })
  @ApiAnswer('DecisionView')
  get(@Param('id', ResourceIdPipe) id: string, @Ctx() ctx: RequestContext): DecisionView {
    const readsLedger = canReadLedgerWide(ledgerScopeOf(this.projections, ctx.actor));
    return found(readsLedger ? getDecision(this.db, id) : null, 'DECISION.NOT_FOUND', { decisionId: id });
  }
}
