// Child process of hostile-http.e2e-spec.ts: boots the real app with RATE_LIMIT=3 per 10 minutes
// (and others: behind a trusted proxy, two replicas sharing Redis, one without Redis) and prints,
// as JSON, what each client got. It runs under plain Node because the rate limiter
// (@nestjs/throttler, CommonJS requiring the ESM-only @nestjs/common) cannot load inside Jest.
import { startTestApp } from './test-app.js';

const t = await startTestApp({ RATE_LIMIT: '3', RATE_LIMIT_WINDOW: '10m' });

/** Two API processes of one deployment (one Redis prefix) share each user's bucket. */
async function twoReplicas(): Promise<{ first: number[]; second: number[] }> {
  const a = await startTestApp({ RATE_LIMIT: '3', RATE_LIMIT_WINDOW: '10m' });
  const b = await startTestApp({ RATE_LIMIT: '3', RATE_LIMIT_WINDOW: '10m' }, { prefix: a.prefix });
  try {
    const carol = await a.token('carol', ['reform_office']);
    const on = async (app: typeof a, n: number) => {
      const out: number[] = [];
      for (let i = 0; i < n; i++) out.push((await app.request('GET', '/tasks', { token: carol })).status);
      return out;
    };
    return { first: await on(a, 2), second: await on(b, 2) };
  } finally {
    await b.close({ keepRedis: true });
    await a.close();
  }
}

/** With Redis unreachable the process counts on its own: still limited, never failed. */
async function withoutRedis(): Promise<number[]> {
  const alone = await startTestApp({ RATE_LIMIT: '3', RATE_LIMIT_WINDOW: '10m', REDIS_URL: 'redis://127.0.0.1:6390' });
  try {
    const dave = await alone.token('dave', ['reform_office']);
    const out: number[] = [];
    for (let i = 0; i < 4; i++) out.push((await alone.request('GET', '/tasks', { token: dave })).status);
    return out;
  } finally {
    await alone.close();
  }
}

/** Behind a trusted proxy (the test client's own address), each forwarded client has its own bucket. */
async function behindTrustedProxy(): Promise<Record<string, number[]>> {
  const proxied = await startTestApp({ RATE_LIMIT: '3', RATE_LIMIT_WINDOW: '10m', TRUST_PROXY: '127.0.0.1' });
  try {
    const from = async (client: string, n: number) => {
      const out: number[] = [];
      for (let i = 0; i < n; i++) out.push((await proxied.request('GET', '/tasks', { headers: { 'x-forwarded-for': client } })).status);
      return out;
    };
    return { first: await from('203.0.113.5', 4), second: await from('203.0.113.6', 2) };
  } finally {
    await proxied.close();
  }
}
try {
  const alice = await t.token('alice', ['reform_office']);
  const aliceAgain = await t.token('alice', ['department'], 'u1');
  const bob = await t.token('bob', ['reform_office']);
  const statuses = async (n: number, token?: string, headers?: Record<string, string>) => {
    const out: number[] = [];
    for (let i = 0; i < n; i++)
      out.push((await t.request('GET', '/tasks', { ...(token ? { token } : {}), ...(headers ? { headers } : {}) })).status);
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
    // The address's bucket is spent; a forwarded address from an untrusted peer changes nothing.
    spoofed: await statuses(1, undefined, { 'x-forwarded-for': '203.0.113.9' }),
    behindProxy: await behindTrustedProxy(),
    replicas: await twoReplicas(),
    redisDown: await withoutRedis(),
  };
  process.stdout.write(
    `${JSON.stringify({
      ...result,
      limited: { status: result.limited.status, headers: result.limited.headers, body: result.limited.body },
    })}\n`,
  );
} finally {
  await t.close();
}
process.exit(0);
