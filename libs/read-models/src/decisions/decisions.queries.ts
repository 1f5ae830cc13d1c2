import type Database from 'better-sqlite3';
import type { Decision } from '#domain';
import { readDocument } from '../aggregate/aggregate-document.projection.js';
import { DECISIONS_TABLE } from './decisions.projection.js';

/** A decision as `GET /decisions/:id` shows it: the recorded decision and its stream revision. */
export type DecisionView = Decision & { revision: number };

/** Filters of `GET /decisions`. */
export interface DecisionFilter {
  meetingId?: string;
  /** Decisions that concern this task. */
  taskId?: string;
  limit: number;
  /** Keyset: the `[decidedAt, id]` of the last row of the previous page (newest first). */
  after?: [string, string] | null;
}

/** One decision, or null. */
export function getDecision(db: Database.Database, id: string): DecisionView | null {
  const doc = readDocument<Decision | null>(db, DECISIONS_TABLE, id);
  return doc?.state ? { ...doc.state, revision: doc.revision } : null;
}

/** A page of decisions, most recently decided first; fetches `limit + 1` to detect a next page. */
export function listDecisions(db: Database.Database, f: DecisionFilter): DecisionView[] {
  const where: string[] = ['decided_at IS NOT NULL'];
  const params: unknown[] = [];
  if (f.meetingId) {
    where.push('meeting_id = ?');
    params.push(f.meetingId);
  }
  if (f.taskId) {
    where.push(`EXISTS (SELECT 1 FROM json_each(${DECISIONS_TABLE}.doc, '$.taskIds') WHERE json_each.value = ?)`);
    params.push(f.taskId);
  }
  if (f.after) {
    where.push('(decided_at, id) < (?, ?)');
    params.push(f.after[0], f.after[1]);
  }
  const rows = db
    .prepare(`SELECT doc, revision FROM ${DECISIONS_TABLE} WHERE ${where.join(' AND ')} ORDER BY decided_at DESC, id DESC LIMIT ?`)
    .all(...params, f.limit + 1) as Array<{ doc: string; revision: number }>;
  return rows.map((r) => ({ ...(JSON.parse(r.doc) as Decision), revision: r.revision }));
}
