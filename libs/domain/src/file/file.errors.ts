/**
 * Stable refusal codes of evidence files and of attachments on other records. Part of the HTTP
 * contract: add new ones, never rename.
 */
export const FileErrors = {
  /** not_found: no file under this id (or its bytes were removed as an orphan). */
  NOT_FOUND: 'FILE.NOT_FOUND',
  /** conflict: the file is cited by a record, so it is never removed. */
  CITED: 'FILE.CITED',
  /** conflict: the file was uploaded again after the orphan sweep looked at it. */
  RECENTLY_UPLOADED: 'FILE.RECENTLY_UPLOADED',
  /** invalid (`attachments`): more than the allowed number of attachments. */
  TOO_MANY_ATTACHMENTS: 'FILE.TOO_MANY_ATTACHMENTS',
  /** invalid (`attachments[i]`): the same file attached twice. */
  DUPLICATE_ATTACHMENT: 'FILE.DUPLICATE_ATTACHMENT',
  /** invalid (`attachments[i]`): no such file, or the actor may not read it. */
  UNKNOWN_ATTACHMENT: 'FILE.UNKNOWN_ATTACHMENT',
} as const;
