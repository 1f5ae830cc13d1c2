/*
 * Crash: the API (the product's entry point, on the embedded store in a temporary directory,
 * durable commits) runs in a child process while 50 clients send a burst of mixed commands;
 * it is SIGKILLed at random moments and restarted each time. Afterwards every command a
 * client saw acknowledged must be in the store, no stream may have a revision gap, every hash
 * chain must verify and every read model must equal its rebuild. `npm run test:faults` kills
 * 20 times; the run inside `npm test` 3 times.
 */
import path from 'node:path';
import { SqliteEventStore } from '#event-store';
import { freePort, until, waitForHttp, type Child } from '../support/child-process.js';
import { checkReadModels, checkStore, faultFixture, figure, FULL } from '../support/fault-checks.js';
import { TEST_SECRET } from '../support/test-app.js';
import { ClientState, prepareWorkload, send, workloadTokens } from '../support/workload.js';

const KILLS = FULL ? 20 : 2;
const CLIENTS = 50;

describe('the API SIGKILLed during a burst of mixed commands', () => {
  const { children, prefix, dataDir, env: envFor } = faultFixture('crash');

  it(
    `keeps every acknowledged command over ${KILLS} kills`,
    async () => {
      const port = await freePort();
      const base = `http://127.0.0.1:${port}`;
      // Durable commits, as in production: an acknowledged command is on disk.
      const env = { ...envFor(port), EVENT_STORE_SYNCHRONOUS: 'FULL' };
      const start = async (): Promise<Child> => {
        const child = children.node('api', 'test/support/api.child.ts', env);
        await waitForHttp(`${base}/health/live`, child);
        return child;
      };
      const tokens = await workloadTokens(TEST_SECRET);
      let api = await start();
      await prepareWorkload(base, tokens);

      const acknowledged = new Set<string>();
      /** Commands that got an HTTP answer (those sent while the server was down got none). */
      let sent = 0;
      let refusedWhileUp = 0;
      let running = true;
      /** Settles once the API serves again: a client whose request found it down waits for this. */
      let up: Promise<unknown> = Promise.resolve();
      const clients = Array.from({ length: CLIENTS }, async (_, i) => {
        const state = new ClientState(`c${i}`, tokens);
        while (running) {
          const request = state.nextCommand();
          try {
            const res = await send(base, request);
            sent += 1;
            if (res.status < 300) acknowledged.add(res.correlationId);
            else if (res.status >= 500) refusedWhileUp += 1;
          } catch {
            // The server is down (killed) or the connection was cut: not acknowledged.
            await up;
          }
        }
      });
      /** Resolves once `count` more commands have been acknowledged (the restarted API is serving the burst). */
      const acknowledgedMore = (count: number) => {
        const target = acknowledged.size + count;
        return until(`${count} more acknowledged commands`, async () => acknowledged.size >= target, 120_000);
      };

      const seen: number[] = [];
      for (let k = 0; k < KILLS; k++) {
        // A random moment of the burst: after 20 to 400 acknowledged commands since the restart
        // (counted, not timed: a loaded machine still kills mid-burst, never before it).
        const before = acknowledged.size;
        await acknowledgedMore(20 + Math.floor(Math.random() * 381));
        seen.push(acknowledged.size - before);
        let restarted!: () => void;
        up = new Promise<void>((r) => (restarted = r));
        await children.kill(api);
        api = await start().finally(restarted);
      }
      // The burst goes on after the last restart, so the last API also serves acknowledged commands.
      await acknowledgedMore(100);
      running = false;
      await Promise.all(clients);
      await children.kill(api, 'SIGTERM');

      const store = SqliteEventStore.open({ path: path.join(dataDir(), 'events.sqlite') });
      const check = await checkStore(store, acknowledged).finally(() => store.close());
      const models = await checkReadModels(dataDir(), { QUEUE_PREFIX: prefix });

      figure(
        'crash',
        `${KILLS} SIGKILLs survived, ${CLIENTS} clients, ${sent} commands answered, ${acknowledged.size} acknowledged, ` +
          `${check.lost.length} lost; ` +
          `acknowledged between kills min ${Math.min(...seen)} max ${Math.max(...seen)}; 5xx while up ${refusedWhileUp}`,
      );
      figure(
        'crash',
        `store: ${check.events} events in ${check.streams} streams, ${check.gaps.length} with a revision gap, hash chains ` +
          `${check.chainsValid ? 'verify' : 'BROKEN'}`,
      );
      figure(
        'crash',
        `read models equal to their rebuild: ${models.filter((m) => m.state === 'swapped' && m.compared).length}/${models.length}`,
      );

      expect(acknowledged.size).toBeGreaterThan(KILLS * 10);
      expect(check.lost).toEqual([]);
      expect(check.gaps).toEqual([]);
      expect(check.invalidStreams).toEqual([]);
      expect(check.chainsValid).toBe(true);
      expect(models.filter((m) => !(m.state === 'swapped' && m.compared))).toEqual([]);
      expect(refusedWhileUp).toBe(0);
    },
    FULL ? 900_000 : 240_000,
  );
});
