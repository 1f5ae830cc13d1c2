/*
 * Disk full: the API runs in a child process; its file size limit (RLIMIT_FSIZE, lowered and
 * raised again with `prlimit --pid`) stands in for a full disk: every write past the limit fails
 * with EFBIG (Node ignores SIGXFSZ, so the write fails instead of killing the process), which
 * SQLite reports as SQLITE_IOERR_WRITE, as it reports ENOSPC as SQLITE_FULL. Every command must
 * answer 503 problem+json with a stable code, nothing may be appended, the process must stay up
 * and serve reads, and once the limit is lifted commands must go through again.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { SqliteEventStore } from '#event-store';
import { freePort, waitForHttp } from '../support/child-process.js';
import { checkReadModels, checkStore, faultFixture, figure, FULL } from '../support/fault-checks.js';
import { TEST_SECRET } from '../support/test-app.js';
import { ClientState, prepareWorkload, send, workloadTokens, type Sent } from '../support/workload.js';

const COMMANDS = FULL ? 200 : 40;

function setFileSizeLimit(pid: number, soft: string): void {
  const run = spawnSync('prlimit', ['--pid', String(pid), `--fsize=${soft}:`], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`prlimit: ${run.stderr}`);
}

describe('the event store on a full disk', () => {
  const { children, prefix, dataDir, env: envFor } = faultFixture('disk');

  it('answers 503 problem+json, appends nothing, stays up and recovers when space returns', async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const env = envFor(port);
    const api = children.node('api', 'test/support/api.child.ts', env);
    await waitForHttp(`${base}/health/ready`, api);
    const tokens = await workloadTokens(TEST_SECRET);
    await prepareWorkload(base, tokens);
    const state = new ClientState('d', tokens);
    for (let i = 0; i < 30; i++) expect((await send(base, state.nextCommand())).status).toBeLessThan(300);
    const store = SqliteEventStore.open({ path: path.join(dataDir(), 'events.sqlite') });
    try {
      const headBefore = await store.headPosition();

      setFileSizeLimit(api.pid, '1');
      // Sequential and concurrent commands of every kind: each must be refused whole.
      const refused: Sent[] = [];
      for (let i = 0; i < COMMANDS / 2; i++) refused.push(await send(base, state.nextCommand()));
      refused.push(...(await Promise.all(Array.from({ length: COMMANDS / 2 }, () => send(base, state.nextCommand())))));
      const read = await send(base, { method: 'GET', path: '/tasks?limit=5', token: tokens.office });
      const live = await fetch(`${base}/health/live`);
      const headDuring = await store.headPosition();

      setFileSizeLimit(api.pid, 'unlimited');
      const after: Sent[] = [];
      for (let i = 0; i < 20; i++) after.push(await send(base, state.nextCommand()));
      const check = await checkStore(
        store,
        after.map((s) => s.correlationId),
      );
      const refusedIds = new Set(refused.map((s) => s.correlationId));
      let appendedForRefused = 0;
      for await (const e of store.readAll()) if (refusedIds.has(e.metadata['correlationId'] as string)) appendedForRefused += 1;
      const statuses = [...new Set(refused.map((s) => `${s.status} ${s.body?.code}`))];

      const stayedUp = !api.done();
      await children.kill(api, 'SIGTERM');
      const models = await checkReadModels(dataDir(), { QUEUE_PREFIX: prefix });
      figure(
        'disk-full',
        `${refused.length} commands under RLIMIT_FSIZE: answers ${statuses.join(', ')}; events appended ` +
          `${(headDuring ?? 0) - (headBefore ?? 0)} (by refused commands: ${appendedForRefused}); reads ${read.status}; ` +
          `/health/live ${live.status}; process stayed up: ${stayedUp ? 'yes' : 'no'}`,
      );
      figure(
        'disk-full',
        `after the limit was lifted: ${after.filter((s) => s.status < 300).length}/${after.length} commands accepted; hash ` +
          `chains ${check.chainsValid ? 'verify' : 'BROKEN'}; read models equal to their rebuild ` +
          `${models.filter((m) => m.state === 'swapped' && m.compared).length}/${models.length}`,
      );

      expect(statuses).toEqual(['503 EVENT_STORE.UNAVAILABLE']);
      expect(refused[0]!.body).toMatchObject({
        status: 503,
        code: 'EVENT_STORE.UNAVAILABLE',
        type: expect.any(String),
        title: expect.any(String),
      });
      expect(headDuring).toBe(headBefore);
      expect(appendedForRefused).toBe(0);
      expect(read.status).toBe(200);
      expect(live.status).toBe(200);
      expect(stayedUp).toBe(true);
      expect(after.map((s) => s.status < 300)).toEqual(after.map(() => true));
      expect(check.lost).toEqual([]);
      expect(check.gaps).toEqual([]);
      expect(check.chainsValid).toBe(true);
      expect(models.filter((m) => !(m.state === 'swapped' && m.compared))).toEqual([]);
    } finally {
      await store.close();
    }
  }, 180_000);
});
