// API benchmark (npm run bench:api): on a ledger of 100,000 tasks, the throughput and p50/p99
// latency of `POST /tasks/:id/progress` and `GET /tasks?area=...&limit=50`, beside a bare Nest
// route on the same server and the embedded store's own durable single-event append rate.
// The server runs in a child process (this file with `--server`) so that autocannon, in this
// process, does not share its event loop. Prints one table, the ratios and the targets.
import 'reflect-metadata';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { Controller, Get, Module } from '@nestjs/common';
import autocannon from 'autocannon';
import { AREAS, specialGroupDecider, specialGroupStream, taskDecider, type Area, type RegisterTask, type SpecialGroupCommand } from '#domain';
import { chainEvents, eventIdFor, SqliteEventStore, type EventData } from '#event-store';
import { loadConfig, ProjectionsService, type AppConfig } from '#platform';
import { Public } from '../apps/api/src/auth/auth.decorators.js';
import { signDevToken } from '../apps/api/src/auth/dev-token.js';
import { createApp } from '../apps/api/src/bootstrap.js';

const TASKS = 100_000;
/** Special groups registered before the tasks, each task naming one of them. */
const GROUPS = 10;
const PROGRESS_TASKS = 20_000;
const STORE_APPENDS = 3_000;
const DURATION_S = 10;
const CONNECTIONS = 16;
const SECRET = 'bench-secret-0123456789abcdef';
const AREA_OF = (i: number): Area => AREAS[i % AREAS.length]!;
const taskId = (i: number) => `bench-task-${i}`;

/** The bare route: the same Nest/Fastify stack with no auth, validation, store or read model. */
@Controller('bench')
class BareController {
  @Public()
  @Get('bare')
  bare(): { ok: boolean } {
    return { ok: true };
  }
}

@Module({ controllers: [BareController] })
class BenchModule {}

function configFor(dataDir: string): AppConfig {
  return loadConfig({
    NODE_ENV: 'development',
    DATA_DIR: dataDir,
    AUTH_JWT_SECRET: SECRET,
    QUEUE_PREFIX: `bench${randomUUID().slice(0, 8)}`,
    LOG_LEVEL: 'silent',
    RUN_WORKER: 'false',
    // Durable, as in production: every command's commit is fsynced.
    EVENT_STORE_SYNCHRONOUS: 'FULL',
    PORT: '0',
  });
}

/** Registers the tasks straight into the store, hash-chained, exactly as the command path would. */
async function seedLedger(file: string): Promise<void> {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const store = SqliteEventStore.open({ path: file, synchronous: 'NORMAL' });
  const now = new Date().toISOString();
  const actor = { id: 'bench-office', roles: ['reform_office' as const] };
  const append = async (stream: string, events: Array<{ type: string; data: unknown }>) => {
    const commandId = randomUUID();
    const metadata = { actor, occurredAt: now, correlationId: commandId, causationId: commandId, commandId };
    const chained: EventData[] = chainEvents(stream, null, events.map((e, n) => ({ id: eventIdFor(commandId, n), type: e.type, data: e.data, metadata: { ...metadata } })));
    await store.appendToStream(stream, chained, { expectedRevision: 'no_stream' });
  };
  try {
    for (let g = 0; g < GROUPS; g++) {
      const code = `group-${g}`;
      const command: SpecialGroupCommand = {
        type: 'RegisterSpecialGroup',
        data: { code, name: `Benchmark group ${g}`, lead: `lead-${g}`, memberUnits: [`unit-${g}`] },
        metadata: { actor, now },
      };
      await append(specialGroupStream(code), specialGroupDecider.decide(command, specialGroupDecider.initialState()));
    }
    for (let i = 0; i < TASKS; i++) {
      const id = taskId(i);
      const command: RegisterTask = {
        type: 'RegisterTask',
        data: {
          taskId: id,
          title: `Benchmark reform task ${i} 改革任务`,
          area: AREA_OF(i),
          specialGroup: `group-${i % GROUPS}`,
          specialGroupRegistered: true,
          leadUnit: `unit-${i % 50}`,
          responsible: `person-${i % 500}`,
          evaluationStandard: 'A measurable standard of completion for the benchmark',
          // A third already overdue, so the ledger's overdue arithmetic is exercised too.
          deadline: new Date(Date.now() + ((i % 3) - 1) * 86_400_000 * 30).toISOString(),
          milestones: [{ milestoneId: `${id}-m1`, title: 'First step', due: new Date(Date.now() + 86_400_000).toISOString() }],
        },
        metadata: { actor, now },
      };
      await append(`task-${id}`, taskDecider.decide(command, taskDecider.initialState()));
    }
  } finally {
    await store.close();
  }
}

/** Child: seed, boot the API with the bare route, wait for the projections, report the port. */
async function server(dataDir: string): Promise<void> {
  const config = configFor(dataDir);
  const t0 = performance.now();
  await seedLedger(config.eventStorePath);
  const seeded = performance.now();
  const app = await createApp(config, { silent: true, extraImports: [BenchModule] });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const projections = app.get(ProjectionsService);
  const store = SqliteEventStore.open({ path: config.eventStorePath });
  const position = (await store.headPosition())!;
  await store.close();
  const caughtUp = await projections.waitForAll(position, 180_000);
  const ready = performance.now();
  const address = app.getHttpServer().address() as { port: number };
  process.stdout.write(
    `${JSON.stringify({ ready: true, port: address.port, seedMs: Math.round(seeded - t0), catchUpMs: Math.round(ready - seeded), caughtUp })}\n`,
  );
  process.on('SIGTERM', () => {
    void app.close().then(() => process.exit(0));
  });
}

interface Row {
  label: string;
  rps: number;
  p50?: number;
  p99?: number;
  errors?: number;
  non2xx?: number;
}

function fromCannon(label: string, r: autocannon.Result): Row {
  return { label, rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.timeouts, non2xx: r.non2xx };
}

function run(opts: autocannon.Options): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon(opts, (err, result) => (err ? reject(err) : resolve(result)));
  });
}

/** The embedded store's own durable rate: one event per append, fsynced (synchronous=FULL). */
async function storeAppendRate(dir: string): Promise<Row> {
  const store = SqliteEventStore.open({ path: path.join(dir, 'append-rate.sqlite'), synchronous: 'FULL' });
  const metadata = { actor: { id: 'u', roles: ['reform_office'] }, occurredAt: new Date().toISOString(), correlationId: randomUUID(), causationId: randomUUID(), commandId: randomUUID(), prevHash: 'a'.repeat(64), hash: 'b'.repeat(64) };
  const data = { taskId: 'x', percent: 50, note: 'progress note of a realistic length', reportedBy: 'u', reportedAt: new Date().toISOString() };
  const latencies: number[] = [];
  try {
    const t0 = performance.now();
    for (let i = 0; i < STORE_APPENDS; i++) {
      const s = performance.now();
      // Spread over streams like the command route, each append with an exact expectation.
      const stream = `task-s${i % 500}`;
      await store.appendToStream(stream, [{ id: randomUUID(), type: 'TaskProgressReported', data, metadata }], { expectedRevision: i < 500 ? 'no_stream' : Math.floor(i / 500) - 1 });
      latencies.push(performance.now() - s);
    }
    const seconds = (performance.now() - t0) / 1000;
    latencies.sort((a, b) => a - b);
    const pct = (p: number) => Math.round(latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]! * 100) / 100;
    return { label: 'store: durable single-event append', rps: STORE_APPENDS / seconds, p50: pct(0.5), p99: pct(0.99) };
  } finally {
    await store.close();
  }
}

async function startServer(dataDir: string): Promise<{ child: ChildProcess; port: number; seedMs: number; catchUpMs: number; caughtUp: boolean }> {
  const self = fileURLToPath(import.meta.url);
  const loader = path.resolve(path.dirname(self), '../scripts/ts-node/register.mjs');
  // BENCH_SERVER_NODE_ARGS profiles the server alone, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof".
  const extra = (process.env['BENCH_SERVER_NODE_ARGS'] ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...extra, '--import', loader, self, '--server', dataDir], { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout! });
  for await (const line of lines) {
    if (line.startsWith('{')) {
      const info = JSON.parse(line) as { port: number; seedMs: number; catchUpMs: number; caughtUp: boolean };
      return { child, ...info };
    }
  }
  throw new Error('the server child exited before it was ready');
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reform-api-bench-'));
  let child: ChildProcess | null = null;
  try {
    console.log(`api benchmark: ${TASKS.toLocaleString('en')} tasks, ${CONNECTIONS} connections, ${DURATION_S}s per route, node ${process.version}, ${os.cpus().length} cpus`);
    const storeRow = await storeAppendRate(dir);
    const srv = await startServer(path.join(dir, 'api'));
    child = srv.child;
    console.log(`ledger: seeded in ${(srv.seedMs / 1000).toFixed(1)} s, projections caught up in ${(srv.catchUpMs / 1000).toFixed(1)} s (${srv.caughtUp ? 'ok' : 'NOT caught up'})`);
    const url = `http://127.0.0.1:${srv.port}`;
    const office = await signDevToken(SECRET, { sub: 'bench-office', roles: ['reform_office'] }, '1h');
    const auth = { authorization: `Bearer ${office}` };

    // Warm-up, so JIT and SQLite page cache are comparable for every route.
    await run({ url: `${url}/bench/bare`, connections: CONNECTIONS, duration: 2 });
    const bare = fromCannon('GET /bench/bare (bare Nest route)', await run({ url: `${url}/bench/bare`, connections: CONNECTIONS, duration: DURATION_S }));

    let q = 0;
    const listRequests = [{ method: 'GET' as const, setupRequest: (req: autocannon.Request) => ({ ...req, path: `/tasks?area=${AREA_OF(q++)}&limit=50` }) }];
    await run({ url, connections: CONNECTIONS, duration: 2, headers: auth, requests: listRequests });
    const list = fromCannon('GET /tasks?area=…&limit=50', await run({ url, connections: CONNECTIONS, duration: DURATION_S, headers: auth, requests: listRequests }));

    let p = 0;
    const progressRequests = [
      {
        method: 'POST' as const,
        setupRequest: (req: autocannon.Request) => {
          const i = p++;
          return { ...req, path: `/tasks/${taskId((i * 7919) % PROGRESS_TASKS)}/progress`, body: JSON.stringify({ percent: i % 101, note: 'benchmark progress' }) };
        },
      },
    ];
    const postHeaders = { ...auth, 'content-type': 'application/json' };
    await run({ url, connections: CONNECTIONS, duration: 2, headers: postHeaders, requests: progressRequests });
    const progress = fromCannon('POST /tasks/:id/progress', await run({ url, connections: CONNECTIONS, duration: DURATION_S, headers: postHeaders, requests: progressRequests }));

    const rows = [storeRow, bare, list, progress];
    const pad = (s: string, n: number) => s.padEnd(n);
    console.log('');
    console.log(`${pad('measure', 40)}${pad('req/s', 12)}${pad('p50 ms', 10)}${pad('p99 ms', 10)}errors/non-2xx`);
    for (const r of rows) {
      console.log(`${pad(r.label, 40)}${pad(Math.round(r.rps).toLocaleString('en'), 12)}${pad(String(r.p50 ?? '-'), 10)}${pad(String(r.p99 ?? '-'), 10)}${r.errors ?? 0}/${r.non2xx ?? 0}`);
    }
    const commandRatio = progress.rps / storeRow.rps;
    const queryRatio = list.rps / bare.rps;
    const verdict = (ok: boolean) => (ok ? 'met' : 'NOT met');
    console.log('');
    console.log(`command route / store durable append: ${(commandRatio * 100).toFixed(0)}% (target ≥ 50%: ${verdict(commandRatio >= 0.5)})`);
    console.log(`ledger query / bare route:            ${(queryRatio * 100).toFixed(0)}% (target ≥ 50%: ${verdict(queryRatio >= 0.5)})`);
  } finally {
    if (child) {
      const exited = new Promise((r) => child!.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--server') {
  await server(process.argv[3]!);
} else {
  await main();
}
