/*
 * Redis outage: the API and a reminder worker (each its own process, on one embedded store)
 * use a redis-server this spec starts on its own port. Redis is SIGKILLed while clients send
 * commands and while reminders are due, then restarted empty. Commands must keep being
 * accepted (the event store is the truth) and /health/ready must say `degraded`, naming
 * Redis; once Redis is back every reminder that fell due must be delivered exactly once.
 * Then FLUSHALL during a schedule: the sweep must restore every pending reminder.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { isStreamOf } from '#domain';
import { SqliteEventStore, type RecordedEvent } from '#event-store';
import { Children, freePort, startRedis, until, waitForHttp, type Child } from '../support/child-process.js';
import { checkStore, figure, FULL } from '../support/fault-checks.js';
import { pendingJobs, reminderQueue, workerRemindersSettled } from '../support/queue-barrier.js';
import { startWebhookReceiver } from '../support/reminder-harness.js';
import { TEST_SECRET } from '../support/test-app.js';
import { ClientState, prepareWorkload, send, workloadTokens } from '../support/workload.js';

const OUTAGE_MS = FULL ? 15_000 : 4_000;
const DUE_IN_OUTAGE = FULL ? 40 : 10;
const ADDED_IN_OUTAGE = FULL ? 10 : 4;
const DUE_AT_FLUSH = FULL ? 20 : 6;
const CLIENTS = 10;
const WEBHOOK_SECRET = 'webhook-secret-0123456789';

describe('Redis killed, back empty, then flushed', () => {
  const children = new Children();
  let dataDir: string;
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>> | undefined;
  afterAll(async () => {
    await children.killAll();
    await receiver?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it(
    'accepts commands during the outage, says degraded, and delivers every due reminder exactly once',
    async () => {
      dataDir = mkdtempSync(path.join(os.tmpdir(), 'reform-faults-redis-'));
      receiver = await startWebhookReceiver(WEBHOOK_SECRET, () => 204);
      let redis = await startRedis(children);
      const port = await freePort();
      const base = `http://127.0.0.1:${port}`;
      const env = {
        NODE_ENV: 'test',
        DATA_DIR: dataDir,
        AUTH_JWT_SECRET: TEST_SECRET,
        QUEUE_PREFIX: 'outage',
        REDIS_URL: redis.url,
        LOG_LEVEL: 'silent',
        RUN_WORKER: 'false',
        PORT: String(port),
        EVENT_STORE_SYNCHRONOUS: 'NORMAL',
        REMINDER_OFFSETS: '0',
        REMINDER_ESCALATE_MAX: '0',
        REMINDER_SWEEP_EVERY: '1s',
        NOTIFY_WEBHOOK_URL: receiver.url,
        NOTIFY_WEBHOOK_SECRET: WEBHOOK_SECRET,
      };
      const api = children.node('api', 'test/support/api.child.ts', env);
      const worker: Child = children.node('worker', 'test/support/reminder-worker.child.ts', env);
      await waitForHttp(`${base}/health/ready`, api);
      await until('the worker', async () => worker.stdout().includes('ready'), 60_000, worker);
      const tokens = await workloadTokens(TEST_SECRET);
      await prepareWorkload(base, tokens);
      const meeting = await send(base, {
        method: 'POST',
        path: '/meetings',
        token: tokens.office,
        body: { title: '联席会议', scheduledAt: new Date().toISOString() },
      });
      expect(meeting.status).toBe(201);
      const addItem = async (dueAt: number, title: string): Promise<string> => {
        const res = await send(base, {
          method: 'POST',
          path: `/meetings/${meeting.body.id}/items`,
          token: tokens.office,
          body: { title, owner: 'wl-dept', ownerUnit: 'transport-bureau', deadline: new Date(dueAt).toISOString() },
        });
        if (res.status !== 201) throw new Error(`add item: ${res.status} ${JSON.stringify(res.body)}`);
        return res.body.id as string;
      };

      /** Polls until every item of `items` has its reminder job in Redis (the scheduler put it there). */
      const queued = async (items: string[], what: string) => {
        const queue = reminderQueue({ redisUrl: redis.url, prefix: env.QUEUE_PREFIX });
        try {
          await until(what, async () => (await pendingJobs(queue, (d) => items.includes(d['itemId'] as string))).length === items.length);
        } finally {
          await queue.close();
        }
      };

      // Reminders due while Redis will be down (from 2.5 s on, spread over the outage), scheduled
      // (as BullMQ jobs) before it goes: Redis is killed once the scheduler has put them there.
      const firstDue = Date.now() + 2_500;
      const dueTimes = Array.from({ length: DUE_IN_OUTAGE }, (_, i) => firstDue + ((OUTAGE_MS - 1_000) * i) / DUE_IN_OUTAGE);
      const dueInOutage: string[] = [];
      for (const [i, dueAt] of dueTimes.entries()) dueInOutage.push(await addItem(dueAt, `停机期间到期 ${i}`));
      await queued(dueInOutage, 'the reminders due in the outage to be queued');

      await children.kill(redis.child);
      const outageStarted = Date.now();
      const statuses = new Map<number, number>();
      const acknowledged = new Set<string>();
      let running = true;
      const clients = Array.from({ length: CLIENTS }, async (_, i) => {
        const state = new ClientState(`r${i}`, tokens);
        while (running) {
          const request = state.nextCommand();
          const res = await send(base, request);
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
          if (res.status < 300) acknowledged.add(res.correlationId);
        }
      });
      // A command with an Idempotency-Key needs Redis for its record; it must still be accepted.
      const keyed = await send(
        base,
        { method: 'POST', path: '/meetings', token: tokens.office, body: { title: '带幂等键', scheduledAt: new Date().toISOString() } },
        undefined,
        { 'idempotency-key': 'outage-key-1' },
      );
      const keyedAgain = await send(
        base,
        { method: 'POST', path: '/meetings', token: tokens.office, body: { title: '带幂等键', scheduledAt: new Date().toISOString() } },
        undefined,
        { 'idempotency-key': 'outage-key-1' },
      );
      // Reminders scheduled while Redis is down, due before it is back.
      const addedInOutage: string[] = [];
      for (let i = 0; i < ADDED_IN_OUTAGE; i++) {
        const dueAt = Date.now() + 1_000;
        dueTimes.push(dueAt);
        addedInOutage.push(await addItem(dueAt, `停机期间安排 ${i}`));
      }
      const ready = await until('/health/ready to say degraded', async () => {
        const res = await fetch(`${base}/health/ready`);
        const body = (await res.json()) as { status: string; degraded?: string[] };
        return body.status === 'degraded' && { status: res.status, body };
      });
      // Redis stays away until every reminder of the outage has fallen due (their times are the scenario).
      const lastDue = Math.max(...dueTimes);
      await until('every reminder of the outage to fall due', async () => Date.now() > lastDue, OUTAGE_MS + 60_000);
      running = false;
      await Promise.all(clients);

      // Back, empty (no persistence): the jobs are gone, the store still knows every reminder.
      redis = await startRedis(children, redis.port);
      const outageMs = Date.now() - outageStarted;
      await until(
        '/health/ready to be ok again',
        async () => ((await (await fetch(`${base}/health/ready`)).json()) as { status: string }).status === 'ok',
      );
      const due = [...dueInOutage, ...addedInOutage];
      const store = SqliteEventStore.open({ path: path.join(dataDir, 'events.sqlite') });
      try {
        const sentFor = async (items: string[]) => {
          const byItem = new Map<string, RecordedEvent[]>(items.map((id) => [id, []]));
          for await (const e of store.readAll()) {
            if (e.type !== 'ReminderSent' || !isStreamOf(e.stream, 'reminder')) continue;
            byItem.get((e.data as { itemId?: string }).itemId ?? '')?.push(e);
          }
          return byItem;
        };
        const hitsFor = (items: string[]) => items.map((id) => receiver!.hits.filter((h) => h.body.refs?.itemId === id).length);
        await until(
          'every reminder due in the outage',
          async () => [...(await sentFor(due)).values()].every((list) => list.length >= 1),
          60_000,
        );
        // The worker's scheduler at the head, two sweeps since, no job of these items left: a doubled reminder shows now.
        const settled = (items: string[]) =>
          workerRemindersSettled({ redisUrl: redis.url, prefix: env.QUEUE_PREFIX, store, workerDataDirs: [dataDir] }, (d) =>
            items.includes(d['itemId'] as string),
          );
        await settled(due);
        const afterOutage = [...(await sentFor(due)).values()].map((list) => list.length);
        const outageHits = hitsFor(due);

        // FLUSHALL while reminders are pending: the sweep (re-created by its watchdog) restores them.
        const flushDue: string[] = [];
        for (let i = 0; i < DUE_AT_FLUSH; i++) flushDue.push(await addItem(Date.now() + 3_000 + i * 100, `清空前安排 ${i}`));
        await queued(flushDue, 'the reminders to be queued before the FLUSHALL');
        const client = new Redis(redis.url);
        await client.flushall();
        client.disconnect();
        await until(
          'every reminder pending at the FLUSHALL',
          async () => [...(await sentFor(flushDue)).values()].every((list) => list.length >= 1),
          60_000,
        );
        await settled(flushDue);
        const afterFlush = [...(await sentFor(flushDue)).values()].map((list) => list.length);
        const flushHits = hitsFor(flushDue);
        const check = await checkStore(store, acknowledged);

        const count = (list: number[], n: number) => list.filter((c) => c === n).length;
        figure(
          'redis',
          `outage ${(outageMs / 1000).toFixed(1)} s: ${acknowledged.size} commands acknowledged during it, statuses ` +
            `${JSON.stringify(Object.fromEntries(statuses))}, ${check.lost.length} lost; /health/ready ${ready.status} ` +
            `${JSON.stringify(ready.body.degraded)}`,
        );
        figure(
          'redis',
          `reminders due during the outage: ${due.length}, recorded exactly once ${count(afterOutage, 1)}, webhook exactly ` +
            `once ${count(outageHits, 1)}`,
        );
        figure(
          'redis',
          `FLUSHALL with ${flushDue.length} pending: recorded exactly once ${count(afterFlush, 1)}, webhook exactly once ` +
            `${count(flushHits, 1)}`,
        );

        expect(ready).toEqual({ status: 200, body: expect.objectContaining({ status: 'degraded', degraded: ['redis'] }) });
        expect([...statuses.keys()].filter((s) => s >= 300)).toEqual([]);
        expect(acknowledged.size).toBeGreaterThan(0);
        expect(keyed.status).toBe(201);
        expect(keyedAgain).toMatchObject({ status: 201, body: { id: keyed.body.id } });
        expect(check.lost).toEqual([]);
        expect(check.gaps).toEqual([]);
        expect(check.chainsValid).toBe(true);
        expect(afterOutage).toEqual(due.map(() => 1));
        expect(outageHits).toEqual(due.map(() => 1));
        expect(afterFlush).toEqual(flushDue.map(() => 1));
        expect(flushHits).toEqual(flushDue.map(() => 1));
      } finally {
        await store.close();
      }
    },
    FULL ? 300_000 : 150_000,
  );
});
