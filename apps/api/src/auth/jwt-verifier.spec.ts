import { SignJWT } from 'jose';
import { loadConfig } from '#platform';
import { signDevToken } from './dev-token.js';
import { InvalidToken, JwtVerifier } from './jwt-verifier.js';

const SECRET = 'jwt-verifier-spec-secret-0123456789';

/** The verifier on a clock the test moves. */
class ClockedVerifier extends JwtVerifier {
  clockMs = Date.now();
  protected override now(): number {
    return this.clockMs;
  }
}

function verifier(env: Record<string, string> = {}): ClockedVerifier {
  return new ClockedVerifier(loadConfig({ NODE_ENV: 'test', AUTH_JWT_SECRET: SECRET, LOG_LEVEL: 'silent', RUN_WORKER: 'false', ...env }));
}

/** A token with exactly these times (seconds), signed with the spec's secret. */
function timed(times: { iat?: number; exp: number }): Promise<string> {
  return new SignJWT({ sub: 'office-1', roles: ['reform_office'], ...times })
    .setProtectedHeader({ alg: 'HS256' })
    .sign(new TextEncoder().encode(SECRET));
}

describe('JwtVerifier', () => {
  it('answers a repeated token with the same user, each caller getting its own copy', async () => {
    const v = verifier();
    const token = await signDevToken(SECRET, { sub: 'dept-1', roles: ['department'], unit: 'water-bureau', name: 'Li' }, '1h');
    const first = await v.verify(token);
    first.roles.push('admin');
    const second = await v.verify(token);
    expect(second).toEqual({ id: 'dept-1', roles: ['department'], unit: 'water-bureau', name: 'Li' });
    expect(second).not.toBe(first);
  });

  it('refuses a remembered token from the second its exp names, as jose does', async () => {
    const v = verifier();
    const exp = Math.floor(v.clockMs / 1000) + 60;
    const token = await signDevToken(SECRET, { sub: 'office-1', roles: ['reform_office'] }, exp);
    await expect(v.verify(token)).resolves.toMatchObject({ id: 'office-1' });
    v.clockMs = exp * 1000 - 1;
    await expect(v.verify(token)).resolves.toMatchObject({ id: 'office-1' });
    v.clockMs = exp * 1000;
    await expect(v.verify(token)).rejects.toThrow(InvalidToken);
  });

  it('still accepts a token past the five minutes it is remembered, verifying it again', async () => {
    const v = verifier();
    const token = await signDevToken(SECRET, { sub: 'office-1', roles: ['reform_office'] }, '1h');
    await v.verify(token);
    v.clockMs += 5 * 60_000 + 1;
    await expect(v.verify(token)).resolves.toMatchObject({ id: 'office-1' });
  });

  it('never remembers a refusal', async () => {
    const v = verifier();
    const token = await signDevToken('another-secret-0123456789abcdef', { sub: 'office-1', roles: ['reform_office'] }, '1h');
    await expect(v.verify(token)).rejects.toThrow(InvalidToken);
    await expect(v.verify(token)).rejects.toThrow(InvalidToken);
    const forged = `${token.slice(0, token.lastIndexOf('.'))}.${'A'.repeat(43)}`;
    await expect(v.verify(forged)).rejects.toThrow(InvalidToken);
  });

  it('accepts a token living exactly AUTH_MAX_TOKEN_AGE (exp − iat) and refuses one a second longer', async () => {
    const v = verifier({ AUTH_MAX_TOKEN_AGE: '1h' });
    const now = Math.floor(v.clockMs / 1000);
    await expect(v.verify(await timed({ iat: now - 10, exp: now - 10 + 3600 }))).resolves.toMatchObject({ id: 'office-1' });
    await expect(v.verify(await timed({ iat: now - 10, exp: now - 10 + 3601 }))).rejects.toThrow('AUTH_MAX_TOKEN_AGE');
  });

  it('measures a token without iat, or with an iat in the future, from now', async () => {
    const v = verifier({ AUTH_MAX_TOKEN_AGE: '1h' });
    const now = Math.floor(v.clockMs / 1000);
    await expect(v.verify(await timed({ exp: now + 3600 }))).resolves.toMatchObject({ id: 'office-1' });
    await expect(v.verify(await timed({ exp: now + 3601 }))).rejects.toThrow(InvalidToken);
    await expect(v.verify(await timed({ iat: now + 600, exp: now + 3601 }))).rejects.toThrow(InvalidToken);
  });

  it('defaults AUTH_MAX_TOKEN_AGE to 24 hours and refuses a configuration of zero', () => {
    expect(loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' }).authMaxTokenAgeSeconds).toBe(86_400);
    expect(() => loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', AUTH_MAX_TOKEN_AGE: '0' })).toThrow('AUTH_MAX_TOKEN_AGE');
  });
});
