import { Body, Controller, Get, HttpCode, Param, Post, Query, UseInterceptors } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { canReadUnit, isUnitCode, unitDecider, unitStream } from '#domain';
import { CommandFacts, getUnitView, listUnits, rollUpUnit, type UnitRecord, type UnitRollup, type UnitView } from '#read-models';
import { AppConfig, Clock, ProjectionsService } from '#platform';
import { EtagInterceptor } from '../http/etag.interceptor.js';
import { readable } from '../http/found.js';
import { ledgerScopeOf } from '../access/ledger-scope.js';
import { decodeCursor, foreignCursor, paginate, type Page } from '../http/pagination.js';
import { CodedHttpError } from '../http/problem.filter.js';
import { Ctx, type RequestContext } from '../http/request-context.js';
import { ListUnitsQuery, MoveUnitDto, RegisterUnitDto } from './unit.dto.js';
import { openSupervision } from '../supervision/subject-supervision.js';
import { ApiAnswer, ApiPage } from '../http/openapi/api-answer.decorators.js';

/** The tree of units (四级联动): city, districts, streets, communities and departments. */
@ApiTags('units')
@ApiBearerAuth()
@UseInterceptors(EtagInterceptor)
@Controller('units')
export class UnitsController {
  constructor(
    private readonly bus: CommandBus,
    private readonly projections: ProjectionsService,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    /** What a unit's decider is told of its proposed parent. */
    private readonly facts: CommandFacts,
  ) {}

  private get ledger() {
    return this.projections.runner('task-ledger').db;
  }

  private get units() {
    return this.projections.runner('units').db;
  }

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Register a unit with its level, under a registered parent or at the top' })
  @ApiAnswer('UnitView')
  async register(@Body() dto: RegisterUnitDto, @Ctx() ctx: RequestContext): Promise<UnitView> {
    const data = {
      code: dto.code,
      name: dto.name,
      level: dto.level,
      ...(dto.parent !== undefined ? { parent: dto.parent, ...(await this.facts.unitParent(dto.parent)) } : {}),
    };
    await this.bus.execute(ctx.decide(unitStream(dto.code), unitDecider, { type: 'RegisterUnit', data }));
    return this.get(dto.code, ctx);
  }

  @Post(':code/move')
  @HttpCode(200)
  @ApiOperation({ summary: 'Move a unit, with everything below it, under another parent (never a cycle: 400)' })
  @ApiAnswer('UnitView')
  async move(@Param('code') code: string, @Body() dto: MoveUnitDto, @Ctx() ctx: RequestContext): Promise<UnitView> {
    requireCode(code);
    await this.bus.execute(
      ctx.decide(unitStream(code), unitDecider, {
        type: 'MoveUnit',
        data: { code, parent: dto.parent, ...(await this.facts.unitParent(dto.parent)) },
      }),
    );
    return this.get(code, ctx);
  }

  @Get()
  @ApiOperation({ summary: "Units by code; with `under`, that unit's subtree (itself included)" })
  @ApiPage('UnitRecord')
  list(@Query() query: ListUnitsQuery, @Ctx() ctx: RequestContext): Page<UnitRecord> {
    const limit = query.limit ?? 50;
    const cursor = decodeCursor(query.cursor, 1);
    if (cursor && typeof cursor[0] !== 'string') throw foreignCursor();
    const scope = ledgerScopeOf(this.projections, ctx.actor);
    const rows = listUnits(this.units, {
      limit,
      after: (cursor?.[0] as string | undefined) ?? null,
      ...(query.under !== undefined ? { under: query.under } : {}),
      ...(scope.all ? {} : { only: [...scope.units] }),
    });
    return paginate(
      rows,
      limit,
      (u) => [u.code],
      (u) => u,
    );
  }

  @Get(':code/summary')
  @ApiOperation({
    summary:
      "How the unit's own tasks and those of its whole subtree stand (a unit never registered: its own tasks in both), with " +
      'pending extensions, open instructions and urgings, and overdue reports',
  })
  @ApiAnswer('UnitRollup')
  summary(@Param('code') code: string, @Ctx() ctx: RequestContext): UnitRollup {
    const scope = ledgerScopeOf(this.projections, ctx.actor);
    if (code.length > 200 || !canReadUnit(scope, code)) throw new CodedHttpError(404, 'UNIT.NOT_FOUND', { code });
    // Instructions and urgings by the reader's own rules (`canReadInstruction`, `canReadUrging`), as the task summary counts them.
    const open = openSupervision(this.projections, ctx.actor).byUnit;
    return rollUpUnit(this.ledger, this.units, code, this.clock.now(), this.config.taskLightRule, scope, open);
  }

  @Get(':code')
  @ApiOperation({ summary: 'One unit with its ancestors (the top first) and its children' })
  @ApiAnswer('UnitView')
  get(@Param('code') code: string, @Ctx() ctx: RequestContext): UnitView {
    requireCode(code);
    const scope = ledgerScopeOf(this.projections, ctx.actor);
    return readable(getUnitView(this.units, code), (u) => canReadUnit(scope, u.code), 'UNIT.NOT_FOUND', { code });
  }
}

/** A path that cannot be a unit code names no unit: 404, never a 5xx. */
export function requireCode(code: string): void {
  if (!isUnitCode(code)) throw new CodedHttpError(404, 'UNIT.NOT_FOUND', { code });
}
