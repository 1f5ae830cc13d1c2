/*
 * Files and crashes (#29): the API runs in a child process on the embedded store (durable
 * commits) and the disk file store, and is SIGKILLed at the three moments an upload can be cut:
 *   1. while the bytes arrive (a temporary object, no address yet);
 *   2. between storing the bytes under their address and appending the FileUploaded event: the
 *      spec holds the event store's write lock from this process, so the append waits, sees the
 *      object appear on disk, and kills the API there, deterministically;
 *   3. after the upload was acknowledged (201) and before any command cites the file.
 * Afterwards every acknowledged command is in the store (an upload cited by an acknowledged
 * progress report among them, with its bytes intact), hash chains verify, read models equal
 * their rebuild, and the orphan job, run at a later "now", leaves exactly the cited file: the
 * unrecorded bytes of (2) and the pending object of (1) are deleted, the record of (3) removed
 * and then its bytes.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import Database from 'better-sqlite3';
import { SqliteEventStore } from '#event-store';
import { DiskFileStore, FILE_STORE } from '#platform';
import { signDevToken } from '../../apps/api/src/auth/dev-token.js';
import { FileOrphanJob, PURGE_GRACE_MS } from '../../apps/api/src/files/file-orphans.job.js';
import { largePdf, samplePdf } from '../../libs/platform/src/files/sample-files.fixture.js';
import { freePort, until, waitForHttp, type Child } from '../support/child-process.js';
import { checkReadModels, checkStore, faultFixture, figure } from '../support/fault-checks.js';
import { multipartBody } from '../support/files.js';
import { startTestApp, TEST_SECRET } from '../support/test-app.js';

const FUTURE = '2099-06-30T18:00:00+08:00';
const idOf = (bytes: Buffer) => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;

describe('an upload cut by a crash', () => {
  const { children, prefix, dataDir, env: envFor } = faultFixture('files');
  const filesDir = () => path.join(dataDir(), 'files');
  const objectPath = (id: string) => path.join(filesDir(), 'sha256', id.slice(7, 9), id.slice(7));
  const pendingObjects = () => (existsSync(path.join(filesDir(), 'tmp')) ? readdirSync(path.join(filesDir(), 'tmp')) : []);

  it('loses no acknowledged event and leaves at most orphans, which the orphan job removes', async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const env = { ...envFor(port), EVENT_STORE_SYNCHRONOUS: 'FULL' };
    const start = async (): Promise<Child> => {
      const child = children.node('api', 'test/support/api.child.ts', env);
      await waitForHttp(`${base}/health/ready`, child);
      return child;
    };
    const office = await signDevToken(TEST_SECRET, { sub: 'fc-office', roles: ['reform_office'] }, '1h');
    const dept = await signDevToken(TEST_SECRET, { sub: 'fc-dept', roles: ['department'], unit: 'unit-a' }, '1h');
    const acknowledged: string[] = [];
    let sequence = 0;
    const call = async (method: string, url: string, token: string, body?: unknown) => {
      const correlationId = `file-crash-${++sequence}`;
      const res = await fetch(`${base}${url}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          'x-correlation-id': correlationId,
          ...(body ? { 'content-type': 'application/json' } : {}),
        },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
      const answer = (await res.json()) as Record<string, unknown>;
      if (res.status >= 300) throw new Error(`${method} ${url}: ${res.status} ${JSON.stringify(answer)}`);
      acknowledged.push(correlationId);
      return answer;
    };
    const upload = async (name: string, bytes: Buffer) => {
      const { payload, contentType } = multipartBody(name, bytes);
      const correlationId = `file-crash-${++sequence}`;
      const res = await fetch(`${base}/files`, {
        method: 'POST',
        headers: { authorization: `Bearer ${dept}`, 'content-type': contentType, 'x-correlation-id': correlationId },
        body: new Uint8Array(payload),
      });
      expect(res.status).toBe(201);
      acknowledged.push(correlationId);
      return ((await res.json()) as { id: string }).id;
    };

    let api = await start();
    await call('POST', '/special-groups', office, { code: 'fc-group', name: '专项小组', lead: 'fc-lead', memberUnits: [] });
    const task = await call('POST', '/tasks', office, {
      title: '佐证材料与崩溃',
      area: 'government_services',
      specialGroup: 'fc-group',
      leadUnit: 'unit-a',
      responsible: '张三',
      evaluationStandard: '标准',
      deadline: FUTURE,
    });
    const cited = samplePdf('cited before the crashes');
    const citedId = await upload('整改报告.pdf', cited);
    await call('POST', `/tasks/${task['id'] as string}/progress`, dept, { percent: 30, note: '见附件', attachments: [citedId] });

    // 1. Cut while the bytes arrive: half a large upload sent, then the kill.
    const big = largePdf(4 * 1024 * 1024, 7);
    const { payload, contentType } = multipartBody('大文件.pdf', big);
    const req = http.request({
      host: '127.0.0.1',
      port,
      method: 'POST',
      path: '/files',
      headers: { authorization: `Bearer ${dept}`, 'content-type': contentType, 'content-length': payload.length },
    });
    req.on('error', () => undefined);
    req.write(payload.subarray(0, payload.length >> 1));
    await until('a pending object of the cut upload', async () => pendingObjects().length > 0, 30_000, api);
    await children.kill(api);
    req.destroy();
    const pendingLeft = pendingObjects().length;

    // 2. Cut between the stored bytes and their event: the append waits on the store's write lock.
    api = await start();
    const unrecorded = samplePdf('stored, never recorded');
    const lock = new Database(path.join(dataDir(), 'events.sqlite'), { timeout: 5_000 });
    let answered = false;
    try {
      lock.exec('BEGIN IMMEDIATE');
      const { payload: body, contentType: type } = multipartBody('未记录.pdf', unrecorded);
      void fetch(`${base}/files`, {
        method: 'POST',
        headers: { authorization: `Bearer ${dept}`, 'content-type': type },
        body: new Uint8Array(body),
      })
        .then(() => (answered = true))
        .catch(() => undefined);
      await until('the bytes stored under their address', async () => existsSync(objectPath(idOf(unrecorded))), 30_000, api);
      await children.kill(api);
    } finally {
      lock.exec('ROLLBACK');
      lock.close();
    }

    // 3. Cut after the acknowledged upload, before any command cites it.
    api = await start();
    const uncited = samplePdf('acknowledged, never cited');
    const uncitedId = await upload('草稿.pdf', uncited);
    await children.kill(api);

    const store = SqliteEventStore.open({ path: path.join(dataDir(), 'events.sqlite') });
    const check = await checkStore(store, acknowledged).finally(() => store.close());
    expect(answered).toBe(false);
    expect(check.lost).toEqual([]);
    expect(check.gaps).toEqual([]);
    expect(check.chainsValid).toBe(true);

    // The orphan job, in a process of its own on the same data, at later and later "now"s.
    const t = await startTestApp({ QUEUE_PREFIX: prefix }, { dataDir: dataDir(), prefix });
    let sweeps: string[] = [];
    try {
      const job = t.app.get(FileOrphanJob);
      const disk = t.app.get<DiskFileStore>(FILE_STORE);
      const stored = async () => {
        const ids: string[] = [];
        for await (const o of disk.list()) ids.push(o.id);
        return ids.sort();
      };
      const before = await stored();
      expect(before).toEqual([citedId, idOf(unrecorded), uncitedId].sort());
      const meta = await t.request('GET', `/files/${idOf(unrecorded)}/meta`, { token: office });
      expect(meta.status).toBe(404);

      const later = Date.now() + t.config.fileOrphanTtlMs + 60_000;
      const first = await job.sweep(later);
      const second = await job.sweep(later + PURGE_GRACE_MS + 60_000);
      sweeps = [
        `first: ${first.removed.length} removed, ${first.purged.length} purged, ${first.pending} pending`,
        `second: ${second.purged.length} purged`,
      ];
      expect(first.removed).toEqual([uncitedId]);
      expect(first.purged).toEqual([idOf(unrecorded)]);
      expect(first.pending).toBe(pendingLeft);
      expect(second.purged).toEqual([uncitedId]);
      expect(await stored()).toEqual([citedId]);
      expect(pendingObjects()).toEqual([]);
      // The cited file is whole and readable.
      expect(
        createHash('sha256')
          .update(readFileSync(objectPath(citedId)))
          .digest('hex'),
      ).toBe(citedId.slice(7));
      const read = await t.request('GET', `/files/${citedId}/meta`, { token: office });
      expect(read.body).toMatchObject({ id: citedId, citedBy: [{ stream: `task-${task['id'] as string}` }] });
    } finally {
      await t.close({ keepData: true, keepRedis: true });
    }

    const models = await checkReadModels(dataDir(), { QUEUE_PREFIX: prefix });
    figure(
      'files',
      `3 kills (mid-upload, bytes stored before their event, acknowledged upload before its citation): ` +
        `${acknowledged.length} acknowledged, ${check.lost.length} lost; ` +
        `pending objects after the first kill ${pendingLeft}; orphan job ${sweeps.join(', ')}; left: the cited file only`,
    );
    expect(models.filter((m) => !(m.state === 'swapped' && m.compared))).toEqual([]);
  }, 180_000);
});
