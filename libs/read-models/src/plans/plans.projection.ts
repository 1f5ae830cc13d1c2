import type Database from 'better-sqlite3';
import { planDecider, type PlanEvent, type PlanState } from '#domain';
import { aggregateDocumentProjection } from '../aggregate/aggregate-document.projection.js';

/** Table of the plans: one row per plan, the document is the domain's state (key points included). */
export const PLANS_TABLE = 'plans';
/** One row per key point, for `GET /key-points` filters without reading every plan. */
export const KEY_POINTS_TABLE = 'key_points';

const inserts = new WeakMap<Database.Database, Database.Statement>();

/** Plans (规划) with their annual key points (要点). */
export const plansProjection = aggregateDocumentProjection<PlanState>({
  name: 'plans',
  version: 1,
  category: 'plan',
  table: PLANS_TABLE,
  sideTables: [KEY_POINTS_TABLE],
  deferIndexesOnRebuild: true,
  initialState: planDecider.initialState,
  evolve: (s, e) => planDecider.evolve(s, e as PlanEvent),
  columns: { created_at: 'TEXT' },
  toColumns: (s) => ({ created_at: s?.createdAt ?? null }),
  migrate(db) {
    db.exec(`
      CREATE INDEX IF NOT EXISTS plans_created ON ${PLANS_TABLE}(created_at, id);
      CREATE TABLE IF NOT EXISTS ${KEY_POINTS_TABLE} (
        id TEXT PRIMARY KEY, plan_id TEXT NOT NULL, year INTEGER NOT NULL, area TEXT NOT NULL,
        special_group TEXT, title TEXT NOT NULL, created_at TEXT NOT NULL
      );
      CREATE INDEX IF NOT EXISTS key_points_plan ON ${KEY_POINTS_TABLE}(plan_id, year, created_at, id);
      CREATE INDEX IF NOT EXISTS key_points_created ON ${KEY_POINTS_TABLE}(created_at, id);
    `);
  },
  afterApply(db, _id, _state, event) {
    if (event.type !== 'KeyPointAdded') return;
    const d = event.data as Extract<PlanEvent, { type: 'KeyPointAdded' }>['data'];
    let insert = inserts.get(db);
    if (!insert) {
      insert = db.prepare(
        `INSERT INTO ${KEY_POINTS_TABLE} (id, plan_id, year, area, special_group, title, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT(id) DO NOTHING`,
      );
      inserts.set(db, insert);
    }
    insert.run(d.keyPointId, d.planId, d.year, d.area, d.specialGroup, d.title, d.addedAt);
  },
});
