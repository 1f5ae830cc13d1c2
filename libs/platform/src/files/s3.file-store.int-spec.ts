import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import S3rver from 's3rver';
import { describeFileStoreContract } from './file-store.contract.js';
import { S3FileStore } from './s3.file-store.js';

// The S3 adapter's contract runs against s3rver, an S3-compatible server in Node started here
// (no MinIO on these machines): path-style requests, multipart uploads, copy, list, ranges.
let server: S3rver;
let endpoint: string;
let dir: string;
let buckets = 0;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'reform-s3rver-'));
  server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: dir });
  const address = (await server.run()) as AddressInfo;
  endpoint = `http://127.0.0.1:${address.port}`;
  process.stdout.write(`S3 adapter contract: running against s3rver at ${endpoint} (an S3-compatible server started by this spec)\n`);
});

afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

describeFileStoreContract('s3 (s3rver)', async () => {
  const bucket = `evidence-${++buckets}`;
  const store = new S3FileStore({
    endpoint,
    bucket,
    region: 'us-east-1',
    accessKeyId: 'S3RVER',
    secretAccessKey: 'S3RVER',
    forcePathStyle: true,
  });
  const { CreateBucketCommand } = await import('@aws-sdk/client-s3');
  await store.client.send(new CreateBucketCommand({ Bucket: bucket }));
  return { store, cleanup: async () => store.client.destroy() };
});
