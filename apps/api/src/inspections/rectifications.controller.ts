import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { listRectifications, summarizeRectifications, type FindingView, type RectificationSummary } from '#read-models';
import { Clock, ProjectionsService } from '#platform';
import { paginate, type Page } from '../http/pagination.js';
import { Ctx, type RequestContext } from '../http/request-context.js';
import { decodeListCursor } from '../http/search-query.js';
import { ListRectificationsQuery } from './inspection.dto.js';
import { ApiAnswer, ApiPage } from '../http/openapi/api-answer.decorators.js';

/** The rectification ledger (整改台账) across inspections, read by the reform office every week. */
@ApiTags('inspections')
@ApiBearerAuth()
@Controller('rectifications')
export class RectificationsController {
  constructor(
    private readonly projections: ProjectionsService,
    private readonly clock: Clock,
  ) {}

  private get db() {
    return this.projections.runner('rectification-ledger').db;
  }

  @Get()
  @ApiOperation({
    summary:
      'Every finding, earliest due first (with q: ranked, description first, then most recent; matchedIn); filter by unit, ' +
      'severity, status, overdue (against the current time)',
  })
  @ApiPage('FindingListItem')
  list(@Query() query: ListRectificationsQuery, @Ctx() ctx: RequestContext): Page<FindingView> {
    const limit = query.limit ?? 50;
    const { after, searchAfter } = decodeListCursor<[number, string, string]>(
      query.cursor,
      query.q,
      3,
      (k) => typeof k[0] === 'number' && typeof k[1] === 'string' && typeof k[2] === 'string',
    );
    const rows = listRectifications(this.db, { ...query, limit, after, searchAfter, reader: ctx.actor }, this.clock.now());
    return paginate(
      rows,
      limit,
      (r) => r.sortKey,
      (r) => r.finding,
    );
  }

  @Get('summary')
  @ApiOperation({ summary: 'Per responsible unit: open, planned, rectified, closed, reopened, overdue, failed verifications; and totals' })
  @ApiAnswer('RectificationSummary')
  summary(@Ctx() ctx: RequestContext): RectificationSummary {
    return summarizeRectifications(this.db, this.clock.now(), ctx.actor);
  }
}
