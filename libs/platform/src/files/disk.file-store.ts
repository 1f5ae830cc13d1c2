import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, mkdirSync } from 'node:fs';
import { open, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { fileKey, type ByteRange, type FileStore, type PendingObject, type StoredObject } from './file-store.port.js';

/** fsyncs a file or a directory (a rename is durable once its directory is). */
async function fsyncPath(target: string): Promise<void> {
  const handle = await open(target, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Files on the local disk under `root` (`DATA_DIR/files`): `sha256/ab/<hex>` for the bytes
 * whose SHA-256 is `ab…`, `tmp/<uuid>` while an upload is arriving. Bytes are written to the
 * temporary name, fsynced, then renamed into place and the directory fsynced, so a crash leaves
 * either the whole file under its address or a temporary file the sweep removes.
 */
export class DiskFileStore implements FileStore {
  readonly kind = 'disk' as const;
  private readonly tmpDir: string;
  private readonly objectsDir: string;

  constructor(readonly root: string) {
    this.tmpDir = path.join(root, 'tmp');
    this.objectsDir = path.join(root, 'sha256');
    mkdirSync(this.tmpDir, { recursive: true });
    mkdirSync(this.objectsDir, { recursive: true });
  }

  /** Where the bytes of `id` live. */
  pathOf(id: string): string {
    const hex = fileKey(id);
    return path.join(this.objectsDir, hex.slice(0, 2), hex);
  }

  async begin(): Promise<PendingObject> {
    const tmp = path.join(this.tmpDir, randomUUID());
    // A large buffer lets the stream write what piled up in one writev while the last write runs.
    const sink = createWriteStream(tmp, { flags: 'wx', highWaterMark: 1024 * 1024 });
    let done = false;
    const settled = async () => {
      await finished(sink);
      await fsyncPath(tmp);
    };
    const discard = async () => {
      done = true;
      sink.destroy();
      await rm(tmp, { force: true });
    };
    return {
      sink,
      settled,
      commit: async (id) => {
        if (done) throw new Error('pending object already committed or discarded');
        await settled();
        const target = this.pathOf(id);
        mkdirSync(path.dirname(target), { recursive: true });
        if (await exists(target)) {
          // The same bytes are already kept (content-addressed): keep them once.
          await discard();
          return;
        }
        await rename(tmp, target);
        done = true;
        await fsyncPath(path.dirname(target));
      },
      discard,
    };
  }

  async read(id: string, range?: ByteRange): Promise<Readable | null> {
    const file = this.pathOf(id);
    if (!(await exists(file))) return null;
    return createReadStream(file, range ? { start: range.start, end: range.end } : {});
  }

  async stat(id: string): Promise<StoredObject | null> {
    try {
      const s = await stat(this.pathOf(id));
      return { id, size: s.size, storedAt: s.mtimeMs };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  async *list(): AsyncIterable<StoredObject> {
    for (const prefix of (await readdir(this.objectsDir)).sort()) {
      for (const hex of (await readdir(path.join(this.objectsDir, prefix))).sort()) {
        if (!/^[0-9a-f]{64}$/.test(hex)) continue;
        const found = await this.stat(`sha256:${hex}`);
        if (found) yield found;
      }
    }
  }

  async remove(id: string): Promise<void> {
    await rm(this.pathOf(id), { force: true });
  }

  async sweepPending(olderThanMs: number, now: number): Promise<number> {
    let removed = 0;
    for (const name of await readdir(this.tmpDir)) {
      const file = path.join(this.tmpDir, name);
      const s = await stat(file).catch(() => null);
      if (s && now - s.mtimeMs >= olderThanMs) {
        await rm(file, { force: true });
        removed++;
      }
    }
    return removed;
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}
