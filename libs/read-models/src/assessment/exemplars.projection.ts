import { exemplarDecider, type ExemplarEvent, type ExemplarState } from '#domain';
import { aggregateDocumentProjection } from '../aggregate/aggregate-document.projection.js';

/** Table of the exemplars list: one row per exemplar, the document is the domain's state. */
export const EXEMPLARS_TABLE = 'exemplars';

/** Reform exemplars (改革典型), with columns for every filter of `GET /exemplars`. */
export const exemplarsProjection = aggregateDocumentProjection<ExemplarState>({
  name: 'exemplars',
  version: 1,
  category: 'exemplar',
  table: EXEMPLARS_TABLE,
  deferIndexesOnRebuild: true,
  initialState: exemplarDecider.initialState,
  evolve: (s, e) => exemplarDecider.evolve(s, e as ExemplarEvent),
  columns: { year: 'INTEGER', unit: 'TEXT', status: 'TEXT', level: 'TEXT', created_at: 'TEXT' },
  toColumns: (s) => ({
    year: s?.year ?? null,
    unit: s?.unit ?? null,
    status: s?.status ?? null,
    level: s?.level ?? null,
    created_at: s?.createdAt ?? null,
  }),
  migrate(db) {
    db.exec(`
      CREATE INDEX IF NOT EXISTS exemplars_created ON ${EXEMPLARS_TABLE}(created_at, id);
      CREATE INDEX IF NOT EXISTS exemplars_year ON ${EXEMPLARS_TABLE}(year, created_at, id);
      CREATE INDEX IF NOT EXISTS exemplars_unit ON ${EXEMPLARS_TABLE}(unit, created_at, id);
    `);
  },
});
