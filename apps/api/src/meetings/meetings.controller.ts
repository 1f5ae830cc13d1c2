import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, UseInterceptors } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { meetingStream, type Decider, type MeetingCommand, type MeetingEvent, type MeetingState } from '#domain';
import { getActionItem, getMeeting, listMeetings, type ActionItemView, type MeetingView } from '#read-models';
import { Clock, ProjectionsService } from '#platform';
import { instructionsOf } from '../supervision/subject-supervision.js';
import type { MeetingDetail } from './meeting.responses.js';
import { MEETING_DECIDER } from './meeting-decider.provider.js';
import { EtagInterceptor } from '../http/etag.interceptor.js';
import { found } from '../http/found.js';
import { ResourceIdPipe } from '../http/id.pipe.js';
import { paginate, type Page } from '../http/pagination.js';
import { Ctx, type RequestContext } from '../http/request-context.js';
import { decodeListCursor } from '../http/search-query.js';
import {
  AddItemDto,
  CancelItemDto,
  ChangeItemDeadlineDto,
  CompleteItemDto,
  ConcludeMeetingDto,
  ListMeetingsQuery,
  ScheduleMeetingDto,
} from './meeting.dto.js';
import { ApiAnswer, ApiPage } from '../http/openapi/api-answer.decorators.js';

/** Joint meetings (联席会议) and their action items. Ownership rules are the decider's. */
@ApiTags('meetings')
@ApiBearerAuth()
@UseInterceptors(EtagInterceptor)
@Controller('meetings')
export class MeetingsController {
  constructor(
    private readonly bus: CommandBus,
    private readonly projections: ProjectionsService,
    private readonly clock: Clock,
    /** Reads item deadlines in this deployment's time zone (`DISPLAY_TIMEZONE`). */
    @Inject(MEETING_DECIDER) private readonly decider: Decider<MeetingCommand, MeetingEvent, MeetingState>,
  ) {}

  private get db() {
    return this.projections.runner('meetings').db;
  }

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Schedule a joint meeting' })
  @ApiAnswer('MeetingDetail')
  async schedule(@Body() dto: ScheduleMeetingDto, @Ctx() ctx: RequestContext): Promise<MeetingDetail> {
    const meetingId = ctx.newId('meeting');
    const data = { meetingId, title: dto.title, scheduledAt: dto.scheduledAt, ...(dto.attendees ? { attendees: dto.attendees } : {}) };
    await this.bus.execute(ctx.decide(meetingStream(meetingId), this.decider, { type: 'ScheduleMeeting', data }));
    return this.get(meetingId, ctx);
  }

  @Get()
  @ApiOperation({ summary: 'Meetings with their items, by scheduled time (with q: ranked, title first, then most recent; matchedIn)' })
  @ApiPage('MeetingView')
  list(@Query() query: ListMeetingsQuery, @Ctx() ctx: RequestContext): Page<MeetingView> {
    const limit = query.limit ?? 50;
    const { after, searchAfter } = decodeListCursor<[string, string]>(query.cursor, query.q, 2, (k) =>
      k.every((x) => typeof x === 'string'),
    );
    const rows = listMeetings(
      this.db,
      { limit, after, searchAfter, reader: ctx.actor, ...(query.q !== undefined ? { q: query.q } : {}) },
      this.clock.now(),
    );
    return paginate(
      rows,
      limit,
      (r) => r.sortKey,
      (r) => r.meeting,
    );
  }

  @Get(':id')
  @ApiAnswer('MeetingDetail')
  @ApiOperation({ summary: 'A meeting with its items; a department: its title and date with the items its unit owns (404 when none)' })
  get(@Param('id', ResourceIdPipe) id: string, @Ctx() ctx: RequestContext): MeetingDetail {
    const meeting = found(getMeeting(this.db, id, this.clock.now(), ctx.actor), 'MEETING.NOT_FOUND', { meetingId: id });
    return {
      ...meeting,
      items: meeting.items.map((i) => ({ ...i, instructions: instructionsOf(this.projections, 'meeting_item', i.id, ctx.actor) })),
    };
  }

  @Post(':id/items')
  @HttpCode(201)
  @ApiOperation({ summary: 'Add an action item; answers the item' })
  @ApiAnswer('ActionItemView')
  async addItem(@Param('id', ResourceIdPipe) id: string, @Body() dto: AddItemDto, @Ctx() ctx: RequestContext): Promise<ActionItemView> {
    const itemId = ctx.newId('item');
    const data = {
      meetingId: id,
      itemId,
      title: dto.title,
      owner: dto.owner,
      ownerUnit: dto.ownerUnit,
      deadline: dto.deadline,
      ...(dto.decisionId !== undefined ? { decisionId: dto.decisionId } : {}),
    };
    await this.bus.execute(ctx.decide(meetingStream(id), this.decider, { type: 'AddItem', data }));
    return this.item(id, itemId);
  }

  @Post(':id/items/:itemId/deadline')
  @HttpCode(200)
  @ApiOperation({ summary: "Move an item's deadline; its pending reminders are replaced" })
  @ApiAnswer('ActionItemView')
  async deadline(
    @Param('id', ResourceIdPipe) id: string,
    @Param('itemId', ResourceIdPipe) itemId: string,
    @Body() dto: ChangeItemDeadlineDto,
    @Ctx() ctx: RequestContext,
  ): Promise<ActionItemView> {
    const data = { meetingId: id, itemId, deadline: dto.deadline, reason: dto.reason };
    await this.bus.execute(ctx.decide(meetingStream(id), this.decider, { type: 'ChangeItemDeadline', data }));
    return this.item(id, itemId);
  }

  @Post(':id/items/:itemId/complete')
  @HttpCode(200)
  @ApiOperation({ summary: 'The owner (or the reform office) reports the item done' })
  @ApiAnswer('ActionItemView')
  async complete(
    @Param('id', ResourceIdPipe) id: string,
    @Param('itemId', ResourceIdPipe) itemId: string,
    @Body() dto: CompleteItemDto,
    @Ctx() ctx: RequestContext,
  ): Promise<ActionItemView> {
    await this.bus.execute(
      ctx.decide(meetingStream(id), this.decider, { type: 'CompleteItem', data: { meetingId: id, itemId, note: dto.note } }),
    );
    return this.item(id, itemId);
  }

  @Post(':id/items/:itemId/cancel')
  @HttpCode(200)
  @ApiOperation({ summary: 'Cancel an item; it gets no more reminders' })
  @ApiAnswer('ActionItemView')
  async cancel(
    @Param('id', ResourceIdPipe) id: string,
    @Param('itemId', ResourceIdPipe) itemId: string,
    @Body() dto: CancelItemDto,
    @Ctx() ctx: RequestContext,
  ): Promise<ActionItemView> {
    await this.bus.execute(
      ctx.decide(meetingStream(id), this.decider, { type: 'CancelItem', data: { meetingId: id, itemId, reason: dto.reason } }),
    );
    return this.item(id, itemId);
  }

  @Post(':id/conclude')
  @HttpCode(200)
  @ApiOperation({ summary: 'Conclude the meeting with its minutes; no new items after that' })
  @ApiAnswer('MeetingDetail')
  async conclude(
    @Param('id', ResourceIdPipe) id: string,
    @Body() dto: ConcludeMeetingDto,
    @Ctx() ctx: RequestContext,
  ): Promise<MeetingDetail> {
    await this.bus.execute(
      ctx.decide(meetingStream(id), this.decider, { type: 'ConcludeMeeting', data: { meetingId: id, minutes: dto.minutes } }),
    );
    return this.get(id, ctx);
  }

  /** An item route's answer: the item as the read model now shows it (items have no GET route of their own). */
  private item(meetingId: string, itemId: string): ActionItemView {
    return found(getActionItem(this.db, meetingId, itemId, this.clock.now()), 'MEETING.ITEM_NOT_FOUND', { itemId });
  }
}
