import { Injectable } from '@nestjs/common';
import { scoreYear, type ScoreboardResult } from '#read-models';
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

  /** The year scored as of `asOf` (default `now`, the request's time); 400 for a moment after `now`. */
  score(year: number, asOf: string | undefined, now: string): ScoreboardResult {
    const at = asOf === undefined ? now : new Date(asOf).toISOString();
    // Lateness runs until `asOf`: a future moment would show deductions nobody has earned yet.
    if (Date.parse(at) > Date.parse(now)) throw new ValidationProblem([{ path: 'asOf', rule: 'notInFuture' }]);
    return scoreYear(this.projections.runner('scoreboard').db, this.rules, year, at, this.config.DISPLAY_TIMEZONE);
  }
}
