/*
 * Test-only support for the projection int-specs (excluded from the build by `.swcrc`): a real
 * SqliteEventStore in a fresh temporary directory per test, real ProjectionRunners over it, and
 * the command context the real command path needs.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { DomainError, type DomainActor } from '#domain';
import { executeCommand, SqliteEventStore, type CommandContext, type DeciderLike, type EventStore, type RecordedEvent } from '#event-store';
import { ProjectionRunner } from '../projection-runner.js';
import type { Projection } from '../projection.js';

/** The per-test store and directory, and runners that have caught up with the store. */
export interface ProjectionHarness {
  /** This test's temporary directory (changes every test). */
  readonly dir: string;
  /** This test's event store (changes every test). */
  readonly store: SqliteEventStore;
  /**
   * Starts a runner of `projection` on `<dir>/<file>` and waits until it has applied every
   * stored event; `expectNoError: false` only checks that it caught up. Closed after the test.
   */
  runner(projection: Projection, file: string, options?: { expectNoError?: boolean }): Promise<ProjectionRunner>;
  /**
   * Checks that replaying changes nothing: every stored event applied again straight through
   * the projection (as a second runner would), then a runner whose checkpoint was lost
   * replaying from the start over the same tables, each leave `dump` as it was.
   */
  expectReplayChangesNothing(projection: Projection, file: string, dump: (db: Database.Database) => unknown): Promise<void>;
}

/**
 * Registers `beforeEach`/`afterEach` hooks that open a fresh store in a new temporary
 * directory named after `prefix`, and close every runner, the store and the directory after.
 */
export function useProjectionHarness(prefix: string): ProjectionHarness {
  let dir: string;
  let store: SqliteEventStore;
  const runners: ProjectionRunner[] = [];

  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), prefix));
    store = SqliteEventStore.open({ path: path.join(dir, 'events.sqlite'), synchronous: 'NORMAL' });
  });
  afterEach(async () => {
    // close() is idempotent, so runners a test closed itself are fine here.
    for (const r of runners.splice(0)) await r.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const harness: ProjectionHarness = {
    get dir() {
      return dir;
    },
    get store() {
      return store;
    },
    async runner(projection, file, { expectNoError = true } = {}) {
      const r = new ProjectionRunner(store, projection, path.join(dir, file));
      runners.push(r);
      r.start();
      const head = await store.headPosition();
      if (head !== null) {
        if (expectNoError) expect([await r.waitFor(head, 10_000), r.info().error]).toEqual([true, null]);
        else expect(await r.waitFor(head, 10_000)).toBe(true);
      }
      return r;
    },
    async expectReplayChangesNothing(projection, file, dump) {
      const r = await harness.runner(projection, file);
      const before = dump(r.db);
      const events: RecordedEvent[] = [];
      for await (const e of store.readAll()) events.push(e);
      r.db.transaction(() => {
        for (const e of events) projection.apply(r.db, e);
      })();
      expect(dump(r.db)).toEqual(before);
      await r.close();

      const raw = new Database(path.join(dir, file));
      raw.prepare('UPDATE _projection SET checkpoint = NULL WHERE name = ?').run(projection.name);
      raw.close();
      const again = await harness.runner(projection, file);
      try {
        expect(dump(again.db)).toEqual(before);
      } finally {
        await again.close();
      }
    },
  };
  return harness;
}

/** The context the command path records for `actor` at `now`, with fresh correlation ids. */
export function commandContext(actor: DomainActor, now: string): CommandContext {
  return {
    actor: { id: actor.id, roles: [...actor.roles], ...(actor.unit ? { unit: actor.unit } : {}) },
    occurredAt: now,
    correlationId: randomUUID(),
    causationId: randomUUID(),
    commandId: randomUUID(),
  };
}

/**
 * Runs `command` through the real command path as `actor` at `now` (its metadata and context).
 * A refusal changes nothing and is not an error: a random ledger's command its aggregate refuses
 * (accepting an unsubmitted task) is skipped, as in life.
 */
export async function decideOrRefused<
  C extends { metadata: { actor: DomainActor; now: string } },
  E extends { type: string; data: unknown },
  S,
>(
  store: EventStore,
  stream: string,
  decider: DeciderLike<C, E, S>,
  command: Omit<C, 'metadata'>,
  actor: DomainActor,
  now: string,
): Promise<void> {
  try {
    await executeCommand(store, stream, decider, { ...command, metadata: { actor, now } } as C, { context: commandContext(actor, now) });
  } catch (e) {
    if (!(e instanceof DomainError)) throw e;
  }
}
