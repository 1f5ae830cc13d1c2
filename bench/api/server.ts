// bench:api's servers, in a child process so that autocannon does not share their event loop:
// the API, the bare Fastify ledger route (with the event-loop delay monitor) and the Emmett peer.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import Fastify from 'fastify';
import type { Area } from '#domain';
import { SqliteEventStore } from '#event-store';
import { listTasksBytes } from '#read-models';
import { ProjectionsService, type AppConfig } from '#platform';
import { createApp } from '../../apps/api/src/bootstrap.js';
import { encodeCursor, pageBytes } from '../../apps/api/src/http/pagination.js';
import { BareRouteModule } from '../bare-route.js';
import { startEmmettPeer } from '../emmett-peer.js';
import { configFor, registerTask, seedLedger, taskDecider, TASKS } from './seed.js';
import { PEER_ROW, rowSelected } from './rows.js';

/**
 * The ledger baseline: the same page from the same SQL (`listTasksBytes` on the API's own
 * read-model connection), as the API renders it, from a bare Fastify route: no Nest, no auth,
 * no validation, no interceptors. What the API adds on top of this is the price of its stack.
 */
export async function bareLedger(
  projections: ProjectionsService,
  config: AppConfig,
): Promise<{ port: number; close: () => Promise<void> }> {
  const fastify = Fastify();
  // The server process's event-loop delay during a row: reset before it, read after it.
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  fastify.post('/bench/loop/reset', async () => {
    loop.reset();
    return { ok: true };
  });
  fastify.get('/bench/loop', async () => ({ p99: loop.percentile(99) / 1e6, max: loop.max / 1e6 }));
  fastify.get('/tasks', async (req, reply) => {
    const q = req.query as { area?: Area; limit?: string };
    const limit = Number(q.limit ?? 50);
    const page = listTasksBytes(
      projections.runner('task-ledger').db,
      { ...(q.area ? { area: q.area } : {}), limit, after: null },
      Date.now(),
      config.taskLightRule,
    );
    const nextCursor = page.nextKey ? JSON.stringify(encodeCursor(page.nextKey)) : 'null';
    return reply.type('application/json; charset=utf-8').send(pageBytes(page.items, nextCursor));
  });
  await fastify.listen({ port: 0, host: '127.0.0.1' });
  return { port: (fastify.server.address() as { port: number }).port, close: () => fastify.close() };
}

/** Child: seed, boot the API with the bare routes, wait for the projections, report the ports. */
export async function server(dataDir: string): Promise<void> {
  const config = configFor(dataDir);
  const t0 = performance.now();
  await seedLedger(config.eventStorePath);
  const seeded = performance.now();
  const app = await createApp(config, { silent: true, extraImports: [BareRouteModule] });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const projections = app.get(ProjectionsService);
  const store = SqliteEventStore.open({ path: config.eventStorePath });
  const position = (await store.headPosition())!;
  await store.close();
  // Generous: on a shared, loaded machine the catch-up of 100,000 tasks took more than 3 minutes.
  const caughtUp = await projections.waitForAll(position, 900_000);
  const ready = performance.now();
  const address = app.getHttpServer().address() as { port: number };
  const bare = await bareLedger(projections, config);
  // Seeding the peer takes about a minute: a partial run (BENCH_ROWS) without its row skips it.
  const peer = rowSelected(PEER_ROW)
    ? await startEmmettPeer(path.join(dataDir, 'emmett'), TASKS, (i) => registerTask(i, new Date().toISOString()), taskDecider)
    : { port: 0, seedMs: 0, close: async () => undefined };
  process.stdout.write(
    `${JSON.stringify({
      ready: true,
      port: address.port,
      barePort: bare.port,
      peerPort: peer.port,
      peerSeedMs: Math.round(peer.seedMs),
      seedMs: Math.round(seeded - t0),
      catchUpMs: Math.round(ready - seeded),
      caughtUp,
    })}\n`,
  );
  process.on('SIGTERM', () => {
    void bare
      .close()
      .then(() => peer.close())
      .then(() => app.close())
      .then(() => process.exit(0));
  });
}

export interface Servers {
  child: ChildProcess;
  /** The API. */
  port: number;
  /** The bare Fastify ledger route. */
  barePort: number;
  /** The Emmett peer of the command route; 0 when its row is not selected (BENCH_ROWS). */
  peerPort: number;
  peerSeedMs: number;
  seedMs: number;
  catchUpMs: number;
  caughtUp: boolean;
}

/** Starts `entry` (the bench's own file) with `--server` in a child process and waits for its ports. */
export async function startServer(entry: string, dataDir: string): Promise<Servers> {
  const self = entry;
  const loader = path.resolve(path.dirname(self), '../scripts/ts-node/register.mjs');
  // BENCH_SERVER_NODE_ARGS profiles the server alone, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof".
  const extra = (process.env['BENCH_SERVER_NODE_ARGS'] ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...extra, '--import', loader, self, '--server', dataDir], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! });
  for await (const line of lines) {
    if (line.startsWith('{')) {
      const info = JSON.parse(line) as Omit<Servers, 'child'>;
      return { child, ...info };
    }
  }
  throw new Error('the server child exited before it was ready');
}
