import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { listActionItems, type ActionItemView } from '#read-models';
import { Clock, ProjectionsService } from '#platform';
import { CurrentUser } from '../auth/auth.decorators.js';
import type { AuthUser } from '../auth/auth.types.js';
import { paginate, type Page } from '../http/pagination.js';
import { decodeListCursor } from '../http/search-query.js';
import { ListActionItemsQuery } from './meeting.dto.js';
import { ApiPage } from '../http/openapi/api-answer.decorators.js';

/** Action items across meetings, earliest deadline first. */
@ApiTags('meetings')
@ApiBearerAuth()
@Controller('action-items')
export class ActionItemsController {
  constructor(
    private readonly projections: ProjectionsService,
    private readonly clock: Clock,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'Action items by owner (`me` or an id), unit, status, overdue (now), dueBefore; with q ranked (most recent first; matchedIn)',
  })
  @ApiPage('ActionItemView')
  list(@Query() query: ListActionItemsQuery, @CurrentUser() user: AuthUser): Page<ActionItemView> {
    const limit = query.limit ?? 50;
    const { after, searchAfter } = decodeListCursor<[number, string]>(
      query.cursor,
      query.q,
      2,
      (k) => typeof k[0] === 'number' && typeof k[1] === 'string',
    );
    const rows = listActionItems(
      this.projections.runner('meetings').db,
      {
        ...(query.owner !== undefined ? { owner: query.owner === 'me' ? user.id : query.owner } : {}),
        ...(query.ownerUnit !== undefined ? { ownerUnit: query.ownerUnit } : {}),
        ...(query.status !== undefined ? { status: query.status } : {}),
        ...(query.overdue !== undefined ? { overdue: query.overdue } : {}),
        ...(query.dueBefore !== undefined ? { dueBeforeMs: Date.parse(query.dueBefore) } : {}),
        ...(query.q !== undefined ? { q: query.q } : {}),
        reader: { id: user.id, roles: user.roles, ...(user.unit !== undefined ? { unit: user.unit } : {}) },
        limit,
        after,
        searchAfter,
      },
      this.clock.now(),
    );
    return paginate(
      rows,
      limit,
      (r) => r.sortKey,
      (r) => r.item,
    );
  }
}
