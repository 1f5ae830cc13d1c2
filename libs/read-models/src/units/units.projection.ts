import type Database from 'better-sqlite3';
import { unitDecider, type UnitEvent, type UnitState } from '#domain';
import { aggregateDocumentProjection } from '../aggregate/aggregate-document.projection.js';

/** Table of the units: one row per unit (id = its code), the document is the domain's state. */
export const UNITS_TABLE = 'units';
/**
 * The tree as a closure table: one row per (ancestor, descendant) pair, the unit itself
 * included at depth 0. A subtree is one index range (`ancestor = ?`), the ancestors one lookup
 * (`descendant = ?`), whatever the depth; a move rewrites only the pairs that cross the moved
 * subtree's edge.
 */
export const UNIT_CLOSURE_TABLE = 'unit_closure';

interface ClosureStatements {
  self: Database.Statement;
  link: Database.Statement;
  unlink: Database.Statement;
}
const statements = new WeakMap<Database.Database, ClosureStatements>();
function prepared(db: Database.Database): ClosureStatements {
  let s = statements.get(db);
  if (!s) {
    s = {
      self: db.prepare(`INSERT OR IGNORE INTO ${UNIT_CLOSURE_TABLE} (ancestor, descendant, depth) VALUES (?, ?, 0)`),
      // Every ancestor of the parent (the parent included) above every unit of the subtree.
      link: db.prepare(
        `INSERT OR REPLACE INTO ${UNIT_CLOSURE_TABLE} (ancestor, descendant, depth)
         SELECT a.ancestor, d.descendant, a.depth + d.depth + 1
         FROM ${UNIT_CLOSURE_TABLE} a, ${UNIT_CLOSURE_TABLE} d WHERE a.descendant = ? AND d.ancestor = ?`,
      ),
      // The pairs from outside the subtree into it: the subtree's old ancestors.
      unlink: db.prepare(
        `DELETE FROM ${UNIT_CLOSURE_TABLE}
         WHERE descendant IN (SELECT descendant FROM ${UNIT_CLOSURE_TABLE} WHERE ancestor = @code)
           AND ancestor NOT IN (SELECT descendant FROM ${UNIT_CLOSURE_TABLE} WHERE ancestor = @code)`,
      ),
    };
    statements.set(db, s);
  }
  return s;
}

/**
 * The tree of units (四级联动: city, districts, streets, communities, and departments), each as
 * the decider folds it, plus the closure table of the tree.
 */
export const unitsProjection = aggregateDocumentProjection<UnitState>({
  name: 'units',
  version: 1,
  category: 'unit',
  table: UNITS_TABLE,
  sideTables: [UNIT_CLOSURE_TABLE],
  initialState: unitDecider.initialState,
  evolve: (s, e) => unitDecider.evolve(s, e as UnitEvent),
  columns: { parent: 'TEXT', level: 'TEXT' },
  toColumns: (s) => ({ parent: s?.parent ?? null, level: s?.level ?? null }),
  migrate(db) {
    db.exec(`
      CREATE INDEX IF NOT EXISTS units_parent ON ${UNITS_TABLE}(parent, id);
      CREATE TABLE IF NOT EXISTS ${UNIT_CLOSURE_TABLE} (
        ancestor TEXT NOT NULL, descendant TEXT NOT NULL, depth INTEGER NOT NULL,
        PRIMARY KEY (ancestor, descendant)
      ) WITHOUT ROWID;
      CREATE INDEX IF NOT EXISTS unit_closure_descendant ON ${UNIT_CLOSURE_TABLE}(descendant, depth, ancestor);
    `);
  },
  afterApply(db, code, _state, event) {
    const s = prepared(db);
    const e = event as unknown as UnitEvent;
    switch (e.type) {
      case 'UnitRegistered':
        s.self.run(code, code);
        if (e.data.parent !== null) s.link.run(e.data.parent, code);
        return;
      case 'UnitMoved':
        s.unlink.run({ code });
        s.link.run(e.data.parent, code);
        return;
    }
  },
});
