// bench:console: what the console's first screen costs a browser, on the seeded demo.
//   npm run bench:console   (builds first; Debian's Chromium at /usr/bin/chromium, or CHROMIUM_PATH)
// Boots the built API on a throwaway data directory, runs seed:demo against it, then in Chromium:
// the JavaScript and CSS the first screen loads (each file gzipped, summed) for 我的待办 and
// 驾驶舱, and a Lighthouse run (desktop preset) of both with performance, accessibility,
// largest contentful paint, and total blocking time and layout shift (what the score weighs most
// beside LCP). Baseline, measured in the same run: the development sign-in page, the lightest
// screen the console serves.
// Then the upload of a 20 MB evidence file through the page beside the API's raw POST /files (console-upload.ts).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type BrowserContext } from '@playwright/test';
import lighthouse from 'lighthouse';
import desktopConfig from 'lighthouse/core/config/desktop-config.js';
import { benchUpload } from './console-upload.js';

const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const PORT = 3390 + Math.floor(Math.random() * 9);
const DEBUG_PORT = 9300 + Math.floor(Math.random() * 90);
const BASE = `http://127.0.0.1:${PORT}`;
const TARGETS = { kb: 350, performance: 90, accessibility: 95 };

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
      `baseline (开发登录 page): ${baseline.kb.toFixed(1)} KB gzip JS+CSS in ${baseline.files} files; Lighthouse performance ${baseAudit.performance}, accessibility ${baseAudit.accessibility}, LCP ${baseAudit.lcpMs} ms`,
    );
    let ok = true;
    for (const s of screens) {
      const size = await firstScreen(context, s.url, s.name);
      const lh = await audit(s.url);
      const pass = size.kb <= TARGETS.kb && lh.performance >= TARGETS.performance && lh.accessibility >= TARGETS.accessibility;
      ok &&= pass;
      console.log(
        `${s.name}: ${size.kb.toFixed(1)} KB gzip JS+CSS in ${size.files} files (target ≤ ${TARGETS.kb}; ${(size.kb / baseline.kb).toFixed(2)}× baseline), ` +
          `Lighthouse performance ${lh.performance} (target ≥ ${TARGETS.performance}), accessibility ${lh.accessibility} (target ≥ ${TARGETS.accessibility}), ` +
          `LCP ${lh.lcpMs} ms (${(lh.lcpMs / baseAudit.lcpMs).toFixed(2)}× baseline), TBT ${lh.tbtMs} ms, CLS ${lh.cls} ${pass ? 'MEETS the targets' : 'MISSES a target'}`,
      );
    }
    await benchUpload(context, BASE);
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
