import type Database from 'better-sqlite3';
import { AUDIT_LOG_TABLE } from './audit-log.projection.js';

/** Filters of `GET /audit/events` and `GET /audit/export`. */
export interface AuditLogFilter {
  actor?: string;
  type?: string;
  stream?: string;
  /** Every event of one command and what it set off (`correlationId`). */
  correlation?: string;
  /** Every event one cause produced (`causationId`). */
  causation?: string;
  /** Inclusive lower bound on `occurredAt` (epoch ms). */
  fromMs?: number;
  /** Exclusive upper bound on `occurredAt` (epoch ms). */
  toMs?: number;
}

/** One entry of the global log. */
export interface AuditLogEntry {
  position: number;
  stream: string;
  revision: number;
  id: string;
  type: string;
  actor: { id: string | null; roles: string[]; unit: string | null };
  occurredAt: string;
  correlationId: string | null;
  causationId: string | null;
  commandId: string | null;
  recordedAt: string;
}

interface Row {
  position: number;
  stream: string;
  revision: number;
  id: string;
  type: string;
  actor_id: string | null;
  actor_roles: string | null;
  actor_unit: string | null;
  occurred_at: string;
  correlation_id: string | null;
  causation_id: string | null;
  command_id: string | null;
  recorded_at: string;
}

function toEntry(r: Row): AuditLogEntry {
  return {
    position: r.position,
    stream: r.stream,
    revision: r.revision,
    id: r.id,
    type: r.type,
    actor: { id: r.actor_id, roles: r.actor_roles ? (JSON.parse(r.actor_roles) as string[]) : [], unit: r.actor_unit },
    occurredAt: r.occurred_at,
    correlationId: r.correlation_id,
    causationId: r.causation_id,
    commandId: r.command_id,
    recordedAt: r.recorded_at,
  };
}

function where(f: AuditLogFilter, afterPosition: number | null): { sql: string; params: unknown[] } {
  const clauses: string[] = [];
  const params: unknown[] = [];
  const add = (clause: string, value: unknown) => {
    clauses.push(clause);
    params.push(value);
  };
  if (f.actor !== undefined) add('actor_id = ?', f.actor);
  if (f.type !== undefined) add('type = ?', f.type);
  if (f.stream !== undefined) add('stream = ?', f.stream);
  if (f.correlation !== undefined) add('correlation_id = ?', f.correlation);
  if (f.causation !== undefined) add('causation_id = ?', f.causation);
  if (f.fromMs !== undefined) add('occurred_ms >= ?', f.fromMs);
  if (f.toMs !== undefined) add('occurred_ms < ?', f.toMs);
  if (afterPosition !== null) add('position > ?', afterPosition);
  return { sql: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params };
}

/** A page of the global log in position order; fetches `limit + 1` rows to detect a next page. */
export function listAuditLog(db: Database.Database, f: AuditLogFilter & { limit: number; afterPosition: number | null }): AuditLogEntry[] {
  const w = where(f, f.afterPosition);
  const rows = db.prepare(`SELECT * FROM ${AUDIT_LOG_TABLE} ${w.sql} ORDER BY position LIMIT ?`).all(...w.params, f.limit + 1) as Row[];
  return rows.map(toEntry);
}

/**
 * Every matching entry in position order, fetched in keyset pages so that a consumer that
 * reads slowly holds at most one page in memory.
 */
export async function* iterateAuditLog(db: Database.Database, f: AuditLogFilter, pageSize = 1_000): AsyncGenerator<AuditLogEntry> {
  let after: number | null = null;
  for (;;) {
    const page = listAuditLog(db, { ...f, limit: pageSize - 1, afterPosition: after });
    for (const entry of page) yield entry;
    if (page.length < pageSize) return;
    after = page[page.length - 1]!.position;
  }
}
