import { execFile } from 'node:child_process';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { reportFigures } from './support/hostile-figures.js';
import { startTestApp, type TestApp } from './support/test-app.js';

// Security headers (with the Swagger UI still loading under its CSP), the request body and
// header size limits, and rate limiting keyed by user when it is switched on.

const run = promisify(execFile);
let sent = 0;
afterAll(() => reportFigures('headers, limits, rate limiting', { 'requests sent': sent }));

/** Sends raw bytes to a listening server and returns the status line. */
function rawStatus(port: number, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.end(request));
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk.toString('latin1')));
    socket.on('error', reject);
    socket.on('close', () => resolve(answer.split('\r\n')[0] ?? ''));
  });
}

describe('security headers and size limits', () => {
  let t: TestApp;
  let office: string;
  beforeAll(async () => {
    t = await startTestApp({ BODY_LIMIT: '4096', HEADER_LIMIT: '8192' });
    office = await t.token('office-1', ['reform_office']);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('sends the security headers on answers and on problems', async () => {
    for (const res of [
      await t.request('GET', '/health/live'),
      await t.request('GET', '/tasks'),
      await t.request('GET', '/tasks', { token: office }),
    ]) {
      sent++;
      expect(res.headers).toMatchObject({
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'DENY',
        'referrer-policy': 'no-referrer',
        'strict-transport-security': expect.stringContaining('max-age='),
        'cross-origin-opener-policy': 'same-origin',
        'cross-origin-resource-policy': 'same-origin',
        'content-security-policy': expect.stringContaining("default-src 'self'"),
      });
      expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(res.headers['content-security-policy']).toContain("object-src 'none'");
      expect(res.headers['x-powered-by']).toBeUndefined();
    }
  });

  it('serves the Swagger UI under a policy that lets it load: each script and style it names is served, no inline script', async () => {
    const page = await t.request('GET', '/docs');
    sent++;
    expect(page.status).toBe(200);
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    // The page's own <style> blocks need inline styles; its scripts are all files of the page's origin.
    expect(csp).toMatch(/style-src[^;]*'unsafe-inline'/);
    expect(page.text).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    const assets = [...page.text.matchAll(/<(?:script[^>]*\bsrc|link[^>]*\bhref)="([^"]+)"/g)].map((m) => m[1]!);
    expect(assets.length).toBeGreaterThanOrEqual(4);
    for (const asset of assets) {
      expect(asset).not.toMatch(/^(https?:)?\/\//);
      const res = await t.request('GET', new URL(asset, 'http://x/docs').pathname);
      sent++;
      expect([asset, res.status]).toEqual([asset, 200]);
    }
    const init = await t.request('GET', '/docs/swagger-ui-init.js');
    expect(init.text).toContain('"swaggerDoc"');
    expect((await t.request('GET', '/docs-json')).status).toBe(200);
  });

  it('refuses a body over BODY_LIMIT with 413 problem+json, appending nothing; a body at the limit is read', async () => {
    const before = await t.head();
    const reason = (bytes: number) => JSON.stringify({ reason: 'x'.repeat(bytes - JSON.stringify({ reason: '' }).length) });
    const over = await t.request('POST', '/tasks/x1/cancel', {
      token: office,
      body: reason(4097),
      headers: { 'content-type': 'application/json' },
    });
    sent++;
    expect(over.status).toBe(413);
    expect(over.headers['content-type']).toMatch(/^application\/problem\+json/);
    const at = await t.request('POST', '/tasks/x1/cancel', {
      token: office,
      body: reason(4096),
      headers: { 'content-type': 'application/json' },
    });
    sent++;
    // Read and validated (the reason is longer than a reason may be), not refused for its size.
    expect([at.status, at.body.code]).toEqual([400, 'REQUEST.INVALID']);
    expect(await t.head()).toBe(before);
  });

  it('refuses request headers over HEADER_LIMIT with 431 on a listening server', async () => {
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = t.app.getHttpServer().address() as AddressInfo;
    const request = (headerBytes: number) =>
      `GET /health/live HTTP/1.1\r\nHost: x\r\nX-Padding: ${'a'.repeat(headerBytes)}\r\nConnection: close\r\n\r\n`;
    expect(await rawStatus(port, request(9_000))).toMatch(/^HTTP\/1\.1 431/);
    expect(await rawStatus(port, request(4_000))).toMatch(/^HTTP\/1\.1 200/);
    sent += 2;
  });
});

describe('rate limiting', () => {
  it('is off by default', async () => {
    const t = await startTestApp();
    try {
      const token = await t.token('busy', ['reform_office']);
      for (let i = 0; i < 30; i++) {
        sent++;
        expect((await t.request('GET', '/tasks', { token })).status).toBe(200);
      }
    } finally {
      await t.close();
    }
  });

  it('when on, limits each user by the sub of a valid token and everyone else by address, with 429 problem+json', async () => {
    const { stdout } = await run(process.execPath, ['--import', './scripts/ts-node/register.mjs', 'test/support/rate-limit.child.ts'], {
      env: { ...process.env, NODE_OPTIONS: '' },
      maxBuffer: 1 << 20,
    });
    const r = JSON.parse(stdout.trim().split('\n').pop()!);
    sent += 32;
    expect(r.alice).toEqual([200, 200]);
    // Another token of the same user shares the user's bucket.
    expect(r.aliceAgain).toEqual([200, 429]);
    expect(r.limited.status).toBe(429);
    expect(r.limited.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(r.limited.body).toMatchObject({ status: 429, code: 'REQUEST.RATE_LIMITED', title: 'Too many requests' });
    expect(Number(r.limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(r.bob).toEqual([200, 200, 200]);
    // Without a valid token the bucket is the address: a forged sub does not get a fresh one.
    expect([...r.anonymous, ...r.forged]).toEqual([401, 401, 401, 429]);
    // Health probes are never limited.
    expect(r.health).toEqual([200, 200, 200, 200, 200]);
    // Without TRUST_PROXY, X-Forwarded-For is not believed: writing one does not give a fresh bucket.
    expect(r.spoofed).toEqual([429]);
    // Behind a trusted proxy every forwarded client has a bucket of its own.
    expect(r.behindProxy).toEqual({ first: [401, 401, 401, 429], second: [401, 401] });
    // Two API processes of one deployment share a user's bucket in Redis: 2 + 2 is over 3.
    expect(r.replicas).toEqual({ first: [200, 200], second: [200, 429] });
    // Without Redis each process counts on its own: the fourth request is still refused, none fails.
    expect(r.redisDown).toEqual([200, 200, 200, 429]);
  }, 60_000);
});
