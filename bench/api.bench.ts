// API benchmark (npm run bench:api): on a ledger of 100,000 tasks (and 10,000 countersign matters), the throughput and p50/p99
// latency of `POST /tasks/:id/progress` and `GET /tasks?area=...&limit=50`, each beside its
// baseline measured in the same run: the embedded store's own durable single-event append rate
// for the command, and the same ledger page from the same SQL (`listTasksBytes` on the same
// read-model connection) served by a bare Fastify route without Nest for the query.
// The command also runs beside a peer built with Emmett (bench/emmett-peer.ts) on the same 100,000
// tasks. Every row records the server process's event-loop delay (monitorEventLoopDelay, p99 and
// max) while it ran. The servers run in a child process (this file with `--server`) so that
// autocannon, in this process, does not share their event loop. Prints one table, the ratios and
// their targets.
//
// The parts are in bench/api/ (seed, server, measure, rows). To add a row: append a `Measure` to
// MEASURES in bench/api/rows.ts (and a `Ratio` to RATIOS if it has a target).
// `BENCH_ROWS=<regex>` measures only the matching rows (same seed) and the ratios between them.
import 'reflect-metadata';
import { type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { signDevToken } from '../apps/api/src/auth/dev-token.js';
import { AREA_OF, BENCH_ORG, CONNECTIONS, DURATION_S, SCOPED_MATTER_READER, SECRET, TASKS } from './api/seed.js';
import {
  costPerCommand,
  fromCannon,
  LOOP_P99_TARGET_MS,
  loopDelay,
  resetLoop,
  run,
  scrape,
  storeAppendRate,
  COMMAND_ROW,
  type Row,
} from './api/measure.js';
import { server, startServer, type Servers } from './api/server.js';
import {
  AS_OF_SUMMARY_ROW,
  LIVE_SUMMARY_ROW,
  MEASURES,
  RATIOS,
  rowSelected,
  scopeVerdicts,
  searchVerdict,
  type Readers,
} from './api/rows.js';

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
      `api benchmark: ${TASKS.toLocaleString('en')} tasks, ${CONNECTIONS} connections, ${DURATION_S}s per route, ` +
        `node ${process.version}, ${os.cpus().length} cpus, ` +
        `load average ${os
          .loadavg()
          .map((l) => l.toFixed(1))
          .join(' ')}`,
    );
    const storeRow = await storeAppendRate(dir);
    const servers = await startServer(fileURLToPath(import.meta.url), path.join(dir, 'api'));
    child = servers.child;
    console.log(
      `ledger: seeded in ${(servers.seedMs / 1000).toFixed(1)} s, projections caught up in ` +
        `${(servers.catchUpMs / 1000).toFixed(1)} s (${servers.caughtUp ? 'ok' : 'NOT caught up'}); ` +
        (servers.peerPort
          ? `Emmett peer seeded in ${(servers.peerSeedMs / 1000).toFixed(1)} s`
          : 'Emmett peer not started (row not selected)'),
    );
    const office = await signDevToken(SECRET, { sub: 'bench-office', roles: ['reform_office'] }, '1h');
    await assertSamePage(servers, office);
    const readers: Readers = {
      department: await signDevToken(SECRET, { sub: SCOPED_MATTER_READER, roles: ['department'], unit: 'unit-7' }, '1h'),
      evaluator: await signDevToken(SECRET, { sub: 'bench-evaluator', roles: ['evaluator'], unit: BENCH_ORG }, '1h'),
    };

    const context = { beforeMeasures: new Date().toISOString() };
    const rows: Row[] = [storeRow];
    // BENCH_ROWS (a regular expression) measures only the rows whose label it matches.
    let commandCosts: string[] = [];
    for (const m of MEASURES.filter((x) => rowSelected(x.label))) {
      const options = { connections: m.connections ?? CONNECTIONS, ...m.options(servers, office, readers, context) };
      // Warm-up, so JIT and SQLite page cache are comparable for every route.
      await run({ ...options, duration: 2 });
      const before = m.label === COMMAND_ROW ? await scrape(servers.port) : null;
      await resetLoop(servers);
      const result = await run({ ...options, duration: DURATION_S });
      rows.push({ ...fromCannon(m.label, result), ...(await loopDelay(servers)) });
      if (before) commandCosts = costPerCommand(before, await scrape(servers.port), result.requests.total);
    }
    const pad = (s: string, n: number) => s.padEnd(n);
    console.log('');
    console.log(
      `${pad('measure', 52)}${pad('req/s', 12)}${pad('p50 ms', 10)}${pad('p99 ms', 10)}${pad('loop p99/max ms', 18)}errors/non-2xx`,
    );
    for (const r of rows) {
      const loop = r.loopP99 !== undefined ? `${r.loopP99.toFixed(1)}/${r.loopMax!.toFixed(1)}` : '-';
      console.log(
        pad(r.label, 52) +
          pad(Math.round(r.rps).toLocaleString('en'), 12) +
          pad(String(r.p50 ?? '-'), 10) +
          pad(String(r.p99 ?? '-'), 10) +
          pad(loop, 18) +
          `${r.errors ?? 0}/${r.non2xx ?? 0}`,
      );
    }
    const stalls = rows.filter((r) => (r.loopP99 ?? 0) > LOOP_P99_TARGET_MS);
    console.log(
      `event-loop delay p99 ≤ ${LOOP_P99_TARGET_MS} ms in every row: ` +
        `${stalls.length === 0 ? 'met' : `NOT met (${stalls.map((r) => r.label).join('; ')})`}`,
    );
    console.log('');
    const row = (label: string) => rows.find((r) => r.label === label);
    // A partial run (BENCH_ROWS) reports the ratios whose two rows it measured.
    const width = Math.max(...RATIOS.map((r) => r.label.length)) + 2;
    for (const r of RATIOS) {
      const [a, b] = [row(r.numerator), row(r.denominator)];
      if (!a || !b) continue;
      const ratio = a.rps / b.rps;
      console.log(
        `${pad(`${r.label}:`, width)}${(ratio * 100).toFixed(0)}% (target ≥ ${(r.target * 100).toFixed(0)}%: ` +
          `${ratio >= r.target ? 'met' : 'NOT met'})`,
      );
    }
    const [liveSummary, asOfSummary] = [row(LIVE_SUMMARY_ROW), row(AS_OF_SUMMARY_ROW)];
    if (liveSummary && asOfSummary) {
      const asOfRatio = (asOfSummary.p50 ?? 0) / (liveSummary.p50 ?? 1);
      console.log(
        `${pad('as-of summary / live summary, p50:', width)}${asOfRatio.toFixed(2)}× (target ≤ 5×: ` +
          `${asOfRatio <= 5 ? 'met' : 'NOT met'}); p99 ${((asOfSummary.p99 ?? 0) / (liveSummary.p99 ?? 1)).toFixed(2)}×`,
      );
    }
    for (const line of [...searchVerdict(rows), ...scopeVerdicts(rows)]) console.log(line);
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
