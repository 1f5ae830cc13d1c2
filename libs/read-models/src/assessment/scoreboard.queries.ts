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
import { SCORE_SUBJECTS_TABLE, SCORE_YEARS_TABLE } from './scoreboard.projection.js';

/** The board of a year and every unit's detail, as of a moment, under the given rules. */
export interface ScoreboardResult {
  board: Scoreboard;
  units: Map<string, UnitScore>;
}

/** The stored facts of every subject that may score in `year`. */
function subjectsOfYear(db: Database.Database, year: number): AssessmentSubject[] {
  const rows = db
    .prepare(`SELECT doc FROM ${SCORE_SUBJECTS_TABLE} WHERE key IN (SELECT key FROM ${SCORE_YEARS_TABLE} WHERE year = ?) ORDER BY key`)
    .pluck(true)
    .all(year) as string[];
  return rows.map((doc) => JSON.parse(doc) as AssessmentSubject);
}

/**
 * Scores a year as of `asOf` with the domain's rules: the facts are read from the projection,
 * the points come from the pure scoring functions, never from SQL. The reasons show times in
 * `timeZone` (`DISPLAY_TIMEZONE`).
 */
export function scoreYear(db: Database.Database, rules: AssessmentRules, year: number, asOf: string, timeZone: string): ScoreboardResult {
  const subjects = subjectsOfYear(db, year);
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
