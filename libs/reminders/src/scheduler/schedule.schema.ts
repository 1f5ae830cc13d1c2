import type Database from 'better-sqlite3';

/**
 * The scheduler's own tables: what the sweep recomputes every job from, so a worker needs no
 * other read model. One row per open subject with the deadline it was planned for, the
 * inspectors of inspections (a finding escalates to its inspection's), the leads of special
 * groups (a task's overdue deadline escalates to its group's), and the keys already
 * delivered (never planned again).
 */
export function migrateSchedule(db: Database.Database): void {
  db.exec(`
    CREATE TABLE IF NOT EXISTS sched_items (item_id TEXT PRIMARY KEY, meeting_id TEXT NOT NULL, owner TEXT NOT NULL,
      deadline TEXT NOT NULL, version INTEGER NOT NULL, status TEXT NOT NULL);
    CREATE INDEX IF NOT EXISTS sched_items_open ON sched_items(status);
    CREATE TABLE IF NOT EXISTS sched_matters (matter_id TEXT PRIMARY KEY, deadline TEXT NOT NULL, status TEXT NOT NULL,
      awaiting TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS sched_sent (key TEXT PRIMARY KEY);
    CREATE TABLE IF NOT EXISTS sched_inspections (inspection_id TEXT PRIMARY KEY, opened_by TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS sched_findings (finding_id TEXT NOT NULL, inspection_id TEXT NOT NULL, responsible_unit TEXT NOT NULL,
      due TEXT NOT NULL, version INTEGER NOT NULL, inspector TEXT NOT NULL, status TEXT NOT NULL, PRIMARY KEY (inspection_id, finding_id));
    CREATE TABLE IF NOT EXISTS sched_evaluations (evaluation_id TEXT PRIMARY KEY, evaluator_unit TEXT NOT NULL, due TEXT NOT NULL,
      commissioned_by TEXT NOT NULL, status TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS sched_tasks (task_id TEXT PRIMARY KEY, lead_unit TEXT NOT NULL, special_group TEXT NOT NULL,
      deadline TEXT NOT NULL, version INTEGER NOT NULL, milestones TEXT NOT NULL, status TEXT NOT NULL, revision INTEGER NOT NULL,
      deadline_date TEXT);
    CREATE INDEX IF NOT EXISTS sched_tasks_group ON sched_tasks(special_group, status);
    CREATE TABLE IF NOT EXISTS sched_groups (code TEXT PRIMARY KEY, lead TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS sched_acknowledgements (task_id TEXT PRIMARY KEY, lead_unit TEXT NOT NULL, acknowledge_by TEXT NOT NULL,
      status TEXT NOT NULL);
    CREATE INDEX IF NOT EXISTS sched_acknowledgements_open ON sched_acknowledgements(status);
  `);
  // The calendar date a deadline given as a date is the end of (null for an instant): its
  // reminders count from the due-day reminder time. Added to schedules written before.
  addDateColumn(db, 'sched_items', 'deadline_date');
  addDateColumn(db, 'sched_matters', 'deadline_date');
  addDateColumn(db, 'sched_findings', 'due_date');
  addDateColumn(db, 'sched_evaluations', 'due_date');
}

function addDateColumn(db: Database.Database, table: string, column: string): void {
  const columns = db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[];
  if (!columns.some((c) => c.name === column)) db.exec(`ALTER TABLE ${table} ADD COLUMN ${column} TEXT`);
}

/** An open (or closed) action item as the scheduler keeps it. */
export interface ItemRow {
  item_id: string;
  meeting_id: string;
  owner: string;
  deadline: string;
  /** `YYYY-MM-DD` when the deadline was given as a date, else null. */
  deadline_date: string | null;
  version: number;
  status: string;
}

/** A matter with a deadline; `awaiting` is a JSON array of the pending signers. */
export interface MatterRow {
  matter_id: string;
  deadline: string;
  deadline_date: string | null;
  status: string;
  awaiting: string;
}

/** A finding with its due date, due version (extensions) and inspector. */
export interface FindingRow {
  finding_id: string;
  inspection_id: string;
  responsible_unit: string;
  due: string;
  due_date: string | null;
  version: number;
  inspector: string;
  status: string;
}

/** A task awaiting its lead unit's acknowledgement: `open` until acknowledged, accepted or cancelled (`done`). */
export interface AcknowledgementRow {
  task_id: string;
  lead_unit: string;
  acknowledge_by: string;
  status: string;
}

/** A commissioned evaluation: `open` while its report is awaited, else `reported` or `accepted`. */
export interface EvaluationRow {
  evaluation_id: string;
  evaluator_unit: string;
  due: string;
  due_date: string | null;
  commissioned_by: string;
  status: string;
}

/**
 * A reform task: its deadline and version (changes plus one), its open milestones (a JSON array
 * of `{ milestoneId, due }`), `open` until accepted or cancelled, and the last revision of its
 * stream folded (a replayed batch folds nothing twice).
 */
export interface TaskRow {
  task_id: string;
  lead_unit: string;
  special_group: string;
  deadline: string;
  version: number;
  milestones: string;
  status: string;
  revision: number;
  /** The calendar date of a date-only deadline, else NULL. */
  deadline_date: string | null;
}

/** The scheduler's statements, prepared once per database (preparing is most of a fold's cost). */
export function scheduleStatements(db: Database.Database) {
  return {
    insertItem: db.prepare(
      `INSERT INTO sched_items (item_id, meeting_id, owner, deadline, version, status, deadline_date) VALUES (?, ?, ?, ?, ?, ` +
        `'open', ?) ON CONFLICT(item_id) DO NOTHING`,
    ),
    getItem: db.prepare<[string], ItemRow>('SELECT * FROM sched_items WHERE item_id = ?'),
    redateItem: db.prepare('UPDATE sched_items SET deadline = ?, deadline_date = ?, version = ? WHERE item_id = ?'),
    closeItem: db.prepare('UPDATE sched_items SET status = ? WHERE item_id = ?'),
    openItems: db.prepare<[], ItemRow>(`SELECT * FROM sched_items WHERE status = 'open'`),
    insertMatter: db.prepare(
      `INSERT INTO sched_matters (matter_id, deadline, status, awaiting, deadline_date) VALUES (?, ?, 'pending', ?, ?) ON ` +
        `CONFLICT(matter_id) DO NOTHING`,
    ),
    getMatter: db.prepare<[string], MatterRow>('SELECT * FROM sched_matters WHERE matter_id = ?'),
    setAwaiting: db.prepare('UPDATE sched_matters SET awaiting = ? WHERE matter_id = ?'),
    closeMatter: db.prepare('UPDATE sched_matters SET status = ? WHERE matter_id = ?'),
    pendingMatters: db.prepare<[], MatterRow>(`SELECT * FROM sched_matters WHERE status = 'pending'`),
    insertInspection: db.prepare('INSERT INTO sched_inspections VALUES (?, ?) ON CONFLICT(inspection_id) DO NOTHING'),
    insertFinding: db.prepare(
      `INSERT INTO sched_findings (finding_id, inspection_id, responsible_unit, due, version, inspector, status, due_date)
       SELECT ?, ?, ?, ?, 0, COALESCE((SELECT opened_by FROM sched_inspections WHERE inspection_id = ?), ?), 'open', ?
       ON CONFLICT(inspection_id, finding_id) DO NOTHING`,
    ),
    getFinding: db.prepare<[string, string], FindingRow>('SELECT * FROM sched_findings WHERE inspection_id = ? AND finding_id = ?'),
    redateFinding: db.prepare('UPDATE sched_findings SET due = ?, due_date = ?, version = ? WHERE inspection_id = ? AND finding_id = ?'),
    setFindingStatus: db.prepare('UPDATE sched_findings SET status = ? WHERE inspection_id = ? AND finding_id = ?'),
    openFindings: db.prepare<[], FindingRow>(`SELECT * FROM sched_findings WHERE status = 'open'`),
    insertEvaluation: db.prepare(
      `INSERT INTO sched_evaluations (evaluation_id, evaluator_unit, due, commissioned_by, status, due_date) VALUES (?, ?, ` +
        `?, ?, 'open', ?) ON CONFLICT(evaluation_id) DO NOTHING`,
    ),
    getEvaluation: db.prepare<[string], EvaluationRow>('SELECT * FROM sched_evaluations WHERE evaluation_id = ?'),
    setEvaluationStatus: db.prepare('UPDATE sched_evaluations SET status = ? WHERE evaluation_id = ?'),
    openEvaluations: db.prepare<[], EvaluationRow>(`SELECT * FROM sched_evaluations WHERE status = 'open'`),
    insertTask: db.prepare(`INSERT INTO sched_tasks VALUES (?, ?, ?, ?, 1, ?, 'open', ?, ?) ON CONFLICT(task_id) DO NOTHING`),
    getTask: db.prepare<[string], TaskRow>('SELECT * FROM sched_tasks WHERE task_id = ?'),
    updateTask: db.prepare(
      'UPDATE sched_tasks SET deadline = ?, deadline_date = ?, version = ?, milestones = ?, status = ?, revision = ? WHERE task_id = ?',
    ),
    openTasks: db.prepare<[], TaskRow>(`SELECT * FROM sched_tasks WHERE status = 'open'`),
    openTasksOfGroup: db.prepare<[string], TaskRow>(`SELECT * FROM sched_tasks WHERE special_group = ? AND status = 'open'`),
    groupLead: db.prepare<[string], string>('SELECT lead FROM sched_groups WHERE code = ?').pluck(),
    setGroupLead: db.prepare('INSERT INTO sched_groups VALUES (?, ?) ON CONFLICT(code) DO UPDATE SET lead = excluded.lead'),
    insertAcknowledgement: db.prepare(`INSERT INTO sched_acknowledgements VALUES (?, ?, ?, 'open') ON CONFLICT(task_id) DO NOTHING`),
    getAcknowledgement: db.prepare<[string], AcknowledgementRow>('SELECT * FROM sched_acknowledgements WHERE task_id = ?'),
    closeAcknowledgement: db.prepare(`UPDATE sched_acknowledgements SET status = 'done' WHERE task_id = ?`),
    openAcknowledgements: db.prepare<[], AcknowledgementRow>(`SELECT * FROM sched_acknowledgements WHERE status = 'open'`),
    markSent: db.prepare('INSERT INTO sched_sent VALUES (?) ON CONFLICT DO NOTHING'),
    isSent: db.prepare<[string], unknown>('SELECT 1 FROM sched_sent WHERE key = ?'),
  };
}

/** The prepared statements of one schedule database. */
export type ScheduleStatements = ReturnType<typeof scheduleStatements>;
