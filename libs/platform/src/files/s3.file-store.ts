import { randomUUID } from 'node:crypto';
import { PassThrough, Readable } from 'node:stream';
import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  NoSuchKey,
  NotFound,
  S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { fileKey, type ByteRange, type FileStore, type PendingObject, type StoredObject } from './file-store.port.js';

/** Where and how to reach the bucket (`S3_*` variables). */
export interface S3FileStoreOptions {
  endpoint?: string;
  bucket: string;
  region: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  /** `bucket` in the path rather than the host name: MinIO and most domestic clouds' S3 APIs. */
  forcePathStyle: boolean;
  /** Key prefix inside the bucket (default none). */
  prefix?: string;
}

/**
 * Parts of a multipart upload: S3's smallest (5 MiB), so an upload holds at most
 * `PART_SIZE × QUEUE_SIZE` in memory whatever the file's size.
 */
const PART_SIZE = 5 * 1024 * 1024;
const QUEUE_SIZE = 2;

const isMissing = (error: unknown): boolean =>
  error instanceof NotFound ||
  error instanceof NoSuchKey ||
  (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404;

/**
 * Files in an S3-compatible bucket: `sha256/<hex>` for the bytes, `tmp/<uuid>` while an upload
 * arrives. A file larger than one part goes up as a multipart upload (parts of 5 MiB, two in
 * flight); an upload given up is aborted, so no part stays in the bucket. Committing copies the
 * temporary object to its address (unless the same bytes are already there) and deletes it.
 */
export class S3FileStore implements FileStore {
  readonly kind = 's3' as const;
  readonly client: S3Client;
  private readonly bucket: string;
  private readonly prefix: string;

  constructor(options: S3FileStoreOptions) {
    this.bucket = options.bucket;
    this.prefix = options.prefix ?? '';
    this.client = new S3Client({
      region: options.region,
      forcePathStyle: options.forcePathStyle,
      ...(options.endpoint ? { endpoint: options.endpoint } : {}),
      ...(options.accessKeyId && options.secretAccessKey
        ? { credentials: { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey } }
        : {}),
    });
  }

  private keyOf(id: string): string {
    return `${this.prefix}sha256/${fileKey(id)}`;
  }

  async begin(): Promise<PendingObject> {
    const tmpKey = `${this.prefix}tmp/${randomUUID()}`;
    const sink = new PassThrough();
    const upload = new Upload({
      client: this.client,
      params: { Bucket: this.bucket, Key: tmpKey, Body: sink },
      partSize: PART_SIZE,
      queueSize: QUEUE_SIZE,
      leavePartsOnError: false,
    });
    const uploaded = upload.done();
    // Observed by settled()/discard(); never an unhandled rejection when the upload is given up.
    uploaded.catch(() => undefined);
    let done = false;
    const deleteTmp = () => this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: tmpKey })).catch(() => undefined);
    const discard = async () => {
      if (done) return;
      done = true;
      sink.destroy();
      await upload.abort().catch(() => undefined);
      await uploaded.catch(() => undefined);
      await deleteTmp();
    };
    return {
      sink,
      settled: async () => {
        await uploaded;
      },
      commit: async (id) => {
        if (done) throw new Error('pending object already committed or discarded');
        await uploaded;
        done = true;
        const key = this.keyOf(id);
        if ((await this.head(key)) === null) {
          await this.client.send(new CopyObjectCommand({ Bucket: this.bucket, Key: key, CopySource: `${this.bucket}/${tmpKey}` }));
        }
        await deleteTmp();
      },
      discard,
    };
  }

  private async head(key: string): Promise<{ size: number; storedAt: number } | null> {
    try {
      const answer = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return { size: answer.ContentLength ?? 0, storedAt: answer.LastModified?.getTime() ?? 0 };
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
  }

  private async get(key: string, range?: ByteRange): Promise<Readable | null> {
    try {
      const answer = await this.client.send(
        new GetObjectCommand({ Bucket: this.bucket, Key: key, ...(range ? { Range: `bytes=${range.start}-${range.end}` } : {}) }),
      );
      return answer.Body as Readable;
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
  }

  read(id: string, range?: ByteRange): Promise<Readable | null> {
    return this.get(this.keyOf(id), range);
  }

  async stat(id: string): Promise<StoredObject | null> {
    const found = await this.head(this.keyOf(id));
    return found ? { id, ...found } : null;
  }

  private async *objects(prefix: string): AsyncIterable<{ key: string; size: number; storedAt: number }> {
    let token: string | undefined;
    do {
      const page = await this.client.send(
        new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ...(token ? { ContinuationToken: token } : {}) }),
      );
      for (const o of page.Contents ?? []) yield { key: o.Key!, size: o.Size ?? 0, storedAt: o.LastModified?.getTime() ?? 0 };
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  async *list(): AsyncIterable<StoredObject> {
    const prefix = `${this.prefix}sha256/`;
    for await (const o of this.objects(prefix)) {
      const hex = o.key.slice(prefix.length);
      if (/^[0-9a-f]{64}$/.test(hex)) yield { id: `sha256:${hex}`, size: o.size, storedAt: o.storedAt };
    }
  }

  async remove(id: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: this.keyOf(id) }));
  }

  async sweepPending(olderThanMs: number, now: number): Promise<number> {
    let removed = 0;
    for await (const o of this.objects(`${this.prefix}tmp/`)) {
      if (now - o.storedAt < olderThanMs) continue;
      await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: o.key }));
      removed++;
    }
    return removed;
  }
}
