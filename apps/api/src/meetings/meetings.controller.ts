import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { meetingDecider, type MeetingCommand } from '#domain';
import { getMeeting, listMeetings, type ActionItemView, type MeetingView } from '#read-models';
import { ProjectionsService } from '#platform';
import { Roles } from '../auth/auth.decorators.js';
import { CommandGateway, withEtag } from '../http/command-gateway.js';
import { ResourceIdPipe } from '../http/id.pipe.js';
import { decodeCursor, paginate, type Page } from '../http/pagination.js';
import { CodedHttpError } from '../http/problem.filter.js';
import { Ctx, type RequestContext } from '../http/request-context.js';
import {
  AddItemDto,
  CancelItemDto,
  ChangeItemDeadlineDto,
  CompleteItemDto,
  ConcludeMeetingDto,
  ListMeetingsQuery,
  ScheduleMeetingDto,
} from './meeting.dto.js';

/** Joint meetings (联席会议) and their action items. Ownership rules are the decider's. */
@ApiTags('meetings')
@ApiBearerAuth()
@Controller('meetings')
export class MeetingsController {
  constructor(
    private readonly commands: CommandGateway,
    private readonly projections: ProjectionsService,
  ) {}

  private get db() {
    return this.projections.runner('meetings').db;
  }

  @Post()
  @HttpCode(201)
  @Roles('reform_office')
  @ApiOperation({ summary: 'Schedule a joint meeting' })
  async schedule(@Body() dto: ScheduleMeetingDto, @Ctx() ctx: RequestContext, @Res({ passthrough: true }) reply: FastifyReply): Promise<MeetingView> {
    const meetingId = ctx.newId('meeting');
    await this.execute(
      meetingId,
      {
        type: 'ScheduleMeeting',
        data: { meetingId, title: dto.title, scheduledAt: dto.scheduledAt, ...(dto.attendees ? { attendees: dto.attendees } : {}) },
        metadata: ctx.metadata,
      },
      ctx,
    );
    return withEtag(reply, this.load(meetingId));
  }

  @Get()
  @ApiOperation({ summary: 'Meetings with their items, by scheduled time' })
  list(@Query() query: ListMeetingsQuery): Page<MeetingView> {
    const limit = query.limit ?? 50;
    const after = decodeCursor(query.cursor, 2) as [string, string] | null;
    const rows = listMeetings(this.db, { limit, after }, Date.now());
    return paginate(rows, limit, (m) => [m.scheduledAt, m.id], (m) => m);
  }

  @Get(':id')
  @ApiOperation({ summary: 'A meeting with its items' })
  get(@Param('id', ResourceIdPipe) id: string, @Res({ passthrough: true }) reply: FastifyReply): MeetingView {
    return withEtag(reply, this.load(id));
  }

  @Post(':id/items')
  @HttpCode(201)
  @Roles('reform_office')
  @ApiOperation({ summary: 'Add an action item; answers the item' })
  async addItem(
    @Param('id', ResourceIdPipe) id: string,
    @Body() dto: AddItemDto,
    @Ctx() ctx: RequestContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ActionItemView> {
    const itemId = ctx.newId('item');
    await this.execute(
      id,
      {
        type: 'AddItem',
        data: {
          meetingId: id,
          itemId,
          title: dto.title,
          owner: dto.owner,
          ownerUnit: dto.ownerUnit,
          deadline: dto.deadline,
          ...(dto.decisionId !== undefined ? { decisionId: dto.decisionId } : {}),
        },
        metadata: ctx.metadata,
      },
      ctx,
    );
    return withEtag(reply, this.item(id, itemId));
  }

  @Post(':id/items/:itemId/deadline')
  @HttpCode(200)
  @Roles('reform_office')
  @ApiOperation({ summary: "Move an item's deadline; its pending reminders are replaced" })
  async deadline(
    @Param('id', ResourceIdPipe) id: string,
    @Param('itemId', ResourceIdPipe) itemId: string,
    @Body() dto: ChangeItemDeadlineDto,
    @Ctx() ctx: RequestContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ActionItemView> {
    await this.execute(id, { type: 'ChangeItemDeadline', data: { meetingId: id, itemId, deadline: dto.deadline, reason: dto.reason }, metadata: ctx.metadata }, ctx);
    return withEtag(reply, this.item(id, itemId));
  }

  @Post(':id/items/:itemId/complete')
  @HttpCode(200)
  @ApiOperation({ summary: 'The owner (or the reform office) reports the item done' })
  async complete(
    @Param('id', ResourceIdPipe) id: string,
    @Param('itemId', ResourceIdPipe) itemId: string,
    @Body() dto: CompleteItemDto,
    @Ctx() ctx: RequestContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ActionItemView> {
    await this.execute(id, { type: 'CompleteItem', data: { meetingId: id, itemId, note: dto.note }, metadata: ctx.metadata }, ctx);
    return withEtag(reply, this.item(id, itemId));
  }

  @Post(':id/items/:itemId/cancel')
  @HttpCode(200)
  @Roles('reform_office')
  @ApiOperation({ summary: 'Cancel an item; it gets no more reminders' })
  async cancel(
    @Param('id', ResourceIdPipe) id: string,
    @Param('itemId', ResourceIdPipe) itemId: string,
    @Body() dto: CancelItemDto,
    @Ctx() ctx: RequestContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ActionItemView> {
    await this.execute(id, { type: 'CancelItem', data: { meetingId: id, itemId, reason: dto.reason }, metadata: ctx.metadata }, ctx);
    return withEtag(reply, this.item(id, itemId));
  }

  @Post(':id/conclude')
  @HttpCode(200)
  @Roles('reform_office')
  @ApiOperation({ summary: 'Conclude the meeting with its minutes; no new items after that' })
  async conclude(
    @Param('id', ResourceIdPipe) id: string,
    @Body() dto: ConcludeMeetingDto,
    @Ctx() ctx: RequestContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<MeetingView> {
    await this.execute(id, { type: 'ConcludeMeeting', data: { meetingId: id, minutes: dto.minutes }, metadata: ctx.metadata }, ctx);
    return withEtag(reply, this.load(id));
  }

  private execute(meetingId: string, command: MeetingCommand, ctx: RequestContext) {
    return this.commands.run(`meeting-${meetingId}`, meetingDecider, command, ctx);
  }

  private load(id: string): MeetingView {
    const meeting = getMeeting(this.db, id, Date.now());
    if (!meeting) throw new CodedHttpError(404, 'MEETING.NOT_FOUND', `Meeting ${id} not found`);
    return meeting;
  }

  private item(meetingId: string, itemId: string): ActionItemView {
    const item = this.load(meetingId).items.find((i) => i.id === itemId);
    if (!item) throw new CodedHttpError(404, 'MEETING.ITEM_NOT_FOUND', `Item ${itemId} not found in meeting ${meetingId}`);
    return item;
  }
}
