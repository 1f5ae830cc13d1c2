import type Database from 'better-sqlite3';
import type { Projection } from '../projection.js';

/** Table of the global who-did-what log: one row per event, keyed by global position. */
export const AUDIT_LOG_TABLE = 'audit_log';

const statements = new WeakMap<Database.Database, Database.Statement>();

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/**
 * The global audit log (who did what, when, to what): every event's identity and audit
 * metadata, without its data (the store keeps that; the export reads it from there). Filters
 * by actor, type, stream, correlation, causation and time are indexed together with the position they page by.
 */
export const auditLogProjection: Projection = {
  name: 'audit-log',
  version: 1,
  tables: [AUDIT_LOG_TABLE],
  // No `categories`, on purpose: every event of every stream is a row. So no command waits
  // for it; GET /audit/events waits instead until it has applied the store's head as of the
  // request, which still shows a command's events right after its answer.
  // Rows are only ever inserted by position: the indexes serve the filters, not the writes.
  deferIndexesOnRebuild: true,
  migrate(db) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS ${AUDIT_LOG_TABLE} (
        position INTEGER PRIMARY KEY,
        stream TEXT NOT NULL,
        revision INTEGER NOT NULL,
        id TEXT NOT NULL,
        type TEXT NOT NULL,
        actor_id TEXT,
        actor_roles TEXT,
        actor_unit TEXT,
        occurred_at TEXT NOT NULL,
        occurred_ms INTEGER NOT NULL,
        correlation_id TEXT,
        causation_id TEXT,
        command_id TEXT,
        recorded_at TEXT NOT NULL
      );
      CREATE INDEX IF NOT EXISTS audit_log_actor ON ${AUDIT_LOG_TABLE}(actor_id, position);
      CREATE INDEX IF NOT EXISTS audit_log_type ON ${AUDIT_LOG_TABLE}(type, position);
      CREATE INDEX IF NOT EXISTS audit_log_stream ON ${AUDIT_LOG_TABLE}(stream, position);
      CREATE INDEX IF NOT EXISTS audit_log_time ON ${AUDIT_LOG_TABLE}(occurred_ms, position);
      CREATE INDEX IF NOT EXISTS audit_log_correlation ON ${AUDIT_LOG_TABLE}(correlation_id, position);
      CREATE INDEX IF NOT EXISTS audit_log_causation ON ${AUDIT_LOG_TABLE}(causation_id, position);
    `);
  },
  apply(db, event) {
    let insert = statements.get(db);
    if (!insert) {
      insert = db.prepare(
        `INSERT INTO ${AUDIT_LOG_TABLE} (position, stream, revision, id, type, actor_id, actor_roles, actor_unit, occurred_at, occurred_ms,
           correlation_id, causation_id, command_id, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      statements.set(db, insert);
    }
    const m = event.metadata;
    const actor = (m['actor'] ?? null) as { id?: unknown; roles?: unknown; unit?: unknown } | null;
    // Events written without audit metadata (imports, tests) still get a time: the store's.
    const occurredAt = str(m['occurredAt']) ?? event.created;
    const occurredMs = Date.parse(occurredAt);
    insert.run(
      event.position,
      event.stream,
      event.revision,
      event.id,
      event.type,
      str(actor?.id),
      Array.isArray(actor?.roles) ? JSON.stringify(actor.roles) : null,
      str(actor?.unit),
      occurredAt,
      Number.isNaN(occurredMs) ? Date.parse(event.created) : occurredMs,
      str(m['correlationId']),
      str(m['causationId']),
      str(m['commandId']),
      event.created,
    );
  },
};
