import { Controller, Get, Headers, HttpCode, Param, Post, Query } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { inboxDecider, inboxStream, unitRecipient } from '#domain';
import { getNotification, listNotifications, type NotificationView } from '#read-models';
import { ProjectionsService, Translator, type Locale } from '#platform';
import { decodeCursor, paginate, type Page } from '../http/pagination.js';
import { CodedHttpError } from '../http/problem.filter.js';
import { Ctx, type RequestContext } from '../http/request-context.js';
import { ListNotificationsQuery } from './meeting.dto.js';
import { NotificationIdPipe } from './notification-id.pipe.js';
import { ApiAnswer, ApiPage } from '../http/openapi/api-answer.decorators.js';

/**
 * The caller's inbox: reminders addressed to them and to their unit's shared address
 * (`unit:<unit>`, e.g. rectification reminders), with read marks recorded as events.
 * Subjects are rendered when read, in the request's language (`Accept-Language`, else
 * `DEFAULT_LOCALE`) with times in `DISPLAY_TIMEZONE`, from the notification's kind and refs;
 * the subject recorded at delivery (in `DEFAULT_LOCALE`) is shown only for a kind the
 * catalogues do not know.
 */
@ApiTags('notifications')
@ApiBearerAuth()
@Controller('notifications')
export class NotificationsController {
  constructor(
    private readonly bus: CommandBus,
    private readonly projections: ProjectionsService,
    private readonly t: Translator,
  ) {}

  private get db() {
    return this.projections.runner('notifications').db;
  }

  @Get()
  @ApiOperation({ summary: "The caller's inbox, newest first" })
  @ApiPage('NotificationView')
  list(
    @Query() query: ListNotificationsQuery,
    @Ctx() ctx: RequestContext,
    @Headers('accept-language') language?: string,
  ): Page<NotificationView> {
    const limit = query.limit ?? 50;
    const after = decodeCursor(query.cursor, 2) as [string, string] | null;
    const rows = listNotifications(this.db, this.addresses(ctx), { limit, after, ...(query.unread ? { unread: true } : {}) });
    const locale = this.t.negotiate(language);
    return paginate(
      rows,
      limit,
      (n) => [n.createdAt, n.id],
      (n) => this.worded(n, locale),
    );
  }

  @Post(':id/read')
  @HttpCode(200)
  @ApiOperation({ summary: 'Mark one of your notifications read (another user’s: 404, it is not yours to see)' })
  @ApiAnswer('NotificationView')
  async read(
    @Param('id', NotificationIdPipe) id: string,
    @Ctx() ctx: RequestContext,
    @Headers('accept-language') language?: string,
  ): Promise<NotificationView> {
    this.own(id, ctx);
    await this.bus.execute(
      ctx.decide(inboxStream(ctx.user.id), inboxDecider, {
        type: 'MarkNotificationRead',
        data: { userId: ctx.user.id, notificationId: id },
      }),
    );
    return this.worded(this.own(id, ctx), this.t.negotiate(language));
  }

  /** The notification with its subject in `locale`: what, when due, how late (refs carry the data). */
  private worded(n: NotificationView, locale: Locale): NotificationView {
    const { title } = n.refs;
    const due = n.refs.deadline ?? n.refs.due;
    const date = n.refs.deadlineDate ?? n.refs.dueDate;
    if (!this.t.isNotificationKind(n.kind) || typeof title !== 'string' || typeof due !== 'string') return n;
    const dueDate = typeof date === 'string' ? date : null;
    return { ...n, subject: this.t.notification(n.kind, { title, owner: '', due, dueDate, at: n.createdAt }, locale).subject };
  }

  private addresses(ctx: RequestContext): string[] {
    return ctx.user.unit ? [ctx.user.id, unitRecipient(ctx.user.unit)] : [ctx.user.id];
  }

  /** Another user's (or unit's) notification answers 404 like a missing one, so ids reveal nothing. */
  private own(id: string, ctx: RequestContext): NotificationView {
    const n = getNotification(this.db, id);
    if (!n || !this.addresses(ctx).includes(n.recipient)) throw new CodedHttpError(404, 'NOTIFICATION.NOT_FOUND', { notificationId: id });
    const { recipient: _recipient, ...view } = n;
    return view;
  }
}
