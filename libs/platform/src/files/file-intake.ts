import { createHash } from 'node:crypto';
import { Transform, type Readable, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FileStore } from './file-store.port.js';
import { SNIFF_BYTES, sniffMediaType } from './media-type.js';
import { OffThreadHash } from './off-thread-hash.js';

/** The upload passed the size limit (`FILE_MAX_BYTES`); nothing of it was kept. */
export class FileTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`file larger than ${maxBytes} bytes`);
    this.name = 'FileTooLargeError';
  }
}

/** The bytes are not a type the product accepts; nothing of them was kept. */
export class UnsupportedFileTypeError extends Error {
  constructor(readonly detected: string | null) {
    super(`unsupported file type${detected ? ` ${detected}` : ''}`);
    this.name = 'UnsupportedFileTypeError';
  }
}

/** What the intake learnt of bytes it stored: everything a file's record holds but its name. */
export interface ReceivedFile {
  id: string;
  size: number;
  mediaType: string;
  sha256: string;
  sm3: string;
}

/** Chunks gathered by the meter before the store writes them (fewer, larger writes). */
const HIGH_WATER_MARK = 1024 * 1024;

/**
 * Hashes (SHA-256 here, SM3 on its own thread: it is the slow one), counts and keeps the head
 * of the bytes passing through, and fails the stream the moment more than `maxBytes` have
 * passed. A chunk is passed on at once; only when the SM3 thread falls behind does the meter
 * wait for it, so the thread, the writes and the request's parsing overlap.
 */
class Meter extends Transform {
  readonly sha256 = createHash('sha256');
  readonly sm3 = new OffThreadHash('sm3');
  size = 0;
  private readonly headChunks: Buffer[] = [];
  private headBytes = 0;

  constructor(private readonly maxBytes: number) {
    super({ highWaterMark: HIGH_WATER_MARK });
  }

  get head(): Buffer {
    return Buffer.concat(this.headChunks, this.headBytes);
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.size += chunk.length;
    if (this.size > this.maxBytes) return callback(new FileTooLargeError(this.maxBytes));
    const behind = this.sm3.update(chunk);
    this.sha256.update(chunk);
    if (this.headBytes < SNIFF_BYTES) {
      const part = chunk.subarray(0, SNIFF_BYTES - this.headBytes);
      // A copy: the source may reuse its buffer once the chunk is passed on.
      this.headChunks.push(Buffer.from(part));
      this.headBytes += part.length;
    }
    if (!behind) return callback(null, chunk);
    this.push(chunk);
    behind.then(() => callback(), callback);
  }
}

/**
 * Streams an upload into the store: the bytes are hashed and written while they arrive, never
 * held whole; the type is judged from their head; then they are kept under `sha256:<hex>` (once,
 * however many times they are uploaded). Too large (`FileTooLargeError`, as soon as the limit is
 * passed), an unaccepted type (`UnsupportedFileTypeError`) or a broken source: the pending bytes
 * are discarded, nothing is kept.
 */
export async function receiveFile(store: FileStore, source: Readable, options: { maxBytes: number; name: string }): Promise<ReceivedFile> {
  const pending = await store.begin();
  const meter = new Meter(options.maxBytes);
  try {
    await pipeline(source, meter, pending.sink);
    await pending.settled();
    const mediaType = await sniffMediaType(meter.head, options.name);
    if (mediaType === null) throw new UnsupportedFileTypeError(null);
    const sha256 = meter.sha256.digest('hex');
    const id = `sha256:${sha256}`;
    const [sm3] = await Promise.all([meter.sm3.digest(), pending.commit(id)]);
    return { id, size: meter.size, mediaType, sha256, sm3 };
  } catch (error) {
    meter.sm3.abort();
    await pending.discard();
    // The rest of the request body is not wanted: stop reading it.
    source.destroy();
    throw error;
  }
}
