import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, UseInterceptors } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { canReadMatter, matterStream, type Decider, type MatterCommand, type MatterEvent, type MatterState } from '#domain';
import { getMatter, listMatters, type MatterView } from '#read-models';
import { ProjectionsService } from '#platform';
import { instructionsOf } from '../supervision/subject-supervision.js';
import type { MatterDetail } from './matter.responses.js';
import { MATTER_DECIDER } from './matter-decider.provider.js';
import { EtagInterceptor } from '../http/etag.interceptor.js';
import { readable } from '../http/found.js';
import { ResourceIdPipe } from '../http/id.pipe.js';
import { paginate, type Page } from '../http/pagination.js';
import { Ctx, type RequestContext } from '../http/request-context.js';
import { decodeListCursor } from '../http/search-query.js';
import { AddSignerDto, DelegateSignatureDto, ListMattersQuery, RecallMatterDto, SignMatterDto, SubmitMatterDto } from './matter.dto.js';
import { ApiAnswer, ApiPage } from '../http/openapi/api-answer.decorators.js';

/**
 * Countersign matters (会签). Only submitting is gated by role here; who may sign, hand over,
 * add a signer or recall depends on the matter's state, so the decider decides it (403 not a
 * signer or not the submitter, 409 not your turn or already decided).
 */
@ApiTags('matters')
@ApiBearerAuth()
@UseInterceptors(EtagInterceptor)
@Controller('matters')
export class MattersController {
  constructor(
    private readonly bus: CommandBus,
    private readonly projections: ProjectionsService,
    /** Reads deadlines in this deployment's time zone (`DISPLAY_TIMEZONE`). */
    @Inject(MATTER_DECIDER) private readonly decider: Decider<MatterCommand, MatterEvent, MatterState>,
  ) {}

  private get db() {
    return this.projections.runner('matters').db;
  }

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Submit a matter for countersign; the caller becomes its submitter' })
  @ApiAnswer('MatterDetail')
  async submit(@Body() dto: SubmitMatterDto, @Ctx() ctx: RequestContext): Promise<MatterDetail> {
    const matterId = ctx.newId('matter');
    const data = {
      matterId,
      title: dto.title,
      body: dto.body,
      signers: dto.signers,
      mode: dto.mode,
      ...(dto.quorum !== undefined ? { quorum: dto.quorum } : {}),
      ...(dto.deadline !== undefined ? { deadline: dto.deadline } : {}),
    };
    await this.bus.execute(ctx.decide(matterStream(matterId), this.decider, { type: 'SubmitMatter', data }));
    return this.get(matterId, ctx);
  }

  @Get()
  @ApiOperation({
    summary:
      'Matters: with q ranked (title first, then most recent; matchedIn); else awaiting=me is the caller’s inbox, oldest ' +
      'deadline first (none last); otherwise oldest submission first',
  })
  @ApiPage('MatterListItem')
  list(@Query() query: ListMattersQuery, @Ctx() ctx: RequestContext): Page<MatterView> {
    const limit = query.limit ?? 50;
    const awaiting = query.awaiting === 'me' ? ctx.user.id : undefined;
    // A cursor of the other ordering would silently compare a number with a text.
    const { after, searchAfter } = decodeListCursor<[number | string, string]>(
      query.cursor,
      query.q,
      2,
      (k) => typeof k[1] === 'string' && typeof k[0] === (awaiting !== undefined ? 'number' : 'string'),
    );
    const rows = listMatters(this.db, {
      limit,
      after,
      searchAfter,
      ...(query.q !== undefined ? { q: query.q } : {}),
      ...(awaiting !== undefined ? { awaiting } : {}),
      ...(query.status ? { status: query.status } : {}),
      ...(query.submittedBy === 'me' ? { submittedBy: ctx.user.id } : {}),
      reader: ctx.actor,
    });
    return paginate(
      rows,
      limit,
      (r) => r.sortKey,
      (r) => r.matter,
    );
  }

  @Get(':id')
  @ApiOperation({ summary: 'A matter with its signers’ trail (who, what, comment, when, hand-over)' })
  @ApiAnswer('MatterDetail')
  @ApiOperation({ summary: 'A matter with its signers’ trail (who, what, comment, when, hand-over); 404 for a caller who may not read it' })
  get(@Param('id', ResourceIdPipe) id: string, @Ctx() ctx: RequestContext): MatterDetail {
    const matter = readable(getMatter(this.db, id), (m) => canReadMatter(ctx.actor, m), 'MATTER.NOT_FOUND', { matterId: id });
    return { ...matter, instructions: instructionsOf(this.projections, 'matter', id, ctx.actor) };
  }

  @Post(':id/sign')
  @HttpCode(200)
  @ApiOperation({ summary: 'A pending signer approves or rejects (a comment is required to reject)' })
  @ApiAnswer('MatterDetail')
  async sign(@Param('id', ResourceIdPipe) id: string, @Body() dto: SignMatterDto, @Ctx() ctx: RequestContext): Promise<MatterDetail> {
    const data = { matterId: id, decision: dto.decision, ...(dto.comment !== undefined ? { comment: dto.comment } : {}) };
    await this.bus.execute(ctx.decide(matterStream(id), this.decider, { type: 'SignMatter', data }));
    return this.get(id, ctx);
  }

  @Post(':id/signers')
  @HttpCode(200)
  @ApiOperation({ summary: '加签: the submitter or the reform office appends a signer (last in sequential)' })
  @ApiAnswer('MatterDetail')
  async addSigner(@Param('id', ResourceIdPipe) id: string, @Body() dto: AddSignerDto, @Ctx() ctx: RequestContext): Promise<MatterDetail> {
    await this.bus.execute(ctx.decide(matterStream(id), this.decider, { type: 'AddSigner', data: { matterId: id, userId: dto.userId } }));
    return this.get(id, ctx);
  }

  @Post(':id/delegate')
  @HttpCode(200)
  @ApiOperation({ summary: '转交: a pending signer hands their place and turn to a colleague, with a reason' })
  @ApiAnswer('MatterDetail')
  async delegate(
    @Param('id', ResourceIdPipe) id: string,
    @Body() dto: DelegateSignatureDto,
    @Ctx() ctx: RequestContext,
  ): Promise<MatterDetail> {
    await this.bus.execute(
      ctx.decide(matterStream(id), this.decider, { type: 'DelegateSignature', data: { matterId: id, to: dto.to, reason: dto.reason } }),
    );
    return this.get(id, ctx);
  }

  @Post(':id/recall')
  @HttpCode(200)
  @ApiOperation({ summary: '撤回: the submitter withdraws a matter that is still pending' })
  @ApiAnswer('MatterDetail')
  async recall(@Param('id', ResourceIdPipe) id: string, @Body() dto: RecallMatterDto, @Ctx() ctx: RequestContext): Promise<MatterDetail> {
    await this.bus.execute(
      ctx.decide(matterStream(id), this.decider, { type: 'RecallMatter', data: { matterId: id, reason: dto.reason } }),
    );
    return this.get(id, ctx);
  }
}
