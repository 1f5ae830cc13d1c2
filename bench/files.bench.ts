// Upload benchmark: 1 GiB in 20 files through the product's own POST /files (a real socket,
// multipart parsing, SHA-256 and SM3 while the bytes arrive, the disk store's temp name, fsync
// and rename, the FileUploaded event), against a baseline measured in the same run: the same
// bytes, in the same chunks, written to the same disk with fs.createWriteStream (no hashing, no
// fsync). Targets: RSS growth during the uploads under 64 MiB, upload throughput at least 50% of
// the baseline's. The baseline runs before and after the uploads and the faster run counts.
// Then where the time goes, on the same bytes in the same run: each hash alone on one thread in
// memory (SM3 alone bounds any upload that computes it over its bytes), and the disk store
// alone (write, fsync, rename; no hashing, no HTTP).
// Size: FILES_BENCH_MB (default 1024), FILES_BENCH_COUNT (default 20).
// Run: npm run bench:files (through benchslot on a shared machine)
import { createHash } from 'node:crypto';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { DiskFileStore, loadConfig } from '#platform';
import { createApp } from '../apps/api/src/bootstrap.js';
import { signDevToken } from '../apps/api/src/auth/dev-token.js';

const TOTAL_MB = Number(process.env['FILES_BENCH_MB'] ?? 1024);
const COUNT = Number(process.env['FILES_BENCH_COUNT'] ?? 20);
const CHUNK = 256 * 1024;
const FILE_BYTES = Math.floor((TOTAL_MB * 1024 * 1024) / COUNT);
const SECRET = 'bench-secret-0123456789abcdef';
const log = (s: string) => process.stdout.write(`${s}\n`);
const mib = (bytes: number) => bytes / 1_048_576;

/** File `n`'s bytes as chunks: a PDF header naming `n` (distinct files, distinct ids), then filler. */
function* fileChunks(n: number): Generator<Buffer> {
  const filler = Buffer.alloc(CHUNK, 0x20 + (n % 90));
  const head = Buffer.from(`%PDF-1.7\n% bench file ${n} ${Date.now()}\n`, 'latin1');
  let left = FILE_BYTES;
  const first = Buffer.concat([head, filler.subarray(0, CHUNK - head.length)]);
  yield first;
  left -= first.length;
  while (left > 0) {
    const part = left >= CHUNK ? filler : filler.subarray(0, left);
    yield part;
    left -= part.length;
  }
}

/** Writes every chunk with back-pressure and ends the stream. */
async function pump(out: NodeJS.WritableStream, chunks: Iterable<Buffer>): Promise<void> {
  for (const chunk of chunks) if (!out.write(chunk)) await once(out, 'drain');
}

async function baseline(dir: string): Promise<number> {
  const started = process.hrtime.bigint();
  for (let n = 0; n < COUNT; n++) {
    const file = path.join(dir, `baseline-${n}`);
    const out = createWriteStream(file);
    await pump(out, fileChunks(n));
    out.end();
    await once(out, 'finish');
    rmSync(file);
  }
  return Number(process.hrtime.bigint() - started) / 1e9;
}

/** MiB/s of `algorithm` alone over every file's bytes, on this thread, in memory. */
function hashRate(algorithm: string): number {
  const started = process.hrtime.bigint();
  for (let n = 0; n < COUNT; n++) {
    const hash = createHash(algorithm);
    for (const chunk of fileChunks(n)) hash.update(chunk);
    hash.digest();
  }
  return mib(FILE_BYTES * COUNT) / (Number(process.hrtime.bigint() - started) / 1e9);
}

/** MiB/s of the disk store alone: every file written to a temporary name, fsynced, renamed into place, then removed. */
async function storeRate(dir: string): Promise<number> {
  const store = new DiskFileStore(path.join(dir, 'store-only'));
  const started = process.hrtime.bigint();
  for (let n = 0; n < COUNT; n++) {
    const pending = await store.begin();
    await pump(pending.sink, fileChunks(n));
    pending.sink.end();
    const id = `sha256:${(n + 1).toString(16).padStart(64, '0')}`;
    await pending.commit(id);
    await store.remove(id);
  }
  return mib(FILE_BYTES * COUNT) / (Number(process.hrtime.bigint() - started) / 1e9);
}

async function upload(port: number, token: string, n: number): Promise<void> {
  const boundary = `----bench${n}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="bench-${n}.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const req = http.request({
    host: '127.0.0.1',
    port,
    method: 'POST',
    path: '/files',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': `multipart/form-data; boundary=${boundary}`,
      'content-length': head.length + FILE_BYTES + tail.length,
    },
  });
  const answered = once(req, 'response') as Promise<[http.IncomingMessage]>;
  req.write(head);
  await pump(req, fileChunks(n));
  req.end(tail);
  const [res] = await answered;
  let body = '';
  for await (const chunk of res) body += chunk;
  if (res.statusCode !== 201) throw new Error(`upload ${n}: ${res.statusCode} ${body}`);
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'reform-bench-files-'));
  const load = os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
  const config = loadConfig({
    ...process.env,
    NODE_ENV: 'test',
    DATA_DIR: dataDir,
    AUTH_JWT_SECRET: SECRET,
    QUEUE_PREFIX: `benchfiles${process.pid}`,
    LOG_LEVEL: 'silent',
    RUN_WORKER: 'false',
    FILE_STORE: 'disk',
    FILE_MAX_BYTES: String(FILE_BYTES + 1024),
  });
  const app = await createApp(config, { silent: true });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const port = (app.getHttpAdapter().getInstance().server.address() as AddressInfo).port;
  const token = await signDevToken(SECRET, { sub: 'bench-dept', roles: ['department'], unit: 'bench-unit' }, '1h');
  try {
    log(
      `files bench: ${COUNT} files of ${mib(FILE_BYTES).toFixed(1)} MiB (${mib(FILE_BYTES * COUNT).toFixed(0)} MiB), load average ${load}`,
    );
    const before = await baseline(dataDir);

    global.gc?.();
    const rssBase = process.memoryUsage().rss;
    let rssPeak = rssBase;
    const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage().rss)), 20);
    const started = process.hrtime.bigint();
    for (let n = 0; n < COUNT; n++) await upload(port, token, n);
    const uploadSeconds = Number(process.hrtime.bigint() - started) / 1e9;
    clearInterval(sampler);
    rssPeak = Math.max(rssPeak, process.memoryUsage().rss);

    const after = await baseline(dataDir);
    const baselineSeconds = Math.min(before, after);
    const totalMb = mib(FILE_BYTES * COUNT);
    const uploadRate = totalMb / uploadSeconds;
    const baselineRate = totalMb / baselineSeconds;
    const ratio = uploadRate / baselineRate;
    const growth = mib(rssPeak - rssBase);
    log(
      `  baseline fs.createWriteStream: ${baselineRate.toFixed(1)} MiB/s (runs: ${(totalMb / before).toFixed(1)} before, ` +
        `${(totalMb / after).toFixed(1)} after)`,
    );
    log(`  POST /files (SHA-256 + SM3, fsync, rename, event): ${uploadRate.toFixed(1)} MiB/s in ${uploadSeconds.toFixed(2)} s`);
    log(`  ratio upload/baseline: ${(ratio * 100).toFixed(1)}% (target >= 50%): ${ratio >= 0.5 ? 'met' : 'NOT met'}`);
    log(
      `  RSS growth during the uploads: ${growth.toFixed(1)} MiB (base ${mib(rssBase).toFixed(0)} MiB, peak ` +
        `${mib(rssPeak).toFixed(0)} MiB; target < 64 MiB): ${growth < 64 ? 'met' : 'NOT met'}`,
    );
    const [sm3, sha256, stored] = [hashRate('sm3'), hashRate('sha256'), await storeRate(dataDir)];
    log(
      `  where the time goes, each alone on the same bytes: SM3 ${sm3.toFixed(1)} MiB/s, SHA-256 ${sha256.toFixed(1)} MiB/s ` +
        `(one thread, in memory); ` +
        `disk store (write, fsync, rename) ${stored.toFixed(1)} MiB/s`,
    );
    log(
      `  ceiling of an upload computing SM3 over its bytes / baseline: ${((sm3 / baselineRate) * 100).toFixed(1)}%; upload / ` +
        `SM3 alone: ${((uploadRate / sm3) * 100).toFixed(1)}%`,
    );
    log(
      `  load average at the end: ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
  } finally {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
