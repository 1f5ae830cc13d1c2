import type Database from 'better-sqlite3';
import {
  evolveInspection,
  initialInspectionState,
  instantMs,
  parseStream,
  type Finding,
  type Inspection,
  type InspectionEvent,
  type InspectionState,
} from '#domain';
import type { Projection } from '../projection.js';
import { SearchIndex } from '../search/search-index.js';

/** One row per finding: the rectification ledger (整改台账). */
export const RECTIFICATIONS_TABLE = 'rectifications';
/** The inspection each finding belongs to, without its findings (those are the ledger rows). */
export const RECTIFICATION_INSPECTIONS_TABLE = 'rectification_inspections';

/**
 * What `q` searches in a finding: its description (ranked first, with pinyin), every plan
 * submitted (`plan`) and every rectification recorded (`rectification`). Keyed by finding id.
 */
export const findingSearch = new SearchIndex<Finding>({
  prefix: RECTIFICATIONS_TABLE,
  primary: { name: 'description', text: (f) => f.description, pinyin: 'text' },
  fields: [
    { name: 'plan', text: (f) => f.plans.map((p) => p.plan) },
    { name: 'rectification', text: (f) => f.rectifications.map((r) => r.description) },
  ],
});

/** The inspection minus its findings, as kept in {@link RECTIFICATION_INSPECTIONS_TABLE}. */
type InspectionHeader = Omit<Inspection, 'findings'>;

interface Statements {
  header: Database.Statement;
  findings: Database.Statement;
  putHeader: Database.Statement;
  putFinding: Database.Statement;
}

/**
 * The rectification ledger: every finding of every inspection as its own row, so the weekly
 * ledger filters (unit, severity, status, overdue) and the per-unit summary are plain indexed
 * queries. The fold is the domain's own `evolve` over the whole inspection (header row plus its
 * finding rows), so the ledger can never disagree with the decider; only findings the event
 * changed are written back.
 */
export const rectificationLedgerProjection: Projection = (() => {
  const statements = new WeakMap<Database.Database, Statements>();
  const prepared = (db: Database.Database): Statements => {
    let s = statements.get(db);
    if (!s) {
      s = {
        header: db.prepare(`SELECT doc, revision FROM ${RECTIFICATION_INSPECTIONS_TABLE} WHERE id = ?`),
        findings: db.prepare(`SELECT doc FROM ${RECTIFICATIONS_TABLE} WHERE inspection_id = ? ORDER BY seq`),
        putHeader: db.prepare(
          `INSERT INTO ${RECTIFICATION_INSPECTIONS_TABLE} (id, revision, opened_by, status, doc) VALUES (@id, @revision, @opened_by,
            @status, @doc)
           ON CONFLICT(id) DO UPDATE SET revision = excluded.revision, opened_by = excluded.opened_by, status = excluded.status, doc =
           excluded.doc`,
        ),
        putFinding: db.prepare(
          `INSERT INTO ${RECTIFICATIONS_TABLE}
             (inspection_id, finding_id, seq, responsible_unit, target_unit, severity, status, due_ms, failed_verifications,
             recorded_at, doc, revision)
           VALUES (@inspection_id, @finding_id, @seq, @responsible_unit, @target_unit, @severity, @status, @due_ms,
           @failed_verifications, @recorded_at, @doc, @revision)
           ON CONFLICT(inspection_id, finding_id) DO UPDATE SET
             responsible_unit = excluded.responsible_unit, severity = excluded.severity, status = excluded.status,
             due_ms = excluded.due_ms, failed_verifications = excluded.failed_verifications, doc = excluded.doc, revision =
             excluded.revision`,
        ),
      };
      statements.set(db, s);
    }
    return s;
  };

  return {
    name: 'rectification-ledger',
    // 2: the search index.
    // 3: findings carry `rectificationDueDate`, `planDueDate` and the dates of plans and extensions.
    // 4: each finding row keeps its inspection's `target_unit`, for the department's reading scope.
    version: 4,
    categories: ['inspection'],
    tables: [RECTIFICATIONS_TABLE, RECTIFICATION_INSPECTIONS_TABLE, ...findingSearch.tables],
    migrate(db) {
      db.exec(`
        CREATE TABLE IF NOT EXISTS ${RECTIFICATION_INSPECTIONS_TABLE} (
          id TEXT PRIMARY KEY, revision INTEGER NOT NULL, opened_by TEXT, status TEXT, doc TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS ${RECTIFICATIONS_TABLE} (
          inspection_id TEXT NOT NULL,
          finding_id TEXT NOT NULL,
          seq INTEGER NOT NULL,
          responsible_unit TEXT NOT NULL,
          target_unit TEXT NOT NULL,
          severity TEXT NOT NULL,
          status TEXT NOT NULL,
          due_ms INTEGER NOT NULL,
          failed_verifications INTEGER NOT NULL,
          recorded_at TEXT NOT NULL,
          doc TEXT NOT NULL,
          revision INTEGER NOT NULL,
          PRIMARY KEY (inspection_id, finding_id));
        CREATE INDEX IF NOT EXISTS rectifications_unit ON ${RECTIFICATIONS_TABLE}(responsible_unit, status, due_ms);
        CREATE INDEX IF NOT EXISTS rectifications_status_due ON ${RECTIFICATIONS_TABLE}(status, due_ms);
        CREATE INDEX IF NOT EXISTS rectifications_severity ON ${RECTIFICATIONS_TABLE}(severity, status);
        CREATE INDEX IF NOT EXISTS rectifications_order ON ${RECTIFICATIONS_TABLE}(due_ms, inspection_id, finding_id);
        CREATE INDEX IF NOT EXISTS rectifications_finding ON ${RECTIFICATIONS_TABLE}(finding_id);
        CREATE INDEX IF NOT EXISTS rectifications_target ON ${RECTIFICATIONS_TABLE}(target_unit, due_ms);
      `);
      findingSearch.migrate(db);
    },
    apply(db, event) {
      const { category, id } = parseStream(event.stream);
      if (category !== 'inspection') return;
      const s = prepared(db);
      const headerRow = s.header.get(id) as { doc: string; revision: number } | undefined;
      // An event the rows already hold (a replay over the same tables) must not be folded twice.
      if (headerRow && headerRow.revision >= event.revision) return;
      const before: InspectionState = headerRow
        ? {
            ...(JSON.parse(headerRow.doc) as InspectionHeader),
            findings: (s.findings.all(id) as Array<{ doc: string }>).map((r) => JSON.parse(r.doc) as Finding),
          }
        : initialInspectionState();
      const after = evolveInspection(before, { type: event.type, data: event.data } as InspectionEvent);
      if (after === null) return;
      const { findings, ...header } = after;
      s.putHeader.run({ id, revision: event.revision, opened_by: header.openedBy, status: header.status, doc: JSON.stringify(header) });
      const previous = new Map((before?.findings ?? []).map((f) => [f.id, f]));
      findings.forEach((f, seq) => {
        // evolve keeps untouched findings by reference, so identity says what this event changed.
        if (previous.get(f.id) === f) return;
        s.putFinding.run({
          inspection_id: id,
          finding_id: f.id,
          seq,
          responsible_unit: f.responsibleUnit,
          target_unit: header.targetUnit,
          severity: f.severity,
          status: f.status,
          due_ms: instantMs(f.rectificationDue),
          failed_verifications: f.failedVerifications,
          recorded_at: f.recordedAt,
          doc: JSON.stringify(f),
          revision: event.revision,
        });
        findingSearch.write(db, f.id, f);
      });
    },
  };
})();
