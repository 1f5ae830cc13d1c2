import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { executeCommand, SqliteEventStore, sqliteFileInUse, type DeciderLike, type RecordedEvent } from '#event-store';
import { backupStore, restoreStore, RestoreRefused, type BackupManifest } from './store-backup.js';

interface Count {
  type: 'Count';
  data: { n: number };
}
interface Counted {
  type: 'Counted';
  data: { n: number };
}
const counter: DeciderLike<Count, Counted, number> = {
  initialState: () => 0,
  evolve: (state) => state + 1,
  decide: (command) => [{ type: 'Counted', data: { n: command.data.n } }],
};

describe('backup and restore of the embedded store', () => {
  let dir: string;
  let storePath: string;
  let store: SqliteEventStore;
  let commands = 0;

  const count = (s: SqliteEventStore, stream: string) => {
    commands += 1;
    const commandId = `c${commands}`;
    return executeCommand(
      s,
      stream,
      counter,
      { type: 'Count', data: { n: commands } },
      {
        context: {
          actor: { id: 'u1', roles: ['admin'] },
          occurredAt: new Date().toISOString(),
          correlationId: commandId,
          causationId: commandId,
          commandId,
        },
      },
    );
  };
  const all = async (s: SqliteEventStore): Promise<RecordedEvent[]> => {
    const out: RecordedEvent[] = [];
    for await (const e of s.readAll()) out.push(e);
    return out;
  };

  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'reform-backup-'));
    storePath = path.join(dir, 'data', 'events.sqlite');
    mkdirSync(path.dirname(storePath));
    store = SqliteEventStore.open({ path: storePath, synchronous: 'NORMAL' });
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('copies the store as of one commit while writers go on, and restores it with every chain verified', async () => {
    for (let i = 0; i < 200; i++) await count(store, `counter-${i % 20}`);
    // A second connection keeps writing while the backup runs, as the API would.
    const writer = SqliteEventStore.open({ path: storePath, synchronous: 'NORMAL' });
    let writing = true;
    const writes = (async () => {
      let i = 0;
      while (writing) await count(writer, `counter-${i++ % 20}`);
    })();
    const manifest = await backupStore({ storePath, dir: path.join(dir, 'backup'), algorithm: 'sha256-stream-heads-v1' });
    await count(writer, 'counter-after');
    writing = false;
    await writes;
    await writer.close();
    await store.close();

    const target = path.join(dir, 'restored', 'events.sqlite');
    const readModelDir = path.join(dir, 'restored', 'read-models');
    mkdirSync(readModelDir, { recursive: true });
    writeFileSync(path.join(readModelDir, 'task-ledger.sqlite'), 'stale');
    const report = await restoreStore({ dir: path.join(dir, 'backup'), storePath: target, readModelDir });
    expect(report).toMatchObject({ position: manifest.position, digest: manifest.digest, previousStore: null });
    // The read models are moved aside to be rebuilt from the restored store.
    expect(existsSync(readModelDir)).toBe(false);
    expect(report.previousReadModels).toMatch(/read-models\.before-restore-/);

    store = SqliteEventStore.open({ path: storePath, synchronous: 'NORMAL' });
    const restored = SqliteEventStore.open({ path: target, synchronous: 'NORMAL' });
    try {
      const source = await all(store);
      const copy = await all(restored);
      expect(manifest.position).toBeGreaterThanOrEqual(200);
      // Exactly the source's history up to the manifest's position: nothing torn, nothing after.
      expect(copy).toEqual(source.filter((e) => e.position <= manifest.position));
      expect(source.some((e) => e.stream === 'counter-after')).toBe(true);
      expect(copy.some((e) => e.stream === 'counter-after')).toBe(false);
    } finally {
      await restored.close();
    }
  });

  it('refuses to replace a store another connection has open, and leaves it as it was', async () => {
    await count(store, 'counter-1');
    await backupStore({ storePath, dir: path.join(dir, 'backup'), algorithm: 'sha256-stream-heads-v1' });
    await count(store, 'counter-2');
    expect(sqliteFileInUse(storePath)).toBe(true);
    await expect(
      restoreStore({ dir: path.join(dir, 'backup'), storePath, readModelDir: path.join(dir, 'data', 'read-models') }),
    ).rejects.toThrow(/open in another process/);
    expect((await all(store)).map((e) => e.stream)).toEqual(['counter-1', 'counter-2']);

    // Stopped, the same restore goes through and keeps the replaced store aside.
    await store.close();
    expect(sqliteFileInUse(storePath)).toBe(false);
    const report = await restoreStore({ dir: path.join(dir, 'backup'), storePath, readModelDir: path.join(dir, 'data', 'read-models') });
    expect(report.previousStore).toMatch(/events\.sqlite\.before-restore-/);
    store = SqliteEventStore.open({ path: storePath, synchronous: 'NORMAL' });
    expect((await all(store)).map((e) => e.stream)).toEqual(['counter-1']);
  });

  it('refuses a backup whose chains or digest do not hold, before touching the store', async () => {
    for (let i = 0; i < 5; i++) await count(store, 'counter-1');
    const backupDir = path.join(dir, 'backup');
    const manifest = await backupStore({ storePath, dir: backupDir, algorithm: 'sha256-stream-heads-v1' });
    await store.close();
    const target = path.join(dir, 'other', 'events.sqlite');
    const restore = () => restoreStore({ dir: backupDir, storePath: target, readModelDir: path.join(dir, 'other', 'read-models') });
    const rewriteManifest = (patch: Partial<BackupManifest>) =>
      writeFileSync(path.join(backupDir, 'manifest.json'), JSON.stringify({ ...manifest, ...patch }));
    const backupFile = path.join(backupDir, 'events.sqlite');

    // The file is not the one the manifest describes.
    const db = new Database(backupFile);
    db.prepare(`UPDATE events SET data = json_set(data, '$.n', 4242) WHERE revision = 2`).run();
    db.close();
    await expect(restore()).rejects.toThrow(/not the file the manifest describes/);
    // A manifest rewritten to match the edited file: the broken chain is found.
    rewriteManifest({ fileSha256: createHash('sha256').update(readFileSync(backupFile)).digest('hex') });
    await expect(restore()).rejects.toMatchObject({
      name: 'RestoreRefused',
      broken: [expect.objectContaining({ stream: 'counter-1', firstInvalidRevision: 2 })],
    });
    // An intact file under a manifest whose digest is wrong.
    const intact = path.join(dir, 'backup-2');
    store = SqliteEventStore.open({ path: storePath, synchronous: 'NORMAL' });
    await store.close();
    const second = await backupStore({ storePath, dir: intact, algorithm: 'sha256-stream-heads-v1' });
    writeFileSync(path.join(intact, 'manifest.json'), JSON.stringify({ ...second, digest: '0'.repeat(64) }));
    await expect(restoreStore({ dir: intact, storePath: target, readModelDir: path.join(dir, 'other', 'read-models') })).rejects.toThrow(
      RestoreRefused,
    );
    expect(existsSync(target)).toBe(false);
    store = SqliteEventStore.open({ path: storePath, synchronous: 'NORMAL' });
  });

  it('backs up only into a new or empty directory', async () => {
    const backupDir = path.join(dir, 'backup');
    mkdirSync(backupDir);
    writeFileSync(path.join(backupDir, 'something'), 'x');
    await expect(backupStore({ storePath, dir: backupDir, algorithm: 'sha256-stream-heads-v1' })).rejects.toThrow(/not empty/);
  });
});
