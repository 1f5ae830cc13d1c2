import type Database from 'better-sqlite3';
import type { Unit, UnitLevel } from '#domain';
import { readDocument } from '../aggregate/aggregate-document.projection.js';
import { prepared } from '../prepared.js';
import { UNIT_CLOSURE_TABLE, UNITS_TABLE } from './units.projection.js';

/** A unit as stored, with its stream revision. */
export type UnitRecord = Unit & { revision: number };
/** A unit named in another unit's view. */
export interface UnitRef {
  code: string;
  name: string;
  level: UnitLevel;
}
/** `GET /units/:code`: the unit, its ancestors (the top first) and its children. */
export type UnitView = UnitRecord & { ancestors: UnitRef[]; children: UnitRef[] };

const ref = (doc: string): UnitRef => {
  const u = JSON.parse(doc) as Unit;
  return { code: u.code, name: u.name, level: u.level };
};

/** One unit, or null when never registered. */
export function getUnit(db: Database.Database, code: string): UnitRecord | null {
  const doc = readDocument<Unit | null>(db, UNITS_TABLE, code);
  return doc?.state ? { ...doc.state, revision: doc.revision } : null;
}

/** One unit with its ancestors (the top first) and its children (by code), or null. */
export function getUnitView(db: Database.Database, code: string): UnitView | null {
  const unit = getUnit(db, code);
  if (!unit) return null;
  const ancestors = (
    prepared(
      db,
      `SELECT u.doc FROM ${UNIT_CLOSURE_TABLE} c JOIN ${UNITS_TABLE} u ON u.id = c.ancestor WHERE c.descendant = ? AND ` +
        `c.depth > 0 ORDER BY c.depth DESC`,
    )
      .pluck()
      .all(code) as string[]
  ).map(ref);
  const children = (prepared(db, `SELECT doc FROM ${UNITS_TABLE} WHERE parent = ? ORDER BY id`).pluck().all(code) as string[]).map(ref);
  return { ...unit, ancestors, children };
}

/** `true` when a unit is registered under `code`. */
export function isUnitRegistered(db: Database.Database, code: string): boolean {
  return prepared(db, `SELECT 1 FROM ${UNITS_TABLE} WHERE id = ?`).get(code) !== undefined;
}

/**
 * The codes above `code`, nearest first: what a decider is told of the tree (a parent's
 * ancestors, a lead unit's ancestors). Empty for a top-level unit and for one never registered.
 */
export function unitAncestors(db: Database.Database, code: string): string[] {
  return prepared(db, `SELECT ancestor FROM ${UNIT_CLOSURE_TABLE} WHERE descendant = ? AND depth > 0 ORDER BY depth`)
    .pluck()
    .all(code) as string[];
}

/**
 * `code` and every unit below it. A unit never registered is a top-level unit with no
 * children, so its subtree is itself: tasks led by units nobody registered still roll up.
 */
export function unitSubtree(db: Database.Database, code: string): string[] {
  const codes = prepared(db, `SELECT descendant FROM ${UNIT_CLOSURE_TABLE} WHERE ancestor = ?`).pluck().all(code) as string[];
  return codes.length > 0 ? codes : [code];
}

/**
 * A page of units by code (only those under `under`, itself included, when given; only those
 * of `only` when given: a reader who may read some units only); fetches `limit + 1`.
 */
export function listUnits(
  db: Database.Database,
  f: { under?: string; limit: number; after?: string | null; only?: readonly string[] },
): UnitRecord[] {
  const after = f.after ?? '';
  const only = f.only ? ' AND u.id IN (SELECT value FROM json_each(?))' : '';
  const onlyParams = f.only ? [JSON.stringify(f.only)] : [];
  const rows = (
    f.under !== undefined
      ? prepared(
          db,
          `SELECT u.doc, u.revision FROM ${UNIT_CLOSURE_TABLE} c JOIN ${UNITS_TABLE} u ON u.id = c.descendant WHERE c.ancestor = ? AND
            c.descendant > ?${only}
           ORDER BY c.descendant LIMIT ?`,
        ).all(f.under, after, ...onlyParams, f.limit + 1)
      : prepared(db, `SELECT u.doc, u.revision FROM ${UNITS_TABLE} u WHERE u.id > ?${only} ORDER BY u.id LIMIT ?`).all(
          after,
          ...onlyParams,
          f.limit + 1,
        )
  ) as Array<{ doc: string; revision: number }>;
  return rows.map((r) => ({ ...(JSON.parse(r.doc) as Unit), revision: r.revision }));
}
