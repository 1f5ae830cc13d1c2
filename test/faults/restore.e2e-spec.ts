/*
 * A restore must not make the API lie. The API runs in its own process; a backup is taken
 * (`npm run admin -- backup` under a write load on the embedded store; a copy of the gRPC
 * double's data for EventStoreDB), a task is registered with an Idempotency-Key, the backup is
 * restored (read models left to rebuild) and the same request is repeated: the task must exist
 * once, and the answer must not be a replay of a write the store no longer holds. The same
 * after the data directory is wiped while Redis (with the kept answer) lives on.
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import { taskStream } from '#domain';
import { SqliteEventStore, StreamNotFound, type EventStore, type RecordedEvent } from '#event-store';
import { EsdbEventStore } from '#event-store/esdb';
import { UNHANDLED_REJECTION_MARK } from '#platform';
import { EsdbDouble } from '../esdb-double/esdb-double.js';
import { freePort, until, waitForHttp, type Child } from '../support/child-process.js';
import { faultFixture, figure, FULL } from '../support/fault-checks.js';
import { TEST_SECRET } from '../support/test-app.js';
import { ClientState, prepareWorkload, send, workloadTokens, type Sent, type WorkloadTokens } from '../support/workload.js';

const LOAD_CLIENTS = FULL ? 8 : 3;
/** Test limit: it only bounds a hang (each step boots a process, slow on a loaded machine: over 180 s at load 15). */
const LIMIT_MS = 420_000;

async function streamEvents(store: EventStore, stream: string): Promise<RecordedEvent[]> {
  const out: RecordedEvent[] = [];
  try {
    for await (const e of store.readStream(stream)) out.push(e);
  } catch (e) {
    if (!(e instanceof StreamNotFound)) throw e;
  }
  return out;
}

/** One API process at a time on the fixture's data directory, restartable. */
function apiRunner(fixture: ReturnType<typeof faultFixture>, extraEnv: Record<string, string>) {
  let api: Child | null = null;
  let base = '';
  return {
    get base() {
      return base;
    },
    async start(): Promise<void> {
      const port = await freePort();
      base = `http://127.0.0.1:${port}`;
      api = fixture.children.node('api', 'test/support/api.child.ts', {
        ...fixture.env(port),
        REDIS_URL: 'redis://127.0.0.1:6379',
        EVENT_STORE_SYNCHRONOUS: 'NORMAL',
        ...extraEnv,
      });
      await waitForHttp(`${base}/health/ready`, api);
    },
    async stop(): Promise<void> {
      if (!api) return;
      expect(api.stderr()).not.toContain(UNHANDLED_REJECTION_MARK);
      await fixture.children.kill(api, 'SIGTERM');
      api = null;
    },
  };
}

/** The keyed registration, its repeat after the store lost it, and what the store holds. */
async function registerTwice(
  api: ReturnType<typeof apiRunner>,
  tokens: WorkloadTokens,
  key: string,
  loseTheWrite: () => Promise<void>,
  openStore: () => Promise<EventStore>,
): Promise<{ first: Sent; missing: number; again: Sent; found: number; third: Sent; creations: number }> {
  const request = new ClientState(key, tokens).registerTask();
  const headers = { 'idempotency-key': key };
  const first = await send(api.base, request, undefined, headers);
  expect(first.status).toBe(201);
  await api.stop();
  await loseTheWrite();
  await api.start();
  // A wiped store lost the special groups a task names too (registering them again is a no-op otherwise).
  await prepareWorkload(api.base, tokens);
  const missing = (await send(api.base, { method: 'GET', path: `/tasks/${first.body.id}`, token: tokens.office })).status;
  const again = await fetch(`${api.base}${request.path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${request.token}`, 'content-type': 'application/json', ...headers },
    body: JSON.stringify(request.body),
  });
  const againSent: Sent = {
    status: again.status,
    body: await again.json(),
    correlationId: again.headers.get('idempotent-replayed') ?? 'fresh',
  };
  const found = (await send(api.base, { method: 'GET', path: `/tasks/${first.body.id}`, token: tokens.office })).status;
  // A third time, the store holds it: now the kept answer is replayed.
  const third = await fetch(`${api.base}${request.path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${request.token}`, 'content-type': 'application/json', ...headers },
    body: JSON.stringify(request.body),
  });
  const thirdSent: Sent = {
    status: third.status,
    body: await third.json(),
    correlationId: third.headers.get('idempotent-replayed') ?? 'fresh',
  };
  await api.stop();
  const store = await openStore();
  try {
    const creations = (await streamEvents(store, taskStream(first.body.id as string))).filter((e) => e.revision === 0).length;
    return { first, missing, again: againSent, found, third: thirdSent, creations };
  } finally {
    await store.close();
  }
}

function expectAppliedOnce(spec: string, outcome: Awaited<ReturnType<typeof registerTwice>>): void {
  figure(
    'restore',
    `${spec}: before ${outcome.missing}, repeat ${outcome.again.status} (replayed: ${outcome.again.correlationId}), after ` +
      `${outcome.found}, third ${outcome.third.status} (replayed: ${outcome.third.correlationId}), creations ` +
      `${outcome.creations}`,
  );
  expect(outcome.missing).toBe(404);
  // Run again, not replayed: the answer is the task as it now is in the store.
  expect(outcome.again).toMatchObject({
    status: 201,
    correlationId: 'fresh',
    body: { id: outcome.first.body.id, title: outcome.first.body.title },
  });
  expect(outcome.found).toBe(200);
  expect(outcome.third).toMatchObject({ status: 201, correlationId: 'true', body: { id: outcome.first.body.id } });
  expect(outcome.creations).toBe(1);
}

describe('idempotency after a restore, on the embedded store', () => {
  const fixture = faultFixture('restore');
  const api = apiRunner(fixture, {});
  const storePath = () => path.join(fixture.dataDir(), 'events.sqlite');
  const admin = async (args: string[]): Promise<{ code: number | NodeJS.Signals | null; out: string; err: string }> => {
    const child = fixture.children.node(
      `admin ${args[0]}`,
      'scripts/admin.ts',
      { ...fixture.env(0), REDIS_URL: 'redis://127.0.0.1:6379' },
      args,
    );
    const code = await child.exited;
    return { code, out: child.stdout(), err: child.stderr() };
  };

  it(
    'backs up under a write load; a key repeated after the restore applies the write once and answers it',
    async () => {
      await api.start();
      const tokens = await workloadTokens(TEST_SECRET);
      await prepareWorkload(api.base, tokens);
      // `admin backup` while clients keep writing through the API.
      let writing = true;
      let acknowledged = 0;
      const clients = Array.from({ length: LOAD_CLIENTS }, async (_, i) => {
        const state = new ClientState(`load${i}`, tokens);
        while (writing) if ((await send(api.base, state.nextCommand())).status < 300) acknowledged += 1;
      });
      await until('some load', async () => acknowledged >= 20);
      const backupDir = path.join(fixture.dataDir(), '..', `${path.basename(fixture.dataDir())}-backup`);
      const backup = await admin(['backup', backupDir]);
      writing = false;
      await Promise.all(clients);
      expect(backup).toMatchObject({ code: 0 });
      const manifest = JSON.parse(backup.out) as { position: number; digest: string; algorithm: string; createdAt: string };
      expect(manifest).toMatchObject({ algorithm: 'sha256-stream-heads-v1', digest: expect.stringMatching(/^[0-9a-f]{64}$/) });

      try {
        // The restore refuses while the API has the store open.
        const refused = await admin(['restore', backupDir]);
        expect(refused.code).toBe(1);
        expect(refused.err).toContain('open in another process');

        const restored = await registerTwice(
          api,
          tokens,
          'restore-key-1',
          async () => {
            const restore = await admin(['restore', backupDir]);
            expect(restore).toMatchObject({ code: 0 });
            expect(JSON.parse(restore.out)).toMatchObject({ verified: true, position: manifest.position, digest: manifest.digest });
          },
          async () => SqliteEventStore.open({ path: storePath() }),
        );
        figure(
          'restore',
          `embedded: backup at position ${manifest.position} under ${LOAD_CLIENTS} writing clients (${acknowledged} commands acknowledged)`,
        );
        expectAppliedOnce('embedded, restored', restored);

        await api.start();
        const wiped = await registerTwice(
          api,
          tokens,
          'wipe-key-1',
          async () => {
            rmSync(fixture.dataDir(), { recursive: true, force: true });
          },
          async () => SqliteEventStore.open({ path: storePath() }),
        );
        expectAppliedOnce('embedded, DATA_DIR wiped, Redis kept', wiped);
      } finally {
        rmSync(backupDir, { recursive: true, force: true });
      }
    },
    LIMIT_MS,
  );
});

describe('idempotency after a restore, on the EventStoreDB adapter (gRPC double)', () => {
  const fixture = faultFixture('restore-esdb');
  const double = new EsdbDouble({ seedSystemEvents: false });
  afterAll(async () => double.stop());

  it(
    'a key repeated after the server is restored, or after DATA_DIR is wiped, applies the write once',
    async () => {
      const started = await double.start();
      const { connectionString } = started;
      const esdbApi = apiRunner(fixture, { EVENT_STORE: 'esdb', ESDB_CONNECTION_STRING: connectionString });
      await esdbApi.start();
      const tokens = await workloadTokens(TEST_SECRET);
      await prepareWorkload(esdbApi.base, tokens);
      const openStore = async () => EsdbEventStore.connect(connectionString);
      // Restoring EventStoreDB: stop the node, put its data back, start it; the API's local read
      // models are removed so they rebuild from the restored server.
      const restoreServer = (snapshot: ReturnType<EsdbDouble['backup']>) => async () => {
        await double.stop();
        double.restore(snapshot);
        await double.start(started.port);
        rmSync(path.join(fixture.dataDir(), 'read-models'), { recursive: true, force: true });
      };
      const restored = await registerTwice(esdbApi, tokens, 'esdb-restore-key-1', restoreServer(double.backup()), openStore);
      expectAppliedOnce('EventStoreDB, restored', restored);

      await esdbApi.start();
      const wiped = await registerTwice(
        esdbApi,
        tokens,
        'esdb-wipe-key-1',
        async () => {
          // A new, empty server (its data lost) and a wiped DATA_DIR; Redis still has the answer.
          await restoreServer({ events: [], nextPosition: 1024n })();
          rmSync(fixture.dataDir(), { recursive: true, force: true });
        },
        openStore,
      );
      expectAppliedOnce('EventStoreDB, server and DATA_DIR wiped, Redis kept', wiped);
    },
    LIMIT_MS,
  );
});
