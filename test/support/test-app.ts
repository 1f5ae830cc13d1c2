import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ModuleMetadata } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Role } from '#domain';
import type { EventStore } from '#event-store';
import { createRedis, EVENT_STORE, loadConfig, type AppConfig, type Clock } from '#platform';
import { createApp } from '../../apps/api/src/bootstrap.js';
import { signDevToken } from '../../apps/api/src/auth/dev-token.js';
import { contractChecker, type ContractChecker } from './contract-check.js';

export const TEST_SECRET = 'test-secret-0123456789abcdef';

/** A booted API on a temporary embedded store and the real Redis, with a private key prefix. */
export interface TestApp {
  app: NestFastifyApplication;
  config: AppConfig;
  dataDir: string;
  /** The private Redis key prefix (`QUEUE_PREFIX`); pass it to a second app to share its keys. */
  prefix: string;
  /** The store's head position (null when empty), to prove a refused request appended nothing. */
  head(): Promise<number | null>;
  /** Token for a user with the given roles (and unit). */
  token(sub: string, roles: Role[], unit?: string): Promise<string>;
  /**
   * `app.inject` with a bearer token. Every answer is checked against the OpenAPI document the app
   * serves (its status declared, its body matching the declared schema): a mismatch throws here,
   * failing the test that made the request (see contract-check.ts).
   */
  request(
    method: 'GET' | 'POST',
    url: string,
    options?: { token?: string; body?: unknown; headers?: Record<string, string> },
  ): Promise<{ status: number; body: any; headers: Record<string, unknown>; text: string }>;
  /** `keepData` keeps DATA_DIR and `keepRedis` the prefix's keys, for a second app to boot on. */
  close(options?: { keepData?: boolean; keepRedis?: boolean }): Promise<void>;
}

/** Boots the real app for end-to-end specs. */
export async function startTestApp(
  env: Record<string, string> = {},
  options: {
    extraImports?: ModuleMetadata['imports'];
    dataDir?: string;
    prefix?: string;
    /** The app's "now" (a `SetClock` lets a spec say what time it is); the system clock by default. */
    clock?: Clock;
  } = {},
): Promise<TestApp> {
  const dataDir = options.dataDir ?? mkdtempSync(path.join(os.tmpdir(), 'reform-e2e-'));
  const prefix = options.prefix ?? `t${Math.random().toString(36).slice(2, 10)}`;
  const config = loadConfig({
    NODE_ENV: 'test',
    DATA_DIR: dataDir,
    AUTH_JWT_SECRET: TEST_SECRET,
    QUEUE_PREFIX: prefix,
    LOG_LEVEL: 'silent',
    RUN_WORKER: 'false',
    EVENT_STORE_SYNCHRONOUS: 'NORMAL',
    ...env,
  });
  const app = await createApp(config, {
    silent: true,
    extraImports: options.extraImports,
    ...(options.clock ? { clock: options.clock } : {}),
  });
  /** This app's contract checker, made on its first request. */
  let checker: Promise<ContractChecker> | undefined;
  const request: TestApp['request'] = async (method, url, opts = {}) => {
    const headers: Record<string, string> = { ...(opts.headers ?? {}) };
    if (opts.token) headers['authorization'] = `Bearer ${opts.token}`;
    const res = await app
      .getHttpAdapter()
      .getInstance()
      .inject({
        method,
        url,
        headers,
        ...(opts.body !== undefined ? { payload: typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body) } : {}),
        ...(opts.body !== undefined && typeof opts.body !== 'string'
          ? { headers: { ...headers, 'content-type': 'application/json' } }
          : {}),
      });
    let body: unknown = res.body;
    try {
      body = res.body ? JSON.parse(res.body) : undefined;
    } catch {
      // not JSON: keep the text
    }
    (await (checker ??= checkerOf(app))).check(method, url, res.statusCode, res.headers as Record<string, unknown>, body, res.body);
    return { status: res.statusCode, body, headers: res.headers as Record<string, unknown>, text: res.body };
  };
  return {
    app,
    config,
    dataDir,
    prefix,
    head: () => app.get<EventStore>(EVENT_STORE).headPosition(),
    token: (sub, roles, unit) => signDevToken(TEST_SECRET, { sub, roles, ...(unit ? { unit } : {}) }, '1h'),
    request,
    close: async ({ keepData = false, keepRedis = false } = {}) => {
      await app.close();
      if (!keepRedis) await cleanRedisPrefix(config.REDIS_URL, prefix);
      if (!keepData && !options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** One checker per served document (apps booted with other settings may describe themselves a little differently). */
const checkers = new Map<string, ContractChecker>();

async function checkerOf(app: NestFastifyApplication): Promise<ContractChecker> {
  const res = await app.getHttpAdapter().getInstance().inject({ method: 'GET', url: '/docs-json' });
  let checker = checkers.get(res.body);
  if (!checker) checkers.set(res.body, (checker = contractChecker(JSON.parse(res.body) as Record<string, unknown>)));
  return checker;
}

/** Deletes every key a test instance wrote under its prefix. */
export async function cleanRedisPrefix(url: string, prefix: string): Promise<void> {
  const redis = createRedis(url);
  redis.on('error', () => undefined);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } catch {
    // Redis is down on purpose in some specs: nothing was written there.
  } finally {
    redis.disconnect();
  }
}
