import { evolveUrging, initialUrgingState, instantMs, type UrgingEvent, type UrgingState } from '#domain';
import { aggregateDocumentProjection } from '../aggregate/aggregate-document.projection.js';

/** Table of urging notices: one row per notice, the document is the domain's state. */
export const URGINGS_TABLE = 'urgings';

/** Urging notices (催办单) with columns for every filter of `GET /urgings` and the overdue rule. */
export const urgingsProjection = aggregateDocumentProjection<UrgingState>({
  name: 'urgings',
  version: 1,
  category: 'urging',
  table: URGINGS_TABLE,
  deferIndexesOnRebuild: true,
  initialState: initialUrgingState,
  evolve: (s, e) => evolveUrging(s, e as UrgingEvent),
  columns: {
    task_id: 'TEXT',
    lead_unit: 'TEXT',
    year: 'INTEGER',
    number: 'INTEGER',
    status: 'TEXT',
    issued_at: 'TEXT',
    reply_by_ms: 'INTEGER',
    replied_at: 'TEXT',
  },
  toColumns: (s) => ({
    task_id: s?.taskId ?? null,
    lead_unit: s?.leadUnit ?? null,
    year: s?.year ?? null,
    number: s?.number ?? null,
    status: s?.status ?? null,
    issued_at: s?.issuedAt ?? null,
    reply_by_ms: s?.replyBy ? instantMs(s.replyBy) : null,
    replied_at: s?.reply?.at ?? null,
  }),
  migrate(db) {
    db.exec(`
      CREATE INDEX IF NOT EXISTS urgings_issued ON ${URGINGS_TABLE}(issued_at, id);
      CREATE INDEX IF NOT EXISTS urgings_task ON ${URGINGS_TABLE}(task_id, issued_at, id);
      CREATE INDEX IF NOT EXISTS urgings_unit ON ${URGINGS_TABLE}(lead_unit, issued_at, id);
      CREATE INDEX IF NOT EXISTS urgings_unnumbered ON ${URGINGS_TABLE}(issued_at, id) WHERE number IS NULL;
    `);
  },
});
