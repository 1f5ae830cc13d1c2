import { execFileSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { exportJWK, exportSPKI, generateKeyPair, SignJWT, UnsecuredJWT, type JWTPayload } from 'jose';
import { reportFigures } from './support/hostile-figures.js';
import { startTestApp, TEST_SECRET, type TestApp } from './support/test-app.js';

// Every malformed or hostile bearer token is a 401 problem, never a 403, 2xx or 5xx: with the
// HS256 secret (issuer, audience and the maximum lifetime configured), and with a JWKS
// (RS256), where a token signed with HS256 using the public key as its secret must fail.

const ISSUER = 'https://idp.example.gov.cn';
const AUDIENCE = 'reform-ledger';
const HOUR = 3_600;
const now = () => Math.floor(Date.now() / 1_000);
const secret = new TextEncoder().encode(TEST_SECRET);

/** Signs `claims` (exactly these: nothing added) with HS256 and the test secret. */
async function hs(claims: JWTPayload, key: Uint8Array = secret, alg = 'HS256'): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg, typ: 'JWT' }).sign(key);
}

const valid = (over: JWTPayload = {}): JWTPayload => ({
  sub: 'office-1',
  roles: ['reform_office'],
  iss: ISSUER,
  aud: AUDIENCE,
  iat: now(),
  exp: now() + HOUR,
  ...over,
});

function without(claims: JWTPayload, name: string): JWTPayload {
  const copy = { ...claims };
  delete copy[name];
  return copy;
}

/** Replaces the payload of a signed token, keeping its header and signature. */
function tampered(token: string, claims: JWTPayload): string {
  const [header, , signature] = token.split('.');
  return `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`;
}

let sent = 0;

async function expectRefused(t: TestApp, token: string): Promise<void> {
  const res = await t.request('GET', '/tasks', { token });
  sent++;
  expect({ status: res.status, type: res.headers['content-type'] }).toEqual({
    status: 401,
    type: expect.stringMatching(/^application\/problem\+json/),
  });
  expect(res.headers['www-authenticate']).toBe('Bearer');
}

async function expectAccepted(t: TestApp, token: string): Promise<void> {
  const res = await t.request('GET', '/tasks', { token });
  sent++;
  expect(res.status).toBe(200);
}

afterAll(() => reportFigures('JWT refusals', { 'requests sent': sent }));

describe('bearer tokens with a shared secret, issuer, audience and maximum lifetime', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ AUTH_JWT_ISSUER: ISSUER, AUTH_JWT_AUDIENCE: AUDIENCE, AUTH_MAX_TOKEN_AGE: '24h' });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('accepts a well-formed token', async () => {
    await expectAccepted(t, await hs(valid()));
  });

  it('refuses alg none, another HMAC algorithm, and a token signed with another secret', async () => {
    await expectRefused(t, new UnsecuredJWT(valid()).encode());
    await expectRefused(
      t,
      `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from(JSON.stringify(valid())).toString('base64url')}.`,
    );
    await expectRefused(t, await hs(valid(), secret, 'HS512'));
    await expectRefused(t, await hs(valid(), new TextEncoder().encode('another-secret-0123456789abcdef')));
  });

  it('refuses an expired token and one not valid yet', async () => {
    await expectRefused(t, await hs(valid({ iat: now() - 2 * HOUR, exp: now() - 1 })));
    await expectRefused(t, await hs(valid({ nbf: now() + HOUR })));
  });

  it('refuses a token without sub or exp, or whose roles are not an array of known roles', async () => {
    await expectRefused(t, await hs(without(valid(), 'sub')));
    await expectRefused(t, await hs(valid({ sub: '' })));
    await expectRefused(t, await hs(without(valid(), 'exp')));
    await expectRefused(t, await hs(valid({ roles: 'reform_office' })));
    await expectRefused(t, await hs(valid({ roles: { 0: 'reform_office' } })));
    await expectRefused(t, await hs(valid({ roles: ['root'] })));
    await expectRefused(t, await hs(without(valid(), 'roles')));
  });

  it('refuses a tampered payload', async () => {
    const token = await hs(valid({ roles: ['department'] }));
    await expectRefused(t, tampered(token, valid({ roles: ['admin'] })));
  });

  it('refuses a wrong or missing issuer or audience', async () => {
    await expectRefused(t, await hs(valid({ iss: 'https://evil.example' })));
    await expectRefused(t, await hs(without(valid(), 'iss')));
    await expectRefused(t, await hs(valid({ aud: 'another-service' })));
    await expectRefused(t, await hs(without(valid(), 'aud')));
  });

  it('refuses a token that lives longer than AUTH_MAX_TOKEN_AGE: exp − iat, or exp − now without iat', async () => {
    await expectRefused(t, await hs(valid({ exp: now() + 100 * 365 * 24 * HOUR })));
    await expectRefused(t, await hs(valid({ iat: now() - HOUR, exp: now() + 23 * HOUR + 60 })));
    await expectRefused(t, await hs(without(valid({ exp: now() + 25 * HOUR }), 'iat')));
    // An iat in the future does not lengthen the allowance.
    await expectRefused(t, await hs(valid({ iat: now() + 10 * HOUR, exp: now() + 25 * HOUR })));
    await expectAccepted(t, await hs(valid({ iat: now() - HOUR, exp: now() + 23 * HOUR - 60 })));
    await expectAccepted(t, await hs(without(valid({ exp: now() + 23 * HOUR }), 'iat')));
  });

  it('accepts what npm run token mints, and npm run token refuses to mint a token the server would refuse', async () => {
    const root = path.resolve(import.meta.dirname, '..');
    const mint = (...args: string[]) =>
      execFileSync(
        process.execPath,
        ['--import', './scripts/ts-node/register.mjs', 'scripts/token.ts', '--sub', 'office-1', '--roles', 'reform_office', ...args],
        {
          cwd: root,
          env: {
            PATH: process.env['PATH'],
            AUTH_JWT_SECRET: TEST_SECRET,
            AUTH_JWT_ISSUER: ISSUER,
            AUTH_JWT_AUDIENCE: AUDIENCE,
            AUTH_MAX_TOKEN_AGE: '24h',
          },
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      ).trim();
    await expectAccepted(t, mint('--ttl', '24h'));
    expect(() => mint('--ttl', '25h')).toThrow(/AUTH_MAX_TOKEN_AGE/);
  });

  it('refuses a header that is not a bearer token', async () => {
    for (const authorization of [
      'Bearer',
      'Bearer ',
      'Basic b2ZmaWNlOnB3',
      `bearer ${'a'.repeat(20)}`,
      'Bearer a.b',
      'Bearer a.b.c.d',
      `Bearer ${'A'.repeat(20_000)}.e30.`,
    ]) {
      const res = await t.request('GET', '/tasks', { headers: { authorization } });
      sent++;
      expect(res.status).toBe(401);
    }
  });
});

describe('bearer tokens from a JWKS', () => {
  let t: TestApp;
  let jwks: Server;
  let privateKey: Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];
  let publicPem: string;

  beforeAll(async () => {
    const pair = await generateKeyPair('RS256', { extractable: true });
    privateKey = pair.privateKey;
    publicPem = await exportSPKI(pair.publicKey);
    const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
    jwks = createServer((_, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
    const { port } = jwks.address() as AddressInfo;
    t = await startTestApp({ AUTH_JWT_SECRET: '', AUTH_JWKS_URL: `http://127.0.0.1:${port}/jwks.json` });
  });
  afterAll(async () => {
    await t?.close();
    await new Promise((resolve) => jwks?.close(resolve));
  });

  const rs = (claims: JWTPayload) => new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: 'k1' }).sign(privateKey);

  it('accepts a token signed by a key of the JWKS', async () => {
    await expectAccepted(t, await rs(valid()));
  });

  it('refuses HS256 signed with the public key as secret (algorithm confusion), and alg none', async () => {
    await expectRefused(t, await hs(valid(), new TextEncoder().encode(publicPem)));
    await expectRefused(
      t,
      await new SignJWT(valid()).setProtectedHeader({ alg: 'HS256', kid: 'k1' }).sign(new TextEncoder().encode(publicPem)),
    );
    await expectRefused(t, new UnsecuredJWT(valid()).encode());
  });

  it('refuses a token signed by a key that is not in the JWKS, expired, or too long-lived', async () => {
    const other = await generateKeyPair('RS256');
    await expectRefused(t, await new SignJWT(valid()).setProtectedHeader({ alg: 'RS256', kid: 'k1' }).sign(other.privateKey));
    await expectRefused(t, await rs(valid({ iat: now() - 2 * HOUR, exp: now() - 1 })));
    await expectRefused(t, await rs(valid({ exp: now() + 100 * 365 * 24 * HOUR })));
  });
});
