// Child process of audit-export.e2e-spec.ts (run with --expose-gc). `prepare <dir>`: seeds a store
// and lets the app's projections catch up with it (their catch-up memory must not count).
// `export <dir>`: boots the real app on it in a fresh process, streams GET /audit/export over real
// HTTP with a slow reader, and prints as JSON what the export holds while it runs: the live memory
// (heap and buffers) after forced full collections, against the same before the request, and the
// most bytes the server's response had queued; RSS is printed for the record only (other processes'
// load changes when the collector runs, not what the export keeps alive).
import http from 'node:http';
import path from 'node:path';
import { eventually } from './reminder-harness.js';
import { seedTaskStore } from './audit-seed.js';
import { startTestApp } from './test-app.js';

const EVENTS = Number(process.env['EXPORT_EVENTS'] ?? 100_000);
/** Every this many chunks the reader collects garbage and samples what is still alive. */
const SAMPLE_EVERY = 100;
const [mode, dataDir] = process.argv.slice(2) as ['prepare' | 'export', string];
const gc = global.gc;
if (!gc) throw new Error('run with --expose-gc: the figures are live memory after forced collections');
/** Heap plus ArrayBuffers (Buffers live outside the heap) still reachable after a full collection. */
const live = () => {
  gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
};
const written =
  mode === 'prepare'
    ? await seedTaskStore(path.join(dataDir, 'events.sqlite'), { tasks: EVENTS / 10, eventsPerTask: 10, padding: 1_000 })
    : EVENTS;
const t = await startTestApp({}, { dataDir });
try {
  await eventually(async () => (await t.request('GET', '/health/ready')).status === 200, 600_000);
  if (mode === 'prepare') process.exit(0);
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const server = t.app.getHttpServer() as http.Server;
  const port = (server.address() as { port: number }).port;
  const responses: http.ServerResponse[] = [];
  server.on('request', (_req: http.IncomingMessage, res: http.ServerResponse) => responses.push(res));
  const token = await t.token('admin-1', ['admin']);
  const baselineLive = live();
  const baselineRss = process.memoryUsage.rss();
  let peakLive = baselineLive;
  let peakRss = baselineRss;
  /** The most bytes the server's response held queued (its own buffer and its socket's). */
  let peakQueued = 0;
  let samples = 0;
  let bytes = 0;
  let lines = 0;
  await new Promise<void>((resolve, reject) => {
    http
      .get({ port, host: '127.0.0.1', path: '/audit/export', headers: { authorization: `Bearer ${token}` } }, (res) => {
        let chunks = 0;
        res.on('data', (chunk: Buffer) => {
          bytes += chunk.length;
          for (const b of chunk) if (b === 10) lines += 1;
          peakRss = Math.max(peakRss, process.memoryUsage.rss());
          peakQueued = Math.max(peakQueued, ...responses.map((r) => r.writableLength));
          if (++chunks % SAMPLE_EVERY === 0) {
            samples += 1;
            peakLive = Math.max(peakLive, live());
          }
          // A slow reader: the server must wait for it rather than buffer the export.
          if (chunks % 50 === 0) {
            res.pause();
            setTimeout(() => res.resume(), 5);
          }
        });
        res.on('end', () => resolve());
        res.on('error', reject);
      })
      .on('error', reject);
  });
  const mb = (n: number) => Math.round((n / 2 ** 20) * 10) / 10;
  process.stdout.write(
    `${JSON.stringify({
      events: written,
      lines,
      bytes,
      samples,
      baselineLiveMb: mb(baselineLive),
      liveGrowthMb: mb(peakLive - baselineLive),
      peakQueuedMb: mb(peakQueued),
      baselineRssMb: mb(baselineRss),
      rssGrowthMb: mb(peakRss - baselineRss),
    })}\n`,
  );
} finally {
  if (mode === 'export') await t.close();
}
