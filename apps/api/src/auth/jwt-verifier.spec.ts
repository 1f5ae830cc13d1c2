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

function verifier(): ClockedVerifier {
  return new ClockedVerifier(loadConfig({ NODE_ENV: 'test', AUTH_JWT_SECRET: SECRET, LOG_LEVEL: 'silent', RUN_WORKER: 'false' }));
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
});
