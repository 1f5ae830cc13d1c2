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

/** A page of groups, oldest registration first; fetches `limit + 1` to detect a next page. */
export function listSpecialGroups(db: Database.Database, f: { limit: number; after?: [string, string] | null }): SpecialGroupRecord[] {
  const rows = (
    f.after
      ? db
          .prepare(`SELECT doc, revision FROM ${SPECIAL_GROUPS_TABLE} WHERE created_at IS NOT NULL AND (created_at, id) > (?, ?) ORDER BY created_at, id LIMIT ?`)
          .all(f.after[0], f.after[1], f.limit + 1)
      : db.prepare(`SELECT doc, revision FROM ${SPECIAL_GROUPS_TABLE} WHERE created_at IS NOT NULL ORDER BY created_at, id LIMIT ?`).all(f.limit + 1)
  ) as Array<{ doc: string; revision: number }>;
  return rows.map((r) => ({ ...(JSON.parse(r.doc) as SpecialGroup), revision: r.revision }));
}
