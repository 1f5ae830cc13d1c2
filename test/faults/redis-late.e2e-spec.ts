/*
 * Redis not there at boot: the API and a reminder worker (each its own process, on one embedded
 * store) start with REDIS_URL naming a private redis-server this spec starts only later. Both
 * must start, serve, say `degraded` with one log line each naming REDIS_URL, and log no
 * unhandled rejection; commands written meanwhile (some with reminders falling due before Redis
 * arrives) must have every reminder delivered exactly once after Redis starts.
 */
import path from 'node:path';
import { isStreamOf, type ReminderEvent } from '#domain';
import { SqliteEventStore } from '#event-store';
import { UNHANDLED_REJECTION_MARK } from '#platform';
import { freePort, startRedis, until, waitForHttp } from '../support/child-process.js';
import { faultFixture, figure, FULL } from '../support/fault-checks.js';
import { workerRemindersSettled } from '../support/queue-barrier.js';
import { startWebhookReceiver } from '../support/reminder-harness.js';
import { prepareWorkload, send, workloadTokens } from '../support/workload.js';
import { TEST_SECRET } from '../support/test-app.js';

const DUE_BEFORE_REDIS = FULL ? 20 : 6;
const DUE_AFTER_REDIS = FULL ? 10 : 3;
const REDIS_LINE = 'Redis is unreachable at REDIS_URL=';
const WEBHOOK_SECRET = 'webhook-secret-0123456789';

describe('Redis absent at boot, started later', () => {
  const { children, dataDir, prefix, env: baseEnv } = faultFixture('redis-late');
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>> | undefined;
  afterAll(async () => receiver?.close());

  it(
    'starts the API and the worker degraded, serves commands, and delivers every reminder once when Redis arrives',
    async () => {
      receiver = await startWebhookReceiver(WEBHOOK_SECRET, () => 204);
      const redisPort = await freePort();
      const port = await freePort();
      const base = `http://127.0.0.1:${port}`;
      const env = {
        ...baseEnv(port),
        REDIS_URL: `redis://127.0.0.1:${redisPort}`,
        LOG_LEVEL: 'warn',
        CHILD_LOG: 'warn',
        EVENT_STORE_SYNCHRONOUS: 'NORMAL',
        REMINDER_OFFSETS: '0',
        REMINDER_ESCALATE_MAX: '0',
        REMINDER_SWEEP_EVERY: '1s',
        NOTIFY_WEBHOOK_URL: receiver.url,
        NOTIFY_WEBHOOK_SECRET: WEBHOOK_SECRET,
      };
      const api = children.node('api', 'test/support/api.child.ts', env);
      const worker = children.node('worker', 'test/support/reminder-worker.child.ts', env);
      await waitForHttp(`${base}/health/live`, api);
      await until('the worker', async () => worker.stdout().includes('ready'), 60_000, worker);
      const ready = await until('/health/ready to say degraded', async () => {
        const res = await fetch(`${base}/health/ready`);
        const body = (await res.json()) as { status: string; degraded?: string[] };
        return body.status === 'degraded' && { status: res.status, degraded: body.degraded };
      });

      // Writes while Redis is absent: the workload's set-up, a keyed command, and meeting items
      // whose reminders fall due before Redis starts and after it.
      const tokens = await workloadTokens(TEST_SECRET);
      await prepareWorkload(base, tokens);
      const keyed = {
        method: 'POST' as const,
        path: '/meetings',
        token: tokens.office,
        body: { title: '无 Redis 时带幂等键', scheduledAt: new Date().toISOString() },
      };
      const first = await send(base, keyed, undefined, { 'idempotency-key': 'late-redis-1' });
      const again = await send(base, keyed, undefined, { 'idempotency-key': 'late-redis-1' });
      const meeting = await send(base, {
        method: 'POST',
        path: '/meetings',
        token: tokens.office,
        body: { title: '联席会议', scheduledAt: new Date().toISOString() },
      });
      expect(meeting.status).toBe(201);
      // Due before Redis: from half a second on; due after it: five seconds after the writes began
      // (Redis starts once the first have fallen due, about a second in).
      const writesAt = Date.now();
      const dueTimes: number[] = [];
      const items: string[] = [];
      for (let i = 0; i < DUE_BEFORE_REDIS + DUE_AFTER_REDIS; i++) {
        const dueAt = i < DUE_BEFORE_REDIS ? Date.now() + 500 + i * 100 : writesAt + 5_000 + i * 100;
        dueTimes.push(dueAt);
        const res = await send(base, {
          method: 'POST',
          path: `/meetings/${meeting.body.id}/items`,
          token: tokens.office,
          body: { title: `Redis 迟到 ${i}`, owner: 'wl-dept', ownerUnit: 'transport-bureau', deadline: new Date(dueAt).toISOString() },
        });
        expect(res.status).toBe(201);
        items.push(res.body.id as string);
      }
      // Redis starts once the reminders due before it have fallen due (their time is the scenario).
      const lastDueBefore = Math.max(...dueTimes.slice(0, DUE_BEFORE_REDIS));
      await until('the reminders due before Redis to fall due', async () => Date.now() > lastDueBefore, 60_000);
      expect(receiver.hits).toEqual([]);

      const startedAt = Date.now();
      await startRedis(children, redisPort);
      await until(
        '/health/ready to be ok',
        async () => ((await (await fetch(`${base}/health/ready`)).json()) as { status: string }).status === 'ok',
      );
      const store = SqliteEventStore.open({ path: path.join(dataDir(), 'events.sqlite') });
      try {
        const sentPerItem = async () => {
          const counts = new Map(items.map((id) => [id, 0]));
          for await (const e of store.readAll()) {
            if (e.type !== 'ReminderSent' || !isStreamOf(e.stream, 'reminder')) continue;
            const itemId = (e.data as Extract<ReminderEvent, { type: 'ReminderSent' }>['data'] & { itemId?: string }).itemId ?? '';
            if (counts.has(itemId)) counts.set(itemId, counts.get(itemId)! + 1);
          }
          return [...counts.values()];
        };
        await until('every reminder', async () => (await sentPerItem()).every((n) => n >= 1), 60_000);
        const deliveredMs = Date.now() - startedAt;
        // The worker's scheduler at the head, two sweeps since, no job of these items left: a doubled reminder shows now.
        const ofItems = (data: Record<string, unknown>) => items.includes(data['itemId'] as string);
        await workerRemindersSettled({ redisUrl: `redis://127.0.0.1:${redisPort}`, prefix, store, workerDataDirs: [dataDir()] }, ofItems);
        const sent = await sentPerItem();
        const hits = items.map((id) => receiver!.hits.filter((h) => h.body.refs?.itemId === id).length);
        const output = (c: typeof api) => `${c.stdout()}\n${c.stderr()}`;
        const redisLines = [api, worker].map(
          (c) =>
            output(c)
              .split('\n')
              .filter((l) => l.includes(REDIS_LINE)).length,
        );
        figure(
          'redis-late',
          `degraded at boot ${JSON.stringify(ready)}; ${items.length} reminders delivered ${(deliveredMs / 1000).toFixed(1)} ` +
            `s after Redis started; Redis lines (api, worker) ${JSON.stringify(redisLines)}`,
        );

        expect(ready).toEqual({ status: 200, degraded: ['redis'] });
        expect(first.status).toBe(201);
        expect(again).toMatchObject({ status: 201, body: { id: first.body.id } });
        expect(sent).toEqual(items.map(() => 1));
        expect(hits).toEqual(items.map(() => 1));
        expect(redisLines).toEqual([1, 1]);
        expect(output(api)).toContain(`REDIS_URL=redis://127.0.0.1:${redisPort}`);
        for (const c of [api, worker]) expect(output(c)).not.toContain(UNHANDLED_REJECTION_MARK);
        expect(api.done() || worker.done()).toBe(false);
      } finally {
        await store.close();
      }
    },
    FULL ? 240_000 : 150_000,
  );
});
