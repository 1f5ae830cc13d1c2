// Sustained load (npm run bench:load): a mixed workload, 80% reads and 20% commands over every
// capability (the fault specs' workload: tasks, special groups, plans and key points,
// decisions, matters, meetings and items, inspections and findings, evaluations, exemplars;
// reads of every list, the summaries, the scoreboard, the inbox and the audit log), at a fixed
// request rate. The rate is searched (10 s per step, rising) for the highest one this machine
// serves with p99 under 100 ms, no error and no non-2xx answer; that rate is then held for
// 60 s, reporting p50/p99, errors and the server's RSS growth. Baseline, from the same run and
// the same server: the throughput of a bare Nest route (no auth, store or read model).
// The server runs in a child process (this file with `--server`) so that autocannon does not
// share its event loop.
import 'reflect-metadata';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { loadConfig } from '#platform';
import { createApp } from '../apps/api/src/bootstrap.js';
import { BareRouteModule } from './bare-route.js';
import { cleanRedisPrefix } from '../test/support/test-app.js';
import { ClientState, prepareWorkload, send, workloadTokens, type WorkloadRequest } from '../test/support/workload.js';

const SECRET = 'bench-secret-0123456789abcdef';
const READ_SHARE = 0.8;
const P99_LIMIT_MS = 100;
const STEP_S = Number(process.env['LOAD_STEP_S'] ?? 10);
const SUSTAIN_S = Number(process.env['LOAD_SUSTAIN_S'] ?? 60);
const RATES = [25, 50, 75, 100, 150, 200, 250, 300, 400, 500, 650, 800, 1000, 1300, 1600, 2000];
/** Commands sent before measuring, so that reads have pages to read and commands have targets. */
const SEED_COMMANDS = 3_000;
const SEED_CLIENTS = 10;

/** Child: boots the API (durable commits, as in production) with the bare route and reports its port. */
async function server(dataDir: string, prefix: string): Promise<void> {
  const config = loadConfig({
    NODE_ENV: 'development',
    DATA_DIR: dataDir,
    AUTH_JWT_SECRET: SECRET,
    QUEUE_PREFIX: prefix,
    LOG_LEVEL: 'silent',
    RUN_WORKER: 'false',
    EVENT_STORE_SYNCHRONOUS: 'FULL',
  });
  const app = await createApp(config, { silent: true, extraImports: [BareRouteModule] });
  await app.listen({ port: 0, host: '127.0.0.1' });
  process.stdout.write(`${JSON.stringify({ port: (app.getHttpServer().address() as { port: number }).port })}\n`);
  // Exits with the benchmark, whatever ended it.
  process.on('disconnect', () => void app.close().then(() => process.exit(0)));
}

function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024;
}

function run(opts: autocannon.Options): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon(opts, (err, result) => (err ? reject(err) : resolve(result)));
  });
}

interface Step {
  rate: number;
  achieved: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
  ok: boolean;
}

/** One request over a keep-alive agent: resolves with the status (0 on a connection error or timeout). */
function request(agent: http.Agent, port: number, r: WorkloadRequest): Promise<number> {
  return new Promise((resolve) => {
    const body = r.body === undefined ? undefined : JSON.stringify(r.body);
    const req = http.request(
      {
        agent,
        host: '127.0.0.1',
        port,
        method: r.method,
        path: r.path,
        timeout: 10_000,
        headers: {
          authorization: `Bearer ${r.token}`,
          ...(body !== undefined ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } : {}),
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', () => resolve(0));
      },
    );
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(0));
    req.end(body);
  });
}

/**
 * One fixed-rate run of the mix (80% reads, 20% commands, from clients that already hold
 * resources), open loop: request i is sent at start + i/rate whether or not earlier ones were
 * answered, and its latency runs from that scheduled instant, so a server falling behind shows
 * in the percentiles instead of slowing the load down (autocannon's rate limit sends each
 * connection's quota in a burst at the start of every second, which measures bursts).
 */
async function mixed(port: number, clients: ClientState[], rate: number, seconds: number): Promise<Step> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 512 });
  const latencies: number[] = [];
  const refused = new Map<string, number>();
  let errors = 0;
  let non2xx = 0;
  const total = Math.round(rate * seconds);
  const inflight = new Set<Promise<void>>();
  const start = performance.now();
  for (let i = 0; i < total; i++) {
    const due = start + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait >= 1) await new Promise((r) => setTimeout(r, wait));
    const client = clients[i % clients.length]!;
    const r = Math.random() < READ_SHARE ? client.nextRead() : client.nextCommand();
    const done = request(agent, port, r).then((status) => {
      latencies.push(performance.now() - due);
      if (status === 0) errors += 1;
      else if (status >= 300) {
        non2xx += 1;
        const key = `${status} ${r.method} ${r.path.replace(/[0-9a-f-]{36}/g, ':id')}`;
        refused.set(key, (refused.get(key) ?? 0) + 1);
      }
      inflight.delete(done);
    });
    inflight.add(done);
  }
  await Promise.all(inflight);
  const elapsed = (performance.now() - start) / 1000;
  agent.destroy();
  if (refused.size > 0) console.log(`  non-2xx: ${JSON.stringify(Object.fromEntries(refused))}`);
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => Math.round(latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]! * 10) / 10;
  const step = { rate, achieved: total / elapsed, p50: pct(0.5), p99: pct(0.99), errors, non2xx, ok: false };
  step.ok = step.p99 < P99_LIMIT_MS && errors === 0 && non2xx === 0 && step.achieved >= rate * 0.95;
  return step;
}

const line = (s: Step) =>
  String(s.rate).padEnd(8) +
  Math.round(s.achieved).toString().padEnd(10) +
  String(s.p50).padEnd(8) +
  String(s.p99).padEnd(8) +
  `${s.errors}/${s.non2xx}`.padEnd(10) +
  (s.ok ? 'ok' : 'over');

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reform-load-bench-'));
  const prefix = `load${randomUUID().slice(0, 8)}`;
  const self = fileURLToPath(import.meta.url);
  const loader = path.resolve(path.dirname(self), '../scripts/ts-node/register.mjs');
  let child: ChildProcess | null = null;
  try {
    console.log(
      `load benchmark: ${READ_SHARE * 100}% reads / ${100 - READ_SHARE * 100}% commands, p99 limit ${P99_LIMIT_MS} ms, ` +
        `node ${process.version}, ${os.cpus().length} cpus, ` +
        `load average ${os
          .loadavg()
          .map((l) => l.toFixed(1))
          .join(' ')}, ${new Date().toISOString()}`,
    );
    child = spawn(process.execPath, ['--import', loader, self, '--server', dir, prefix], { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
    let port = 0;
    for await (const text of createInterface({ input: child.stdout! })) {
      if (text.startsWith('{')) {
        port = (JSON.parse(text) as { port: number }).port;
        break;
      }
    }
    if (!port) throw new Error('the server child exited before it was ready');
    const base = `http://127.0.0.1:${port}`;
    const tokens = await workloadTokens(SECRET);
    await prepareWorkload(base, tokens);
    const clients = Array.from({ length: SEED_CLIENTS }, (_, i) => new ClientState(`load${i}`, tokens));
    const seedStart = performance.now();
    await Promise.all(
      clients.map(async (c) => {
        for (let i = 0; i < SEED_COMMANDS / SEED_CLIENTS; i++) {
          const r = i < 20 ? c.registerTask() : c.nextCommand();
          const res = await send(base, r);
          if (res.status >= 300) throw new Error(`seed ${r.path}: ${res.status} ${JSON.stringify(res.body)}`);
        }
      }),
    );
    // Commands wait only for their own read models; the audit log and the others catch up after.
    for (;;) {
      const res = await send(base, { method: 'GET', path: '/admin/projections', token: tokens.admin });
      if ((res.body as Array<{ lag: number; status: string }>).every((p) => p.lag === 0 && p.status === 'live')) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    console.log(`seeded ${SEED_COMMANDS} commands, read models caught up, in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`);

    // Baseline: the bare route's throughput, then a warm-up of the mix.
    await run({ url: `${base}/bench/bare`, connections: 16, duration: 2 });
    const bare = await run({ url: `${base}/bench/bare`, connections: 16, duration: 10 });
    await mixed(port, clients, RATES[0]!, 3);

    console.log('');
    console.log(`${'rate'.padEnd(8)}${'req/s'.padEnd(10)}${'p50'.padEnd(8)}${'p99'.padEnd(8)}${'err/non2xx'.padEnd(10)}`);
    let best: number | null = null;
    for (const rate of RATES) {
      const step = await mixed(port, clients, rate, STEP_S);
      console.log(line(step));
      if (!step.ok) break;
      best = rate;
    }
    if (best === null) throw new Error(`not even ${RATES[0]} requests/s with p99 under ${P99_LIMIT_MS} ms`);

    // Hold the best rate for the whole minute; if the minute does not hold, the step below.
    let sustained: Step | null = null;
    let rssStart = 0;
    let rssEnd = 0;
    let rssPeak = 0;
    for (let i = RATES.indexOf(best); i >= 0; i--) {
      rssStart = rssMb(child.pid!);
      rssPeak = rssStart;
      const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, rssMb(child!.pid!))), 1_000);
      const step = await mixed(port, clients, RATES[i]!, SUSTAIN_S);
      clearInterval(sampler);
      rssEnd = rssMb(child.pid!);
      console.log(`${line(step)}   (${SUSTAIN_S} s)`);
      if (step.ok) {
        sustained = step;
        break;
      }
    }
    console.log('');
    if (!sustained) throw new Error('no rate held for the whole run');
    console.log(
      `sustained for ${SUSTAIN_S} s: ${sustained.rate} requests/s (${Math.round(sustained.achieved)} measured), p50 ` +
        `${sustained.p50} ms, p99 ${sustained.p99} ms, errors ${sustained.errors}, non-2xx ${sustained.non2xx}`,
    );
    console.log(
      `server RSS: ${rssStart.toFixed(0)} MB at the start of the minute, ${rssEnd.toFixed(0)} MB at its end (growth ` +
        `${(rssEnd - rssStart).toFixed(1)} MB), peak ${rssPeak.toFixed(0)} MB`,
    );
    console.log(
      `bare Nest route (same server, same run): ${Math.round(bare.requests.average)} requests/s, p99 ${bare.latency.p99} ms; ` +
        `sustained mixed rate / bare route: ${((sustained.rate / bare.requests.average) * 100).toFixed(1)}%`,
    );
    console.log(
      `load average after the run: ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
    );
  } finally {
    if (child && child.exitCode === null) {
      const exited = new Promise((r) => child!.once('exit', r));
      child.disconnect();
      await exited;
    }
    await cleanRedisPrefix(loadConfig({}).REDIS_URL, prefix);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--server') {
  await server(process.argv[3]!, process.argv[4]!);
} else {
  await main();
}
