import type { Attachment, FileEvent } from '#domain';
import { streamCategory } from '#domain';
import type { Projection } from '../projection.js';
import { prepared } from '../prepared.js';

export const FILES_TABLE = 'files';
export const FILE_UPLOADERS_TABLE = 'file_uploaders';
export const FILE_CITATIONS_TABLE = 'file_citations';

/** Categories whose events may carry `attachments` (API.md's list of commands that accept them). */
export const CITING_CATEGORIES = ['task', 'inspection', 'evaluation', 'urging', 'instruction'] as const;

/** What a citing event's data may say about whose record it is (the finding's, the urged task's, the instruction's subject's unit). */
interface CitingData {
  attachments: Attachment[];
  responsibleUnit?: unknown;
  leadUnit?: unknown;
  evaluatorUnit?: unknown;
  subject?: { unit?: unknown };
}

const hasAttachments = (data: unknown): data is CitingData =>
  typeof data === 'object' && data !== null && Array.isArray((data as { attachments?: unknown }).attachments);

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/**
 * The file catalogue: each evidence file (from its own `file-<hex>` stream), who uploaded it,
 * and every event that cites it (any event whose data has `attachments`), with the unit whose
 * record it is when the event names it (a finding's responsible unit, an urged task's lead unit,
 * an instruction's subject's unit, an evaluation's evaluator). Who may read a file and whether
 * the orphan job may remove it are judged from here.
 */
export const filesProjection: Projection = {
  name: 'files',
  // 2: a file uploaded again after its removal takes the new upload's record (its name), as the fold does.
  version: 2,
  tables: [FILES_TABLE, FILE_UPLOADERS_TABLE, FILE_CITATIONS_TABLE],
  categories: ['file', ...CITING_CATEGORIES],
  migrate(db) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS ${FILES_TABLE} (
        id TEXT PRIMARY KEY, name TEXT NOT NULL, size INTEGER NOT NULL, media_type TEXT NOT NULL,
        sha256 TEXT NOT NULL, sm3 TEXT NOT NULL, uploaded_at TEXT NOT NULL, last_uploaded_at TEXT NOT NULL,
        removed_at TEXT, revision INTEGER NOT NULL
      );
      CREATE TABLE IF NOT EXISTS ${FILE_UPLOADERS_TABLE} (
        file_id TEXT NOT NULL, user_id TEXT NOT NULL, unit TEXT, at TEXT NOT NULL, PRIMARY KEY (file_id, user_id)
      );
      CREATE TABLE IF NOT EXISTS ${FILE_CITATIONS_TABLE} (
        file_id TEXT NOT NULL, stream TEXT NOT NULL, revision INTEGER NOT NULL, event_type TEXT NOT NULL,
        unit TEXT, evaluator_unit TEXT, PRIMARY KEY (file_id, stream, revision)
      );
      CREATE INDEX IF NOT EXISTS files_orphans ON ${FILES_TABLE}(last_uploaded_at) WHERE removed_at IS NULL;
    `);
  },
  apply(db, event) {
    const category = streamCategory(event.stream);
    if (category === 'file') {
      const e = { type: event.type, data: event.data } as FileEvent;
      switch (e.type) {
        case 'FileUploaded': {
          const { file, uploadedBy, uploadedAt } = e.data;
          const row = prepared(db, `SELECT removed_at FROM ${FILES_TABLE} WHERE id = ?`).get(file.id) as
            { removed_at: string | null } | undefined;
          // A removed file uploaded again starts a new life: its earlier uploaders go with the old one.
          if (row?.removed_at) prepared(db, `DELETE FROM ${FILE_UPLOADERS_TABLE} WHERE file_id = ?`).run(file.id);
          prepared(
            db,
            `INSERT INTO ${FILES_TABLE} (id, name, size, media_type, sha256, sm3, uploaded_at, last_uploaded_at, removed_at, revision)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, ?)
             ON CONFLICT(id) DO UPDATE SET last_uploaded_at = excluded.last_uploaded_at, revision = excluded.revision, removed_at = NULL,
               uploaded_at = CASE WHEN ${FILES_TABLE}.removed_at IS NULL THEN ${FILES_TABLE}.uploaded_at ELSE excluded.uploaded_at END,
               name = CASE WHEN ${FILES_TABLE}.removed_at IS NULL THEN ${FILES_TABLE}.name ELSE excluded.name END`,
          ).run(file.id, file.name, file.size, file.mediaType, file.sha256, file.sm3, uploadedAt, uploadedAt, event.revision);
          prepared(db, `INSERT OR REPLACE INTO ${FILE_UPLOADERS_TABLE} (file_id, user_id, unit, at) VALUES (?, ?, ?, ?)`).run(
            file.id,
            uploadedBy.id,
            uploadedBy.unit ?? null,
            uploadedAt,
          );
          return;
        }
        case 'FileRemoved':
          prepared(db, `UPDATE ${FILES_TABLE} SET removed_at = ?, revision = ? WHERE id = ?`).run(
            e.data.removedAt,
            event.revision,
            e.data.fileId,
          );
          prepared(db, `DELETE FROM ${FILE_UPLOADERS_TABLE} WHERE file_id = ?`).run(e.data.fileId);
          return;
        default:
          return;
      }
    }
    // The runner hands over whole batches: an event of a category that cites nothing is no citation.
    if (!(CITING_CATEGORIES as readonly string[]).includes(category) || !hasAttachments(event.data)) return;
    const d = event.data;
    const unit = text(d.responsibleUnit) ?? text(d.leadUnit) ?? text(d.subject?.unit);
    const evaluatorUnit = text(d.evaluatorUnit);
    for (const a of event.data.attachments) {
      // A citation decided while the orphan job was removing the file's record wins: the job
      // deletes bytes only of files still uncited, so the file stays readable.
      prepared(db, `UPDATE ${FILES_TABLE} SET removed_at = NULL WHERE id = ? AND removed_at IS NOT NULL`).run(a.id);
      prepared(
        db,
        `INSERT OR IGNORE INTO ${FILE_CITATIONS_TABLE} (file_id, stream, revision, event_type, unit, evaluator_unit) VALUES ` +
          `(?, ?, ?, ?, ?, ?)`,
      ).run(a.id, event.stream, event.revision, event.type, unit, evaluatorUnit);
    }
  },
};
