import type { Readable, Writable } from 'node:stream';

/** A byte range, inclusive at both ends as HTTP's `Range: bytes=start-end` says it. */
export interface ByteRange {
  start: number;
  end: number;
}

/** A stored object as a listing sees it. */
export interface StoredObject {
  /** `sha256:<hex>`. */
  id: string;
  size: number;
  /** When the bytes were stored (epoch ms), for the orphan job's age. */
  storedAt: number;
}

/**
 * Bytes being written to a temporary place of the store: written through `sink`, then kept
 * under their content address (`commit`) or dropped (`discard`). Nothing is visible under a
 * file id before `commit`, so an interrupted upload leaves no file, only a temporary object
 * that `discard` (or the next start of the store) removes.
 */
export interface PendingObject {
  /** Where the bytes go; ends when the source ends. */
  readonly sink: Writable;
  /** Resolves once every byte written is durable in the temporary place (fsync, or the completed upload). */
  settled(): Promise<void>;
  /** Keeps the bytes under `id`; when `id` is already stored, the same bytes are kept once. */
  commit(id: string): Promise<void>;
  /** Drops the bytes; safe to call in any state and more than once. */
  discard(): Promise<void>;
}

/**
 * Where evidence files' bytes live: content-addressed (`sha256:<hex>`) and immutable. Two
 * adapters keep the same contract (`file-store.contract.ts`): the local disk and S3-compatible
 * object storage.
 */
export interface FileStore {
  /** `disk` or `s3`, for logs and the contract suite's output. */
  readonly kind: 'disk' | 's3';
  /** Starts writing bytes whose address is known only once they are all hashed. */
  begin(): Promise<PendingObject>;
  /** The stored bytes of `id`, or a range of them; null when not stored. */
  read(id: string, range?: ByteRange): Promise<Readable | null>;
  /** Size and storage time of `id`, or null when not stored. */
  stat(id: string): Promise<StoredObject | null>;
  /** Every stored file (not the pending ones). */
  list(): AsyncIterable<StoredObject>;
  /** Deletes the bytes of `id` (nothing when absent). */
  remove(id: string): Promise<void>;
  /** Removes pending objects older than `olderThanMs` (left by a crash mid-upload); answers how many. */
  sweepPending(olderThanMs: number, now: number): Promise<number>;
}

/** The hex SHA-256 inside a file id, checked: ids name storage keys, so nothing else may pass. */
export function fileKey(id: string): string {
  const match = /^sha256:([0-9a-f]{64})$/.exec(id);
  if (!match) throw new Error(`not a file id: ${id}`);
  return match[1]!;
}
