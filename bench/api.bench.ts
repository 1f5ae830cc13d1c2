// API benchmark (npm run bench:api): on a ledger of 100,000 tasks (and 10,000 countersign matters), the throughput and p50/p99
// latency of `POST /tasks/:id/progress` and `GET /tasks?area=...&limit=50`, each beside its
// baseline measured in the same run: the embedded store's own durable single-event append rate
// for the command, and the same ledger page from the same SQL (`listTasksJson` on the same
// read-model connection) served by a bare Fastify route without Nest for the query.
// The command also runs beside a peer built with Emmett (bench/emmett-peer.ts) on the same 100,000
// tasks. Every row records the server process's event-loop delay (monitorEventLoopDelay, p99 and
// max) while it ran. The servers run in a child process (this file with `--server`) so that
// autocannon, in this process, does not share their event loop. Prints one table, the ratios and
// their targets.
//
// To add a row: append a `Measure` to MEASURES (and a `Ratio` to RATIOS if it has a target).
// `BENCH_ROWS=<regex>` measures only the matching rows (same seed), without the ratios.
import 'reflect-metadata';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import autocannon from 'autocannon';
import Fastify from 'fastify';
import {
  AREAS,
  DEFAULT_DUE_CALENDAR,
  DEFAULT_INSPECTION_POLICY,
  evaluationDeciderFor,
  evaluationStream,
  inspectionDeciderFor,
  inspectionStream,
  matterDeciderFor,
  matterStream,
  specialGroupDecider,
  specialGroupStream,
  taskDeciderFor,
  taskStream,
  unitDecider,
  unitStream,
  type Area,
  type CommissionEvaluation,
  type InspectionCommand,
  type InspectionEvent,
  type RegisterTask,
  type SpecialGroupCommand,
  type SubmitMatter,
  type UnitCommand,
} from '#domain';
import { chainEvents, eventIdFor, SqliteEventStore, type EventData } from '#event-store';
import { listTasksJson } from '#read-models';
import { loadConfig, ProjectionsService, type AppConfig } from '#platform';
import { signDevToken } from '../apps/api/src/auth/dev-token.js';
import { createApp } from '../apps/api/src/bootstrap.js';
import { BareRouteModule } from './bare-route.js';
import { startEmmettPeer } from './emmett-peer.js';
import { encodeCursor } from '../apps/api/src/http/pagination.js';

// Decides as a deployment that configured nothing (the default calendar).
const taskDecider = taskDeciderFor(DEFAULT_DUE_CALENDAR);
const matterDecider = matterDeciderFor(DEFAULT_DUE_CALENDAR);
const evaluationDecider = evaluationDeciderFor(DEFAULT_DUE_CALENDAR);

// BENCH_TASKS shrinks the ledger for a quick check of the bench itself (the figures need 100,000).
const TASKS = Number(process.env['BENCH_TASKS'] ?? 100_000);
/** Inspection findings for the scoreboard: FINDINGS_PER_INSPECTION to an inspection, over the 50 units. */
const FINDINGS = Number(process.env['BENCH_FINDINGS'] ?? 10_000);
const FINDINGS_PER_INSPECTION = 10;
/** Special groups registered before the tasks, each task naming one of them. */
const GROUPS = 10;
const PROGRESS_TASKS = Math.min(20_000, TASKS);
/**
 * Countersign matters beside the tasks, for the reading scopes (#26): each submitted by one of
 * 200 users and signed by two of 300, so a user who is neither office nor committee reads about
 * a hundred of them (what a department's `GET /matters` walks).
 */
const MATTERS = 10_000;
const matterUser = (n: number) => `bench-user-${n}`;
/** The department user of the scoped matter list: submitter of 50 matters, signer of about 67. */
const SCOPED_MATTER_READER = matterUser(7);
/** The evaluation organisation whose evaluator lists tasks: commissioned one unit (2% of the tasks), one group (10%) and two tasks. */
const BENCH_ORG = 'bench-org';
const STORE_APPENDS = 3_000;
const DURATION_S = 10;
const CONNECTIONS = 16;
const SECRET = 'bench-secret-0123456789abcdef';
const AREA_OF = (i: number): Area => AREAS[i % AREAS.length]!;
const taskId = (i: number) => `bench-task-${i}`;

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

/** The registration of the i-th benchmark task: the same for the product and its peer. */
function registerTask(i: number, now: string): RegisterTask {
  const id = taskId(i);
  return {
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
    metadata: { actor: { id: 'bench-office', roles: ['reform_office'] }, now },
  };
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
    const chained: EventData[] = chainEvents(
      stream,
      null,
      events.map((e, n) => ({ id: eventIdFor(commandId, n), type: e.type, data: e.data, metadata: { ...metadata } })),
    );
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
    // The tree of units: the city, 5 districts, and under each 10 of the tasks' 50 lead units.
    const units: Array<[string, 'city' | 'district' | 'street', string | undefined]> = [['city', 'city', undefined]];
    for (let d = 0; d < 5; d++) units.push([`district-${d}`, 'district', 'city']);
    for (let u = 0; u < 50; u++) units.push([`unit-${u}`, 'street', `district-${Math.floor(u / 10)}`]);
    for (const [code, level, parent] of units) {
      const command: UnitCommand = {
        type: 'RegisterUnit',
        data: { code, name: code, level, ...(parent ? { parent, parentRegistered: true, parentAncestors: [] } : {}) },
        metadata: { actor, now },
      };
      await append(unitStream(code), unitDecider.decide(command, unitDecider.initialState()));
    }
    for (let i = 0; i < TASKS; i++) {
      const command = registerTask(i, now);
      const id = command.data.taskId;
      await append(taskStream(id), taskDecider.decide(command, taskDecider.initialState()));
    }
    // Findings for the scoreboard, due this year, a third of them already past due.
    const inspections = inspectionDeciderFor(DEFAULT_INSPECTION_POLICY);
    for (let k = 0; k < FINDINGS / FINDINGS_PER_INSPECTION; k++) {
      const inspectionId = `bench-inspection-${k}`;
      const unit = `unit-${k % 50}`;
      const commands: InspectionCommand[] = [
        {
          type: 'OpenInspection',
          data: { inspectionId, title: `Benchmark inspection ${k}`, targetUnit: unit },
          metadata: { actor: { id: 'bench-inspector', roles: ['inspector'] }, now },
        },
        ...Array.from({ length: FINDINGS_PER_INSPECTION }, (_, f): InspectionCommand => ({
          type: 'RecordFinding',
          data: {
            inspectionId,
            findingId: `${inspectionId}-f${f}`,
            description: `Benchmark finding ${f} 整改`,
            severity: (['low', 'medium', 'high', 'critical'] as const)[f % 4],
            responsibleUnit: unit,
            rectificationDue: new Date(Date.now() + ((f % 3) - 1) * 86_400_000 * 10).toISOString(),
          },
          metadata: { actor: { id: 'bench-inspector', roles: ['inspector'] }, now },
        })),
      ];
      let state = inspections.initialState();
      const events: InspectionEvent[] = [];
      for (const c of commands) {
        const decided = inspections.decide(c, state);
        state = decided.reduce(inspections.evolve, state);
        events.push(...decided);
      }
      await append(inspectionStream(inspectionId), events);
    }
    for (let i = 0; i < MATTERS; i++) {
      const matterId = `bench-matter-${i}`;
      const command: SubmitMatter = {
        type: 'SubmitMatter',
        data: {
          matterId,
          title: `Benchmark matter ${i} 会签事项`,
          body: 'Benchmark matter body',
          signers: [matterUser(200 + (i % 300)), matterUser((i * 7) % 300)].filter((u, n, all) => all.indexOf(u) === n),
          mode: 'all',
        },
        metadata: { actor: { id: matterUser(i % 200), roles: ['department'], unit: `unit-${i % 50}` }, now },
      };
      await append(matterStream(matterId), matterDecider.decide(command, matterDecider.initialState()));
    }
    const subjects = [
      { kind: 'unit' as const, id: 'unit-7' },
      { kind: 'special_group' as const, id: 'group-3' },
      { kind: 'task' as const, id: taskId(1) },
      { kind: 'task' as const, id: taskId(2) },
    ];
    for (const [n, subject] of subjects.entries()) {
      const command: CommissionEvaluation = {
        type: 'CommissionEvaluation',
        data: {
          evaluationId: `bench-evaluation-${n}`,
          subject,
          year: new Date().getUTCFullYear(),
          evaluatorUnit: BENCH_ORG,
          due: new Date(Date.now() + 86_400_000 * 90).toISOString(),
        },
        metadata: { actor, now },
      };
      await append(evaluationStream(`bench-evaluation-${n}`), evaluationDecider.decide(command, evaluationDecider.initialState()));
    }
  } finally {
    await store.close();
  }
}

/**
 * The ledger baseline: the same page from the same SQL (`listTasksJson` on the API's own
 * read-model connection), as the API renders it, from a bare Fastify route: no Nest, no auth,
 * no validation, no interceptors. What the API adds on top of this is the price of its stack.
 */
async function bareLedger(projections: ProjectionsService, config: AppConfig): Promise<{ port: number; close: () => Promise<void> }> {
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
    const page = listTasksJson(
      projections.runner('task-ledger').db,
      { ...(q.area ? { area: q.area } : {}), limit, after: null },
      Date.now(),
      config.taskLightRule,
    );
    const nextCursor = page.nextKey ? JSON.stringify(encodeCursor(page.nextKey)) : 'null';
    return reply.type('application/json; charset=utf-8').send(`{"items":${page.itemsJson},"nextCursor":${nextCursor}}`);
  });
  await fastify.listen({ port: 0, host: '127.0.0.1' });
  return { port: (fastify.server.address() as { port: number }).port, close: () => fastify.close() };
}

/** Child: seed, boot the API with the bare routes, wait for the projections, report the ports. */
async function server(dataDir: string): Promise<void> {
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
  const peer = await startEmmettPeer(path.join(dataDir, 'emmett'), TASKS, (i) => registerTask(i, new Date().toISOString()), taskDecider);
  process.stdout.write(
    `${JSON.stringify({ ready: true, port: address.port, barePort: bare.port, peerPort: peer.port, peerSeedMs: Math.round(peer.seedMs), seedMs: Math.round(seeded - t0), catchUpMs: Math.round(ready - seeded), caughtUp })}\n`,
  );
  process.on('SIGTERM', () => {
    void bare
      .close()
      .then(() => peer.close())
      .then(() => app.close())
      .then(() => process.exit(0));
  });
}

interface Row {
  label: string;
  rps: number;
  p50?: number;
  p99?: number;
  errors?: number;
  non2xx?: number;
  /** The server process's event-loop delay during the row (monitorEventLoopDelay), ms. */
  loopP99?: number;
  loopMax?: number;
}

function fromCannon(label: string, r: autocannon.Result): Row {
  return { label, rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.timeouts, non2xx: r.non2xx };
}

function run(opts: autocannon.Options): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon(opts, (err, result) => (err ? reject(err) : resolve(result)));
  });
}

/** No row may stall the server's event loop longer than this at p99. */
const LOOP_P99_TARGET_MS = 20;

/** Starts a row's event-loop delay window in the server process. */
async function resetLoop(servers: Servers): Promise<void> {
  await fetch(`http://127.0.0.1:${servers.barePort}/bench/loop/reset`, { method: 'POST' });
}

/** The server process's event-loop delay since {@link resetLoop}. */
async function loopDelay(servers: Servers): Promise<{ loopP99: number; loopMax: number }> {
  const { p99, max } = (await (await fetch(`http://127.0.0.1:${servers.barePort}/bench/loop`)).json()) as { p99: number; max: number };
  return { loopP99: p99, loopMax: max };
}

/** The embedded store's own durable rate: one event per append, fsynced (synchronous=FULL). */
async function storeAppendRate(dir: string): Promise<Row> {
  const store = SqliteEventStore.open({ path: path.join(dir, 'append-rate.sqlite'), synchronous: 'FULL' });
  const metadata = {
    actor: { id: 'u', roles: ['reform_office'] },
    occurredAt: new Date().toISOString(),
    correlationId: randomUUID(),
    causationId: randomUUID(),
    commandId: randomUUID(),
    prevHash: 'a'.repeat(64),
    hash: 'b'.repeat(64),
  };
  const data = {
    taskId: 'x',
    percent: 50,
    note: 'progress note of a realistic length',
    reportedBy: 'u',
    reportedAt: new Date().toISOString(),
  };
  const latencies: number[] = [];
  try {
    const t0 = performance.now();
    for (let i = 0; i < STORE_APPENDS; i++) {
      const s = performance.now();
      // Spread over streams like the command route, each append with an exact expectation.
      const stream = `task-s${i % 500}`;
      await store.appendToStream(stream, [{ id: randomUUID(), type: 'TaskProgressReported', data, metadata }], {
        expectedRevision: i < 500 ? 'no_stream' : Math.floor(i / 500) - 1,
      });
      latencies.push(performance.now() - s);
    }
    const seconds = (performance.now() - t0) / 1000;
    latencies.sort((a, b) => a - b);
    const pct = (p: number) => Math.round(latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]! * 100) / 100;
    return { label: STORE_ROW, rps: STORE_APPENDS / seconds, p50: pct(0.5), p99: pct(0.99) };
  } finally {
    await store.close();
  }
}

/** The server's Prometheus series (name with labels → value). */
async function scrape(port: number): Promise<Map<string, number>> {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    const m = /^(reform_[^\s]+) (\S+)$/.exec(line);
    if (m) out.set(m[1]!, Number(m[2]));
  }
  return out;
}

/**
 * Where one command's time goes on the server's event loop, from the counters the API exports
 * (`/metrics`) before and after the measured run: the store's group commits, each projection's
 * write transactions, and the rest (HTTP, Nest, validation, reading and deciding, the answer).
 * The loop is busy for the whole run (the route is CPU-bound), so its wall time per command is
 * the run's duration over the commands served.
 */
function costPerCommand(before: Map<string, number>, after: Map<string, number>, commands: number): string[] {
  const delta = (series: string) => (after.get(series) ?? 0) - (before.get(series) ?? 0);
  const ms = (seconds: number) => `${((seconds * 1000) / commands).toFixed(3)} ms`;
  const loop = DURATION_S / commands;
  const parts: Array<[string, number, string]> = [];
  const commits = delta('reform_event_store_commits_total');
  if (commits > 0) {
    const appends = delta('reform_event_store_commit_appends_total');
    const seconds = delta('reform_event_store_commit_seconds_total');
    parts.push([
      'store group commits',
      seconds,
      `${(appends / commits).toFixed(1)} appends per commit, ${((seconds * 1000) / commits).toFixed(2)} ms each`,
    ]);
  }
  for (const [series] of after) {
    const name = /^reform_projection_write_seconds_total\{projection="([^"]+)"\}$/.exec(series)?.[1];
    if (!name) continue;
    const seconds = delta(series);
    const batches = delta(`reform_projection_write_batches_total{projection="${name}"}`);
    if (batches > 0)
      parts.push([
        `projection ${name}`,
        seconds,
        `${(delta(`reform_projection_write_events_total{projection="${name}"}`) / batches).toFixed(1)} events per batch`,
      ]);
  }
  const known = parts.reduce((sum, [, seconds]) => sum + seconds, 0);
  parts.push(['everything else', DURATION_S - known, 'HTTP, Nest, validation, read and decide, hash, answer']);
  const cpu = delta('reform_process_cpu_seconds_total');
  return [
    `${COMMAND_ROW}: ${commands.toLocaleString('en')} commands; per command ${(loop * 1000).toFixed(3)} ms of the event loop, ${ms(cpu)} of process CPU`,
    ...parts.map(
      ([label, seconds, note]) =>
        `  ${label.padEnd(28)}${ms(seconds).padStart(10)}  ${(((seconds / DURATION_S) * 100).toFixed(0) + '%').padStart(4)}  ${note}`,
    ),
  ];
}

interface Servers {
  child: ChildProcess;
  /** The API. */
  port: number;
  /** The bare Fastify ledger route. */
  barePort: number;
  /** The Emmett peer of the command route. */
  peerPort: number;
  peerSeedMs: number;
  seedMs: number;
  catchUpMs: number;
  caughtUp: boolean;
}

async function startServer(dataDir: string): Promise<Servers> {
  const self = fileURLToPath(import.meta.url);
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

/** One measured row: an autocannon run against one of the servers. */
interface Measure {
  label: string;
  /** The run's options, given the servers and a reform-office token (and the readers' tokens of the scoped rows). */
  options(servers: Servers, token: string, readers: Readers): autocannon.Options;
}

/** Tokens of the scoped rows' readers (#26): a department user and an evaluator of {@link BENCH_ORG}. */
interface Readers {
  department: string;
  evaluator: string;
}

/** A ratio printed with its target: `numerator` / `denominator` (row labels) must reach `target`. */
interface Ratio {
  label: string;
  numerator: string;
  denominator: string;
  target: number;
}

const STORE_ROW = 'store: durable single-event append';
const BARE_LEDGER_ROW = 'GET /tasks bare Fastify, same SQL';
const LEDGER_ROW = 'GET /tasks?area=…&limit=50';
const COMMAND_ROW = 'POST /tasks/:id/progress';
const PEER_ROW = 'peer: Emmett on emmett-sqlite, same command';
const LIVE_SUMMARY_ROW = 'GET /tasks/summary (live)';
const SCOREBOARD_ROW = 'GET /scoreboard?year=… (10,000 findings)';

const ledgerRequests = () => {
  let q = 0;
  return [
    { method: 'GET' as const, setupRequest: (req: autocannon.Request) => ({ ...req, path: `/tasks?area=${AREA_OF(q++)}&limit=50` }) },
  ];
};

const MEASURES: Measure[] = [
  {
    label: 'GET /bench/bare (bare Nest route)',
    options: (s) => ({ url: `http://127.0.0.1:${s.port}/bench/bare` }),
  },
  {
    label: BARE_LEDGER_ROW,
    options: (s) => ({ url: `http://127.0.0.1:${s.barePort}`, requests: ledgerRequests() }),
  },
  {
    label: LEDGER_ROW,
    options: (s, token) => ({
      url: `http://127.0.0.1:${s.port}`,
      headers: { authorization: `Bearer ${token}` },
      requests: ledgerRequests(),
    }),
  },
  {
    label: COMMAND_ROW,
    options: (s, token) => progressRequests(`http://127.0.0.1:${s.port}`, token),
  },
  {
    label: PEER_ROW,
    options: (s) => progressRequests(`http://127.0.0.1:${s.peerPort}`, null),
  },
];

/** Progress reports spread over the first PROGRESS_TASKS tasks, the same sequence for the route and its peer. */
function progressRequests(url: string, token: string | null): autocannon.Options {
  let p = 0;
  return {
    url,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), 'content-type': 'application/json' },
    requests: [
      {
        method: 'POST' as const,
        setupRequest: (req: autocannon.Request) => {
          const i = p++;
          return {
            ...req,
            path: `/tasks/${taskId((i * 7919) % PROGRESS_TASKS)}/progress`,
            body: JSON.stringify({ percent: i % 101, note: 'benchmark progress' }),
          };
        },
      },
    ],
  };
}

/**
 * `q` over the 100,000-task ledger (search), beside the unfiltered first page: one, two and
 * three Chinese characters and pinyin, each a 50-task page. Every seeded title holds 改革任务,
 * so those match every task (the densest ranking); `99 改革` is selective (1% of tasks, common
 * grams), `measurable` matches only the evaluation standard (the second ranking class, which
 * excludes title matches), `zzzz` nothing. Target: each p99 within 3x the unfiltered page's.
 */
const SEARCH_PAGE_ROW = 'GET /tasks?limit=50 (unfiltered)';
const SEARCH_QUERIES: Array<[string, string]> = [
  ['q=改 (1 char, all match)', '改'],
  ['q=改革 (2 chars, all match)', '改革'],
  ['q=改革任 (3 chars, all match)', '改革任'],
  ['q=ggrw (pinyin initials)', 'ggrw'],
  ['q=gaige (full pinyin)', 'gaige'],
  ['q=99 改革 (1% match)', '99 改革'],
  ['q=measurable (standard only)', 'measurable'],
  ['q=zzzz (no match)', 'zzzz'],
];
const searchMeasure = (label: string, path: string): Measure => ({
  label,
  options: (s, token) => ({
    url: `http://127.0.0.1:${s.port}`,
    headers: { authorization: `Bearer ${token}` },
    requests: [{ method: 'GET' as const, path }],
  }),
});
/**
 * `unitTree` over the same ledger, beside the unfiltered page: the city's subtree (56 units,
 * every task), a district's (11 units, a fifth of the tasks), a street's (1 unit, 2%).
 */
const UNIT_TREE_QUERIES: Array<[string, string]> = [
  ['unitTree=city (56 units, 100%)', 'city'],
  ['unitTree=district-0 (11 units, 20%)', 'district-0'],
  ['unitTree=unit-7 (1 unit, 2%)', 'unit-7'],
];
MEASURES.push(
  searchMeasure(SEARCH_PAGE_ROW, '/tasks?limit=50'),
  ...UNIT_TREE_QUERIES.map(([label, code]) => searchMeasure(`GET /tasks?${label}`, `/tasks?unitTree=${code}&limit=50`)),
  ...SEARCH_QUERIES.map(([label, q]) => searchMeasure(`GET /tasks?${label}`, `/tasks?q=${encodeURIComponent(q)}&limit=50`)),
);

/**
 * Reading scopes (#26), each beside the same page unscoped in the same run: a department user's
 * matters (the ~117 of 10,000 it submitted or signs, walked on its own rows of the readers table)
 * beside the office's; an evaluator's tasks (its commissioned unit, group and tasks, about 12% of
 * 100,000) beside the office's unfiltered page. Target: each scoped p99 within 1.5x the unscoped.
 */
const MATTERS_PAGE_ROW = 'GET /matters?limit=50 (office, all)';
const MATTERS_SCOPED_ROW = 'GET /matters?limit=50 (department, scoped)';
const TASKS_SCOPED_ROW = 'GET /tasks?limit=50 (evaluator, scoped)';
const SCOPE_PAIRS: Array<[string, string]> = [
  [MATTERS_SCOPED_ROW, MATTERS_PAGE_ROW],
  [TASKS_SCOPED_ROW, SEARCH_PAGE_ROW],
];
const pageAs = (label: string, path: string, who: (token: string, readers: Readers) => string): Measure => ({
  label,
  options: (s, token, readers) => ({
    url: `http://127.0.0.1:${s.port}`,
    headers: { authorization: `Bearer ${who(token, readers)}` },
    requests: [{ method: 'GET' as const, path }],
  }),
});
MEASURES.push(
  pageAs(MATTERS_PAGE_ROW, '/matters?limit=50', (office) => office),
  pageAs(MATTERS_SCOPED_ROW, '/matters?limit=50', (_, r) => r.department),
  pageAs(TASKS_SCOPED_ROW, '/tasks?limit=50', (_, r) => r.evaluator),
);

/** The scoping target: every scoped row's p99 within 1.5x its unscoped page's p99 (floor 1 ms). */
function scopeVerdicts(rows: Row[]): string[] {
  return SCOPE_PAIRS.flatMap(([scoped, page]) => {
    const a = rows.find((r) => r.label === scoped);
    const b = rows.find((r) => r.label === page);
    if (!a || !b) return [];
    const ratio = (a.p99 ?? 0) / Math.max(b.p99 ?? 0, 1);
    return [
      `${scoped} p99 / ${page} p99: ${a.p99} ms vs ${b.p99} ms, ${ratio.toFixed(2)}x (target ≤ 1.5x: ${ratio <= 1.5 ? 'met' : 'NOT met'})`,
    ];
  });
}

/** The search target: every `q` row's p99 within 3x the unfiltered page's p99 (floor 1 ms). */
function searchVerdict(rows: Row[]): string {
  const page = rows.find((r) => r.label === SEARCH_PAGE_ROW)!;
  const searches = rows.filter((r) => r.label.startsWith('GET /tasks?q='));
  const worst = searches.reduce((a, b) => ((b.p99 ?? 0) > (a.p99 ?? 0) ? b : a));
  const ratio = (worst.p99 ?? 0) / Math.max(page.p99 ?? 0, 1);
  return `search p99 / unfiltered page p99: worst ${worst.p99} ms (${worst.label.slice('GET /tasks?'.length)}) vs ${page.p99} ms, ${ratio.toFixed(1)}x (target ≤ 3x: ${ratio <= 3 ? 'met' : 'NOT met'})`;
}

const RATIOS: Ratio[] = [
  { label: 'command route / store durable append', numerator: COMMAND_ROW, denominator: STORE_ROW, target: 0.3 },
  { label: 'command route / Emmett peer', numerator: COMMAND_ROW, denominator: PEER_ROW, target: 1 },
  { label: 'live summary / ledger page', numerator: LIVE_SUMMARY_ROW, denominator: LEDGER_ROW, target: 0.5 },
  { label: 'scoreboard / ledger page', numerator: SCOREBOARD_ROW, denominator: LEDGER_ROW, target: 0.2 },
  { label: 'ledger page / bare Fastify, same SQL', numerator: LEDGER_ROW, denominator: BARE_LEDGER_ROW, target: 0.7 },
];

/** The baseline must serve exactly the API's page, or the ratio compares different work. */
async function assertSamePage(servers: Servers, token: string): Promise<void> {
  const path = `/tasks?area=${AREA_OF(0)}&limit=50`;
  const [api, bare] = await Promise.all([
    fetch(`http://127.0.0.1:${servers.port}${path}`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.text()),
    fetch(`http://127.0.0.1:${servers.barePort}${path}`).then((r) => r.text()),
  ]);
  if (api !== bare) throw new Error(`the bare route's page differs from the API's (${bare.length} vs ${api.length} bytes)`);
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reform-api-bench-'));
  let child: ChildProcess | null = null;
  try {
    console.log(
      `api benchmark: ${TASKS.toLocaleString('en')} tasks, ${CONNECTIONS} connections, ${DURATION_S}s per route, node ${process.version}, ${os.cpus().length} cpus, load average ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
    );
    const storeRow = await storeAppendRate(dir);
    const servers = await startServer(path.join(dir, 'api'));
    child = servers.child;
    console.log(
      `ledger: seeded in ${(servers.seedMs / 1000).toFixed(1)} s, projections caught up in ${(servers.catchUpMs / 1000).toFixed(1)} s (${servers.caughtUp ? 'ok' : 'NOT caught up'}); Emmett peer seeded in ${(servers.peerSeedMs / 1000).toFixed(1)} s`,
    );
    const office = await signDevToken(SECRET, { sub: 'bench-office', roles: ['reform_office'] }, '1h');
    await assertSamePage(servers, office);
    const readers: Readers = {
      department: await signDevToken(SECRET, { sub: SCOPED_MATTER_READER, roles: ['department'], unit: 'unit-7' }, '1h'),
      evaluator: await signDevToken(SECRET, { sub: 'bench-evaluator', roles: ['evaluator'], unit: BENCH_ORG }, '1h'),
    };

    const beforeMeasures = new Date().toISOString();
    const rows: Row[] = [storeRow];
    // BENCH_ROWS (a regular expression) measures only the rows whose label it matches.
    const only = process.env['BENCH_ROWS'] ? new RegExp(process.env['BENCH_ROWS']) : null;
    let commandCosts: string[] = [];
    for (const m of MEASURES.filter((x) => !only || only.test(x.label))) {
      // Warm-up, so JIT and SQLite page cache are comparable for every route.
      await run({ connections: CONNECTIONS, duration: 2, ...m.options(servers, office, readers) });
      const before = m.label === COMMAND_ROW ? await scrape(servers.port) : null;
      await resetLoop(servers);
      const result = await run({ connections: CONNECTIONS, duration: DURATION_S, ...m.options(servers, office, readers) });
      rows.push({ ...fromCannon(m.label, result), ...(await loopDelay(servers)) });
      if (before) commandCosts = costPerCommand(before, await scrape(servers.port), result.requests.total);
    }

    // The as-of summary asks for the moment before the command phase: 20,000 tasks moved from
    // planned to in progress after it, so it reads stretches that later events closed. One
    // connection: a summary is a dashboard's query, and its latency is then its own cost, not
    // the wait behind 15 others on SQLite's one thread.
    const summaryRow = async (label: string, path: string): Promise<Row> => {
      const options = { url: `http://127.0.0.1:${servers.port}${path}`, headers: { authorization: `Bearer ${office}` }, connections: 1 };
      await run({ ...options, duration: 2 });
      await resetLoop(servers);
      const result = await run({ ...options, duration: DURATION_S });
      return { ...fromCannon(label, result), ...(await loopDelay(servers)) };
    };
    const liveSummary = only ? null : await summaryRow(LIVE_SUMMARY_ROW, '/tasks/summary');
    const asOfSummary = only
      ? null
      : await summaryRow('GET /tasks/summary?asOf=…', `/tasks/summary?asOf=${encodeURIComponent(beforeMeasures)}`);
    const scoreboard = only ? null : await summaryRow(SCOREBOARD_ROW, `/scoreboard?year=${new Date().getUTCFullYear()}`);
    if (liveSummary && asOfSummary && scoreboard) rows.push(liveSummary, asOfSummary, scoreboard);
    if (only) for (const line of [...commandCosts, ...scopeVerdicts(rows)]) console.log(line);
    const pad = (s: string, n: number) => s.padEnd(n);
    console.log('');
    console.log(
      `${pad('measure', 52)}${pad('req/s', 12)}${pad('p50 ms', 10)}${pad('p99 ms', 10)}${pad('loop p99/max ms', 18)}errors/non-2xx`,
    );
    for (const r of rows) {
      const loop = r.loopP99 !== undefined ? `${r.loopP99.toFixed(1)}/${r.loopMax!.toFixed(1)}` : '-';
      console.log(
        `${pad(r.label, 52)}${pad(Math.round(r.rps).toLocaleString('en'), 12)}${pad(String(r.p50 ?? '-'), 10)}${pad(String(r.p99 ?? '-'), 10)}${pad(loop, 18)}${r.errors ?? 0}/${r.non2xx ?? 0}`,
      );
    }
    const stalls = rows.filter((r) => (r.loopP99 ?? 0) > LOOP_P99_TARGET_MS);
    console.log(
      `event-loop delay p99 ≤ ${LOOP_P99_TARGET_MS} ms in every row: ${stalls.length === 0 ? 'met' : `NOT met (${stalls.map((r) => r.label).join('; ')})`}`,
    );
    console.log('');
    if (!liveSummary || !asOfSummary) return; // a partial run (BENCH_ROWS) has no ratios to report
    const rps = (label: string) => rows.find((r) => r.label === label)!.rps;
    const width = Math.max(...RATIOS.map((r) => r.label.length)) + 2;
    for (const r of RATIOS) {
      const ratio = rps(r.numerator) / rps(r.denominator);
      console.log(
        `${pad(`${r.label}:`, width)}${(ratio * 100).toFixed(0)}% (target ≥ ${(r.target * 100).toFixed(0)}%: ${ratio >= r.target ? 'met' : 'NOT met'})`,
      );
    }
    const asOfRatio = (asOfSummary.p50 ?? 0) / (liveSummary.p50 ?? 1);
    console.log(
      `${pad('as-of summary / live summary, p50:', width)}${asOfRatio.toFixed(2)}× (target ≤ 5×: ${asOfRatio <= 5 ? 'met' : 'NOT met'}); p99 ${((asOfSummary.p99 ?? 0) / (liveSummary.p99 ?? 1)).toFixed(2)}×`,
    );
    console.log(searchVerdict(rows));
    for (const line of scopeVerdicts(rows)) console.log(line);
    for (const line of commandCosts) console.log(line);
    console.log(
      `load average after the run: ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
    );
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
