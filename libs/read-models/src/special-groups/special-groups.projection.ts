import { specialGroupDecider, type SpecialGroupEvent, type SpecialGroupState } from '#domain';
import { aggregateDocumentProjection } from '../aggregate/aggregate-document.projection.js';

/** Table of the special groups: one row per group (id = its code), the document is the domain's state. */
export const SPECIAL_GROUPS_TABLE = 'special_groups';

/** The committee's special groups (专项小组), in registration order. */
export const specialGroupsProjection = aggregateDocumentProjection<SpecialGroupState>({
  name: 'special-groups',
  version: 1,
  category: 'group',
  table: SPECIAL_GROUPS_TABLE,
  deferIndexesOnRebuild: true,
  initialState: specialGroupDecider.initialState,
  evolve: (s, e) => specialGroupDecider.evolve(s, e as SpecialGroupEvent),
  columns: { created_at: 'TEXT' },
  toColumns: (s) => ({ created_at: s?.createdAt ?? null }),
  migrate(db) {
    db.exec(`CREATE INDEX IF NOT EXISTS special_groups_created ON ${SPECIAL_GROUPS_TABLE}(created_at, id);`);
  },
});
