// bench:console: what the console's first screen costs a browser, on the seeded demo.
//   npm run bench:console   (builds first; Debian's Chromium at /usr/bin/chromium, or CHROMIUM_PATH)
// Boots the built API on a throwaway data directory, runs seed:demo against it, then in Chromium:
// the JavaScript and CSS the first screen loads (each file gzipped, summed) for 我的待办 and
// 驾驶舱, and a Lighthouse run (desktop preset) of both with performance, accessibility,
// largest contentful paint, and total blocking time and layout shift (what the score weighs most
// beside LCP). Baseline, measured in the same run: the development sign-in page, the lightest
// screen the console serves. Then 审计追溯 on a task stream of 10,000 events (written into the
// store's file, hash-chained as the command path writes them): the same first-screen
// size and Lighthouse run, the time until its first rows show, and a scroll through all 10,000
// (loading page after page) then back over them, with the longest frame the browser took: the
// long-task threshold Lighthouse's TBT counts from (50 ms) is its target.
// Then the upload of a 20 MB evidence file through the page beside the API's raw POST /files (console-upload.ts).
// BENCH_CONSOLE_ONLY=audit measures the baseline and 审计追溯 only (a run of a few minutes instead of the
// whole bench, for work on that page); BENCH_AUDIT_EVENTS sets the stream's length (default 10,000).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { chromium, type BrowserContext, type Page } from '@playwright/test';
import lighthouse from 'lighthouse';
import desktopConfig from 'lighthouse/core/config/desktop-config.js';
import { benchUpload } from './console-upload.js';
import { seedTaskStore } from '../test/support/audit-seed.js';

const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const PORT = 3390 + Math.floor(Math.random() * 9);
const DEBUG_PORT = 9300 + Math.floor(Math.random() * 90);
const BASE = `http://127.0.0.1:${PORT}`;
const TARGETS = { kb: 350, performance: 90, accessibility: 95, frameMs: 50 };
const AUDIT_EVENTS = Number(process.env['BENCH_AUDIT_EVENTS'] ?? 10_000);
const ONLY_AUDIT = process.env['BENCH_CONSOLE_ONLY'] === 'audit';

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(cmd, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
}

async function waitFor(url: string, deadlineMs: number): Promise<void> {
  while (Date.now() < deadlineMs) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not answer in time`);
}

/** Waits until every projection has applied every stored event (lag 0 in /admin/projections). */
async function caughtUp(adminToken: string, deadlineMs: number): Promise<void> {
  while (Date.now() < deadlineMs) {
    const res = await fetch(`${BASE}/admin/projections`, { headers: { authorization: `Bearer ${adminToken}` } });
    const projections = (await res.json()) as Array<{ lag: number; status: string }>;
    if (res.ok && projections.every((p) => p.lag === 0 && p.status === 'live')) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('the projections did not catch up in time');
}

/** The JS and CSS a screen loads, each gzipped, in KB; and how many files. */
async function firstScreen(context: BrowserContext, url: string, ready: string): Promise<{ kb: number; files: number }> {
  const page = await context.newPage();
  const sizes = new Map<string, number>();
  page.on('response', async (res) => {
    const type = res.request().resourceType();
    if (type !== 'script' && type !== 'stylesheet') return;
    const body = await res.body().catch(() => null);
    if (body) sizes.set(res.url(), gzipSync(body, { level: 9 }).length);
  });
  await page.goto(url);
  await page.getByRole('heading', { name: ready }).waitFor();
  await page.waitForLoadState('networkidle');
  await page.close();
  return { kb: [...sizes.values()].reduce((a, b) => a + b, 0) / 1024, files: sizes.size };
}

async function audit(url: string): Promise<{ performance: number; accessibility: number; lcpMs: number; tbtMs: number; cls: number }> {
  const result = await lighthouse(url, { port: DEBUG_PORT, output: 'json', logLevel: 'error', disableStorageReset: true }, desktopConfig);
  const lhr = result!.lhr;
  return {
    performance: Math.round((lhr.categories['performance']?.score ?? 0) * 100),
    accessibility: Math.round((lhr.categories['accessibility']?.score ?? 0) * 100),
    lcpMs: Math.round(lhr.audits['largest-contentful-paint']?.numericValue ?? NaN),
    // With LCP, what the performance score weighs most: main-thread blocking and layout shift.
    tbtMs: Math.round(lhr.audits['total-blocking-time']?.numericValue ?? NaN),
    cls: Number((lhr.audits['cumulative-layout-shift']?.numericValue ?? NaN).toFixed(3)),
  };
}

/** Milliseconds between animation frames while `work` runs: the longest and the 95th percentile. */
async function frames(page: Page, work: () => Promise<void>): Promise<{ longest: number; p95: number; count: number }> {
  await page.evaluate(() => {
    const w = window as unknown as { frameGaps: number[]; framing: boolean };
    w.frameGaps = [];
    w.framing = true;
    let last = performance.now();
    const tick = (now: number) => {
      w.frameGaps.push(now - last);
      last = now;
      if (w.framing) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  await work();
  const gaps = await page.evaluate(() => {
    const w = window as unknown as { frameGaps: number[]; framing: boolean };
    w.framing = false;
    return w.frameGaps;
  });
  const sorted = [...gaps].sort((a, b) => a - b);
  return { longest: sorted.at(-1) ?? 0, p95: sorted[Math.floor(sorted.length * 0.95)] ?? 0, count: gaps.length };
}

/** 审计追溯 on the long stream: until its first rows show, then scrolled to the end (loading it all) and back. */
async function auditScroll(context: BrowserContext, url: string) {
  const page = await context.newPage();
  const start = Date.now();
  await page.goto(url);
  const loaded = page.getByTestId('events-loaded');
  await loaded.filter({ hasText: '已载入 500 个事件' }).waitFor();
  const firstRowsMs = Date.now() - start;
  const table = page.getByRole('table').first();
  await table.hover();
  const scrollStart = Date.now();
  const down = await frames(page, async () => {
    while ((await loaded.textContent()) !== `已载入 ${AUDIT_EVENTS} 个事件` && Date.now() - scrollStart < 120_000) {
      await page.mouse.wheel(0, 3_600);
      await page.waitForTimeout(16);
    }
  });
  const allLoadedMs = Date.now() - scrollStart;
  const up = await frames(page, async () => {
    for (let i = 0; i < 100; i++) {
      await page.mouse.wheel(0, -3_600);
      await page.waitForTimeout(16);
    }
  });
  const text = await loaded.textContent();
  await page.close();
  return { firstRowsMs, allLoadedMs, loadedText: text, down, up };
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'bench-console-'));
  const profile = mkdtempSync(path.join(os.tmpdir(), 'bench-console-chromium-'));
  const prefix = `bc${Math.random().toString(36).slice(2, 8)}`;
  const api = run('node', ['dist/apps/api/src/main.js'], {
    PORT: String(PORT),
    DATA_DIR: dataDir,
    QUEUE_PREFIX: prefix,
    RUN_WORKER: 'false',
    LOG_LEVEL: 'warn',
    NODE_ENV: 'development',
  });
  api.stdout?.resume();
  let context: BrowserContext | null = null;
  try {
    await waitFor(`${BASE}/health/live`, Date.now() + 60_000);
    const seed = run('npm', ['run', 'seed:demo', '--silent'], { BASE_URL: BASE });
    seed.stdout?.resume();
    const code = await new Promise<number | null>((resolve) => seed.on('exit', resolve));
    if (code !== 0) throw new Error(`seed:demo exited ${code}`);

    const mint = await fetch(`${BASE}/auth/dev-token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ sub: 'demo-member', roles: ['committee_member', 'leader'] }),
    });
    const { token } = (await mint.json()) as { token: string };

    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1350, height: 940 },
      locale: 'zh-CN',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        `--remote-debugging-port=${DEBUG_PORT}`,
      ],
    });
    const baseline = await firstScreen(context, `${BASE}/console/dev-login`, '登录改革工作台');
    const signIn = await context.newPage();
    await signIn.goto(`${BASE}/console/dev-login`);
    await signIn.evaluate((t) => localStorage.setItem('reform-console.token', t), token);
    await signIn.close();

    const screens = [
      { name: '我的待办', url: `${BASE}/console/` },
      { name: '驾驶舱', url: `${BASE}/console/cockpit` },
    ];
    const baseAudit = await audit(`${BASE}/console/dev-login`);
    console.log(
      `bench:console on the seeded demo (load average ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')})`,
    );
    console.log(
      `baseline (开发登录 page): ${baseline.kb.toFixed(1)} KB gzip JS+CSS in ${baseline.files} files; Lighthouse performance ` +
        `${baseAudit.performance}, accessibility ${baseAudit.accessibility}, LCP ${baseAudit.lcpMs} ms`,
    );
    let ok = true;
    for (const s of ONLY_AUDIT ? [] : screens) {
      const size = await firstScreen(context, s.url, s.name);
      const lh = await audit(s.url);
      const pass = size.kb <= TARGETS.kb && lh.performance >= TARGETS.performance && lh.accessibility >= TARGETS.accessibility;
      ok &&= pass;
      console.log(
        `${s.name}: ${size.kb.toFixed(1)} KB gzip JS+CSS in ${size.files} files (target ≤ ${TARGETS.kb}; ` +
          `${(size.kb / baseline.kb).toFixed(2)}× baseline), ` +
          (`Lighthouse performance ${lh.performance} (target ≥ ${TARGETS.performance}), accessibility ${lh.accessibility} ` +
            `(target ≥ ${TARGETS.accessibility}), `) +
          (`LCP ${lh.lcpMs} ms (${(lh.lcpMs / baseAudit.lcpMs).toFixed(2)}× baseline), TBT ${lh.tbtMs} ms, CLS ${lh.cls} ` +
            `${pass ? 'MEETS the targets' : 'MISSES a target'}`),
      );
    }
    if (!ONLY_AUDIT) await benchUpload(context, BASE);

    // The long stream, written into the store file after the other screens were measured: nothing
    // else reads it, and 审计追溯 reads streams from the store itself, not from a read model.
    const mintAdmin = await fetch(`${BASE}/auth/dev-token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ sub: 'demo-admin', roles: ['admin'] }),
    });
    const adminToken = ((await mintAdmin.json()) as { token: string }).token;
    await seedTaskStore(path.join(dataDir, 'events.sqlite'), { tasks: 1, eventsPerTask: AUDIT_EVENTS });
    const seeded = Date.now();
    const longStream = (() => {
      const db = new Database(path.join(dataDir, 'events.sqlite'), { readonly: true });
      try {
        // The only stream that long.
        return db
          .prepare('SELECT stream FROM events WHERE revision = ? LIMIT 1')
          .pluck()
          .get(AUDIT_EVENTS - 1) as string;
      } finally {
        db.close();
      }
    })();
    // The projections read the new stream's 10,000 events too; until they have caught up the API
    // answers slowly, and that would be measured as the page's cost. /health/ready answers 200
    // while a live projection has not yet seen the new events: their lag behind the store's head says it.
    const catchUpMs = await caughtUp(adminToken, Date.now() + 300_000).then(() => Date.now() - seeded);
    // 审计追溯 is an admin's screen: the same browser, signed in as one.
    const asAdmin = await context.newPage();
    await asAdmin.goto(`${BASE}/console/dev-login`);
    await asAdmin.evaluate((t) => localStorage.setItem('reform-console.token', t), adminToken);
    await asAdmin.close();
    const auditUrl = `${BASE}/console/audit?stream=${longStream}&tab=stream`;
    const size = await firstScreen(context, auditUrl, '审计追溯');
    const lh = await audit(auditUrl);
    const scroll = await auditScroll(context, auditUrl);
    const longest = Math.max(scroll.down.longest, scroll.up.longest);
    const pass =
      size.kb <= TARGETS.kb &&
      lh.performance >= TARGETS.performance &&
      lh.accessibility >= TARGETS.accessibility &&
      longest <= TARGETS.frameMs &&
      scroll.loadedText === `已载入 ${AUDIT_EVENTS} 个事件`;
    ok &&= pass;
    console.log(
      `审计追溯 (${longStream}, ${AUDIT_EVENTS.toLocaleString('en')} events; the projections caught up on them in ` +
        `${(catchUpMs / 1000).toFixed(1)} s): ${size.kb.toFixed(1)} KB gzip JS+CSS in ` +
        `${size.files} files (target ≤ ${TARGETS.kb}; ${(size.kb / baseline.kb).toFixed(2)}× baseline), ` +
        (`Lighthouse performance ${lh.performance} (target ≥ ${TARGETS.performance}), accessibility ${lh.accessibility} ` +
          `(target ≥ ${TARGETS.accessibility}), `) +
        `LCP ${lh.lcpMs} ms (${(lh.lcpMs / baseAudit.lcpMs).toFixed(2)}× baseline), TBT ${lh.tbtMs} ms, CLS ${lh.cls}; ` +
        `first 500 rows shown ${scroll.firstRowsMs} ms after navigation; ` +
        (`scrolled to the end (${scroll.loadedText}) in ${(scroll.allLoadedMs / 1000).toFixed(1)} s, longest frame ` +
          `${scroll.down.longest.toFixed(0)} ms `) +
        `(p95 ${scroll.down.p95.toFixed(0)} ms, ${scroll.down.count} frames); back to the top over the 10,000 loaded rows: longest frame ` +
        (`${scroll.up.longest.toFixed(0)} ms (p95 ${scroll.up.p95.toFixed(0)} ms) (target ≤ ${TARGETS.frameMs} ms) ` +
          `${pass ? 'MEETS the targets' : 'MISSES a target'}`),
    );
    if (!ok) process.exitCode = 1;
  } finally {
    await context?.close();
    api.kill('SIGTERM');
    await new Promise((r) => api.once('exit', r));
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(profile, { recursive: true, force: true });
  }
}

await main();
