import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { mayReadUnitScore, type Scoreboard, type UnitScore } from '#domain';
import { CodedHttpError } from '../http/problem.filter.js';
import { Ctx, type RequestContext } from '../http/request-context.js';
import { ScoreboardQuery } from './scoreboard.dto.js';
import { ScoreboardService } from './scoreboard.service.js';
import { ApiAnswer } from '../http/openapi/api-answer.decorators.js';

/**
 * The "100+20" scoreboard with the rules file loaded at boot, so every answer names the rules
 * version it was computed with: the board from the sums the scoreboard projection maintains,
 * a unit's detail from the facts of that unit's subjects.
 */
@ApiTags('assessment')
@ApiBearerAuth()
@Controller('scoreboard')
export class ScoreboardController {
  constructor(private readonly scores: ScoreboardService) {}

  @Get()
  @ApiOperation({ summary: "Every unit's score for a year, best total first, as of now or `asOf`" })
  @ApiAnswer('Scoreboard')
  board(@Query() query: ScoreboardQuery, @Ctx() ctx: RequestContext): Scoreboard {
    return this.scores.board(query.year, query.asOf, ctx.metadata.now);
  }

  @Get(':unit')
  @ApiOperation({ summary: "One unit's score with every item and the event it comes from (a department sees its own unit)" })
  @ApiAnswer('UnitScore')
  unit(@Param('unit') unit: string, @Query() query: ScoreboardQuery, @Ctx() ctx: RequestContext): UnitScore {
    if (unit.length > 200) throw new CodedHttpError(404, 'RESOURCE.NOT_FOUND');
    if (!mayReadUnitScore(ctx.metadata.actor, unit)) {
      throw new CodedHttpError(403, 'SCOREBOARD.NOT_OWN_UNIT', { unit });
    }
    return this.scores.unit(query.year, unit, query.asOf, ctx.metadata.now);
  }
}
