import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import Database from 'better-sqlite3';
import { SqliteEventStore, type RecordedEvent } from '#event-store';
import { aggregateDocumentProjection } from './aggregate/aggregate-document.projection.js';
import { auditLogProjection } from './audit/audit-log.projection.js';
import { ProjectionRunner } from './projection-runner.js';
import type { Projection } from './projection.js';

// The runner on a real SqliteEventStore and real read-model files: bounded memory during a
// long catch-up, exactly-once resume from the checkpoint, and stopping on a bad event.

let dir: string;
let storeFile: string;
let store: SqliteEventStore;
let nextPosition: number;

beforeEach(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'projection-runner-'));
  storeFile = path.join(dir, 'events.sqlite');
  store = SqliteEventStore.open({ path: storeFile, synchronous: 'NORMAL' });
  nextPosition = 1;
});

afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

/**
 * Writes `count` events straight into the store file in one transaction (the command path
 * would take minutes for 100k): `stream(i)` and `type(i)` per event, revisions per stream.
 */
function seed(count: number, options: { stream?: (i: number) => string; type?: (i: number) => string; padding?: number } = {}): void {
  const db = new Database(storeFile);
  const insert = db.prepare('INSERT INTO events (stream, revision, id, type, data, metadata, created) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const revisions = db.prepare('SELECT stream, MAX(revision) AS revision FROM events GROUP BY stream').all() as Array<{
    stream: string;
    revision: number;
  }>;
  const tips = new Map(revisions.map((r) => [r.stream, r.revision]));
  const note = 'n'.repeat(options.padding ?? 0);
  db.transaction(() => {
    for (let i = 0; i < count; i++) {
      const n = nextPosition + i;
      const stream = options.stream?.(n) ?? `item-${n % 100}`;
      const revision = (tips.get(stream) ?? -1) + 1;
      tips.set(stream, revision);
      const created = new Date(Date.UTC(2026, 0, 1) + n * 1_000).toISOString();
      insert.run(
        stream,
        revision,
        `event-${n}`,
        options.type?.(n) ?? 'Counted',
        JSON.stringify({ n, note }),
        JSON.stringify({ actor: { id: 'u1', roles: [] } }),
        created,
      );
    }
  })();
  db.close();
  nextPosition += count;
}

/** Records every position it applies in a table keyed by position (a second apply would fail). */
function recordingProjection(onApply: (event: RecordedEvent) => void = () => undefined): Projection {
  return {
    name: 'recorder',
    version: 1,
    tables: ['applied'],
    migrate(db) {
      db.exec('CREATE TABLE IF NOT EXISTS applied (position INTEGER PRIMARY KEY, stream TEXT NOT NULL, type TEXT NOT NULL)');
    },
    apply(db, event) {
      onApply(event);
      db.prepare('INSERT INTO applied (position, stream, type) VALUES (?, ?, ?)').run(event.position, event.stream, event.type);
    },
  };
}

function appliedPositions(runner: ProjectionRunner): number[] {
  return runner.db.prepare('SELECT position FROM applied ORDER BY position').pluck(true).all() as number[];
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('ProjectionRunner catch-up memory', () => {
  it('keeps the heap flat while catching up 100k events (it used to grow ~2.6 KB per event until live)', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const EVENTS = 100_000;
    // ~1 KB per event, so retaining the events would cost well over the bound below.
    seed(EVENTS, { padding: 1_000 });
    gc();
    const baseline = process.memoryUsage().heapUsed;
    let peak = 0;
    let applied = 0;
    const projection = recordingProjection(() => {
      applied += 1;
      if (applied % 10_000 === 0) {
        gc();
        peak = Math.max(peak, process.memoryUsage().heapUsed - baseline);
      }
    });
    const runner = new ProjectionRunner(store, projection, path.join(dir, 'recorder.sqlite'));
    runner.start();
    expect(await runner.waitFor(EVENTS, 600_000)).toBe(true);
    await runner.close();
    expect(applied).toBe(EVENTS);
    // Growth seen during catch-up (reported on failure): the old loop held ~250 MB here.
    expect({ peakGrowthMb: Math.round(peak / 1e6), under100Mb: peak < 100e6 }).toMatchObject({ under100Mb: true });
  }, 600_000);
});

describe('ProjectionRunner checkpoints', () => {
  it('resumes after a restart from its checkpoint: every event applied exactly once, in order', async () => {
    seed(1_234);
    const file = path.join(dir, 'recorder.sqlite');
    const first = new ProjectionRunner(store, recordingProjection(), file);
    first.start();
    expect(await first.waitFor(1_234, 30_000)).toBe(true);
    expect(first.info()).toMatchObject({ status: 'live', checkpoint: 1_234, error: null });
    await first.close();

    seed(766);
    const seen: number[] = [];
    const second = new ProjectionRunner(
      store,
      recordingProjection((e) => seen.push(e.position)),
      file,
    );
    expect(second.info().checkpoint).toBe(1_234);
    second.start();
    expect(await second.waitFor(2_000, 30_000)).toBe(true);
    expect(seen[0]).toBe(1_235);
    expect(seen).toEqual(range(1_235, 2_000));
    expect(appliedPositions(second)).toEqual(range(1, 2_000));
    expect(second.info()).toMatchObject({ status: 'live', checkpoint: 2_000, error: null });
    await second.close();
  });

  it('stops at exactly the event it cannot apply, keeps everything before it and applies nothing after', async () => {
    // The bad event sits in the middle of the second batch of the backlog.
    seed(2_000, { type: (n) => (n === 777 ? 'Poison' : 'Counted') });
    const projection = recordingProjection((e) => {
      if (e.type === 'Poison') throw new Error('cannot handle Poison');
    });
    const file = path.join(dir, 'recorder.sqlite');
    const runner = new ProjectionRunner(store, projection, file);
    runner.start();
    expect(await runner.waitFor(2_000, 30_000)).toBe(false);
    expect(runner.info()).toMatchObject({
      status: 'stopped',
      checkpoint: 776,
      error: { position: 777, stream: 'item-77', revision: 7, type: 'Poison', message: 'cannot handle Poison' },
    });
    expect(appliedPositions(runner)).toEqual(range(1, 776));
    await runner.close();

    // Not skipped on a restart either: it stops on the same event again.
    const again = new ProjectionRunner(store, projection, file);
    again.start();
    expect(await again.waitFor(2_000, 30_000)).toBe(false);
    expect(again.info()).toMatchObject({ status: 'stopped', checkpoint: 776, error: { position: 777, type: 'Poison' } });
    expect(appliedPositions(again)).toEqual(range(1, 776));
    await again.close();
  });

  it('waits out a full disk on an event instead of stopping on it, and applies everything once space returns', async () => {
    seed(500);
    let diskFull = true;
    const projection = recordingProjection((e) => {
      // What better-sqlite3 throws when the read-model file cannot grow (ENOSPC, EFBIG).
      if (e.position === 300 && diskFull) throw Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
    });
    const runner = new ProjectionRunner(store, projection, path.join(dir, 'recorder.sqlite'));
    runner.start();
    try {
      expect(await runner.waitFor(500, 1_500)).toBe(false);
      // Still trying (its batch is retried whole), not stopped, and nothing past the full disk.
      expect(runner.info()).toMatchObject({ status: 'catching_up', error: null });
      expect(runner.info().checkpoint ?? 0).toBeLessThan(300);
      diskFull = false;
      expect(await runner.waitFor(500, 30_000)).toBe(true);
      expect(runner.info()).toMatchObject({ checkpoint: 500, error: null });
      expect(runner.info().status).not.toBe('stopped');
      expect(appliedPositions(runner)).toEqual(range(1, 500));
    } finally {
      await runner.close();
    }
  });

  it('redoes a batch that failed half-way from the stored documents, not from what the failed batch had folded', async () => {
    // One stream, so every event of the batch folds into the same cached document.
    seed(300, { stream: () => 'counter-1', type: (n) => (n === 250 ? 'Poison' : 'Counted') });
    const counter = aggregateDocumentProjection<{ count: number; last: number } | null>({
      name: 'counter',
      version: 1,
      category: 'counter',
      table: 'counters',
      initialState: () => null,
      evolve: (state, event) => {
        if (event.type === 'Poison') throw new Error('cannot fold Poison');
        return { count: (state?.count ?? 0) + 1, last: (event.data as { n: number }).n };
      },
      columns: { count: 'INTEGER' },
      toColumns: (state) => ({ count: state?.count ?? null }),
      sideTables: ['counted'],
      migrate: (db) => db.exec('CREATE TABLE IF NOT EXISTS counted (position INTEGER PRIMARY KEY)'),
      afterApply: (db, _id, _state, event) => void db.prepare('INSERT INTO counted (position) VALUES (?)').run(event.position),
    });
    const runner = new ProjectionRunner(store, counter, path.join(dir, 'counter.sqlite'));
    runner.start();
    expect(await runner.waitFor(300, 30_000)).toBe(false);
    expect(runner.info()).toMatchObject({ status: 'stopped', checkpoint: 249, error: { position: 250, revision: 249, type: 'Poison' } });
    const row = runner.db.prepare('SELECT revision, doc, count FROM counters WHERE id = ?').get('1') as {
      revision: number;
      doc: string;
      count: number;
    };
    expect({ ...row, doc: JSON.parse(row.doc) as unknown }).toEqual({ revision: 248, doc: { count: 249, last: 249 }, count: 249 });
    // The side effects of the rolled-back batch were redone too, not skipped as already folded.
    expect(runner.db.prepare('SELECT position FROM counted ORDER BY position').pluck(true).all()).toEqual(range(1, 249));
    await runner.close();
  });
});

describe('ProjectionRunner rebuild', () => {
  it('rebuilds a projection whose indexes are deferred, swaps it in, and the indexes are back', async () => {
    seed(3_000);
    const runner = new ProjectionRunner(store, auditLogProjection, path.join(dir, 'audit-log.sqlite'));
    runner.start();
    expect(await runner.waitFor(3_000, 30_000)).toBe(true);
    const indexes = () =>
      runner.db.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name`).pluck(true).all();
    const before = indexes();
    // One per filter of the audit log: actor, causation, correlation, stream, time and type.
    expect(before).toEqual(['actor', 'causation', 'correlation', 'stream', 'time', 'type'].map((f) => `audit_log_${f}`));

    const status = await runner.rebuild();
    expect(status).toMatchObject({ state: 'swapped', applied: 3_000, compared: true, comparedAt: 3_000, differences: [] });
    expect(indexes()).toEqual(before);
    expect(runner.db.prepare('SELECT COUNT(*) FROM audit_log').pluck(true).get()).toBe(3_000);

    seed(10);
    expect(await runner.waitFor(3_010, 30_000)).toBe(true);
    await runner.close();
  });
});
