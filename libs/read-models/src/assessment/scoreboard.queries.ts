import type Database from 'better-sqlite3';
import {
  computeScoreboard,
  unitScore,
  type AssessmentRules,
  type AssessmentSubject,
  type Scoreboard,
  type TaskFacts,
  type UnitScore,
} from '#domain';
import { hasScoreRollup, maintainedScoreboard } from './scoreboard.rollup.js';
import { SCORE_SUBJECTS_TABLE, SCORE_YEARS_TABLE } from './scoreboard.tables.js';

/** The board of a year and every unit's detail, as of a moment, under the given rules. */
export interface ScoreboardResult {
  board: Scoreboard;
  units: Map<string, UnitScore>;
}

/**
 * The stored facts of every subject that may score in `year`; with `unit`, only those of that unit
 * and those whose unit is known at read time only (evaluations of a task).
 */
function subjectsOfYear(db: Database.Database, year: number, unit?: string): AssessmentSubject[] {
  const rows = (
    unit === undefined
      ? db
          .prepare(
            `SELECT doc FROM ${SCORE_SUBJECTS_TABLE} WHERE key IN (SELECT key FROM ${SCORE_YEARS_TABLE} WHERE year = ?) ORDER BY key`,
          )
          .pluck(true)
          .all(year)
      : db
          .prepare(
            `SELECT doc FROM ${SCORE_SUBJECTS_TABLE} WHERE key IN
             (SELECT key FROM ${SCORE_YEARS_TABLE} WHERE year = ? AND (unit = ? OR unit IS NULL)) ORDER BY key`,
          )
          .pluck(true)
          .all(year, unit)
  ) as string[];
  return rows.map((doc) => JSON.parse(doc) as AssessmentSubject);
}

/**
 * Scores a year as of `asOf` with the domain's rules: the facts are read from the projection,
 * the points come from the pure scoring functions, never from SQL. The reasons show times in
 * `timeZone` (`DISPLAY_TIMEZONE`).
 */
export function scoreYear(
  db: Database.Database,
  rules: AssessmentRules,
  year: number,
  asOf: string,
  timeZone: string,
  unit?: string,
): ScoreboardResult {
  const subjects = subjectsOfYear(db, year, unit);
  const taskUnits = new Map<string, string>();
  const wanted = subjects.flatMap((s) => (s.kind === 'evaluation' && s.subject.kind === 'task' ? [s.subject.id] : []));
  if (wanted.length > 0) {
    const read = db.prepare(`SELECT doc FROM ${SCORE_SUBJECTS_TABLE} WHERE key = ?`).pluck(true);
    for (const id of new Set(wanted)) {
      const doc = read.get(`task:${id}`) as string | undefined;
      if (doc) taskUnits.set(id, (JSON.parse(doc) as TaskFacts).unit);
    }
  }
  return computeScoreboard(rules, subjects, { year, asOf, timeZone, taskUnit: (id) => taskUnits.get(id) });
}

/** The detail of one unit: its score, or the domain's score of no items when no rule touched it. */
export function unitScoreOf(result: ScoreboardResult, rules: AssessmentRules, unit: string): UnitScore {
  return result.units.get(unit) ?? unitScore(rules, unit, { year: result.board.year, asOf: result.board.asOf }, []);
}

/**
 * The board of a year as of `asOf`: from the maintained sums when the read model keeps them for
 * these rules and this zone (`scoreboardProjectionFor`), otherwise scored from every subject's facts.
 * Both answer the same board.
 */
export function scoreBoard(db: Database.Database, rules: AssessmentRules, year: number, asOf: string, timeZone: string): Scoreboard {
  const setup = { rules, timeZone };
  return hasScoreRollup(db, setup) ? maintainedScoreboard(db, setup, year, asOf) : scoreYear(db, rules, year, asOf, timeZone).board;
}

/** One unit's score with its items, scored from the facts of that unit's subjects only. */
export function scoreUnit(
  db: Database.Database,
  rules: AssessmentRules,
  year: number,
  unit: string,
  asOf: string,
  timeZone: string,
): UnitScore {
  return unitScoreOf(scoreYear(db, rules, year, asOf, timeZone, unit), rules, unit);
}
