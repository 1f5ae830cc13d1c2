/*
 * Scale-out, shown: two API replicas and two reminder workers, each its own process with its
 * own data directory (local read models, local scheduler), over one EventStoreDB (the gRPC
 * double, in its own process, as a server on another host would be) and one Redis. A command
 * on one replica must be visible on the other within a bounded lag (measured), every reminder
 * must be delivered once across the two workers, and SIGKILLing a worker mid-delivery must lose
 * nothing. Then two API processes on one embedded store directory (shared store and read-model
 * files): the same visibility, and read models that still equal their rebuild.
 */
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { isStreamOf } from '#domain';
import type { EventStore } from '#event-store';
import { EsdbEventStore } from '#event-store/esdb';
import { freePort, startRedis, until, waitForHttp, type Child } from '../support/child-process.js';
import { checkReadModels, checkStore, faultFixture, figure, FULL } from '../support/fault-checks.js';
import { workerRemindersSettled } from '../support/queue-barrier.js';
import { TEST_SECRET } from '../support/test-app.js';
import { ClientState, prepareWorkload, send, workloadTokens, type WorkloadTokens } from '../support/workload.js';

const LAG_SAMPLES = FULL ? 200 : 30;
const REMINDERS = FULL ? 40 : 12;
/** Commands the two processes on one directory take at once (about what 10 s and 3 s of traffic were). */
const SHARED_DIR_COMMANDS = FULL ? 750 : 250;
/** Test limits: they only bound a hang (processes boot slowly on a loaded machine). */
const LIMIT_MS = FULL ? 600_000 : 360_000;
const WEBHOOK_SECRET = 'webhook-secret-0123456789';

/** p50 and max of a list of milliseconds. */
function spread(ms: number[]): { p50: number; max: number } {
  const sorted = [...ms].sort((a, b) => a - b);
  return { p50: Math.round(sorted[Math.floor(sorted.length / 2)]! * 10) / 10, max: Math.round(sorted[sorted.length - 1]! * 10) / 10 };
}

/**
 * Registers a task on one replica and times how long the other takes to show it, then reports
 * progress on the other and times the way back: `samples` lags in ms, alternating direction.
 */
async function visibilityLags(bases: [string, string], tokens: WorkloadTokens, samples: number): Promise<number[]> {
  const lags: number[] = [];
  const state = new ClientState('lag', tokens);
  for (let i = 0; i < samples; i++) {
    const [writer, reader] = i % 2 === 0 ? bases : [bases[1], bases[0]];
    const request =
      state.tasks.length === 0 || i % 4 < 2
        ? state.registerTask()
        : {
            method: 'POST' as const,
            path: `/tasks/${state.tasks.at(-1)}/progress`,
            token: tokens.office,
            body: { percent: i % 101, note: 'lag' },
          };
    const res = await send(writer, request);
    if (res.status >= 300) throw new Error(`${request.path}: ${res.status} ${JSON.stringify(res.body)}`);
    const answered = performance.now();
    const { id, revision } = res.body as { id: string; revision: number };
    await until(
      `task ${id}@${revision} on the other replica`,
      async () => {
        const seen = await send(reader, { method: 'GET', path: `/tasks/${id}`, token: tokens.office });
        return seen.status === 200 && (seen.body as { revision: number }).revision >= revision;
      },
      10_000,
    );
    lags.push(performance.now() - answered);
  }
  return lags;
}

/** A webhook receiver that answers 204 after `delayMs` and counts deliveries cut off mid-request. */
async function slowReceiver(delayMs: number) {
  const hits: Array<{ id: string; itemId: string; answered: boolean; peerPort: number }> = [];
  let cut = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { id: string; refs?: { itemId?: string } };
      const hit = { id: body.id, itemId: body.refs?.itemId ?? '', answered: false, peerPort: req.socket.remotePort ?? 0 };
      hits.push(hit);
      const timer = setTimeout(() => {
        hit.answered = true;
        res.writeHead(204).end();
      }, delayMs);
      res.on('close', () => {
        if (!hit.answered) {
          clearTimeout(timer);
          cut += 1;
        }
      });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    hits,
    cut: () => cut,
    close: async () => {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
}

/**
 * The process (of `pids`) that owns the local TCP port `port`: the socket's inode from
 * /proc/net/tcp, then the process holding that inode. Linux, like the rest of these specs.
 */
function ownerOfPort(port: number, pids: number[]): number | undefined {
  const hex = port.toString(16).toUpperCase().padStart(4, '0');
  const row = readFileSync('/proc/net/tcp', 'utf8')
    .split('\n')
    .map((l) => l.trim().split(/\s+/))
    .find((cols) => cols[1]?.endsWith(`:${hex}`));
  if (!row) return undefined;
  const socket = `socket:[${row[9]}]`;
  return pids.find((pid) => {
    try {
      return readdirSync(`/proc/${pid}/fd`).some((fd) => {
        try {
          return readlinkSync(`/proc/${pid}/fd/${fd}`) === socket;
        } catch {
          return false;
        }
      });
    } catch {
      return false;
    }
  });
}

/** `ReminderSent` events per item id, read from the store. */
async function remindersSent(store: EventStore, items: string[]): Promise<number[]> {
  const counts = new Map(items.map((id) => [id, 0]));
  for await (const e of store.readAll()) {
    if (e.type !== 'ReminderSent' || !isStreamOf(e.stream, 'reminder')) continue;
    const item = (e.data as { itemId?: string }).itemId ?? '';
    if (counts.has(item)) counts.set(item, counts.get(item)! + 1);
  }
  return items.map((id) => counts.get(id)!);
}

describe('two API replicas and two workers over EventStoreDB and one Redis', () => {
  const { children, dataDir, prefix, env: envFor } = faultFixture('esdb');
  let receiver: Awaited<ReturnType<typeof slowReceiver>> | undefined;
  let store: EsdbEventStore | undefined;
  afterAll(async () => {
    await store?.close();
    await receiver?.close();
  });

  it(
    'shows a command on the other replica within a bounded lag and delivers every reminder once, a worker killed mid-delivery included',
    async () => {
      const double = children.node('esdb-double', 'test/support/esdb-double.child.ts', {}, ['0']);
      const esdbPort = Number(await until('the EventStoreDB double', async () => /ready (\d+)/.exec(double.stdout())?.[1], 30_000, double));
      const connection = `esdb://127.0.0.1:${esdbPort}?tls=false`;
      const redis = await startRedis(children);
      receiver = await slowReceiver(1_500);
      const shared = {
        EVENT_STORE: 'esdb',
        ESDB_CONNECTION_STRING: connection,
        REDIS_URL: redis.url,
        REMINDER_OFFSETS: '0',
        REMINDER_ESCALATE_MAX: '0',
        REMINDER_SWEEP_EVERY: '1s',
        NOTIFY_WEBHOOK_URL: receiver.url,
        NOTIFY_WEBHOOK_SECRET: WEBHOOK_SECRET,
      };
      // Each process its own directory: its read models and scheduler are its own.
      const own = (name: string, port: number) => ({ ...envFor(port), ...shared, DATA_DIR: `${dataDir()}/${name}` });
      const ports = [await freePort(), await freePort()];
      const bases: [string, string] = [`http://127.0.0.1:${ports[0]}`, `http://127.0.0.1:${ports[1]}`];
      const apis = ports.map((port, i) => children.node(`api-${i}`, 'test/support/api.child.ts', own(`api-${i}`, port)));
      const workers: Child[] = [0, 1].map((i) =>
        children.node(`worker-${i}`, 'test/support/reminder-worker.child.ts', own(`worker-${i}`, 0)),
      );
      await Promise.all(apis.map((api, i) => waitForHttp(`${bases[i]}/health/ready`, api)));
      await Promise.all(workers.map((w) => until(`${w.name} ready`, async () => w.stdout().includes('ready'), 90_000, w)));
      const tokens = await workloadTokens(TEST_SECRET);
      await prepareWorkload(bases[0], tokens);

      const lags = spread(await visibilityLags(bases, tokens, LAG_SAMPLES));

      // Reminders due together, scheduled through both replicas; the receiver answers slowly,
      // so both workers are mid-delivery when one of them is killed.
      const acknowledged: string[] = [];
      const meeting = await send(bases[0], {
        method: 'POST',
        path: '/meetings',
        token: tokens.office,
        body: { title: '联席会议', scheduledAt: new Date().toISOString() },
      });
      acknowledged.push(meeting.correlationId);
      const dueAt = new Date(Date.now() + 3_000).toISOString();
      const items: string[] = [];
      for (let i = 0; i < REMINDERS; i++) {
        const res = await send(bases[i % 2]!, {
          method: 'POST',
          path: `/meetings/${meeting.body.id}/items`,
          token: tokens.office,
          body: { title: `事项 ${i}`, owner: 'wl-dept', ownerUnit: 'transport-bureau', deadline: dueAt },
        });
        expect(res.status).toBe(201);
        acknowledged.push(res.correlationId);
        items.push(res.body.id as string);
      }
      // The worker killed is one holding a delivery open (the receiver knows the peer's port).
      const victim = await until(
        'a worker mid-delivery',
        async () => {
          for (const hit of receiver!.hits.filter((h) => !h.answered)) {
            const pid = ownerOfPort(
              hit.peerPort,
              workers.map((w) => w.pid),
            );
            if (pid) return workers.find((w) => w.pid === pid);
          }
          return undefined;
        },
        30_000,
      );
      await children.kill(victim);

      store = EsdbEventStore.connect(connection);
      await until('every reminder recorded', async () => (await remindersSent(store!, items)).every((n) => n >= 1), 60_000);
      await until(
        'every webhook answered',
        async () => items.every((id) => receiver!.hits.some((h) => h.itemId === id && h.answered)),
        60_000,
      );
      // The surviving worker's scheduler at the head, two sweeps since, no job of these items left:
      // a reminder doubled by the other worker or a re-added job shows now.
      await workerRemindersSettled(
        {
          redisUrl: redis.url,
          prefix,
          store,
          workerDataDirs: workers.flatMap((w, i) => (w === victim ? [] : [`${dataDir()}/worker-${i}`])),
        },
        (d) => items.includes(d['itemId'] as string),
      );
      const sent = await remindersSent(store, items);
      const webhookIds = new Set(receiver.hits.map((h) => h.id));
      const check = await checkStore(store, acknowledged);

      figure(
        'replicas',
        `EventStoreDB (gRPC double, own process), 2 API replicas, 2 workers, 1 Redis: visibility lag over ${LAG_SAMPLES} ` +
          `commands p50 ${lags.p50} ms, max ${lags.max} ms`,
      );
      figure(
        'replicas',
        `${items.length} reminders due at once: recorded exactly once ${sent.filter((n) => n === 1).length}; webhook ` +
          `deliveries cut by the SIGKILL of ${victim.name} ${receiver.cut()}, redelivered by the other worker; distinct ` +
          `webhook ids ${webhookIds.size}`,
      );

      expect(lags.max).toBeLessThan(2_000);
      expect(sent).toEqual(items.map(() => 1));
      expect(receiver.cut()).toBeGreaterThan(0);
      expect(webhookIds.size).toBe(items.length);
      expect(check.lost).toEqual([]);
      expect(check.gaps).toEqual([]);
      expect(check.chainsValid).toBe(true);
    },
    LIMIT_MS,
  );
});

describe('two API processes on one embedded store directory', () => {
  const { children, dataDir, prefix, env: envFor } = faultFixture('shared-dir');

  it(
    'shows a command on the other process within a bounded lag, and the shared read models equal their rebuild',
    async () => {
      const ports = [await freePort(), await freePort()];
      const bases: [string, string] = [`http://127.0.0.1:${ports[0]}`, `http://127.0.0.1:${ports[1]}`];
      const apis = ports.map((port, i) =>
        children.node(`api-${i}`, 'test/support/api.child.ts', { ...envFor(port), EVENT_STORE_SYNCHRONOUS: 'NORMAL' }),
      );
      await Promise.all(apis.map((api, i) => waitForHttp(`${bases[i]}/health/ready`, api)));
      const tokens = await workloadTokens(TEST_SECRET);
      await prepareWorkload(bases[0], tokens);
      const lags = spread(await visibilityLags(bases, tokens, LAG_SAMPLES));

      // Both processes write at once: commands of every kind, half the clients on each, a number
      // of them rather than a span of time (a loaded machine answers as many, only later).
      const acknowledged: string[] = [];
      const statuses = new Map<number, number>();
      let sent = 0;
      await Promise.all(
        Array.from({ length: 10 }, async (_, i) => {
          const state = new ClientState(`s${i}`, tokens);
          while (sent < SHARED_DIR_COMMANDS) {
            sent += 1;
            const res = await send(bases[i % 2]!, state.nextCommand());
            statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
            if (res.status < 300) acknowledged.push(res.correlationId);
          }
        }),
      );
      await Promise.all(apis.map((api) => children.kill(api, 'SIGTERM')));
      const { SqliteEventStore } = await import('#event-store');
      const embedded = SqliteEventStore.open({ path: `${dataDir()}/events.sqlite` });
      const check = await checkStore(embedded, acknowledged).finally(() => embedded.close());
      const models = await checkReadModels(dataDir(), { QUEUE_PREFIX: prefix });

      figure(
        'replicas',
        `2 API processes on one embedded store directory: visibility lag over ${LAG_SAMPLES} commands p50 ${lags.p50} ms, ` +
          `max ${lags.max} ms; ${acknowledged.length} commands from both at once, statuses ` +
          `${JSON.stringify(Object.fromEntries(statuses))}, ${check.lost.length} lost; read models equal to their rebuild ` +
          `${models.filter((m) => m.state === 'swapped' && m.compared).length}/${models.length}`,
      );

      expect(lags.max).toBeLessThan(2_000);
      expect([...statuses.keys()].filter((s) => s >= 300)).toEqual([]);
      expect(check.lost).toEqual([]);
      expect(check.gaps).toEqual([]);
      expect(check.chainsValid).toBe(true);
      expect(models.filter((m) => !(m.state === 'swapped' && m.compared))).toEqual([]);
    },
    LIMIT_MS,
  );
});
