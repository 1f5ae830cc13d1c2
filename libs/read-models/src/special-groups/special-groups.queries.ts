import type Database from 'better-sqlite3';
import type { SpecialGroup } from '#domain';
import { readDocument } from '../aggregate/aggregate-document.projection.js';
import { SPECIAL_GROUPS_TABLE } from './special-groups.projection.js';

/** A group as stored, with its stream revision. */
export type SpecialGroupRecord = SpecialGroup & { revision: number };

/** One group by code, or null. */
export function getSpecialGroup(db: Database.Database, code: string): SpecialGroupRecord | null {
  const doc = readDocument<SpecialGroup | null>(db, SPECIAL_GROUPS_TABLE, code);
  return doc?.state ? { ...doc.state, revision: doc.revision } : null;
}

/** `true` when a group is registered under `code`. */
export function isSpecialGroupRegistered(db: Database.Database, code: string): boolean {
  return db.prepare(`SELECT 1 FROM ${SPECIAL_GROUPS_TABLE} WHERE id = ? AND created_at IS NOT NULL`).get(code) !== undefined;
}

/** The codes of every registered group. */
export function registeredSpecialGroupCodes(db: Database.Database): Set<string> {
  const rows = db.prepare(`SELECT id FROM ${SPECIAL_GROUPS_TABLE} WHERE created_at IS NOT NULL`).pluck().all() as string[];
  return new Set(rows);
}

/** The name of every registered group by its code (a few dozen rows: the exports name groups by it). */
export function specialGroupNames(db: Database.Database): Map<string, string> {
  const rows = db
    .prepare(`SELECT id, json_extract(doc, '$.name') AS name FROM ${SPECIAL_GROUPS_TABLE} WHERE created_at IS NOT NULL`)
    .all() as Array<{ id: string; name: string | null }>;
  return new Map(rows.flatMap((r) => (r.name === null ? [] : [[r.id, r.name] as [string, string]])));
}

/** A page of groups, oldest registration first; fetches `limit + 1` to detect a next page. */
export function listSpecialGroups(
  db: Database.Database,
  f: { limit: number; after?: [string, string] | null; only?: readonly string[] },
): SpecialGroupRecord[] {
  const where = ['created_at IS NOT NULL'];
  const params: unknown[] = [];
  // A reader who may read some groups only (an evaluator's commissioned ones: `canReadSpecialGroup`).
  if (f.only) {
    where.push('id IN (SELECT value FROM json_each(?))');
    params.push(JSON.stringify(f.only));
  }
  if (f.after) {
    where.push('(created_at, id) > (?, ?)');
    params.push(f.after[0], f.after[1]);
  }
  const rows = db
    .prepare(`SELECT doc, revision FROM ${SPECIAL_GROUPS_TABLE} WHERE ${where.join(' AND ')} ORDER BY created_at, id LIMIT ?`)
    .all(...params, f.limit + 1) as Array<{ doc: string; revision: number }>;
  return rows.map((r) => ({ ...(JSON.parse(r.doc) as SpecialGroup), revision: r.revision }));
}
