import type Database from 'better-sqlite3';
import type { Attachment, FileUploader } from '#domain';
import { prepared } from '../prepared.js';
import { FILE_CITATIONS_TABLE, FILE_UPLOADERS_TABLE, FILES_TABLE } from './files.projection.js';

/** An event citing a file: where it is, and the units its data names as the record's owner or evaluator. */
export interface FileCitationRow {
  stream: string;
  revision: number;
  eventType: string;
  unit: string | null;
  evaluatorUnit: string | null;
}

/** A file as the catalogue knows it. */
export interface FileRecord {
  file: Attachment;
  uploadedAt: string;
  /** The first uploader of the file's current life (API.md's `uploadedBy`). */
  uploadedBy: string;
  uploaders: FileUploader[];
  citedBy: FileCitationRow[];
  /** The file stream's revision (the answer's ETag is the content's, this is for the audit). */
  revision: number;
}

interface FileRow {
  id: string;
  name: string;
  size: number;
  media_type: string;
  sha256: string;
  sm3: string;
  uploaded_at: string;
  revision: number;
}

/** A kept file (uploaded, not removed as an orphan), or null. */
export function getFileRecord(db: Database.Database, id: string): FileRecord | null {
  const row = prepared(db, `SELECT * FROM ${FILES_TABLE} WHERE id = ? AND removed_at IS NULL`).get(id) as FileRow | undefined;
  if (!row) return null;
  const uploaders = (
    prepared(db, `SELECT user_id, unit, at FROM ${FILE_UPLOADERS_TABLE} WHERE file_id = ? ORDER BY at, user_id`).all(id) as Array<{
      user_id: string;
      unit: string | null;
      at: string;
    }>
  ).map((u) => ({ id: u.user_id, at: u.at, ...(u.unit !== null ? { unit: u.unit } : {}) }));
  return {
    file: { id: row.id, name: row.name, size: row.size, mediaType: row.media_type, sha256: row.sha256, sm3: row.sm3 },
    uploadedAt: row.uploaded_at,
    uploadedBy: uploaders[0]?.id ?? '',
    uploaders,
    citedBy: fileCitations(db, id),
    revision: row.revision,
  };
}

/** Every event citing `id`, in stream and revision order. */
export function fileCitations(db: Database.Database, id: string): FileCitationRow[] {
  return (
    prepared(
      db,
      `SELECT stream, revision, event_type, unit, evaluator_unit FROM ${FILE_CITATIONS_TABLE} WHERE file_id = ? ORDER BY stream, revision`,
    ).all(id) as Array<{ stream: string; revision: number; event_type: string; unit: string | null; evaluator_unit: string | null }>
  ).map((c) => ({ stream: c.stream, revision: c.revision, eventType: c.event_type, unit: c.unit, evaluatorUnit: c.evaluator_unit }));
}

/**
 * Kept files nobody cites whose last upload is before `uploadedBefore` (ISO): the orphan job's
 * candidates, oldest first.
 */
export function orphanFiles(db: Database.Database, uploadedBefore: string, limit: number): string[] {
  return prepared(
    db,
    `SELECT id FROM ${FILES_TABLE} f WHERE removed_at IS NULL AND last_uploaded_at < ?
       AND NOT EXISTS (SELECT 1 FROM ${FILE_CITATIONS_TABLE} c WHERE c.file_id = f.id) ORDER BY last_uploaded_at LIMIT ?`,
  )
    .pluck()
    .all(uploadedBefore, limit) as string[];
}

/** How many events cite `id`. */
export function fileCitationCount(db: Database.Database, id: string): number {
  return prepared(db, `SELECT count(*) FROM ${FILE_CITATIONS_TABLE} WHERE file_id = ?`).pluck().get(id) as number;
}

/** Where the catalogue stands on stored bytes: kept, removed (since when), or unknown (bytes a crash left unrecorded). */
export type FileCatalogueStatus = { state: 'kept' } | { state: 'removed'; removedAt: string } | { state: 'unknown' };

/** {@link FileCatalogueStatus} of `id`. */
export function fileCatalogueStatus(db: Database.Database, id: string): FileCatalogueStatus {
  const row = prepared(db, `SELECT removed_at FROM ${FILES_TABLE} WHERE id = ?`).get(id) as { removed_at: string | null } | undefined;
  if (!row) return { state: 'unknown' };
  return row.removed_at === null ? { state: 'kept' } : { state: 'removed', removedAt: row.removed_at };
}
