// Child process of audit-export.e2e-spec.ts. `prepare <dir>`: seeds a store and lets the app's
// projections catch up with it (their catch-up memory must not count). `export <dir>`: boots
// the real app on it in a fresh process, streams GET /audit/export over real HTTP with a slow
// reader, and prints RSS figures as JSON.
import http from 'node:http';
import path from 'node:path';
import { seedTaskStore } from './audit-seed.js';
import { startTestApp } from './test-app.js';

const EVENTS = Number(process.env['EXPORT_EVENTS'] ?? 100_000);
const [mode, dataDir] = process.argv.slice(2) as ['prepare' | 'export', string];
const written =
  mode === 'prepare'
    ? await seedTaskStore(path.join(dataDir, 'events.sqlite'), { tasks: EVENTS / 10, eventsPerTask: 10, padding: 1_000 })
    : EVENTS;
const t = await startTestApp({}, { dataDir });
try {
  while ((await t.request('GET', '/health/ready')).status !== 200) await new Promise((r) => setTimeout(r, 100));
  if (mode === 'prepare') process.exit(0);
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const port = (t.app.getHttpServer().address() as { port: number }).port;
  const token = await t.token('admin-1', ['admin']);
  global.gc?.();
  const baseline = process.memoryUsage.rss();
  let peak = baseline;
  let bytes = 0;
  let lines = 0;
  await new Promise<void>((resolve, reject) => {
    http
      .get({ port, host: '127.0.0.1', path: '/audit/export', headers: { authorization: `Bearer ${token}` } }, (res) => {
        let chunks = 0;
        res.on('data', (chunk: Buffer) => {
          bytes += chunk.length;
          for (const b of chunk) if (b === 10) lines += 1;
          peak = Math.max(peak, process.memoryUsage.rss());
          // A slow reader: the server must wait for it rather than buffer the export.
          if (++chunks % 50 === 0) {
            res.pause();
            setTimeout(() => res.resume(), 5);
          }
        });
        res.on('end', () => resolve());
        res.on('error', reject);
      })
      .on('error', reject);
  });
  process.stdout.write(
    `${JSON.stringify({
      events: written,
      lines,
      bytes,
      baselineRssMb: baseline / 2 ** 20,
      peakRssMb: peak / 2 ** 20,
      deltaMb: (peak - baseline) / 2 ** 20,
    })}\n`,
  );
} finally {
  if (mode === 'export') await t.close();
}
