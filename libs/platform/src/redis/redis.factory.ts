import { Redis } from 'ioredis';

/**
 * An ioredis client for a `redis://` URL; the database number in the path is honoured by
 * ioredis itself. `maxRetriesPerRequest: null` is what BullMQ requires of its connections.
 */
export function createRedis(url: string, options: { forBullmq?: boolean; lazy?: boolean } = {}): Redis {
  const redis = new Redis(url, {
    maxRetriesPerRequest: options.forBullmq ? null : 1,
    enableOfflineQueue: true,
    lazyConnect: options.lazy ?? false,
    connectTimeout: 2_000,
    retryStrategy: (times) => Math.min(times * 200, 2_000),
  });
  // Connection errors are reported once by watchRedis and by health checks and failing
  // commands; without a listener ioredis would print each reconnect attempt as an error.
  redis.on('error', () => undefined);
  return redis;
}

/** ioredis client states in which Redis is known to be unreachable (lost, reconnecting). */
const DOWN = new Set(['reconnecting', 'close', 'end']);

/**
 * True when the client knows Redis is unreachable: callers that can do without it (idempotency,
 * shared rate limits) answer at once instead of queueing behind reconnection attempts. A
 * client still making its first connection (boot) is not "down".
 */
export function redisIsDown(redis: Redis): boolean {
  return DOWN.has(redis.status);
}

/** `REDIS_URL` as it may be logged: the password replaced by `***`. */
export function redactedRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparsable REDIS_URL)';
  }
}

/**
 * The one line an operator reads when Redis cannot be reached, at boot or later: what still
 * works, which setting names Redis, and how to start one.
 */
export function redisUnreachableMessage(url: string, reason: string): string {
  return (
    `Redis is unreachable at REDIS_URL=${redactedRedisUrl(url)} (${reason}): serving degraded ` +
    '(commands and reads go on; reminders wait in the event store and are scheduled when Redis is back; ' +
    'Idempotency-Key answers are not remembered meanwhile). Start Redis with ' +
    '`redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no`, ' +
    '`docker compose -f docker/compose.yaml up -d redis`, or point REDIS_URL at a running one.'
  );
}

/**
 * Resolves true once the client is connected, false as soon as its first connection attempt
 * fails (it keeps reconnecting in the background). Boot uses it to decide whether to wait for
 * Redis-backed set-up or to leave it to a later connection.
 */
export function firstConnection(redis: Redis): Promise<boolean> {
  if (redis.status === 'ready') return Promise.resolve(true);
  if (DOWN.has(redis.status)) return Promise.resolve(false);
  return new Promise((resolve) => {
    const done = (ok: boolean) => {
      redis.off('ready', onReady);
      redis.off('error', onDown);
      redis.off('close', onDown);
      resolve(ok);
    };
    const onReady = () => done(true);
    const onDown = () => done(false);
    redis.on('ready', onReady);
    redis.on('error', onDown);
    redis.on('close', onDown);
  });
}

/**
 * Logs one line when Redis becomes unreachable (at boot or while running) and one when it is
 * reachable again, instead of a trace per reconnect attempt. Returns a function that stops watching.
 */
export function watchRedis(redis: Redis, url: string, log: { warn(message: string): void; log(message: string): void }): () => void {
  let down = false;
  const onError = (e: Error) => {
    if (down) return;
    down = true;
    log.warn(redisUnreachableMessage(url, (e as NodeJS.ErrnoException).code ?? e.message));
  };
  const onReady = () => {
    if (!down) return;
    down = false;
    log.log(`Redis is reachable again at REDIS_URL=${redactedRedisUrl(url)}: leaving degraded mode`);
  };
  redis.on('error', onError);
  redis.on('ready', onReady);
  return () => {
    redis.off('error', onError);
    redis.off('ready', onReady);
  };
}

const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EPIPE',
  'EAI_AGAIN',
]);

/**
 * True for the errors a Redis client reports while it cannot reach Redis (refused, reset, timed
 * out, closed): {@link watchRedis} reports those once; anything else is worth its own log line.
 */
export function isRedisConnectionError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as NodeJS.ErrnoException).code;
  return (
    (code !== undefined && CONNECTION_CODES.has(code)) ||
    /Connection is closed|connect ETIMEDOUT|Stream isn't writeable/.test(error.message)
  );
}
