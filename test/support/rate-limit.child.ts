// Child process of hostile-http.e2e-spec.ts: boots the real app with RATE_LIMIT=3 per 10 minutes
// and prints, as JSON, what each client got. It runs under plain Node because the rate limiter
// (@nestjs/throttler, CommonJS requiring the ESM-only @nestjs/common) cannot load inside Jest.
import { startTestApp } from './test-app.js';

const t = await startTestApp({ RATE_LIMIT: '3', RATE_LIMIT_WINDOW: '10m' });
try {
  const alice = await t.token('alice', ['reform_office']);
  const aliceAgain = await t.token('alice', ['department'], 'u1');
  const bob = await t.token('bob', ['reform_office']);
  const statuses = async (n: number, token?: string) => {
    const out: number[] = [];
    for (let i = 0; i < n; i++) out.push((await t.request('GET', '/tasks', token ? { token } : {})).status);
    return out;
  };
  const result = {
    alice: await statuses(2, alice),
    aliceAgain: await statuses(2, aliceAgain),
    limited: await t.request('GET', '/tasks', { token: alice, headers: { 'accept-language': 'en' } }),
    bob: await statuses(3, bob),
    anonymous: await statuses(2),
    forged: await statuses(2, `${bob.slice(0, -4)}AAAA`),
    health: await Promise.all(Array.from({ length: 5 }, async () => (await t.request('GET', '/health/live')).status)),
  };
  process.stdout.write(`${JSON.stringify({ ...result, limited: { status: result.limited.status, headers: result.limited.headers, body: result.limited.body } })}\n`);
} finally {
  await t.close();
}
process.exit(0);
