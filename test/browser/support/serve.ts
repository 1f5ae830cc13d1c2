// The API with the built console for the browser tier: the real app (embedded store on a
// temporary directory, the real Redis under a private prefix) listening on BROWSER_PORT.
// Started by Playwright's webServer; SIGTERM closes it and removes what it wrote.
import { startTestApp } from '../../support/test-app.js';

const port = Number(process.env['BROWSER_PORT'] ?? 3310);
const oidc = process.env['BROWSER_OIDC_ISSUER'];
const t = await startTestApp({
  PUBLIC_URL: `http://127.0.0.1:${port}`,
  ...(oidc ? { AUTH_OIDC_ISSUER: oidc, AUTH_OIDC_CLIENT_ID: 'reform-console', AUTH_JWT_AUDIENCE: 'urn:reform-ledger' } : {}),
});
await t.app.listen({ port, host: '127.0.0.1' });
console.log(`browser-tier API on http://127.0.0.1:${port} (console from ${t.config.CONSOLE_DIR})`);

let closing = false;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    if (closing) return;
    closing = true;
    void t.close().finally(() => process.exit(0));
  });
}
