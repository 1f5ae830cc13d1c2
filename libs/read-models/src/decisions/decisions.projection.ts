import { decisionDecider, type DecisionEvent, type DecisionState } from '#domain';
import { aggregateDocumentProjection } from '../aggregate/aggregate-document.projection.js';

/** Table of the decisions list: one row per committee decision, the document is the domain's state. */
export const DECISIONS_TABLE = 'decisions';

/**
 * Committee decisions (深改委决定): every recorded decision with columns for the list's
 * filters. Task references stay in the document and are matched with `json_each`, since a
 * decision concerns a handful of tasks and the list is small next to the ledger.
 */
export const decisionsProjection = aggregateDocumentProjection<DecisionState>({
  name: 'decisions',
  version: 1,
  category: 'decision',
  table: DECISIONS_TABLE,
  initialState: decisionDecider.initialState,
  evolve: (s, e) => decisionDecider.evolve(s, e as DecisionEvent),
  columns: {
    meeting_id: 'TEXT',
    decided_at: 'TEXT',
  },
  toColumns: (s) => ({
    meeting_id: s?.meetingId ?? null,
    decided_at: s?.decidedAt ?? null,
  }),
  migrate(db) {
    db.exec(`
      CREATE INDEX IF NOT EXISTS decisions_decided ON ${DECISIONS_TABLE}(decided_at DESC, id DESC);
      CREATE INDEX IF NOT EXISTS decisions_meeting ON ${DECISIONS_TABLE}(meeting_id, decided_at DESC, id DESC);
    `);
  },
});
