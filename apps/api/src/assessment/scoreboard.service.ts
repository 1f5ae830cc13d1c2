import { Injectable } from '@nestjs/common';
import type { Scoreboard, UnitScore } from '#domain';
import { scoreBoard, scoreUnit } from '#read-models';
import { AppConfig, ProjectionsService } from '#platform';
import { ValidationProblem } from '../http/problem.filter.js';

/** Scores a year with the rules loaded at boot; used by the scoreboard routes and its export. */
@Injectable()
export class ScoreboardService {
  constructor(
    private readonly projections: ProjectionsService,
    private readonly config: AppConfig,
  ) {}

  /** The rules in force (the file read at boot). */
  get rules() {
    return this.config.assessmentRules;
  }

  /** The board of the year as of `asOf` (default `now`, the request's time); 400 for a moment after `now`. */
  board(year: number, asOf: string | undefined, now: string): Scoreboard {
    return scoreBoard(this.db, this.rules, year, this.moment(asOf, now), this.config.DISPLAY_TIMEZONE);
  }

  /** One unit's score of the year with its items, as of `asOf` (default `now`). */
  unit(year: number, unit: string, asOf: string | undefined, now: string): UnitScore {
    return scoreUnit(this.db, this.rules, year, unit, this.moment(asOf, now), this.config.DISPLAY_TIMEZONE);
  }

  private get db() {
    return this.projections.runner('scoreboard').db;
  }

  private moment(asOf: string | undefined, now: string): string {
    const at = asOf === undefined ? now : new Date(asOf).toISOString();
    // Lateness runs until `asOf`: a future moment would show deductions nobody has earned yet.
    if (Date.parse(at) > Date.parse(now)) throw new ValidationProblem([{ path: 'asOf', rule: 'notInFuture' }]);
    return at;
  }
}
