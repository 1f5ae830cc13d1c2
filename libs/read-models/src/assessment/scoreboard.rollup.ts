import type Database from 'better-sqlite3';
import {
  factsKnownMs,
  rankScoreboard,
  scoreItemsOf,
  scoreTimeline,
  type AssessmentRules,
  type AssessmentSubject,
  type Scoreboard,
  type ScoreStretch,
  type TaskFacts,
  type UnitTally,
} from '#domain';
import { SCORE_SUBJECTS_TABLE, SCORE_YEARS_TABLE } from './scoreboard.tables.js';

/*
 * The scoreboard's maintained board (issue #28): per subject, the stretches of constant points
 * the domain's rules give it from its latest event on (`scoreTimeline`), and their sums per
 * unit, year and UTC month / day / hour / minute of the instants they start and end. A board as
 * of `asOf` adds the months before `asOf`'s month, the days of its month before its day, the
 * hours of its day before its hour, the minutes of its hour before its minute, and that minute's
 * own stretch starts and ends up to `asOf`: a few thousand rows, whatever the number of subjects
 * (a day on which 30,000 deadlines fall is still 24 + 60 rows per unit).
 * A subject whose latest event is after `asOf` (an as-of question about the past) is scored again
 * from its facts, as is an evaluation of a task this read model has not seen registered.
 */

/** Each subject's stretches of constant points (`ScoreStretch`), for the instants of the asked day. */
export const SCORE_STRETCHES_TABLE = 'score_stretches';
/** Sums of the stretches' starts (+) and ends (−) per year, unit, and UTC month (grain 0), day (1), hour (2) or minute (3). */
export const SCORE_ROLLUP_TABLE = 'score_rollup';
/** Per subject and year: when its stretches start to hold (its latest event's time). */
export const SCORE_KNOWN_TABLE = 'score_known';
/** The rules and time zone the stretches were computed with. */
export const SCORE_ROLLUP_META_TABLE = 'score_rollup_meta';

/** Stands for "never": a subject that is always scored again from its facts. */
const NEVER_MS = 8.64e15;
const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;
const monthOf = (ms: number) => {
  const d = new Date(ms);
  return d.getUTCFullYear() * 12 + d.getUTCMonth();
};
/** The (grain, bucket) pairs an instant is summed under: its UTC month (0), day (1), hour (2) and minute (3). */
const bucketsOf = (ms: number): Array<[number, number]> => [
  [0, monthOf(ms)],
  [1, Math.floor(ms / DAY_MS)],
  [2, Math.floor(ms / HOUR_MS)],
  [3, Math.floor(ms / MINUTE_MS)],
];

/** The rules and zone a maintained board is computed with; null keeps the facts only (no board). */
export interface ScoringSetup {
  rules: AssessmentRules;
  timeZone: string;
}

/** What the stored sums depend on: their layout (2: hour and minute grains), the zone and the rules. */
const fingerprint = (s: ScoringSetup) => `2\u0000${s.timeZone}\u0000${JSON.stringify(s.rules)}`;

export const SCORE_ROLLUP_DDL = `
  CREATE TABLE IF NOT EXISTS ${SCORE_STRETCHES_TABLE} (
    key TEXT NOT NULL, year INTEGER NOT NULL, unit TEXT NOT NULL, rule TEXT NOT NULL, points REAL NOT NULL,
    from_ms INTEGER NOT NULL, until_ms INTEGER);
  CREATE INDEX IF NOT EXISTS score_stretches_by_key ON ${SCORE_STRETCHES_TABLE}(key);
  CREATE INDEX IF NOT EXISTS score_stretches_by_from ON ${SCORE_STRETCHES_TABLE}(year, from_ms);
  CREATE INDEX IF NOT EXISTS score_stretches_by_until ON ${SCORE_STRETCHES_TABLE}(year, until_ms) WHERE until_ms IS NOT NULL;
  CREATE TABLE IF NOT EXISTS ${SCORE_ROLLUP_TABLE} (
    year INTEGER NOT NULL, grain INTEGER NOT NULL, bucket INTEGER NOT NULL, unit TEXT NOT NULL,
    deductions REAL NOT NULL, bonus REAL NOT NULL, n INTEGER NOT NULL,
    PRIMARY KEY (year, grain, bucket, unit)) WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS ${SCORE_KNOWN_TABLE} (
    key TEXT NOT NULL, year INTEGER NOT NULL, known_ms INTEGER NOT NULL, PRIMARY KEY (key, year)) WITHOUT ROWID;
  CREATE INDEX IF NOT EXISTS score_known_by_year ON ${SCORE_KNOWN_TABLE}(year, known_ms);
  CREATE TABLE IF NOT EXISTS ${SCORE_ROLLUP_META_TABLE} (id INTEGER PRIMARY KEY CHECK (id = 1), fingerprint TEXT NOT NULL);
`;

const statements = new WeakMap<Database.Database, Map<string, Database.Statement>>();
function stmt(db: Database.Database, sql: string): Database.Statement {
  let m = statements.get(db);
  if (!m) statements.set(db, (m = new Map()));
  let s = m.get(sql);
  if (!s) m.set(sql, (s = db.prepare(sql)));
  return s;
}

function addDelta(db: Database.Database, year: number, unit: string, atMs: number, points: number, sign: 1 | -1): void {
  const deductions = points < 0 ? -points * sign : 0;
  const bonus = points > 0 ? points * sign : 0;
  for (const [grain, bucket] of bucketsOf(atMs)) {
    stmt(
      db,
      `INSERT INTO ${SCORE_ROLLUP_TABLE}(year, grain, bucket, unit, deductions, bonus, n) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT DO UPDATE SET deductions = deductions + excluded.deductions, bonus = bonus + excluded.bonus, n = n + excluded.n`,
    ).run(year, grain, bucket, unit, deductions, bonus, sign);
    // A bucket whose starts and ends cancel out is removed, so a rebuild and a replay hold the same rows.
    stmt(
      db,
      `DELETE FROM ${SCORE_ROLLUP_TABLE} WHERE year = ? AND grain = ? AND bucket = ? AND unit = ? AND deductions = 0 AND ` +
        `bonus = 0 AND n = 0`,
    ).run(year, grain, bucket, unit);
  }
}

function stretchDeltas(db: Database.Database, s: Pick<ScoreStretch, 'year' | 'unit' | 'points' | 'fromMs' | 'untilMs'>, sign: 1 | -1) {
  addDelta(db, s.year, s.unit, s.fromMs, s.points, sign);
  if (s.untilMs !== null) addDelta(db, s.year, s.unit, s.untilMs, s.points, -sign as 1 | -1);
}

/** The lead unit of a task as the stored facts hold it (undefined when this read model has not seen it registered). */
export function storedTaskUnit(db: Database.Database) {
  return (taskId: string): string | undefined => {
    const doc = stmt(db, `SELECT doc FROM ${SCORE_SUBJECTS_TABLE} WHERE key = ?`).pluck(true).get(`task:${taskId}`) as string | undefined;
    return doc === undefined ? undefined : (JSON.parse(doc) as TaskFacts).unit;
  };
}

/**
 * Replaces a subject's stretches and their sums with those of its new facts; `taskUnit` answers
 * the lead unit of the task an evaluation is about (the stored facts' by default).
 */
export function recordScoreTimeline(
  db: Database.Database,
  setup: ScoringSetup,
  key: string,
  facts: AssessmentSubject,
  taskUnit = storedTaskUnit(db),
): void {
  type Stored = Pick<ScoreStretch, 'year' | 'unit' | 'rule' | 'points' | 'fromMs' | 'untilMs'>;
  const same = (s: Stored) => `${s.year}\u0000${s.unit}\u0000${s.rule}\u0000${s.points}\u0000${s.fromMs}\u0000${s.untilMs}`;
  const old = stmt(
    db,
    `SELECT rowid, year, unit, rule, points, from_ms AS fromMs, until_ms AS untilMs FROM ${SCORE_STRETCHES_TABLE} WHERE key = ?`,
  ).all(key) as Array<Stored & { rowid: number }>;

  // An evaluation of a task not (yet) registered here scores nobody today but may later: it is scored per request.
  const unresolved = facts.kind === 'evaluation' && facts.subject.kind === 'task' && taskUnit(facts.subject.id) === undefined;
  const knownMs = unresolved ? NEVER_MS : factsKnownMs(facts);
  const stretches = unresolved ? [] : scoreTimeline(setup.rules, facts, { timeZone: setup.timeZone, taskUnit }, knownMs);
  // Only the stretches that changed are rewritten: most events (a progress report on a task not
  // yet due) leave them all as they were, and each one rewritten costs eight sums.
  const kept = new Map<string, number>();
  for (const s of stretches) kept.set(same(s), (kept.get(same(s)) ?? 0) + 1);
  for (const s of old) {
    const n = kept.get(same(s)) ?? 0;
    if (n > 0) {
      kept.set(same(s), n - 1);
      continue;
    }
    stretchDeltas(db, s, -1);
    stmt(db, `DELETE FROM ${SCORE_STRETCHES_TABLE} WHERE rowid = ?`).run(s.rowid);
  }
  for (const s of stretches) {
    const n = kept.get(same(s)) ?? 0;
    if (n === 0) continue;
    kept.set(same(s), n - 1);
    stmt(db, `INSERT INTO ${SCORE_STRETCHES_TABLE}(key, year, unit, rule, points, from_ms, until_ms) VALUES (?, ?, ?, ?, ?, ?, ?)`).run(
      key,
      s.year,
      s.unit,
      s.rule,
      s.points,
      s.fromMs,
      s.untilMs,
    );
    stretchDeltas(db, s, 1);
  }
  // Every year the subject may score in, with or without stretches: asked about a moment before its latest event, it is scored again.
  stmt(db, `DELETE FROM ${SCORE_KNOWN_TABLE} WHERE key = ?`).run(key);
  for (const year of stmt(db, `SELECT year FROM ${SCORE_YEARS_TABLE} WHERE key = ?`).pluck(true).all(key) as number[])
    stmt(db, `INSERT INTO ${SCORE_KNOWN_TABLE}(key, year, known_ms) VALUES (?, ?, ?)`).run(key, year, knownMs);
}

/**
 * Creates the tables and, when the rules file or the zone changed since the stretches were
 * computed (or they never were), computes them again from the stored facts: no event is
 * replayed, the facts do not depend on the rules.
 */
export function migrateScoreRollup(db: Database.Database, setup: ScoringSetup | null): void {
  db.exec(SCORE_ROLLUP_DDL);
  if (setup === null) return;
  const stored = db.prepare(`SELECT fingerprint FROM ${SCORE_ROLLUP_META_TABLE} WHERE id = 1`).pluck(true).get() as string | undefined;
  if (stored === fingerprint(setup)) return;
  db.transaction(() => {
    db.exec(`DELETE FROM ${SCORE_STRETCHES_TABLE}; DELETE FROM ${SCORE_ROLLUP_TABLE}; DELETE FROM ${SCORE_KNOWN_TABLE};`);
    const rows = db.prepare(`SELECT key, doc FROM ${SCORE_SUBJECTS_TABLE} ORDER BY key`).all() as Array<{ key: string; doc: string }>;
    for (const r of rows) recordScoreTimeline(db, setup, r.key, JSON.parse(r.doc) as AssessmentSubject);
    db.prepare(
      `INSERT INTO ${SCORE_ROLLUP_META_TABLE}(id, fingerprint) VALUES (1, ?) ON CONFLICT(id) DO UPDATE SET fingerprint = ` +
        `excluded.fingerprint`,
    ).run(fingerprint(setup));
  })();
}

/** Whether the stored sums were computed with these rules in this zone. */
export function hasScoreRollup(db: Database.Database, setup: ScoringSetup): boolean {
  try {
    return stmt(db, `SELECT fingerprint FROM ${SCORE_ROLLUP_META_TABLE} WHERE id = 1`).pluck(true).get() === fingerprint(setup);
  } catch {
    return false; // a read model from before the roll-up: no table yet
  }
}

/**
 * The board of `year` as of `asOf` from the maintained sums, plus the subjects whose latest
 * event is after `asOf`, scored from their facts by the domain's rules. Equal to scoring every
 * subject of the year (the projection's int spec proves it over random ledgers).
 */
export function maintainedScoreboard(db: Database.Database, setup: ScoringSetup, year: number, asOf: string): Scoreboard {
  const asOfMs = Date.parse(asOf);
  const day = Math.floor(asOfMs / DAY_MS);
  const hour = Math.floor(asOfMs / HOUR_MS);
  const minute = Math.floor(asOfMs / MINUTE_MS);
  const d = new Date(asOfMs);
  const monthStartDay = Math.floor(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1) / DAY_MS);
  const tallies = new Map<string, UnitTally & { n: number }>();
  const add = (unit: string, deductions: number, bonusEarned: number, n: number) => {
    let t = tallies.get(unit);
    if (!t) tallies.set(unit, (t = { unit, deductions: 0, bonusEarned: 0, n: 0 }));
    t.deductions += deductions;
    t.bonusEarned += bonusEarned;
    t.n += n;
  };
  const sums = stmt(
    db,
    `SELECT unit, SUM(deductions) AS d, SUM(bonus) AS b, SUM(n) AS n FROM ${SCORE_ROLLUP_TABLE}
     WHERE year = ? AND ((grain = 0 AND bucket < ?) OR (grain = 1 AND bucket >= ? AND bucket < ?)
       OR (grain = 2 AND bucket >= ? AND bucket < ?) OR (grain = 3 AND bucket >= ? AND bucket < ?)) GROUP BY unit`,
  ).all(year, monthOf(asOfMs), monthStartDay, day, day * 24, hour, hour * 60, minute) as Array<{
    unit: string;
    d: number;
    b: number;
    n: number;
  }>;
  for (const r of sums) add(r.unit, r.d, r.b, r.n);
  const today = stmt(
    db,
    `SELECT unit, points, 1 AS sign FROM ${SCORE_STRETCHES_TABLE} WHERE year = ? AND from_ms >= ? AND from_ms <= ?
     UNION ALL
     SELECT unit, points, -1 AS sign FROM ${SCORE_STRETCHES_TABLE} WHERE year = ? AND until_ms >= ? AND until_ms <= ?`,
  ).all(year, minute * MINUTE_MS, asOfMs, year, minute * MINUTE_MS, asOfMs) as Array<{ unit: string; points: number; sign: number }>;
  for (const r of today) add(r.unit, r.points < 0 ? -r.points * r.sign : 0, r.points > 0 ? r.points * r.sign : 0, r.sign);

  const later = stmt(
    db,
    `SELECT s.doc FROM ${SCORE_KNOWN_TABLE} k JOIN ${SCORE_SUBJECTS_TABLE} s ON s.key = k.key WHERE k.year = ? AND ` +
      `k.known_ms > ? ORDER BY k.key`,
  )
    .pluck(true)
    .all(year, asOfMs) as string[];
  if (later.length > 0) {
    const c = { year, asOf, timeZone: setup.timeZone, taskUnit: storedTaskUnit(db) };
    for (const doc of later) {
      for (const { unit, item } of scoreItemsOf(setup.rules, JSON.parse(doc) as AssessmentSubject, c)) {
        add(unit, item.points < 0 ? -item.points : 0, item.points > 0 ? item.points : 0, 1);
      }
    }
  }
  return rankScoreboard(
    setup.rules,
    { year, asOf },
    [...tallies.values()].filter((t) => t.n > 0),
  );
}
