import { evolveInspection, initialInspectionState, type InspectionEvent, type InspectionState } from '#domain';
import { aggregateDocumentProjection } from '../aggregate/aggregate-document.projection.js';

/** Table of the inspections read model: one row per inspection, its document the domain's own state. */
export const INSPECTIONS_TABLE = 'inspections';

/**
 * Inspections (督察) with their findings, exactly as the decider folds them, with columns for
 * the filters of `GET /inspections`. The per-finding ledger is {@link rectificationLedgerProjection}.
 */
export const inspectionsProjection = aggregateDocumentProjection<InspectionState>({
  name: 'inspections',
  // 2: findings carry `rectificationDueDate`, `planDueDate` and the dates of plans and extensions.
  version: 2,
  category: 'inspection',
  table: INSPECTIONS_TABLE,
  initialState: initialInspectionState,
  evolve: (s, e) => evolveInspection(s, e as InspectionEvent),
  columns: {
    target_unit: 'TEXT',
    status: 'TEXT',
    opened_at: 'TEXT',
  },
  toColumns: (s) => ({
    target_unit: s?.targetUnit ?? null,
    status: s?.status ?? null,
    opened_at: s?.openedAt ?? null,
  }),
  migrate(db) {
    db.exec(`
      CREATE INDEX IF NOT EXISTS inspections_target ON inspections(target_unit, status, opened_at, id);
      CREATE INDEX IF NOT EXISTS inspections_status ON inspections(status, opened_at, id);
      CREATE INDEX IF NOT EXISTS inspections_opened ON inspections(opened_at, id);
    `);
  },
});
