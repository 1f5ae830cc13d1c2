// The API with the built console for the browser tier: the real app (embedded store on a
// temporary directory, the real Redis under a private prefix) listening on BROWSER_PORT.
// Started by Playwright's webServer; SIGTERM closes it and removes what it wrote.
import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startTestApp } from '../../support/test-app.js';
import { clockControlModule, MovableClock } from './clock-control.module.js';
import { SERVER_INFO_DIR } from './server-info.js';

const port = Number(process.env['BROWSER_PORT'] ?? 3310);
const oidc = process.env['BROWSER_OIDC_ISSUER'];
// The dedicated server of the flows that move time (clock-control.module.ts); the others run on the system clock.
const clock = process.env['BROWSER_CLOCK'] === 'movable' ? new MovableClock() : undefined;
// Digests are signed, as a deployment that keeps audit trails signs them (审计追溯 shows the signature and key).
const keyDir = mkdtempSync(path.join(os.tmpdir(), 'browser-digest-key-'));
const keyFile = path.join(keyDir, 'digest.pem');
writeFileSync(keyFile, generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
const t = await startTestApp(
  {
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    AUDIT_SIGNING_KEY_FILE: keyFile,
    ...(oidc ? { AUTH_OIDC_ISSUER: oidc, AUTH_OIDC_CLIENT_ID: 'reform-console', AUTH_JWT_AUDIENCE: 'urn:reform-ledger' } : {}),
  },
  clock ? { clock, extraImports: [clockControlModule(clock)] } : {},
);
await t.app.listen({ port, host: '127.0.0.1' });
// Where this server keeps its store, for the tests that tamper a stored event (audit.browser.ts).
mkdirSync(SERVER_INFO_DIR, { recursive: true });
writeFileSync(`${SERVER_INFO_DIR}/${port}.json`, JSON.stringify({ dataDir: t.dataDir }));
console.log(`browser-tier API on http://127.0.0.1:${port} (console from ${t.config.CONSOLE_DIR})`);

let closing = false;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    if (closing) return;
    closing = true;
    void t.close().finally(() => {
      rmSync(keyDir, { recursive: true, force: true });
      process.exit(0);
    });
  });
}
