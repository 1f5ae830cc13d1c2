import { spawn } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import net from 'node:net';
import path from 'node:path';
import { jest } from '@jest/globals';
import { createApiClient, type ApiClient } from '#api-client';
import { TASKS } from '../scripts/seed-demo/tasks.data.js';
import { apiBaseUrl } from '../scripts/seed-demo/run.js';
import { startTestApp, TEST_SECRET, type TestApp } from './support/test-app.js';

// `npm run seed:demo` as a person runs it: a child process against the booted app listening on a
// port, finding it by PORT as `npm start` does (BASE_URL wins when set), sending every request
// through the generated client. A second run is answered from the first's Idempotency-Keys; with
// no API at the address it says so in one line and how to start it.

const ROOT = path.resolve(import.meta.dirname, '..');
// Two whole seeds in a child process take about 21 s on a quiet machine; beside the other e2e
// workers on 2 cores one went past the tier's 30 s. Nothing here is timed: the limit is a hang guard.
jest.setTimeout(180_000);
let t: TestApp;
let port: number;
let api: ApiClient;

/** Runs the seed script with `env` over the test's environment; its exit code and output. */
function seed(env: Record<string, string | undefined>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', './scripts/ts-node/register.mjs', 'scripts/seed-demo.ts'], {
    cwd: ROOT,
    env: { ...process.env, NODE_OPTIONS: '', BASE_URL: undefined, HOST: '127.0.0.1', AUTH_JWT_SECRET: TEST_SECRET, ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

/** A port nothing listens on: one the system just gave out and took back. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port: free } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return free;
}

const done = (stdout: string) => {
  const m = /Done: (\d+) requests \((\d+) answered from earlier runs\)/.exec(stdout);
  return m ? { requests: Number(m[1]), replayed: Number(m[2]) } : null;
};

beforeAll(async () => {
  t = await startTestApp();
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  port = (t.app.getHttpServer().address() as AddressInfo).port;
  const token = await t.token('seed-check', ['reform_office']);
  api = createApiClient({ baseUrl: `http://127.0.0.1:${port}`, token });
});
afterAll(async () => {
  await t?.close();
});

describe('seed:demo', () => {
  it('finds the API by PORT and seeds every capability through the client; a rerun changes nothing', async () => {
    const first = await seed({ PORT: String(port) });
    expect({ code: first.code, stderr: first.stderr }).toEqual({ code: 0, stderr: '' });
    expect(first.stdout).toContain(`Seeding the demo ledger through http://127.0.0.1:${port} …`);
    const run = done(first.stdout);
    expect(run).toMatchObject({ replayed: 0 });
    expect(run!.requests).toBeGreaterThan(250);

    // Every task of the demo's list stands at the status the list gives it.
    const { data: page } = await api.GET('/tasks', { params: { query: { limit: 500 } } });
    const status = new Map(page!.items.map((task) => [task.title, task.status]));
    expect(TASKS.filter((spec) => status.get(spec.title) !== spec.status).map((spec) => [spec.title, status.get(spec.title)])).toEqual([]);
    const { data: matters } = await api.GET('/matters', { params: { query: { limit: 50 } } });
    expect(new Set(matters!.items.map((m) => m.status))).toEqual(new Set(['pending', 'approved', 'rejected', 'recalled']));
    const { data: board } = await api.GET('/scoreboard', {
      params: { query: { year: new Date(Date.now() + 8 * 3_600_000).getUTCFullYear() } },
    });
    expect(board!.units.some((u) => u.bonus > 0) && board!.units.some((u) => u.deductions > 0)).toBe(true);

    // A task moved in from the paper ledger owes monthly reports since three months ago and sent none: missed, and overdue.
    const { data: overdue } = await api.GET('/tasks', { params: { query: { reportOverdue: true, limit: 500 } } });
    const monthly = overdue!.items.filter((task) => task.reporting?.every === 'monthly');
    expect(monthly.map((task) => task.title)).toContain('推行涉企经营许可“证照分离”改革');
    expect(monthly.every((task) => task.reporting!.missed >= 2 && task.reporting!.overdue && task.light !== 'green')).toBe(true);

    // Every request of the second run (all writes: the closing reads come after the count) is answered from the first.
    const second = await seed({ PORT: String(port) });
    expect(second.code).toBe(0);
    expect(done(second.stdout)).toEqual({ requests: run!.requests, replayed: run!.requests });
  });

  it('with no API at PORT says so in one line and how to start it, exit code 1', async () => {
    const nowhere = await closedPort();
    const res = await seed({ PORT: String(nowhere) });
    expect(res.code).toBe(1);
    expect(res.stdout).toBe('');
    expect(res.stderr.trimEnd().split('\n')).toEqual([
      `No API answers at http://127.0.0.1:${nowhere} (ECONNREFUSED). ` +
        'Start the API first with `npm start` (it listens on PORT, default 3000), or set BASE_URL to where it runs.',
    ]);
    expect(res.stderr).not.toContain('fetch failed');
  });

  it('BASE_URL wins over PORT', async () => {
    const nowhere = await closedPort();
    const res = await seed({ PORT: String(port), BASE_URL: `http://127.0.0.1:${nowhere}/` });
    expect(res.code).toBe(1);
    expect(res.stderr).toContain(`No API answers at http://127.0.0.1:${nowhere} (ECONNREFUSED).`);
    expect(apiBaseUrl({}, { HOST: '0.0.0.0', PORT: 8080 })).toBe('http://127.0.0.1:8080');
    expect(apiBaseUrl({}, { HOST: '::1', PORT: 8080 })).toBe('http://[::1]:8080');
  });
});
