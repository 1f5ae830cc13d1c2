import { Body, Controller, Get, HttpCode, Param, Post, Query, UseInterceptors } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { canReadSpecialGroup, isSpecialGroupCode, specialGroupDecider, specialGroupStream } from '#domain';
import { getSpecialGroup, listSpecialGroups, rollUpLedger } from '#read-models';
import { Clock, ProjectionsService } from '#platform';
import { EtagInterceptor } from '../http/etag.interceptor.js';
import { readable } from '../http/found.js';
import { ledgerScopeOf } from '../access/ledger-scope.js';
import { decodeCursor, paginate, type Page } from '../http/pagination.js';
import { CodedHttpError } from '../http/problem.filter.js';
import { Ctx, type RequestContext } from '../http/request-context.js';
import { ChangeSpecialGroupMembersDto, ListSpecialGroupsQuery, RegisterSpecialGroupDto } from './special-group.dto.js';
import type { SpecialGroupListItem, SpecialGroupView } from './special-group.responses.js';
import { ApiAnswer, ApiPage } from '../http/openapi/api-answer.decorators.js';

/** The committee's special groups (专项小组) and how their tasks stand. */
@ApiTags('special-groups')
@ApiBearerAuth()
@UseInterceptors(EtagInterceptor)
@Controller('special-groups')
export class SpecialGroupsController {
  constructor(
    private readonly bus: CommandBus,
    private readonly projections: ProjectionsService,
    private readonly clock: Clock,
  ) {}

  private get groups() {
    return this.projections.runner('special-groups').db;
  }

  private get ledger() {
    return this.projections.runner('task-ledger').db;
  }

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Register a special group with its lead, deputies and member units' })
  @ApiAnswer('SpecialGroupView')
  async register(@Body() dto: RegisterSpecialGroupDto, @Ctx() ctx: RequestContext): Promise<SpecialGroupView> {
    const data = {
      code: dto.code,
      name: dto.name,
      lead: dto.lead,
      memberUnits: dto.memberUnits,
      ...(dto.deputies !== undefined ? { deputies: dto.deputies } : {}),
    };
    await this.bus.execute(ctx.decide(specialGroupStream(dto.code), specialGroupDecider, { type: 'RegisterSpecialGroup', data }));
    return this.get(dto.code, ctx);
  }

  @Post(':code/members')
  @HttpCode(200)
  @ApiOperation({ summary: 'Add or remove member units, change the lead or the deputies' })
  @ApiAnswer('SpecialGroupView')
  async members(
    @Param('code') code: string,
    @Body() dto: ChangeSpecialGroupMembersDto,
    @Ctx() ctx: RequestContext,
  ): Promise<SpecialGroupView> {
    requireCode(code);
    const data = {
      code,
      ...(dto.add !== undefined ? { add: dto.add } : {}),
      ...(dto.remove !== undefined ? { remove: dto.remove } : {}),
      ...(dto.lead !== undefined ? { lead: dto.lead } : {}),
      ...(dto.deputies !== undefined ? { deputies: dto.deputies } : {}),
    };
    await this.bus.execute(ctx.decide(specialGroupStream(code), specialGroupDecider, { type: 'ChangeSpecialGroupMembers', data }));
    return this.get(code, ctx);
  }

  @Get()
  @ApiOperation({ summary: 'Special groups, oldest registration first, each with the roll-up of its tasks' })
  @ApiPage('SpecialGroupListItem')
  list(@Query() query: ListSpecialGroupsQuery, @Ctx() ctx: RequestContext): Page<SpecialGroupListItem> {
    const limit = query.limit ?? 50;
    const after = decodeCursor(query.cursor, 2) as [string, string] | null;
    const scope = ledgerScopeOf(this.projections, ctx.actor);
    const rows = listSpecialGroups(this.groups, { limit, after, ...(scope.all ? {} : { only: [...scope.groups] }) });
    const page = paginate(
      rows,
      limit,
      (g) => [g.createdAt, g.code],
      (g) => g,
    );
    const rollups = rollUpLedger(
      this.ledger,
      'special_group',
      page.items.map((g) => g.code),
      this.clock.now(),
    );
    return { ...page, items: page.items.map((g) => ({ ...g, tasks: rollups.get(g.code)! })) };
  }

  @Get(':code')
  @ApiOperation({ summary: 'One special group with the roll-up of its tasks, overall and per lead unit' })
  @ApiAnswer('SpecialGroupView')
  get(@Param('code') code: string, @Ctx() ctx: RequestContext): SpecialGroupView {
    requireCode(code);
    const scope = ledgerScopeOf(this.projections, ctx.actor);
    const group = readable(getSpecialGroup(this.groups, code), (g) => canReadSpecialGroup(scope, g.code), 'SPECIAL_GROUP.NOT_FOUND', {
      code,
    });
    const now = this.clock.now();
    const tasks = rollUpLedger(this.ledger, 'special_group', [code], now).get(code)!;
    const byUnit = Object.fromEntries(rollUpLedger(this.ledger, 'lead_unit', null, now, ['special_group', code]));
    return { ...group, tasks, byUnit };
  }
}

/** A path that cannot be a group code names no group: 404, never a 5xx. */
function requireCode(code: string): void {
  if (!isSpecialGroupCode(code)) throw new CodedHttpError(404, 'SPECIAL_GROUP.NOT_FOUND', { code });
}
