import { fileURLToPath } from 'node:url';
import { defineConfig, devices } from '@playwright/test';

// The browser tier (`npm run test:browser`): Debian's Chromium driven by Playwright against
// the real API serving the built console. Playwright's own browser download cannot run on these
// machines; .ci/run installs the chromium package.
// Ports of their own for each run (engineers and CI run the tier side by side on one machine): chosen
// once by the runner and handed to its workers through the environment they inherit.
process.env['BROWSER_PORT'] ??= String(20_000 + 4 * Math.floor(Math.random() * 4_000));
const API_PORT = Number(process.env['BROWSER_PORT']);
const OIDC_API_PORT = API_PORT + 1;
const ISSUER_PORT = API_PORT + 2;
/** The server whose clock its flows move (support/clock-control.module.ts): theirs alone, one flow at a time. */
const CLOCK_API_PORT = API_PORT + 3;
/** The flows that move the server's clock to record a past. */
const MOVED_CLOCK = /(audit|missed-reports)\.browser\.ts/;
const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const serve = 'node --import ./scripts/ts-node/register.mjs';
/** The repository: servers start from there (the console is in its dist/, the loader in scripts/). */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

const launchOptions = {
  executablePath: CHROMIUM,
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
};

export default defineConfig({
  testDir: '.',
  testMatch: '*.browser.ts',
  outputDir: '../../test-results/browser/output',
  fullyParallel: false,
  workers: 2,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${API_PORT}`,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    launchOptions,
    trace: 'off',
    screenshot: 'only-on-failure',
  },
  projects: [
    {
      name: 'desktop',
      testIgnore: [/oidc\.browser\.ts/, MOVED_CLOCK],
      use: { ...devices['Desktop Chrome'], viewport: { width: 1280, height: 900 }, launchOptions },
    },
    {
      name: 'moved-clock',
      testMatch: MOVED_CLOCK,
      // One at a time: a flow's "now" is the one it set.
      workers: 1,
      use: {
        ...devices['Desktop Chrome'],
        baseURL: `http://127.0.0.1:${CLOCK_API_PORT}`,
        viewport: { width: 1280, height: 900 },
        launchOptions,
      },
    },
    { name: 'oidc', testMatch: /oidc\.browser\.ts/, use: { baseURL: `http://127.0.0.1:${OIDC_API_PORT}`, launchOptions } },
  ],
  webServer: [
    {
      command: `${serve} test/browser/support/serve.ts`,
      url: `http://127.0.0.1:${API_PORT}/health/live`,
      env: { BROWSER_PORT: String(API_PORT) },
      cwd: ROOT,
      reuseExistingServer: false,
      timeout: 120_000,
      gracefulShutdown: { signal: 'SIGTERM', timeout: 5_000 },
      stdout: 'ignore',
    },
    {
      command: `${serve} test/browser/support/oidc-issuer.ts`,
      url: `http://127.0.0.1:${ISSUER_PORT}/.well-known/openid-configuration`,
      env: { ISSUER_PORT: String(ISSUER_PORT), CONSOLE_ORIGIN: `http://127.0.0.1:${OIDC_API_PORT}` },
      cwd: ROOT,
      reuseExistingServer: false,
      timeout: 120_000,
      gracefulShutdown: { signal: 'SIGTERM', timeout: 5_000 },
    },
    {
      command: `${serve} test/browser/support/serve.ts`,
      url: `http://127.0.0.1:${OIDC_API_PORT}/health/live`,
      env: { BROWSER_PORT: String(OIDC_API_PORT), BROWSER_OIDC_ISSUER: `http://127.0.0.1:${ISSUER_PORT}` },
      cwd: ROOT,
      reuseExistingServer: false,
      timeout: 120_000,
      gracefulShutdown: { signal: 'SIGTERM', timeout: 5_000 },
      stdout: 'ignore',
    },
    {
      command: `${serve} test/browser/support/serve.ts`,
      url: `http://127.0.0.1:${CLOCK_API_PORT}/health/live`,
      env: { BROWSER_PORT: String(CLOCK_API_PORT), BROWSER_CLOCK: 'movable' },
      cwd: ROOT,
      reuseExistingServer: false,
      timeout: 120_000,
      gracefulShutdown: { signal: 'SIGTERM', timeout: 5_000 },
      stdout: 'ignore',
    },
  ],
});
