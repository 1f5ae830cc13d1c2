/**
 * An evidence file (佐证材料) as the events record it: content-addressed, so its id is
 * `sha256:<hex>` of its bytes, and the hashes here are what an auditor re-computes.
 */
export interface Attachment {
  /** `sha256:<hex>` of the bytes. */
  id: string;
  /** The name it was uploaded under (the first upload's, for bytes uploaded twice). */
  name: string;
  size: number;
  mediaType: string;
  /** Hex SHA-256 of the bytes. */
  sha256: string;
  /** Hex SM3 (GB/T 32905) of the bytes, for deployments held to the national algorithms. */
  sm3: string;
}

/** Who uploaded the bytes, and when (one entry per uploader: the same bytes twice are one file). */
export interface FileUploader {
  id: string;
  unit?: string;
  at: string;
}

/** A file's record; `null` before its first upload. */
export type FileState = {
  file: Attachment;
  uploaders: FileUploader[];
  uploadedAt: string;
  /** Set when the orphan job removed the bytes; a later upload of the same bytes revives it. */
  removedAt?: string;
} | null;

/** Most attachments one command may carry (API.md). */
export const MAX_ATTACHMENTS = 20;

/** The shape of a file id: `sha256:` and 64 lower-case hex digits. */
export const FILE_ID = /^sha256:[0-9a-f]{64}$/;

/** The file id of bytes whose SHA-256 is `sha256Hex`. */
export const fileIdOf = (sha256Hex: string): string => `sha256:${sha256Hex}`;

/** True while the file's bytes are kept (uploaded and not removed as an orphan). */
export const isFileKept = (state: FileState): state is NonNullable<FileState> => state !== null && state.removedAt === undefined;
