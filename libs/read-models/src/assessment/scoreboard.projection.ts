import type Database from 'better-sqlite3';
import {
  assessedEventTime,
  assessmentSubjectKey,
  assessmentSubjectYears,
  evolveAssessmentSubject,
  reportsCanScore,
  type AssessmentSubject,
} from '#domain';
import type { Projection } from '../projection.js';
import {
  migrateScoreRollup,
  recordScoreTimeline,
  storedTaskUnit,
  SCORE_KNOWN_TABLE,
  SCORE_ROLLUP_META_TABLE,
  SCORE_ROLLUP_TABLE,
  SCORE_STRETCHES_TABLE,
  type ScoringSetup,
} from './scoreboard.rollup.js';
import { SCORE_SUBJECTS_TABLE, SCORE_YEARS_TABLE } from './scoreboard.tables.js';

export { SCORE_SUBJECTS_TABLE, SCORE_YEARS_TABLE } from './scoreboard.tables.js';

const statements = new WeakMap<
  Database.Database,
  { get: Database.Statement; put: Database.Statement; clearYears: Database.Statement; addYear: Database.Statement }
>();
function prepared(db: Database.Database) {
  let s = statements.get(db);
  if (!s) {
    s = {
      get: db.prepare(`SELECT doc, stream, revision FROM ${SCORE_SUBJECTS_TABLE} WHERE key = ?`),
      put: db.prepare(
        `INSERT INTO ${SCORE_SUBJECTS_TABLE}(key, kind, stream, revision, doc) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT(key) DO UPDATE SET kind = excluded.kind, stream = excluded.stream, revision = excluded.revision, doc = excluded.doc`,
      ),
      clearYears: db.prepare(`DELETE FROM ${SCORE_YEARS_TABLE} WHERE key = ?`),
      addYear: db.prepare(`INSERT OR IGNORE INTO ${SCORE_YEARS_TABLE}(key, year, unit) VALUES (?, ?, ?)`),
    };
    statements.set(db, s);
  }
  return s;
}

/** A subject's facts folded in the running batch and not yet written. */
interface PendingSubject {
  facts: AssessmentSubject;
  stream: string;
  revision: number;
  /**
   * False while the batch folded only events that change no score and no year (progress reports
   * on a task without a reporting cycle): the facts are written, their years and stretches stay.
   */
  scored: boolean;
}

function readSubject(db: Database.Database, key: string): PendingSubject | null {
  const row = prepared(db).get.get(key) as { doc: string; stream: string; revision: number } | undefined;
  return row ? { facts: JSON.parse(row.doc) as AssessmentSubject, stream: row.stream, revision: row.revision, scored: false } : null;
}

const unitOf = (subject: PendingSubject | undefined) => (subject?.facts.kind === 'task' ? subject.facts.unit : undefined);

/**
 * The scoreboard's facts (督考一体化) and, when built with the rules file and the display zone
 * ({@link scoreboardProjectionFor}), the board maintained from them. What is stored first is,
 * per subject, the domain's fold of the events that can change a score, each kept with its
 * stream, revision, event id and time so every score item can cite it; the detail of a unit is
 * computed from these facts at read time. The maintained board (`scoreboard.rollup.ts`) keeps
 * per subject the stretches of points the domain's rules give it from its latest event on, and
 * their sums per unit and year: a board is a sum of a few thousand rows. Points depend on the
 * rules file, so the stretches record the rules they were computed with, and a new rules file is
 * taken into account at the next boot by computing them again from the facts (no replay).
 * Within one batch of the runner (one transaction) each subject's facts are kept in memory and
 * its rows written once, in {@link Projection.flush}: a subject's cost per batch does not grow
 * with the number of its events in it.
 */
export function scoreboardProjectionFor(setup: ScoringSetup | null): Projection {
  const batches = new WeakMap<Database.Database, Map<string, PendingSubject>>();
  const batch = (db: Database.Database) => {
    let held = batches.get(db);
    if (!held) batches.set(db, (held = new Map()));
    return held;
  };
  const write = (db: Database.Database, key: string, subject: PendingSubject, taskUnit: (taskId: string) => string | undefined) => {
    const q = prepared(db);
    const { facts } = subject;
    q.put.run(key, facts.kind, subject.stream, subject.revision, JSON.stringify(facts));
    // Such a report is most of a ledger's events: scoring the task again for it found the same stretches.
    if (!subject.scored) return;
    q.clearYears.run(key);
    for (const { year, unit } of assessmentSubjectYears(facts)) q.addYear.run(key, year, unit);
    if (setup !== null) recordScoreTimeline(db, setup, key, facts, taskUnit);
  };
  return {
    name: 'scoreboard',
    // 2: each deadline and due date is `{ at, date, ref }`, `date` the calendar date it was given as (null for an instant).
    // 3: a subject is indexed under every year its dates may fall in, in any time zone (the year itself is the display zone's).
    // 4: a task's approved extension requests (TaskExtensionApproved) for `extension.after_deadline`.
    // 5: urging notices and leaders' instructions, for `urging.unanswered` and `instruction.late`.
    // (The maintained board's tables are computed from the facts when missing: no version change.)
    // 6: a task's reporting cycles and progress reports (TaskReportingSet, TaskProgressReported) for `task.report_missed`.
    // 7: a task keeps the last progress report of each quarter hour only (the domain's `withReport`).
    version: 7,
    categories: ['task', 'inspection', 'meeting', 'exemplar', 'evaluation', 'urging', 'instruction'],
    tables: [
      SCORE_SUBJECTS_TABLE,
      SCORE_YEARS_TABLE,
      SCORE_STRETCHES_TABLE,
      SCORE_ROLLUP_TABLE,
      SCORE_KNOWN_TABLE,
      SCORE_ROLLUP_META_TABLE,
    ],
    migrate(db) {
      db.exec(`
        CREATE TABLE IF NOT EXISTS ${SCORE_SUBJECTS_TABLE} (key TEXT PRIMARY KEY, kind TEXT NOT NULL, stream TEXT NOT NULL, revision
        INTEGER NOT NULL, doc TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS ${SCORE_YEARS_TABLE} (key TEXT NOT NULL, year INTEGER NOT NULL, unit TEXT, PRIMARY KEY (key, year));
        CREATE INDEX IF NOT EXISTS score_years_by_year ON ${SCORE_YEARS_TABLE}(year, unit);
      `);
      migrateScoreRollup(db, setup);
    },
    apply(db, event) {
      const key = assessmentSubjectKey(event);
      if (key === null) return;
      const at = assessedEventTime(event);
      if (at === null) return;
      const held = batch(db);
      const row = held.get(key) ?? readSubject(db, key);
      // Each subject comes from one stream: an event the row already holds (a replay) is skipped.
      if (row && row.stream === event.stream && row.revision >= event.revision) return;
      const after = evolveAssessmentSubject(row?.facts ?? null, event, {
        stream: event.stream,
        revision: event.revision,
        eventId: event.id,
        at,
      });
      if (after === null) return;
      // A progress report on a task without a reporting cycle changes its facts (a cycle set later
      // may owe periods since a named day) but neither its years nor its points (`reportsCanScore`).
      const scores = !(event.type === 'TaskProgressReported' && after.kind === 'task' && !reportsCanScore(after));
      const next = { facts: after, stream: event.stream, revision: event.revision, scored: scores || (row?.scored ?? false) };
      // An evaluation of a task is scored for the task's unit as this read model knows it when
      // the evaluation's event comes (the batch's tasks included): written at once, as before.
      // Every other subject's rows depend on its own facts only, so a batch writes them once,
      // whatever the number of its events about it (a task reported on 500 times in a batch is
      // read, folded and scored once, not 500 times).
      if (after.kind === 'evaluation') write(db, key, next, (id) => unitOf(held.get(`task:${id}`)) ?? storedTaskUnit(db)(id));
      else held.set(key, next);
    },
    flush(db) {
      const held = batch(db);
      for (const [key, subject] of held) write(db, key, subject, storedTaskUnit(db));
      held.clear();
    },
    discard(db) {
      batch(db).clear();
    },
  };
}

/** The facts only, without a maintained board (specs of the facts, tools that list the read models). */
export const scoreboardProjection: Projection = scoreboardProjectionFor(null);
