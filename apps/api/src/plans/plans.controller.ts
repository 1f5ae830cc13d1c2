import { Body, Controller, Get, HttpCode, Param, Post, Query, UseInterceptors } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { canReadLedgerWide, planDecider, planStream, rollUpTaskParts } from '#domain';
import { CommandFacts, getPlan, keyPointsCarriedOut, listKeyPoints, listPlans, rollUpLedgerParts, type PlanRecord } from '#read-models';
import { Clock, ProjectionsService } from '#platform';
import { EtagInterceptor } from '../http/etag.interceptor.js';
import { found } from '../http/found.js';
import { ResourceIdPipe } from '../http/id.pipe.js';
import { decodeCursor, paginate, type Page } from '../http/pagination.js';
import { Ctx, type RequestContext } from '../http/request-context.js';
import { AddKeyPointDto, ListKeyPointsQuery, ListPlansQuery, RegisterPlanDto } from './plan.dto.js';
import { ledgerScopeOf } from '../access/ledger-scope.js';

import type { KeyPointView, PlanView } from './plan.responses.js';
import { ApiAnswer, ApiPage } from '../http/openapi/api-answer.decorators.js';

/** Plans (规划) and their annual key points (要点): "以要点落实规划、以台账落实要点". */
@ApiTags('plans')
@ApiBearerAuth()
@UseInterceptors(EtagInterceptor)
@Controller()
export class PlansController {
  constructor(
    private readonly bus: CommandBus,
    private readonly projections: ProjectionsService,
    private readonly clock: Clock,
    /** What a key point is told of its special group. */
    private readonly facts: CommandFacts,
  ) {}

  private get plans() {
    return this.projections.runner('plans').db;
  }

  private get ledger() {
    return this.projections.runner('task-ledger').db;
  }

  @Post('plans')
  @HttpCode(201)
  @ApiOperation({ summary: 'Register a multi-year reform plan' })
  @ApiAnswer('PlanView')
  async register(@Body() dto: RegisterPlanDto, @Ctx() ctx: RequestContext): Promise<PlanView> {
    const planId = ctx.newId('plan');
    const data = {
      planId,
      title: dto.title,
      periodFrom: dto.periodFrom,
      periodTo: dto.periodTo,
      ...(dto.reference !== undefined ? { reference: dto.reference } : {}),
    };
    await this.bus.execute(ctx.decide(planStream(planId), planDecider, { type: 'RegisterPlan', data }));
    return this.get(planId, ctx);
  }

  @Post('plans/:id/key-points')
  @HttpCode(201)
  @ApiOperation({ summary: 'Add an annual key point to the plan (a year within its period)' })
  @ApiAnswer('KeyPointView')
  async addKeyPoint(
    @Param('id', ResourceIdPipe) id: string,
    @Body() dto: AddKeyPointDto,
    @Ctx() ctx: RequestContext,
  ): Promise<KeyPointView> {
    const keyPointId = ctx.newId('key-point');
    const data = {
      planId: id,
      keyPointId,
      year: dto.year,
      title: dto.title,
      area: dto.area,
      ...(dto.specialGroup !== undefined
        ? { specialGroup: dto.specialGroup, specialGroupRegistered: await this.facts.specialGroupRegistered(dto.specialGroup) }
        : {}),
    };
    await this.bus.execute(ctx.decide(planStream(id), planDecider, { type: 'AddKeyPoint', data }));
    return this.get(id, ctx).keyPoints.find((k) => k.id === keyPointId)!;
  }

  @Get('plans')
  @ApiOperation({ summary: 'Plans, oldest first, each with its key points and task roll-ups' })
  @ApiPage('PlanView')
  list(@Query() query: ListPlansQuery, @Ctx() ctx: RequestContext): Page<PlanView> {
    if (!this.readsLedger(ctx)) return { items: [], nextCursor: null };
    const limit = query.limit ?? 50;
    const after = decodeCursor(query.cursor, 2) as [string, string] | null;
    const now = this.clock.now();
    return paginate(
      listPlans(this.plans, { limit, after }),
      limit,
      (p) => [p.createdAt, p.id],
      (p) => this.view(p, now),
    );
  }

  @Get('plans/:id')
  @ApiOperation({ summary: 'One plan with its key points, each rolled up, and the roll-up of the plan' })
  @ApiAnswer('PlanView')
  get(@Param('id', ResourceIdPipe) id: string, @Ctx() ctx: RequestContext): PlanView {
    return this.view(found(this.readsLedger(ctx) ? getPlan(this.plans, id) : null, 'PLAN.NOT_FOUND', { planId: id }), this.clock.now());
  }

  @Get('key-points')
  @ApiOperation({ summary: 'Key points by plan, year, area and group; withoutTasks=true: those no task carries out yet' })
  @ApiPage('KeyPointView')
  keyPoints(@Query() query: ListKeyPointsQuery, @Ctx() ctx: RequestContext): Page<KeyPointView> {
    if (!this.readsLedger(ctx)) return { items: [], nextCursor: null };
    const limit = query.limit ?? 50;
    const after = decodeCursor(query.cursor, 2) as [string, string] | null;
    const carried = query.withoutTasks === undefined ? null : keyPointsCarriedOut(this.ledger);
    const rows = listKeyPoints(this.plans, {
      ...(query.planId !== undefined ? { planId: query.planId } : {}),
      ...(query.year !== undefined ? { year: query.year } : {}),
      ...(query.area !== undefined ? { area: query.area } : {}),
      ...(query.specialGroup !== undefined ? { specialGroup: query.specialGroup } : {}),
      ...(carried && query.withoutTasks === true ? { excluding: carried } : {}),
      ...(carried && query.withoutTasks === false ? { including: carried } : {}),
      limit,
      after,
    });
    const page = paginate(
      rows,
      limit,
      (k) => [k.createdAt, k.id],
      (k) => k,
    );
    const parts = rollUpLedgerParts(
      this.ledger,
      'key_point_id',
      page.items.map((k) => k.id),
      this.clock.now(),
    );
    return { ...page, items: page.items.map((k) => ({ ...k, tasks: rollUpTaskParts(parts.get(k.id) ?? []) })) };
  }

  /** Plans and key points are no evaluation's subject: read by those who read the whole ledger (`canReadLedgerWide`). */
  private readsLedger(ctx: RequestContext): boolean {
    return canReadLedgerWide(ledgerScopeOf(this.projections, ctx.actor));
  }

  /** The plan's roll-up is over the parts of all its key points: the same arithmetic, never an average of averages. */
  private view(plan: PlanRecord, nowMs: number): PlanView {
    const parts = rollUpLedgerParts(
      this.ledger,
      'key_point_id',
      plan.keyPoints.map((k) => k.id),
      nowMs,
    );
    const keyPoints = plan.keyPoints.map((k) => ({ ...k, tasks: rollUpTaskParts(parts.get(k.id) ?? []) }));
    return { ...plan, keyPoints, tasks: rollUpTaskParts([...parts.values()].flat()) };
  }
}
