import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startTestApp, type TestApp } from './support/test-app.js';

// The API serving the console (/console/: history-mode fallback, caching, its CSP beside
// helmet's other headers; GET / redirecting there) and the sign-in routes the console asks:
// GET /auth/config and the development sign-in's POST /auth/dev-token.

/** A stand-in build: what `npm run build` writes, without building it here. */
function standInBuild(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'console-build-'));
  mkdirSync(path.join(dir, 'assets'));
  writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>改革工作台</title><div id="app"></div>');
  writeFileSync(path.join(dir, 'assets', 'index-abc123.js'), 'console.log(1)');
  writeFileSync(path.join(dir, 'robots.txt'), 'User-agent: *\nDisallow: /\n');
  return dir;
}

describe('console hosting and sign-in routes', () => {
  let t: TestApp;
  const dir = standInBuild();

  beforeAll(async () => {
    t = await startTestApp({ CONSOLE_DIR: dir });
  });
  afterAll(async () => {
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('redirects a browser from / to /console/', async () => {
    const res = await t.request('GET', '/');
    expect(res.status).toBe(302);
    expect(res.headers['location']).toBe('/console/');
  });

  it('answers index.html for every history-mode route, never cached, with the console CSP and helmet’s other headers', async () => {
    for (const url of ['/console/', '/console/matters/0192-abc', '/console/tasks?light=red', '/console/dev-login']) {
      const res = await t.request('GET', url);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.text).toContain('改革工作台');
      expect(res.headers['cache-control']).toBe('no-store');
      const csp = String(res.headers['content-security-policy']);
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("connect-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toMatch(/script-src[^;]*unsafe/);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
    }
    expect((await t.request('GET', '/console')).headers['location']).toBe('/console/');
  });

  it('caches content-hashed assets for a year, other files for an hour, and answers 404 for a missing asset', async () => {
    const asset = await t.request('GET', '/console/assets/index-abc123.js');
    expect(asset.status).toBe(200);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(asset.headers['content-type']).toMatch(/javascript/);
    const top = await t.request('GET', '/console/robots.txt');
    expect(top.status).toBe(200);
    expect(top.headers['cache-control']).toBe('public, max-age=3600');
    expect((await t.request('GET', '/console/assets/index-old.js')).status).toBe(404);
    expect((await t.request('GET', '/console/assets/../../package.json')).status).toBe(404);
  });

  it('says how to sign in, and mints a development token the API then accepts', async () => {
    const settings = await t.request('GET', '/auth/config');
    expect(settings.status).toBe(200);
    expect(settings.body).toEqual({ devSignIn: true, oidc: null });

    const minted = await t.request('POST', '/auth/dev-token', {
      body: { sub: 'member-li', roles: ['committee_member'], unit: 'fgw', name: '李委员' },
    });
    expect(minted.status).toBe(201);
    const { token, expiresAt } = minted.body as { token: string; expiresAt: string };
    expect(Date.parse(expiresAt) - Date.now()).toBeLessThanOrEqual(8 * 3600_000);
    expect((await t.request('GET', '/matters?awaiting=me', { token })).status).toBe(200);
  });

  it('refuses a development token request naming the field, and writes nothing', async () => {
    const noRoles = await t.request('POST', '/auth/dev-token', { body: { sub: 'x', roles: [] } });
    expect(noRoles.status).toBe(400);
    expect((noRoles.body as { errors: Array<{ path: string }> }).errors.map((e) => e.path)).toContain('roles');
    const badRole = await t.request('POST', '/auth/dev-token', { body: { sub: 'x', roles: ['root'] } });
    expect(badRole.status).toBe(400);
    const noSub = await t.request('POST', '/auth/dev-token', { body: { roles: ['admin'] } });
    expect((noSub.body as { errors: Array<{ path: string }> }).errors.map((e) => e.path)).toContain('sub');
  });
});

describe('where the development sign-in must not exist', () => {
  it('is not routed with an OpenID provider configured, which /auth/config names instead', async () => {
    const dir = standInBuild();
    const t = await startTestApp({
      AUTH_OIDC_ISSUER: 'http://127.0.0.1:9/issuer',
      AUTH_OIDC_CLIENT_ID: 'reform-console',
      CONSOLE_DIR: dir,
    });
    try {
      expect((await t.request('POST', '/auth/dev-token', { body: { sub: 'x', roles: ['admin'] } })).status).toBe(404);
      expect((await t.request('GET', '/auth/config')).body).toEqual({
        devSignIn: false,
        oidc: { issuer: 'http://127.0.0.1:9/issuer', clientId: 'reform-console', scope: 'openid profile' },
      });
      // The console may fetch the provider's discovery document and token endpoint, nothing else.
      const page = await t.request('GET', '/console/');
      expect(String(page.headers['content-security-policy'])).toContain("connect-src 'self' http://127.0.0.1:9;");
    } finally {
      await t.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('without a console build, still redirects GET / and says at /console/ how to build it', async () => {
    const t = await startTestApp({ CONSOLE_DIR: path.join(os.tmpdir(), 'no-console-build-here') });
    try {
      expect((await t.request('GET', '/')).headers['location']).toBe('/console/');
      const page = await t.request('GET', '/console/tasks');
      expect(page.status).toBe(404);
      expect(page.text).toContain('npm run build');
    } finally {
      await t.close();
    }
  });

  it('is not routed in production', async () => {
    const t = await startTestApp({ NODE_ENV: 'production', AUTH_JWT_SECRET: 'a-production-secret-of-length' });
    try {
      expect((await t.request('POST', '/auth/dev-token', { body: { sub: 'x', roles: ['admin'] } })).status).toBe(404);
      expect((await t.request('GET', '/auth/config')).body).toEqual({ devSignIn: false, oidc: null });
    } finally {
      await t.close();
    }
  });
});
