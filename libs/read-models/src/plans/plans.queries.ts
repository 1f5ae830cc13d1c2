import type Database from 'better-sqlite3';
import type { Area, KeyPoint, Plan } from '#domain';
import { readDocument } from '../aggregate/aggregate-document.projection.js';
import { KEY_POINTS_TABLE, PLANS_TABLE } from './plans.projection.js';

/** A plan as stored, with its stream revision. */
export type PlanRecord = Plan & { revision: number };

/** One plan, or null. */
export function getPlan(db: Database.Database, id: string): PlanRecord | null {
  const doc = readDocument<Plan | null>(db, PLANS_TABLE, id);
  return doc?.state ? { ...doc.state, revision: doc.revision } : null;
}

/** A page of plans, oldest registration first; fetches `limit + 1` to detect a next page. */
export function listPlans(db: Database.Database, f: { limit: number; after?: [string, string] | null }): PlanRecord[] {
  const rows = (
    f.after
      ? db
          .prepare(
            `SELECT doc, revision FROM ${PLANS_TABLE} WHERE created_at IS NOT NULL AND (created_at, id) > (?, ?) ORDER BY ` +
              `created_at, id LIMIT ?`,
          )
          .all(f.after[0], f.after[1], f.limit + 1)
      : db.prepare(`SELECT doc, revision FROM ${PLANS_TABLE} WHERE created_at IS NOT NULL ORDER BY created_at, id LIMIT ?`).all(f.limit + 1)
  ) as Array<{ doc: string; revision: number }>;
  return rows.map((r) => ({ ...(JSON.parse(r.doc) as Plan), revision: r.revision }));
}

/** The title of the key point with this id on some plan, or null when there is none. */
export function keyPointTitle(db: Database.Database, id: string): string | null {
  const title = db.prepare(`SELECT title FROM ${KEY_POINTS_TABLE} WHERE id = ?`).pluck().get(id) as string | undefined;
  return title ?? null;
}

/** Filters of `GET /key-points`; keyset on `[createdAt, id]`, oldest first. */
export interface KeyPointFilter {
  planId?: string;
  year?: number;
  area?: Area;
  specialGroup?: string;
  /** Leave out these key points (those some task carries out, for `withoutTasks=true`). */
  excluding?: readonly string[];
  /** Keep only these key points (those some task carries out, for `withoutTasks=false`). */
  including?: readonly string[];
  limit: number;
  after?: [string, string] | null;
}

/** A page of key points, oldest first; fetches `limit + 1` to detect a next page. */
export function listKeyPoints(db: Database.Database, f: KeyPointFilter): KeyPoint[] {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (clause: string, value: unknown) => {
    where.push(clause);
    params.push(value);
  };
  if (f.planId !== undefined) add('plan_id = ?', f.planId);
  if (f.year !== undefined) add('year = ?', f.year);
  if (f.area !== undefined) add('area = ?', f.area);
  if (f.specialGroup !== undefined) add('special_group = ?', f.specialGroup);
  if (f.excluding) add('id NOT IN (SELECT value FROM json_each(?))', JSON.stringify(f.excluding));
  if (f.including) add('id IN (SELECT value FROM json_each(?))', JSON.stringify(f.including));
  if (f.after) {
    where.push('(created_at, id) > (?, ?)');
    params.push(f.after[0], f.after[1]);
  }
  const rows = db
    .prepare(
      `SELECT id, plan_id AS planId, year, title, area, special_group AS specialGroup, created_at AS createdAt FROM ${KEY_POINTS_TABLE}
       ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at, id LIMIT ?`,
    )
    .all(...params, f.limit + 1) as KeyPoint[];
  return rows;
}
