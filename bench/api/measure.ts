// bench:api's measuring: one autocannon run, the server's event-loop delay during it, the
// store's durable append rate (the command's baseline) and one command's cost breakdown.
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import autocannon from 'autocannon';
import { SqliteEventStore } from '#event-store';
import { DURATION_S, STORE_APPENDS } from './seed.js';
import type { Servers } from './server.js';

export const STORE_ROW = 'store: durable single-event append';
export const COMMAND_ROW = 'POST /tasks/:id/progress';

export interface Row {
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

export function fromCannon(label: string, r: autocannon.Result): Row {
  return { label, rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.timeouts, non2xx: r.non2xx };
}

export function run(opts: autocannon.Options): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon(opts, (err, result) => (err ? reject(err) : resolve(result)));
  });
}

/** No row may stall the server's event loop longer than this at p99. */
export const LOOP_P99_TARGET_MS = 20;

/** Starts a row's event-loop delay window in the server process. */
export async function resetLoop(servers: Servers): Promise<void> {
  await fetch(`http://127.0.0.1:${servers.barePort}/bench/loop/reset`, { method: 'POST' });
}

/** The server process's event-loop delay since {@link resetLoop}. */
export async function loopDelay(servers: Servers): Promise<{ loopP99: number; loopMax: number }> {
  const { p99, max } = (await (await fetch(`http://127.0.0.1:${servers.barePort}/bench/loop`)).json()) as { p99: number; max: number };
  return { loopP99: p99, loopMax: max };
}

/** The embedded store's own durable rate: one event per append, fsynced (synchronous=FULL). */
export async function storeAppendRate(dir: string): Promise<Row> {
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
export async function scrape(port: number): Promise<Map<string, number>> {
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
export function costPerCommand(before: Map<string, number>, after: Map<string, number>, commands: number): string[] {
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
    `${COMMAND_ROW}: ${commands.toLocaleString('en')} commands; per command ${(loop * 1000).toFixed(3)} ms of the event ` +
      `loop, ${ms(cpu)} of process CPU`,
    ...parts.map(
      ([label, seconds, note]) =>
        `  ${label.padEnd(28)}${ms(seconds).padStart(10)}  ${(((seconds / DURATION_S) * 100).toFixed(0) + '%').padStart(4)}  ${note}`,
    ),
  ];
}
