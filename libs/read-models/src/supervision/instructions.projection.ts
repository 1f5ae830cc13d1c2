import { evolveInstruction, initialInstructionState, instantMs, type InstructionEvent, type InstructionState } from '#domain';
import { aggregateDocumentProjection } from '../aggregate/aggregate-document.projection.js';

/** Table of leaders' instructions: one row per instruction, the document is the domain's state. */
export const INSTRUCTIONS_TABLE = 'instructions';

/** Leaders' instructions (领导批示) with columns for every filter of `GET /instructions` and the overdue rule. */
export const instructionsProjection = aggregateDocumentProjection<InstructionState>({
  name: 'instructions',
  version: 1,
  category: 'instruction',
  table: INSTRUCTIONS_TABLE,
  deferIndexesOnRebuild: true,
  initialState: initialInstructionState,
  evolve: (s, e) => evolveInstruction(s, e as InstructionEvent),
  columns: {
    subject_kind: 'TEXT',
    subject_id: 'TEXT',
    unit: 'TEXT',
    status: 'TEXT',
    given_at: 'TEXT',
    respond_by_ms: 'INTEGER',
    first_response_at: 'TEXT',
  },
  toColumns: (s) => ({
    subject_kind: s?.subject.kind ?? null,
    subject_id: s?.subject.id ?? null,
    unit: s?.subject.unit ?? null,
    status: s?.status ?? null,
    given_at: s?.givenAt ?? null,
    respond_by_ms: s?.respondBy ? instantMs(s.respondBy) : null,
    first_response_at: s?.firstResponseAt ?? null,
  }),
  migrate(db) {
    db.exec(`
      CREATE INDEX IF NOT EXISTS instructions_given ON ${INSTRUCTIONS_TABLE}(given_at, id);
      CREATE INDEX IF NOT EXISTS instructions_subject ON ${INSTRUCTIONS_TABLE}(subject_kind, subject_id, given_at, id);
      CREATE INDEX IF NOT EXISTS instructions_unit ON ${INSTRUCTIONS_TABLE}(unit, given_at, id);
    `);
  },
});
